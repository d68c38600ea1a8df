package dovetail.projections.kafka;

import dovetail.projections.sink.ThingRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.json.InstantJsonModule;
import dovetail.projections.json.Instants;
import dovetail.domain.thing.ThingChange;
import dovetail.projections.sink.EncodesStored;
import dovetail.projections.sink.SinkChange;
import dovetail.projections.sink.StoredThingRecords;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

        ProducerRecord<String, byte[]> record = KafkaSink.record(EVENTS, upsert(view, updated));

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

        ProducerRecord<String, byte[]> record = KafkaSink.record(STATE, upsert(view,
                new ThingUpdated("42", "lamp", 2.5, CREATED, UPDATED, 3)));

        assertThat(record.key()).isEqualTo("42");
        assertThat(json.readTree(record.value())).isEqualTo(json.readTree("""
                {"id":42,"name":"lamp","foo":2,"created_on":"2026-03-01T12:00:00.123456Z",
                 "updated_on":"2026-03-02T08:30:00Z","version":3}"""));
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
        SinkChange delete = new SinkChange(new ThingChange.Removal("42", 4), deleted);

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
        SinkChange filteredOut = new SinkChange(new ThingChange.Removal("42", 3), updated);

        assertThat(KafkaSink.record(STATE, filteredOut).value()).isNull();
        assertThat(KafkaSink.record(EVENTS, filteredOut)).isNull();
    }

    @Test
    void aChangeIsEncodedAheadAsTheRecordsEachOfTheSinksTopicsTakes() throws Exception {
        KafkaSink sink = new KafkaSink(java.util.List.of(EVENTS, STATE), () -> {
            throw new AssertionError("encoding needs no producer");
        }, null, "unused:9092");
        ThingUpdated updated = new ThingUpdated("42", "lamp", 2.5, CREATED, UPDATED, 3);
        ThingView view = new ThingView("42", "lamp", 2.5, CREATED, UPDATED, 3);

        java.util.List<ProducerRecord<String, byte[]>> upsert = sink.encode(upsert(view, updated));
        java.util.List<ProducerRecord<String, byte[]>> filteredOut =
                sink.encode(new SinkChange(new ThingChange.Removal("42", 3), updated));

        assertThat(upsert).extracting(ProducerRecord::topic).containsExactly("p.events", "p.state");
        assertThat(json.readTree(upsert.get(0).value()).get("type").asText()).isEqualTo("ThingUpdated");
        assertThat(json.readTree(upsert.get(1).value()).get("foo").asInt()).isEqualTo(2);
        assertThat(filteredOut).extracting(ProducerRecord::topic).containsExactly("p.state");
        assertThat(filteredOut.get(0).value()).isNull();
    }

    /** The records as Jackson's data binding writes them: what the streaming writer must match byte for byte. */
    @JsonPropertyOrder({"type", "id", "version", "timestamp", "payload"})
    record BoundEnvelope(String type, String id, long version, String timestamp, Object payload) {
    }

    @JsonPropertyOrder({"id", "name", "foo", "created_on", "updated_on", "version"})
    record BoundState(long id, String name, BigInteger foo, @JsonProperty("created_on") String createdOn,
                      @JsonProperty("updated_on") String updatedOn, long version) {
    }

    private static final ObjectMapper BINDING = mapper(InstantJsonModule.withWriter());

    /** A mapper that writes instants through {@code instants} (and, as text, any other time). */
    private static ObjectMapper mapper(InstantJsonModule instants) {
        return new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(instants)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Test
    void recordsAreWrittenExactlyAsDataBindingWritesTheEventsAndStates() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            Sample sample = Sample.of(random, i);
            String id = sample.id();
            String name = sample.name();
            double foo = sample.foo();
            Instant created = sample.created();
            Instant updated = sample.updated();
            long version = sample.version();
            Object event = sample.event();
            Instant timestamp = i % 4 == 0 ? created : updated;
            String type = event.getClass().getSimpleName();
            assertThat(new String(ThingRecords.envelope(event), StandardCharsets.UTF_8)).as("envelope of %s", event)
                    .isEqualTo(bound(new BoundEnvelope(type, id, version, Instants.format(timestamp), event)));

            double finite = Double.isFinite(foo) ? foo : 0.5; // a Thing's foo is always finite
            ThingView view = new ThingView(id, name, finite, created, updated, version);
            assertThat(new String(ThingRecords.legacyState(view), StandardCharsets.UTF_8)).as("state of %s", view)
                    .isEqualTo(bound(new BoundState(Long.parseLong(id), name,
                            ThingRecords.legacyFoo(finite), Instants.format(created), Instants.format(updated),
                            version)));
        }
    }

    /** Writes payloads as the application's mapper stores them (see also HistoryReaderIT, on the real one). */
    private static final ObjectMapper STORE = mapper(InstantJsonModule.reader());

    @Test
    void recordsReadFromStoredPayloadsAreTheRecordsOfTheBoundEvents() throws Exception {
        java.util.Random random = new java.util.Random(11);
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            Sample sample = Sample.of(random, i);
            Object event = sample.event();
            StoredThingRecords stored = StoredThingRecords.read(event.getClass(), STORE.writeValueAsBytes(event));

            // read so exactly when the bound event has both records in the canonical form
            boolean deletion = event instanceof ThingDeleted;
            boolean created = event instanceof ThingCreated;
            boolean readable = deletion ? inFourDigitYears(sample.updated())
                    : Double.isFinite(sample.foo()) && (created || sample.createdOrNull() != null)
                      && inFourDigitYears(sample.created()) && (created || inFourDigitYears(sample.updated()))
                      // a null name is an erased Thing's: the bound event makes a removal of it, not a record
                      && sample.name() != null && sample.name().codePoints().allMatch(Character::isBmpCodePoint);
            assertThat(stored != null).as("read from storage: %s", event).isEqualTo(readable);
            if (stored == null) {
                continue;
            }
            read++;
            assertThat(List.of(stored.id(), stored.version(), stored.type()))
                    .isEqualTo(List.of(sample.id(), sample.version(), event.getClass().getSimpleName()));
            assertThat(new String(stored.envelope(), StandardCharsets.UTF_8)).as("envelope of %s", event)
                    .isEqualTo(new String(ThingRecords.envelope(event), StandardCharsets.UTF_8));
            if (deletion) {
                assertThat(stored.state()).isNull();
            } else {
                ThingView view = ((dovetail.domain.thing.ThingChange.Upsert)
                        dovetail.domain.thing.ThingChange.of(event).orElseThrow()).thing();
                assertThat(new String(stored.state(), StandardCharsets.UTF_8)).as("state of %s", event)
                        .isEqualTo(new String(ThingRecords.legacyState(view), StandardCharsets.UTF_8));
            }
        }
        assertThat(read).as("events read from storage").isGreaterThan(12_000);
    }

    private static boolean inFourDigitYears(Instant instant) {
        return Instants.isFormatted(STORE.convertValue(instant, String.class));
    }

    @Test
    void aPayloadStoredInAnyOtherShapeIsReadTheBoundWay() {
        String canonical = "{\"id\":\"42\",\"name\":\"lamp\",\"foo\":2.5,\"createdOn\":\"2026-03-01T12:00:00.123456Z\","
                           + "\"version\":1}";
        assertThat(StoredThingRecords.read(ThingCreated.class, bytes(canonical))).isNotNull();
        for (String other : java.util.List.of(
                canonical.replace("\"name\":\"lamp\",\"foo\":2.5", "\"foo\":2.5,\"name\":\"lamp\""), // order
                canonical.replace("\"version\":1}", "\"version\":1,\"colour\":\"red\"}"), // a field more
                canonical.replace(",\"foo\":2.5", ""), // a field less
                canonical.replace("\"id\":\"42\"", "\"id\":42"), // id as a number
                canonical.replace("\"id\":\"42\"", "\"id\":\"forty-two\""), // not a Thing id
                canonical.replace("\"foo\":2.5", "\"foo\":\"2.5\""), // foo as text
                canonical.replace("\"foo\":2.5", "\"foo\":2"), // foo as an integer, which the mapper never writes
                canonical.replace("\"foo\":2.5", "\"foo\":\"NaN\""), // not finite
                canonical.replace(".123456Z", ".123456+01:00"), // another offset
                canonical.replace(".123456Z", ".123456000Z"), // fraction longer than needed
                canonical.replace(".123456Z", ".1234Z"), // fraction Instant.toString never writes
                canonical.replace("\"createdOn\":\"2026-03-01T12:00:00.123456Z\"", "\"createdOn\":null"),
                canonical.replace("\"version\":1", "\"version\":1.0"),
                canonical.replace("\"version\":1", "\"version\":123456789012345678901234567890"),
                canonical + " {}", // something after it
                canonical.substring(0, canonical.length() - 1), // cut short
                "[]", "", "not json")) {
            assertThat(StoredThingRecords.read(ThingCreated.class, bytes(other))).as(other).isNull();
        }
        assertThat(StoredThingRecords.read(String.class, bytes(canonical))).as("not a Thing event").isNull();
        assertThat(StoredThingRecords.read(ThingUpdated.class, bytes(canonical))).as("another event's shape").isNull();
        assertThat(StoredThingRecords.read(ThingCreated.class, null)).isNull();
    }

    @Test
    void aSinkEncodesAStoredEventAsTheRecordsOfItsBoundChange() throws Exception {
        KafkaSink sink = new KafkaSink(java.util.List.of(EVENTS, STATE), () -> {
            throw new AssertionError("encoding needs no producer");
        }, null, "unused:9092");
        ThingUpdated updated = new ThingUpdated("42", "lamp", 2.5, CREATED, UPDATED, 3);
        ThingDeleted deleted = new ThingDeleted("42", UPDATED, 4);
        ThingView view = new ThingView("42", "lamp", 2.5, CREATED, UPDATED, 3);

        for (Object[] event : new Object[][] {
                {updated, upsert(view, updated)},
                {deleted, new SinkChange(new ThingChange.Removal("42", 4), deleted)}}) {
            EncodesStored.Encoded<java.util.List<ProducerRecord<String, byte[]>>> stored =
                    sink.encodeStored(event[0].getClass(), STORE.writeValueAsBytes(event[0]), null);
            SinkChange bound = (SinkChange) event[1];

            assertThat(stored.thingId()).isEqualTo(bound.thingId());
            assertThat(stored.version()).isEqualTo(bound.version());
            java.util.List<ProducerRecord<String, byte[]>> fromStore = stored.encoding();
            java.util.List<ProducerRecord<String, byte[]>> fromEvent = sink.encode(bound);
            assertThat(fromStore).hasSameSizeAs(fromEvent);
            for (int i = 0; i < fromStore.size(); i++) {
                assertThat(fromStore.get(i).topic()).isEqualTo(fromEvent.get(i).topic());
                assertThat(fromStore.get(i).key()).isEqualTo(fromEvent.get(i).key());
                assertThat(fromStore.get(i).value()).isEqualTo(fromEvent.get(i).value());
                assertThat(fromStore.get(i).headers()).isEqualTo(fromEvent.get(i).headers());
            }
        }
        assertThat(sink.encodeStored(ThingUpdated.class, bytes("{\"id\":42}"), null)).isNull();
    }

    private static SinkChange upsert(ThingView view, Object event) {
        return new SinkChange(new ThingChange.Upsert(view), event);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** As the records were written before: data binding to UTF-8 bytes. */
    private static String bound(Object record) throws Exception {
        return new String(BINDING.writeValueAsBytes(record), StandardCharsets.UTF_8);
    }

    @Test
    void onlyThingEventsHaveAnEnvelope() {
        assertThatThrownBy(() -> ThingRecords.envelope("not an event"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> ThingRecords.envelope(null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A random Thing event (the i-th: Created, Updated, Imported, Deleted in turn) with the values it holds. */
    private record Sample(Object event, String id, String name, double foo, Instant created, Instant updated,
                          long version, Instant createdOrNull) {

        static Sample of(java.util.Random random, int i) {
            String id = Long.toString(random.nextLong() & Long.MAX_VALUE);
            String name = someName(random);
            double foo = someDouble(random);
            Instant created = someInstant(random);
            Instant updated = someInstant(random);
            long version = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1000);
            Instant createdOrNull = random.nextInt(10) == 0 ? null : created;
            Object event = switch (i % 4) {
                case 0 -> new ThingCreated(id, name, foo, created, version);
                case 1 -> new ThingUpdated(id, name, foo, createdOrNull, updated, version);
                case 2 -> new ThingImported(id, name, foo, createdOrNull, updated, version);
                default -> new ThingDeleted(id, updated, version);
            };
            return new Sample(event, id, name, foo, created, updated, version, createdOrNull);
        }
    }

    private static String someName(java.util.Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "quote \" backslash \\ tab \t newline \n nul \u0000 bell \u0007";
            case 3 -> "Ünïcödé ✓ 𝄞 " + random.nextInt();
            default -> "thing " + random.nextInt(1_000_000);
        };
    }

    private static double someDouble(java.util.Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e21}[random.nextInt(9)];
            case 1 -> random.nextInt(1000);
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 10);
        };
    }

    private static Instant someInstant(java.util.Random random) {
        long second = random.nextInt(20) == 0 ? random.nextLong(-62_000_000_000L, 253_000_000_000L)
                : random.nextLong(0, 4_102_444_800L);
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nano);
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
