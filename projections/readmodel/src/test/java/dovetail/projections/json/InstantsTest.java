package dovetail.projections.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantsTest {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /** Random instants over the four-digit years, with whole seconds, milli-, micro- and nanosecond fractions. */
    private static List<Instant> instants() {
        Random random = new Random(11);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(FIRST),
                Instant.ofEpochSecond(LAST, 999_999_999), Instant.ofEpochSecond(FIRST - 1), Instant.ofEpochSecond(LAST + 1),
                Instant.MIN, Instant.MAX, Instant.parse("2026-11-26T08:30:00.100Z")));
        for (int i = 0; i < 40_000; i++) {
            long second = random.nextLong(FIRST, LAST + 1);
            int nano = random.nextInt(1_000_000_000);
            nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> nano / 1_000_000 * 1_000_000;
                case 2 -> nano / 1_000 * 1_000;
                default -> nano;
            };
            instants.add(Instant.ofEpochSecond(second, nano));
        }
        return instants;
    }

    @Test
    void writesWhatInstantToStringWrites() {
        for (Instant instant : instants()) {
            assertThat(Instants.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void readsWhatInstantToStringWrites() {
        for (Instant instant : instants()) {
            String text = instant.toString();
            Instant read = Instants.parseCanonical(text);
            if (instant.getEpochSecond() >= FIRST && instant.getEpochSecond() <= LAST) {
                assertThat(read).as(text).isEqualTo(instant);
            } else {
                assertThat(read).as(text).isNull(); // five-digit or signed years: read the general way
            }
        }
    }

    @Test
    void leavesEveryOtherFormToTheGeneralReader() {
        for (String text : List.of("2026-11-26T08:30:00+01:00", "2026-11-26 08:30:00Z", " 2026-11-26T08:30:00Z",
                "2026-11-26T08:30:00.Z", "2026-11-26T08:30:00.1234567890Z", "2026-11-26t08:30:00z",
                "2026-02-30T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T08:30:60Z", "+12026-11-26T08:30:00Z",
                "2026-11-26T08:30Z", "1764146400", "")) {
            assertThat(Instants.parseCanonical(text)).as(text).isNull();
        }
        assertThat(Instants.parseCanonical("2026-11-26T08:30:00.1234Z"))
                .isEqualTo(Instant.parse("2026-11-26T08:30:00.1234Z"));
    }

    record Stamped(Instant at, String name) {
    }

    @Test
    void aMapperReadsAndWritesInstantsAsJavaTimesModuleDoes() throws Exception {
        ObjectMapper general = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper quick = new ObjectMapper().registerModule(new JavaTimeModule())
                .registerModule(InstantJsonModule.withWriter())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper reading = new ObjectMapper().registerModule(new JavaTimeModule())
                .registerModule(InstantJsonModule.reader());
        List<String> values = new ArrayList<>();
        for (Instant instant : instants().subList(0, 2_000)) {
            Stamped stamped = new Stamped(instant, "x");
            assertThat(quick.writeValueAsString(stamped)).isEqualTo(general.writeValueAsString(stamped));
            values.add('"' + instant.toString() + '"');
        }
        values.addAll(List.of("\"2026-11-26T09:30:00.5+01:00\"", "1764146400", "1764146400.123456789",
                "\"1764146400\"", "\"2026-11-26T08:30:60Z\"", "\"2026-02-30T00:00:00Z\"", "\"not a time\"", "null",
                "\"\"", "\"2026-11-26T08:30:00.1234Z\"", "\" 2026-11-26T08:30:00Z \""));
        for (String value : values) {
            String json = "{\"at\": " + value + ", \"name\": \"x\"}";
            for (ObjectMapper mapper : List.of(quick, reading)) {
                Object expected = read(general, json);
                Object actual = read(mapper, json);
                assertThat(Objects.toString(actual)).as(json).isEqualTo(Objects.toString(expected));
            }
        }
    }

    /** The value read, or the kind of failure. */
    private static Object read(ObjectMapper mapper, String json) {
        Object[] read = new Object[1];
        Throwable failure = catchThrowable(() -> read[0] = mapper.readValue(json, Stamped.class));
        return failure == null ? read[0] : failure.getClass().getName();
    }
}
