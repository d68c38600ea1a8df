package dovetail.projections.webhook;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The webhook sink knows the sink interface, the record formats and the domain; nothing of the task runtime. */
@AnalyzeClasses(packages = "dovetail.projections.webhook", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyTheSinkInterfaceAndTheRecordFormats = noClasses()
            .that().resideInAPackage("dovetail.projections.webhook..")
            .should().dependOnClassesThat().resideInAnyPackage("dovetail.projections.synctask..",
                    "dovetail.projections.search..", "dovetail.projections.thing..", "dovetail.commands..",
                    "dovetail.graphql..", "org.apache.kafka..");
}
