package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingView;
import dovetail.projections.sink.SinkChange;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class DeliveryBatchTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aSmallBatchReportsTheAppendTimeOfEveryEvent() {
        DeliveryBatch batch = batchOf(10);

        assertThat(batch.sampledAppendTimes())
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(START::plusSeconds).toList());
    }

    @Test
    void aLongBatchReportsAnEvenSampleFromFirstToLast() {
        DeliveryBatch batch = batchOf(20_000);

        List<Instant> sample = batch.sampledAppendTimes();

        assertThat(sample).hasSize(64).doesNotHaveDuplicates().isSorted();
        assertThat(sample.get(0)).isEqualTo(START);
        assertThat(sample.get(63)).isEqualTo(START.plusSeconds(19_999));
        // evenly spread: neighbours about 20,000 / 63 events apart
        for (int i = 1; i < sample.size(); i++) {
            long gap = sample.get(i).getEpochSecond() - sample.get(i - 1).getEpochSecond();
            assertThat(gap).isBetween(316L, 318L);
        }
    }

    @Test
    void mergedBatchesAreSampledAsOne() {
        DeliveryBatch first = batchOf(40);
        DeliveryBatch second = batchOf(40);

        assertThat(first.absorb(second)).isTrue();

        assertThat(first.events).isEqualTo(80);
        assertThat(first.sampledAppendTimes()).hasSize(64);
    }

    @Test
    void whatTheSinkEncodedAheadStaysWithItsChangeWhenBatchesMerge() {
        DeliveryBatch first = new DeliveryBatch(Set.of());
        DeliveryBatch second = new DeliveryBatch(Set.of());
        add(first, 1, "records of 1");
        add(first, 2, null);
        add(second, 3, "records of 3");

        assertThat(first.absorb(second)).isTrue();

        assertThat(first.encoded()).containsExactly("records of 1", null, "records of 3");
        assertThat(first.changes()).extracting(SinkChange::thingId).containsExactly("1", "2", "3");
        assertThat(first.things()).containsExactly("1", "2", "3");
    }

    private static void add(DeliveryBatch batch, int id, Object encoding) {
        add(batch, id, START, encoding);
    }

    private static void add(DeliveryBatch batch, int id, Instant appendedAt, Object encoding) {
        ThingCreated created = new ThingCreated(Integer.toString(id), "thing " + id, id, START, 1);
        batch.events++;
        batch.add(new GenericDomainEventMessage<>("Thing", created.id(), 0, created, MetaData.emptyInstance(),
                "event-" + id, appendedAt), new SinkChange(new ThingChange.Upsert(new ThingView(created.id(),
                created.name(), created.foo(), START, START, 1)), created), created.id(), encoding);
    }

    private static DeliveryBatch batchOf(int events) {
        DeliveryBatch batch = new DeliveryBatch(Set.of());
        for (int i = 0; i < events; i++) {
            add(batch, i, START.plusSeconds(i), null);
        }
        return batch;
    }
}
