/**
 * Bands and bindings. A band is identified by its serial and its attested public key (a BLE address is
 * only where it is now); a binding ties one band to one customer and moves through the one lifecycle
 * table in {@link com.payband.console.binding.BindingLifecycle}.
 */
package com.payband.console.binding;
