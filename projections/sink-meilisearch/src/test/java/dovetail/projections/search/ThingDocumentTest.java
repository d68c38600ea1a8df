package dovetail.projections.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dovetail.domain.thing.ThingView;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThingDocumentTest {

    private static final ThingView LAMP = new ThingView("42", "desk lamp", 1.5,
            Instant.parse("2024-05-01T10:15:30.123456789Z"), Instant.parse("2024-05-02T08:00:00Z"), 3);

    @Test
    void writesEveryFieldWithTimesAsTextAndAsEpochMillis() {
        assertThat(ThingDocument.toDocument(LAMP)).containsExactly(
                Map.entry("id", "42"), Map.entry("name", "desk lamp"), Map.entry("foo", 1.5), Map.entry("version", 3L),
                Map.entry("createdOn", "2024-05-01T10:15:30.123456789Z"), Map.entry("updatedOn", "2024-05-02T08:00:00Z"),
                Map.entry("createdOnEpochMillis", 1714558530123L), Map.entry("updatedOnEpochMillis", 1714636800000L));
    }

    @Test
    void readsBackWhatItWrote() {
        assertThat(ThingDocument.fromDocument(ThingDocument.toDocument(LAMP))).isEqualTo(LAMP);
    }

    @Test
    void readsNumbersAsAnyJsonLibraryDecodesThem() {
        Map<String, Object> document = new HashMap<>(ThingDocument.toDocument(LAMP));
        document.put("version", 3.0);          // Gson decodes every number as a double
        document.put("foo", 1.5f);
        document.put("_rankingScore", 0.9);
        assertThat(ThingDocument.fromDocument(document)).isEqualTo(LAMP);
    }

    @Test
    void fallsBackToEpochMillisWhenTheTextIsMissing() {
        Map<String, Object> document = new HashMap<>(ThingDocument.toDocument(LAMP));
        document.remove("updatedOn");
        assertThat(ThingDocument.fromDocument(document).updatedOn()).isEqualTo(LAMP.updatedOn());
    }

    @Test
    void namesTheMissingField() {
        Map<String, Object> document = new HashMap<>(ThingDocument.toDocument(LAMP));
        document.remove("name");
        assertThatThrownBy(() -> ThingDocument.fromDocument(document))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Thing document 42 has no name");
    }

    @Test
    void namesTheMalformedField() {
        Map<String, Object> document = new HashMap<>(ThingDocument.toDocument(LAMP));
        document.put("version", 2.5);
        assertThatThrownBy(() -> ThingDocument.fromDocument(document))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version is not a whole number");
    }
}
