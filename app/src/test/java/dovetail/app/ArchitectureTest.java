package dovetail.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module map of DESIGN.md §3, checked: dependencies point one way and edges talk only through gateways. */
@AnalyzeClasses(packages = "dovetail", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainSpeaksOnlyItsOwnLanguage = noClasses().that().resideInAPackage("dovetail.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "com.fasterxml..", "dovetail.commands..",
                    "dovetail.projections..", "dovetail.graphql..", "dovetail.app..");

    @ArchTest
    static final ArchRule graphQlTalksOnlyThroughGateways = noClasses().that().resideInAPackage("dovetail.graphql..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dovetail.commands..", "dovetail.projections..", "org.springframework.jdbc..",
                    "jakarta.persistence..");

    @ArchTest
    static final ArchRule functionsTalkOnlyThroughGateways = noClasses().that().resideInAPackage("dovetail.functions..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dovetail.commands..", "dovetail.projections..", "dovetail.graphql..", "org.springframework.jdbc..",
                    "jakarta.persistence..");

    @ArchTest
    static final ArchRule writeAndReadSidesAreIndependent = noClasses().that().resideInAPackage("dovetail.commands..")
            .should().dependOnClassesThat().resideInAnyPackage("dovetail.projections..", "dovetail.graphql..");

    @ArchTest
    static final ArchRule readSideDoesNotReachIntoTheWriteSide = noClasses().that()
            .resideInAPackage("dovetail.projections..")
            .should().dependOnClassesThat().resideInAnyPackage("dovetail.commands..", "dovetail.graphql..");

    @ArchTest
    static final ArchRule migrationSpeaksThroughGatewaysAndTheSinkInterface = noClasses().that()
            .resideInAPackage("dovetail.migration..")
            .should().dependOnClassesThat().resideInAnyPackage("dovetail.commands..", "dovetail.graphql..",
                    "dovetail.projections.synctask..", "dovetail.projections.thing..");

    @ArchTest
    static final ArchRule nothingDependsOnTheApp = noClasses().that().resideOutsideOfPackage("dovetail.app..")
            .should().dependOnClassesThat().resideInAPackage("dovetail.app..");

    @ArchTest
    static final ArchRule productionCodeNeverUsesEmbeddedEngines = noClasses().that()
            .resideInAnyPackage("dovetail.domain..", "dovetail.commands..", "dovetail.projections..",
                    "dovetail.graphql..", "dovetail.functions..", "dovetail.migration..", "dovetail.app..")
            .should().dependOnClassesThat().resideInAPackage("dovetail.embedded..");
}
