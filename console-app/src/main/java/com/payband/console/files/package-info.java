/** File handling shared by the store, the key vault and the audit anchor. */
package com.payband.console.files;
