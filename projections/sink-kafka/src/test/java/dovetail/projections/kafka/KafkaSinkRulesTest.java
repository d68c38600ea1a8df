package dovetail.projections.kafka;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The Kafka sink plugs into the sync engine through its public interface only, and knows no other sink. */
@AnalyzeClasses(packages = "dovetail.projections", importOptions = ImportOption.DoNotIncludeTests.class)
class KafkaSinkRulesTest {

    @ArchTest
    static final ArchRule kafkaUsesTheSyncEngineThroughItsInterface = noClasses().that()
            .resideInAPackage("dovetail.projections.kafka..")
            .should().dependOnClassesThat().resideInAnyPackage("dovetail.projections.synctask..",
                    "dovetail.projections.search..", "dovetail.projections.webhook..", "com.meilisearch..");
}
