package dovetail.projections.thing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The read model is what the APIs and the Lambda read: it stands on its own, without the sync engine or any sink. */
@AnalyzeClasses(packages = "dovetail.projections", importOptions = ImportOption.DoNotIncludeTests.class)
class ReadModelRulesTest {

    @ArchTest
    static final ArchRule readModelStandsAlone = noClasses().that()
            .resideInAnyPackage("dovetail.projections.thing..", "dovetail.projections.json..",
                    "dovetail.projections.processing..")
            .should().dependOnClassesThat().resideInAnyPackage("dovetail.projections.synctask..",
                    "dovetail.projections.sink..", "dovetail.projections.search..", "dovetail.projections.kafka..",
                    "com.meilisearch..", "org.apache.kafka..");
}
