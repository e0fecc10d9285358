package com.payband.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of architecture.md, checked on the compiled classes. */
@AnalyzeClasses(packages = "com.payband.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Domain, services, store and command line run without a screen: only the UI package sees JavaFX. */
    @ArchTest
    static final ArchRule onlyTheUiSeesJavaFx = noClasses()
            .that().resideOutsideOfPackage("com.payband.console.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.testfx..");

    /** Features never reach up into the composition root or the front ends. */
    @ArchTest
    static final ArchRule featuresDoNotSeeTheFrontEnds = noClasses()
            .that().resideInAnyPackage("com.payband.console.audit..", "com.payband.console.binding..",
                    "com.payband.console.crypto..", "com.payband.console.customer..", "com.payband.console.files..",
                    "com.payband.console.lifecycle..", "com.payband.console.outbox..", "com.payband.console.reader..", "com.payband.console.oversight..",
                    "com.payband.console.settings..", "com.payband.console.staff..", "com.payband.console.store..",
                    "com.payband.console.i18n..", "com.payband.console.consent..", "com.payband.console.receipt..",
                    "com.payband.console.enrollment..", "com.payband.console.bands..", "com.payband.console.issuer..",
                    "com.payband.console.simulator..", "com.payband.console.sync..", "com.payband.console.support..")
            .should().dependOnClassesThat().resideInAnyPackage("com.payband.console.app..", "com.payband.console.cli..",
                    "com.payband.console.ui..");

    /** The store's plumbing and the crypto primitives know nothing of the features built on them. */
    @ArchTest
    static final ArchRule infrastructureIsBelowTheFeatures = noClasses()
            .that().resideInAnyPackage("com.payband.console.store..", "com.payband.console.crypto..",
                    "com.payband.console.files..")
            .should().dependOnClassesThat().resideInAnyPackage("com.payband.console.audit..",
                    "com.payband.console.binding..", "com.payband.console.customer..", "com.payband.console.lifecycle..",
                    "com.payband.console.outbox..", "com.payband.console.staff..", "com.payband.console.settings..",
                    "com.payband.console.reader..");

    /** Feature packages depend on each other one way only. */
    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("com.payband.console.(*)..")
            .should().beFreeOfCycles();

    /** Talking to the backend is the sync feature's job, over its own client; nothing else opens HTTP. */
    @ArchTest
    static final ArchRule noHttpOutsideSync = noClasses()
            .that().resideOutsideOfPackage("com.payband.console.sync..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..");

    /** The console knows the backend only by its API (the shared types), never by the backend's code. */
    @ArchTest
    static final ArchRule theBackendOnlyThroughItsApi = noClasses()
            .should().dependOnClassesThat().resideInAPackage("com.payband.backend..");

    /**
     * The window and the command line reach the store only through the services (which check permissions
     * and audit): never the database, Hibernate or JPA themselves.
     */
    @ArchTest
    static final ArchRule frontEndsGoThroughTheServices = noClasses()
            .that().resideInAnyPackage("com.payband.console.ui..", "com.payband.console.cli..")
            .should().dependOnClassesThat().belongToAnyOf(com.payband.console.store.Database.class)
            .orShould().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..", "org.h2..");

    /** Logging goes through SLF4J; nothing prints to the terminal but the command line. */
    @ArchTest
    static final ArchRule nothingPrintsButTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("com.payband.console.cli..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err");
}
