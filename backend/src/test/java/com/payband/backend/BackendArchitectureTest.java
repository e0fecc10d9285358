package com.payband.backend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The backend is the payment provider's side: nothing of the console, its drivers (readers, radio, band simulator)
 * or UI. It shares the band protocol's module (what the issuer signs and seals, as bands verify and open it).
 */
@AnalyzeClasses(packages = "com.payband", importOptions = ImportOption.DoNotIncludeTests.class)
class BackendArchitectureTest {

    @ArchTest
    static final ArchRule noConsoleDriverOrUiCode = noClasses().that().resideInAPackage("com.payband.backend..")
            .should().dependOnClassesThat().resideInAnyPackage("com.payband.console..", "com.payband.drivers..",
                    "javafx..", "org.hibernate..", "javax.smartcardio..");

    @ArchTest
    static final ArchRule theSharedTypesDependOnNothingOfEitherSide = noClasses().that()
            .resideInAPackage("com.payband.sync.api..").should().dependOnClassesThat()
            .resideInAnyPackage("com.payband.backend..", "com.payband.console..", "com.payband.drivers..");
}
