package dovetail.commands.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** Which stored snapshots are read: only those in the shape their class has now. */
class CurrentSnapshotShapeTest {

    private final CurrentSnapshotShape filter = new CurrentSnapshotShape(CachingJacksonSerializer.of(
            JacksonSerializer.builder().objectMapper(new ObjectMapper()).converter(new ChainingConverter())),
            new AnnotationRevisionResolver());

    @Revision("2")
    static final class Reshaped {
    }

    static final class NeverRevised {
    }

    @Test
    void aSnapshotAtItsClassesRevisionIsRead() {
        assertThat(filter.allow(snapshot(Reshaped.class.getName(), "2"))).isTrue();
    }

    @Test
    void aSnapshotWrittenByAnEarlierShapeIsSkipped() {
        assertThat(filter.allow(snapshot(Reshaped.class.getName(), "1"))).isFalse();
    }

    @Test
    void aSnapshotWithoutRevisionIsSkippedOnceItsClassHasOne() {
        assertThat(filter.allow(snapshot(Reshaped.class.getName(), null))).isFalse();
    }

    @Test
    void aSnapshotFromALaterShapeIsSkippedToo() {
        assertThat(filter.allow(snapshot(Reshaped.class.getName(), "3"))).isFalse();
    }

    @Test
    void withoutRevisionsOnEitherSideTheShapesAgree() {
        assertThat(filter.allow(snapshot(NeverRevised.class.getName(), null))).isTrue();
        assertThat(filter.allow(snapshot(NeverRevised.class.getName(), "1"))).isFalse();
    }

    @Test
    void aSnapshotOfAClassThatIsGoneIsSkipped() {
        assertThat(filter.allow(snapshot("dovetail.commands.thing.MovedAway", "1"))).isFalse();
    }

    private static GenericDomainEventEntry<byte[]> snapshot(String payloadType, String revision) {
        return new GenericDomainEventEntry<>("Thing", "42", 150, "snapshot-42", "2026-12-01T10:00:00Z", payloadType,
                revision, "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }
}
