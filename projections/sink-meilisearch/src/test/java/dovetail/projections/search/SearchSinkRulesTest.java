package dovetail.projections.search;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dovetail.projections.synctask.TaskStates;

/**
 * The search sink plugs into the sync engine through its public interface (the sink package) and reads the tasks
 * through {@link TaskStates} only: nothing of the runtime's insides, and nothing of another sink.
 */
@AnalyzeClasses(packages = "dovetail.projections", importOptions = ImportOption.DoNotIncludeTests.class)
class SearchSinkRulesTest {

    @ArchTest
    static final ArchRule searchUsesTheSyncEngineThroughItsInterface = noClasses().that()
            .resideInAPackage("dovetail.projections.search..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "are sync-engine insides", (com.tngtech.archunit.core.domain.JavaClass type) ->
                            type.getPackageName().startsWith("dovetail.projections.synctask")
                            && !type.getName().startsWith(TaskStates.class.getName())))
            .orShould().dependOnClassesThat().resideInAnyPackage("dovetail.projections.kafka..",
                    "dovetail.projections.webhook..", "org.apache.kafka..");
}
