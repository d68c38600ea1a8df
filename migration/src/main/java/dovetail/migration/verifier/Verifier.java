package dovetail.migration.verifier;

import static dovetail.migration.legacy.IdOrder.next;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.domain.migration.DriftCounts;
import dovetail.domain.migration.DriftKind;
import dovetail.domain.migration.DriftRow;
import dovetail.domain.migration.LegacyStoreNotConfigured;
import dovetail.domain.migration.VerificationOutcome;
import dovetail.domain.migration.VerificationReport;
import dovetail.domain.migration.VerifyMigration;
import dovetail.domain.thing.ListThings;
import dovetail.domain.thing.ThingPage;
import dovetail.migration.legacy.IdOrder;
import dovetail.migration.legacy.LegacyProperties;
import dovetail.migration.legacy.LegacyRow;
import dovetail.migration.legacy.LegacyStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dual-run verifier: walks the legacy table and the read model side by side in id order and reports ids only
 * one side has, ids at different versions (stale) and ids at the same version whose content differs (name, foo as
 * the legacy store keeps it, and both timestamps, hashed). The last report is kept for every instance and shown
 * as gauges ({@code dovetail.migration.drift{kind}}, {@code dovetail.migration.rows{side}}); {@link VerifierSchedule}
 * runs it on its own and keeps every instance's gauges current.
 */
@Component
public class Verifier {

    private static final int PAGE = 5_000;

    private final ObjectProvider<LegacyStore> store;
    private final QueryGateway queries;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final int maxSamples;
    private final Map<DriftKind, AtomicLong> drift = new EnumMap<>(DriftKind.class);
    private final AtomicLong legacyRows = new AtomicLong();
    private final AtomicLong newRows = new AtomicLong();

    Verifier(ObjectProvider<LegacyStore> store, QueryGateway queries, JdbcTemplate jdbc, ObjectMapper json,
             LegacyProperties properties, MeterRegistry meters) {
        this.store = store;
        this.queries = queries;
        this.jdbc = jdbc;
        this.json = json;
        this.maxSamples = properties.verifier().samples();
        for (DriftKind kind : DriftKind.values()) {
            AtomicLong count = new AtomicLong();
            drift.put(kind, count);
            Gauge.builder("dovetail.migration.drift", count, AtomicLong::get).tag("kind", kind.name().toLowerCase())
                 .description("Rows the last verifier run found apart, by kind").register(meters);
        }
        Gauge.builder("dovetail.migration.rows", legacyRows, AtomicLong::get).tag("side", "legacy")
             .description("Rows each side held at the last verifier run").register(meters);
        Gauge.builder("dovetail.migration.rows", newRows, AtomicLong::get).tag("side", "new").register(meters);
    }

    @QueryHandler
    VerificationOutcome handle(VerifyMigration query) {
        LegacyStore legacy = store.getIfAvailable();
        return legacy == null ? new LegacyStoreNotConfigured() : run(legacy);
    }

    public VerificationReport run(LegacyStore legacy) {
        Instant started = Instant.now();
        long[] counts = new long[6];
        List<DriftRow> samples = new ArrayList<>();
        Iterator<LegacyRow> left = IdOrder.pages(PAGE, after -> legacy.page(after, PAGE), LegacyRow::id);
        Iterator<LegacyRow> right = IdOrder.pages(PAGE, after -> queries.query(new ListThings(PAGE, after),
                ResponseTypes.instanceOf(ThingPage.class)).join().things().stream().map(LegacyRow::of).toList(),
                LegacyRow::id);
        LegacyRow l = next(left);
        LegacyRow r = next(right);
        while (l != null || r != null) {
            if (r == null || (l != null && l.id() < r.id())) {
                counts[0]++;
                counts[2]++;
                sample(samples, new DriftRow(Long.toString(l.id()), DriftKind.MISSING_IN_NEW, l.version(), null));
                l = next(left);
            } else if (l == null || r.id() < l.id()) {
                counts[1]++;
                counts[3]++;
                sample(samples, new DriftRow(Long.toString(r.id()), DriftKind.MISSING_IN_LEGACY, null, r.version()));
                r = next(right);
            } else {
                counts[0]++;
                counts[1]++;
                if (l.version() != r.version()) {
                    counts[4]++;
                    sample(samples, new DriftRow(Long.toString(l.id()), DriftKind.STALE, l.version(), r.version()));
                } else if (l.contentHash() != r.contentHash()) {
                    counts[5]++;
                    sample(samples, new DriftRow(Long.toString(l.id()), DriftKind.DIFFERENT, l.version(), r.version()));
                }
                l = next(left);
                r = next(right);
            }
        }
        VerificationReport report = new VerificationReport(started, Duration.between(started, Instant.now()).toMillis(),
                new DriftCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]), samples);
        remember(report);
        return report;
    }

    /** The last report of any instance, or empty before the first run. */
    public Optional<VerificationReport> last() {
        return jdbc.query("select report from migration_verification where id = 'last'", (rs, i) -> rs.getString(1))
                   .stream().findFirst().map(text -> {
                       try {
                           return json.readValue(text, VerificationReport.class);
                       } catch (JsonProcessingException e) {
                           throw new IllegalStateException("The stored verifier report cannot be read", e);
                       }
                   });
    }

    /** Sets the gauges to what {@code report} found (another instance's report, say). */
    void show(VerificationReport report) {
        DriftCounts c = report.counts();
        drift.get(DriftKind.MISSING_IN_NEW).set(c.missingInNew());
        drift.get(DriftKind.MISSING_IN_LEGACY).set(c.missingInLegacy());
        drift.get(DriftKind.STALE).set(c.stale());
        drift.get(DriftKind.DIFFERENT).set(c.different());
        legacyRows.set(c.legacyRows());
        newRows.set(c.newRows());
    }

    private void remember(VerificationReport report) {
        show(report);
        try {
            jdbc.update("insert into migration_verification (id, at, report) values ('last', ?, ?) "
                        + "on conflict (id) do update set at = excluded.at, report = excluded.report",
                    Timestamp.from(report.at()), json.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A verifier report cannot be written", e);
        }
    }

    private void sample(List<DriftRow> samples, DriftRow row) {
        if (samples.size() < maxSamples) {
            samples.add(row);
        }
    }
}
