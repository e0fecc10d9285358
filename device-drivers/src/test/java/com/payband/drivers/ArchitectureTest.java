package com.payband.drivers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the drivers a library the console uses, never the other way round. */
@AnalyzeClasses(packages = "com.payband.drivers", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule driversKnowNothingOfTheConsoleUiPersistenceOrHttp = noClasses()
            .that().resideInAPackage("com.payband.drivers..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.payband.console..",
                    "javafx..",
                    "org.hibernate..",
                    "jakarta.persistence..",
                    "org.h2..",
                    "java.net.http..",
                    "java.sql..",
                    "jakarta.servlet..",
                    "io.javalin..");

    @ArchTest
    static final ArchRule theReaderPortKnowsNoneOfItsImplementations = noClasses()
            .that().resideInAPackage("com.payband.drivers.idcard")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.payband.drivers.idcard.check..",
                    "com.payband.drivers.idcard.sim..",
                    "com.payband.drivers.idcard.pcsc..");

    @ArchTest
    static final ArchRule thePcscDriverDoesNotKnowItsVirtualPassport = noClasses()
            .that().resideInAPackage("com.payband.drivers.idcard.pcsc")
            .should().dependOnClassesThat().resideInAPackage("com.payband.drivers.idcard.pcsc.sim..");

    @ArchTest
    static final ArchRule theVirtualPassportMeetsTheDriverOnlyThroughPcscd = noClasses()
            .that().resideInAPackage("com.payband.drivers.idcard.pcsc.sim..")
            .should().dependOnClassesThat().resideInAPackage("com.payband.drivers.idcard.pcsc");

    /** The band protocol and the console's client are the product; the simulated band, radio and phones only play it. */
    @ArchTest
    static final ArchRule theBandProtocolNeverImportsItsSimulator = noClasses()
            .that().resideInAnyPackage("com.payband.drivers.band", "com.payband.band.protocol..",
                    "com.payband.drivers.band.ble..")
            .and().resideOutsideOfPackage("com.payband.drivers.band.ble.bluez.sim..") // plays BlueZ with a band
            .should().dependOnClassesThat().resideInAPackage("com.payband.drivers.band.sim..");

    /**
     * TinyB's natives may crash their JVM: only the BLE host process's own classes touch TinyB, never the console's
     * side of the host package (its transport and the protocol), which runs in the console's JVM.
     */
    @ArchTest
    static final ArchRule onlyTheBleHostTouchesTinyB = noClasses()
            .that().haveNameNotMatching("com\\.payband\\.drivers\\.band\\.ble\\.host\\.(BleHostMain|TinyRadio|TinyNatives)"
                    + "(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("tinyb..");

    /** The host and the console's transport reach BlueZ through its API, never through the stand-in. */
    @ArchTest
    static final ArchRule theBleHostNeverImportsTheStandIn = noClasses()
            .that().resideInAPackage("com.payband.drivers.band.ble.host")
            .should().dependOnClassesThat().resideInAnyPackage("com.payband.drivers.band.ble.bluez.sim..",
                    "com.payband.drivers.band.sim..");

    /** The BlueZ client reads whatever owns org.bluez; the stand-in only plays BlueZ on a private bus. */
    @ArchTest
    static final ArchRule theBluezClientNeverImportsItsStandIn = noClasses()
            .that().resideInAPackage("com.payband.drivers.band.ble.bluez")
            .should().dependOnClassesThat().resideInAPackage("com.payband.drivers.band.ble.bluez.sim..");

    @ArchTest
    static final ArchRule documentChecksDoNotDependOnTheSimulator = noClasses()
            .that().resideInAPackage("com.payband.drivers.idcard.check..")
            .should().dependOnClassesThat().resideInAPackage("com.payband.drivers.idcard.sim..");

    @ArchTest
    static final ArchRule theSerialDriverKnowsNothingOfItsSimulator = noClasses()
            .that().resideInAPackage("com.payband.drivers.idcard.serial")
            .should().dependOnClassesThat().resideInAnyPackage("com.payband.drivers.idcard.serial.sim..",
                    "com.payband.drivers.idcard.sim..");

    /**
     * Only the process entry points of the reader simulator and the BLE host talk on standard input and output
     * (their control channels).
     */
    @ArchTest
    static final ArchRule noConsoleOutput = noClasses()
            .that().doNotHaveFullyQualifiedName("com.payband.drivers.idcard.serial.sim.SerialReaderSimulatorMain")
            .and().doNotHaveFullyQualifiedName("com.payband.drivers.band.ble.host.BleHostMain")
            .should(ACCESS_STANDARD_STREAMS);

    @ArchTest
    static final ArchRule loggingGoesThroughSlf4j = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule namesSayWhatThingsAre = noClasses()
            .should().haveSimpleNameEndingWith("Manager")
            .orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Util")
            .orShould().haveSimpleNameEndingWith("Utils");
}
