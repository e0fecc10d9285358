/**
 * Device drivers of PayBand Console: identity-document readers, BLE transport, the band protocol
 * client, and the simulators of all of them.
 *
 * <p>Depends on the JDK and SLF4J only (plus driver libraries such as jSerialComm or TinyB in
 * later packages). Never on the console, JavaFX, Hibernate or HTTP: an ArchUnit test keeps it so.
 */
package com.payband.drivers;
