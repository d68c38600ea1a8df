package dovetail.domain.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.thing.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacySinkRulesTest {

    @Test
    void aLegacySinkNeedsADataSourceNameAndATableName() {
        SyncTaskDefinition good = new SyncTaskDefinition(new SinkSpec(new LegacySinkSpec("legacy", "things")),
                null, null, null);
        assertThat(SyncTaskRules.check(good)).isEmpty();
        assertThat(SyncTaskRules.check(new SyncTaskDefinition(
                new SinkSpec(new LegacySinkSpec("legacy", "app.things")), null, null, null))).isEmpty();
        assertThat(SyncTaskRules.withDefaults(good).sink()).isEqualTo(good.sink());

        List<Problem> problems = SyncTaskRules.check(new SyncTaskDefinition(
                new SinkSpec(new LegacySinkSpec("Legacy DB", "things; drop table x")), null, null, null));
        assertThat(problems).extracting(Problem::field)
                            .containsExactlyInAnyOrder("sink.legacy.dataSource", "sink.legacy.table");
    }

    @Test
    void aLegacySinkTakesNoTransformAndOnlyOneKindIsAllowed() {
        List<Problem> transformed = SyncTaskRules.check(new SyncTaskDefinition(
                new SinkSpec(new LegacySinkSpec("legacy", "things")), null,
                List.of(new FieldTransform("foo", TransformKind.DROP, null, null, null, null)), null));
        assertThat(transformed).extracting(Problem::field).containsExactly("transform");

        List<Problem> both = SyncTaskRules.check(new SyncTaskDefinition(new SinkSpec(
                new MeilisearchSinkSpec("things", null, null, null, null), null, new LegacySinkSpec("legacy", "things")),
                null, null, null));
        assertThat(both).extracting(Problem::field).containsExactly("sink");
    }
}
