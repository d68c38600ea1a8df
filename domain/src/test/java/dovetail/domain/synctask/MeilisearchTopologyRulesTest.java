package dovetail.domain.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.thing.Problem;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeilisearchTopologyRulesTest {

    private static final Set<String> KNOWN = Set.of("default", "ms-0", "ms-1", "ms-2");

    private static List<Problem> check(MeilisearchTopology topology, String... instances) {
        return SyncTaskRules.check(new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("things", null, null,
                null, null, topology, instances == null ? null : Arrays.asList(instances))), null, null, null), KNOWN);
    }

    @Test
    void aSpecWithoutTopologyIsOneIndexOnTheDefaultInstance() {
        MeilisearchSinkSpec old = new MeilisearchSinkSpec("things", null, null, null, null);
        assertThat(SyncTaskRules.check(new SyncTaskDefinition(new SinkSpec(old), null, null, null), KNOWN)).isEmpty();
        MeilisearchSinkSpec defaulted = SyncTaskRules.withDefaults(
                new SyncTaskDefinition(new SinkSpec(old), null, null, null)).sink().meilisearch();
        assertThat(defaulted.topology()).isEqualTo(MeilisearchTopology.SINGLE);
        assertThat(defaulted.instances()).containsExactly("default");
    }

    @Test
    void shardsAndReplicasNeedAtLeastTwoInstances() {
        assertThat(check(MeilisearchTopology.SHARDED, "ms-0", "ms-1", "ms-2")).isEmpty();
        assertThat(check(MeilisearchTopology.REPLICATED, "ms-0", "default")).isEmpty();
        assertThat(check(MeilisearchTopology.SHARDED, "ms-0")).extracting(Problem::field)
                .containsExactly("sink.meilisearch.instances");
        assertThat(check(MeilisearchTopology.REPLICATED, (String[]) null)).extracting(Problem::message)
                .containsExactly("must name 2..16 instances for REPLICATED");
        assertThat(check(MeilisearchTopology.SINGLE, "ms-0", "ms-1")).extracting(Problem::field)
                .containsExactly("sink.meilisearch.instances");
    }

    @Test
    void instancesMustBeWellFormedDistinctAndConfigured() {
        assertThat(check(MeilisearchTopology.SHARDED, "ms-0", "ms-0", "ms-9", "Bad Name", null))
                .containsExactly(new Problem("sink.meilisearch.instances[1]", "repeats ms-0"),
                        new Problem("sink.meilisearch.instances[2]",
                                "names no configured Meilisearch instance (known: [default, ms-0, ms-1, ms-2])"),
                        new Problem("sink.meilisearch.instances[3]", "must match [a-z0-9][a-z0-9_-]{0,63}"),
                        new Problem("sink.meilisearch.instances[4]", "must match [a-z0-9][a-z0-9_-]{0,63}"));
    }

    @Test
    void onlyAnotherTopologyOrOtherInstancesChangeTheLayout() {
        SyncTaskDefinition old = new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("things", null, null,
                null, null)), null, null, null);
        SyncTaskDefinition single = SyncTaskRules.withDefaults(old);
        SyncTaskDefinition two = new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("things", null, null,
                null, null, MeilisearchTopology.SHARDED, List.of("ms-0", "ms-1"))), null, null, null);
        SyncTaskDefinition three = new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec("things", null,
                List.of("name", "foo"), null, null, MeilisearchTopology.SHARDED, List.of("ms-0", "ms-1", "ms-2"))),
                null, null, null);
        assertThat(SyncTaskRules.changesLayout(old, single)).isFalse();
        assertThat(SyncTaskRules.changesLayout(single, two)).isTrue();
        assertThat(SyncTaskRules.changesLayout(two, three)).isTrue();
        assertThat(SyncTaskRules.changesLayout(three, three)).isFalse();
    }
}
