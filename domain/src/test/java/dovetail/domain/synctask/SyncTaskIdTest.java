package dovetail.domain.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.thing.Problem;
import org.junit.jupiter.api.Test;

class SyncTaskIdTest {

    @Test
    void aSlugIsAnId() {
        assertThat(SyncTaskRules.checkId("things-search")).isEmpty();
        assertThat(SyncTaskRules.checkId("2024-archive")).isEmpty();
    }

    @Test
    void digitsOnlyWouldShareAThingsEventStreamAndAreRefused() {
        assertThat(SyncTaskRules.checkId("42")).extracting(Problem::field, Problem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("id", "must not be digits only (those are Thing ids)"));
    }

    @Test
    void anythingElseIsNotASlug() {
        for (String bad : new String[] {null, "", "Upper", "-leading", "with space", "a".repeat(65)}) {
            assertThat(SyncTaskRules.checkId(bad)).as(String.valueOf(bad)).singleElement()
                    .extracting(Problem::field).isEqualTo("id");
        }
    }
}
