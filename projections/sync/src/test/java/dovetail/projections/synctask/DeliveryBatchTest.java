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

    @Test
    void aBatchReadAheadHoldsTheChangesOfAThingParkedSinceItBegan() {
        DeliveryBatch batch = new DeliveryBatch(Set.of());
        add(batch, 1, "records of 1");
        add(batch, 2, "records of 2");
        add(batch, 1, "records of 1 again");

        batch.holdParkedSince(Set.of());
        assertThat(batch.waiting()).isEmpty();
        // an earlier delivery parked Thing 1 after this batch was read: both its changes wait, in order
        batch.holdParkedSince(Set.of("1", "7"));

        assertThat(batch.waiting()).extracting(event -> ((ThingCreated) event.getPayload()).id())
                .containsExactly("1", "1");
        assertThat(batch.things()).containsExactly("2");
        assertThat(batch.encoded()).containsExactly("records of 2");
        assertThat(batch.sources()).hasSize(1);
        assertThat(batch.eventsByType()).containsEntry("ThingCreated", 1L);
    }

    @Test
    void aThingTheBatchKnewParkedIsNotHeldTwice() {
        DeliveryBatch batch = new DeliveryBatch(Set.of("1"));
        assertThat(batch.holdIfParked(event(1, START))).isTrue();
        add(batch, 2, null);

        batch.holdParkedSince(Set.of("1"));

        assertThat(batch.waiting()).hasSize(1);
        assertThat(batch.things()).containsExactly("2");
    }

    private static void add(DeliveryBatch batch, int id, Object encoding) {
        add(batch, id, START, encoding);
    }

    private static void add(DeliveryBatch batch, int id, Instant appendedAt, Object encoding) {
        GenericDomainEventMessage<ThingCreated> event = event(id, appendedAt);
        ThingCreated created = event.getPayload();
        batch.events++;
        batch.add(event, new SinkChange(new ThingChange.Upsert(new ThingView(created.id(),
                created.name(), created.foo(), START, START, 1)), created), created.id(), encoding);
    }

    private static GenericDomainEventMessage<ThingCreated> event(int id, Instant appendedAt) {
        ThingCreated created = new ThingCreated(Integer.toString(id), "thing " + id, id, START, 1);
        return new GenericDomainEventMessage<>("Thing", created.id(), 0, created, MetaData.emptyInstance(),
                "event-" + id + "-" + appendedAt.getEpochSecond() + "-" + System.nanoTime(), appendedAt);
    }

    private static DeliveryBatch batchOf(int events) {
        DeliveryBatch batch = new DeliveryBatch(Set.of());
        for (int i = 0; i < events; i++) {
            add(batch, i, START.plusSeconds(i), null);
        }
        return batch;
    }
}
