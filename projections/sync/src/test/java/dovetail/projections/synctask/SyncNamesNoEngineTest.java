package dovetail.projections.synctask;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The sync engine (task runtime and sink interface) knows no sink kind: every engine comes in through a
 * {@code SinkFactory} and the sink's capabilities, so a new sink is a module of its own and the runtime does not change.
 */
@AnalyzeClasses(packages = "dovetail", importOptions = ImportOption.DoNotIncludeTests.class)
class SyncNamesNoEngineTest {

    private static final List<String> ENGINES = List.of("Meilisearch", "Kafka", "Webhook", "Legacy");

    private static final DescribedPredicate<JavaClass> NAMING_AN_ENGINE = DescribedPredicate.describe(
            "name a sink kind (" + String.join(", ", ENGINES) + ")",
            type -> ENGINES.stream().anyMatch(engine -> type.getSimpleName().contains(engine)));

    @ArchTest
    static final ArchRule syncUsesNoEngineClient = noClasses().that()
            .resideInAnyPackage("dovetail.projections.synctask..", "dovetail.projections.sink..")
            .should().dependOnClassesThat().resideInAnyPackage("com.meilisearch..", "org.apache.kafka..",
                    "org.springframework.kafka..", "dovetail.projections.search..",
                    "dovetail.projections.kafka..", "dovetail.projections.webhook..", "dovetail.migration..");

    @ArchTest
    static final ArchRule syncNamesNoSinkKind = noClasses().that()
            .resideInAnyPackage("dovetail.projections.synctask..", "dovetail.projections.sink..")
            .should().dependOnClassesThat(NAMING_AN_ENGINE)
            .orShould().haveSimpleNameContaining("Meilisearch").orShould().haveSimpleNameContaining("Kafka")
            .orShould().haveSimpleNameContaining("Webhook");
}
