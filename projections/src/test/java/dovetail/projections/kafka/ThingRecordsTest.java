package dovetail.projections.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.search.ThingDocument;
import dovetail.projections.sink.DocumentChange;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ThingRecordsTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");
    private static final Instant UPDATED = Instant.parse("2026-03-02T08:30:00Z");
    private static final KafkaSink.Topic EVENTS = new KafkaSink.Topic("p.events", KafkaFormat.EVENTS);
    private static final KafkaSink.Topic STATE = new KafkaSink.Topic("p.state", KafkaFormat.STATE);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anEventsRecordIsTheEventInAnEnvelopeKeyedByThingId() throws Exception {
        ThingUpdated updated = new ThingUpdated("42", "lamp", 2.5, CREATED, UPDATED, 3);
        ThingView view = new ThingView("42", "lamp", 2.5, CREATED, UPDATED, 3);

        ProducerRecord<String, byte[]> record = KafkaSink.record(EVENTS,
                new DocumentChange.Upsert("42", 3, ThingDocument.toDocument(view), updated));

        assertThat(record.topic()).isEqualTo("p.events");
        assertThat(record.key()).isEqualTo("42");
        JsonNode envelope = json.readTree(record.value());
        assertThat(envelope.get("type").asText()).isEqualTo("ThingUpdated");
        assertThat(envelope.get("id").asText()).isEqualTo("42");
        assertThat(envelope.get("version").asLong()).isEqualTo(3);
        assertThat(envelope.get("timestamp").asText()).isEqualTo("2026-03-02T08:30:00Z");
        assertThat(envelope.get("payload").get("name").asText()).isEqualTo("lamp");
        assertThat(envelope.get("payload").get("createdOn").asText()).isEqualTo("2026-03-01T12:00:00.123456Z");
        assertThat(header(record, "dovetail-type")).isEqualTo("ThingUpdated");
        assertThat(header(record, "dovetail-version")).isEqualTo("3");
    }

    @Test
    void aStateRecordHasTheLegacyShape() throws Exception {
        ThingView view = new ThingView("42", "lamp", 2.5, CREATED, UPDATED, 3);

        ProducerRecord<String, byte[]> record = KafkaSink.record(STATE, new DocumentChange.Upsert("42", 3,
                ThingDocument.toDocument(view), new ThingUpdated("42", "lamp", 2.5, CREATED, UPDATED, 3)));
        ProducerRecord<String, byte[]> fromDocumentOnly = KafkaSink.record(STATE,
                new DocumentChange.Upsert("42", 3, ThingDocument.toDocument(view)));

        assertThat(record.key()).isEqualTo("42");
        assertThat(json.readTree(record.value())).isEqualTo(json.readTree("""
                {"id":42,"name":"lamp","foo":2,"created_on":"2026-03-01T12:00:00.123456Z",
                 "updated_on":"2026-03-02T08:30:00Z","version":3}"""));
        assertThat(json.readTree(fromDocumentOnly.value())).isEqualTo(json.readTree(record.value()));
    }

    @Test
    void fooIsRoundedHalfToEvenForTheLegacyStore() {
        assertThat(ThingRecords.legacyFoo(2.5)).isEqualTo(BigInteger.valueOf(2));
        assertThat(ThingRecords.legacyFoo(3.5)).isEqualTo(BigInteger.valueOf(4));
        assertThat(ThingRecords.legacyFoo(-2.5)).isEqualTo(BigInteger.valueOf(-2));
        assertThat(ThingRecords.legacyFoo(2.51)).isEqualTo(BigInteger.valueOf(3));
        assertThat(ThingRecords.legacyFoo(1e20)).isEqualTo(new BigInteger("100000000000000000000"));
    }

    @Test
    void fooRoundsAsTheDecimalRuleDoesAcrossTheWholeRange() {
        java.util.Random random = new java.util.Random(42);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.5, -0.5, 1.5, -1.5,
                0.49999999999999994, 0x1p52 - 0.5, -(0x1p52 - 0.5), 0x1p52, 0x1p52 + 1, 0x1p53 + 2, 9.5e15, 1e300,
                -1e300, Double.MIN_VALUE, -0.0));
        for (int i = 0; i < 10_000; i++) {
            values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20)));
            values.add(random.nextInt(2_000_000) / 2.0 - 500_000); // exact halves
        }
        for (double foo : values) {
            assertThat(ThingRecords.legacyFoo(foo)).as("foo %s", foo).isEqualTo(java.math.BigDecimal.valueOf(foo)
                    .setScale(0, java.math.RoundingMode.HALF_EVEN).toBigIntegerExact());
        }
    }

    @Test
    void aDeletionIsATombstoneOnTheStateTopicAndAnEventOnTheEventsTopic() throws Exception {
        ThingDeleted deleted = new ThingDeleted("42", UPDATED, 4);
        DocumentChange delete = new DocumentChange.Delete("42", 4, deleted);

        ProducerRecord<String, byte[]> tombstone = KafkaSink.record(STATE, delete);
        ProducerRecord<String, byte[]> event = KafkaSink.record(EVENTS, delete);

        assertThat(tombstone.key()).isEqualTo("42");
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone, "dovetail-version")).isEqualTo("4");
        assertThat(json.readTree(event.value()).get("type").asText()).isEqualTo("ThingDeleted");
        assertThat(json.readTree(event.value()).get("timestamp").asText()).isEqualTo("2026-03-02T08:30:00Z");
    }

    @Test
    void aThingLeavingTheFilterLeavesTheStateTopicButPublishesNoEvent() {
        ThingUpdated updated = new ThingUpdated("42", "lamp", 0.5, CREATED, UPDATED, 3);
        DocumentChange filteredOut = new DocumentChange.Delete("42", 3, updated);

        assertThat(KafkaSink.record(STATE, filteredOut).value()).isNull();
        assertThat(KafkaSink.record(EVENTS, filteredOut)).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChangeIsEncodedAheadAsTheRecordsEachOfTheSinksTopicsTakes() throws Exception {
        KafkaSink sink = new KafkaSink(java.util.List.of(EVENTS, STATE), () -> {
            throw new AssertionError("encoding needs no producer");
        }, null, "unused:9092");
        ThingUpdated updated = new ThingUpdated("42", "lamp", 2.5, CREATED, UPDATED, 3);
        ThingView view = new ThingView("42", "lamp", 2.5, CREATED, UPDATED, 3);

        java.util.List<ProducerRecord<String, byte[]>> upsert = (java.util.List<ProducerRecord<String, byte[]>>)
                sink.encode(new DocumentChange.Upsert("42", 3, ThingDocument.toDocument(view), updated));
        java.util.List<ProducerRecord<String, byte[]>> filteredOut = (java.util.List<ProducerRecord<String, byte[]>>)
                sink.encode(new DocumentChange.Delete("42", 3, updated));

        assertThat(upsert).extracting(ProducerRecord::topic).containsExactly("p.events", "p.state");
        assertThat(json.readTree(upsert.get(0).value()).get("type").asText()).isEqualTo("ThingUpdated");
        assertThat(json.readTree(upsert.get(1).value()).get("foo").asInt()).isEqualTo(2);
        assertThat(filteredOut).extracting(ProducerRecord::topic).containsExactly("p.state");
        assertThat(filteredOut.get(0).value()).isNull();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
