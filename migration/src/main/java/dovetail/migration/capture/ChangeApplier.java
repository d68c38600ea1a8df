package dovetail.migration.capture;

import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.ImportThing;
import dovetail.domain.thing.ImportThings;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.ReserveThingIds;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.VersionConflict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns captured legacy changes into commands and returns once the event store holds them; only then may a source
 * acknowledge its position. A change at or below the version the event store holds changes nothing (that is how
 * Dovetail's own writes, projected into the legacy table, come back and stop). A row that breaks the Thing rules
 * (an empty name, say, or one holding a control character) cannot be imported: it is refused, logged, counted and
 * shown in the capture status with its row id and reason, and passed, so one bad row does not stop capture; once
 * the row is corrected in the legacy store, its next change is captured as usual.
 *
 * <p>Each application is traced: a span for the captured transaction (or batch) as a whole, the commands it sends
 * its children, and a span per captured change under it, which says what became of the change ({@code captured},
 * {@code unchanged}, {@code refused}). The events the commands append carry that trace, so their deliveries to every
 * sink, the legacy table's own included, link back to the legacy change.
 */
final class ChangeApplier {

    private static final Logger log = LoggerFactory.getLogger(ChangeApplier.class);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Timer lag;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final String source;
    private final Clock clock;
    /** The largest id this applier has kept Dovetail's allocation past; saves a command per batch. */
    private long reserved = -1;

    ChangeApplier(CommandGateway commands, QueryGateway queries, MeterRegistry meters, Tracer tracer, String source,
                  Clock clock) {
        this.tracer = tracer;
        this.commands = commands;
        this.queries = queries;
        this.meters = meters;
        this.source = source;
        this.clock = clock;
        this.lag = Timer.builder("dovetail.migration.capture.lag")
                .description("Legacy commit to the change stored in the event store")
                .tag("source", source).publishPercentiles(0.5, 0.95, 0.99).register(meters);
    }

    /** Applies the changes in order (the last change of an id wins) and counts them into {@code stats}. */
    void apply(List<CapturedChange> changes, CaptureStats stats) {
        if (changes.isEmpty()) {
            return;
        }
        Span span = tracer.spanBuilder().name("legacy capture").kind(Span.Kind.CONSUMER).setNoParent()
                .tag("dovetail.capture.source", source).tag("dovetail.capture.changes", Integer.toString(changes.size()))
                .start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            applyTraced(changes, stats);
        } catch (RuntimeException failure) {
            span.error(failure);
            throw failure;
        } finally {
            span.end();
        }
    }

    /** A span under the capture's for one captured change, saying what became of it. */
    private void traceChange(CapturedChange change, String outcome) {
        if (tracer == Tracer.NOOP) {
            return;
        }
        tracer.nextSpan().name("legacy change").tag("dovetail.legacy.id", Long.toString(change.id()))
                .tag("dovetail.legacy.change", change instanceof CapturedChange.Upsert ? "upsert" : "delete")
                .tag("dovetail.capture.outcome", outcome).start().end();
    }

    private void applyTraced(List<CapturedChange> changes, CaptureStats stats) {
        Map<Long, CapturedChange> last = new LinkedHashMap<>();
        changes.forEach(change -> last.put(change.id(), change));
        List<CapturedChange.Upsert> upserts = new ArrayList<>();
        long captured = 0;
        long ignored = 0;
        long maxId = -1;
        for (CapturedChange change : last.values()) {
            if (change instanceof CapturedChange.Upsert upsert) {
                upserts.add(upsert);
                maxId = Math.max(maxId, upsert.id());
            } else if (remove(change.id())) {
                captured++;
                lag.record(lagOf(change));
                traceChange(change, "captured");
            } else {
                ignored++;
                traceChange(change, "unchanged");
            }
        }
        if (!upserts.isEmpty()) {
            List<ImportThing> imports = upserts.stream().map(upsert -> upsert.row().toImport()).toList();
            List<ThingOutcome> outcomes = commands.sendAndWait(new ImportThings(imports));
            for (int i = 0; i < outcomes.size(); i++) {
                ThingOutcome outcome = outcomes.get(i);
                if (outcome instanceof ThingAccepted accepted && accepted.changed()) {
                    captured++;
                    lag.record(lagOf(upserts.get(i)));
                    traceChange(upserts.get(i), "captured");
                } else {
                    ignored++;
                    traceChange(upserts.get(i), outcome instanceof InvalidInput ? "refused" : "unchanged");
                    if (outcome instanceof InvalidInput invalid) {
                        meters.counter("dovetail.migration.capture.rejected", "source", source).increment();
                        String refusal = "legacy row " + upserts.get(i).id() + ": " + invalid.problems().stream()
                                .map(problem -> problem.field() + " " + problem.message())
                                .collect(java.util.stream.Collectors.joining("; "));
                        stats.refused(refusal, clock.instant());
                        log.warn("Refused and passed over {}", refusal);
                    }
                }
            }
            if (maxId > reserved) {
                commands.sendAndWait(new ReserveThingIds(maxId));
                reserved = maxId;
            }
        }
        CapturedChange newest = changes.get(changes.size() - 1);
        stats.counted(captured, ignored, (double) lagOf(newest).toMillis());
    }

    /** A legacy delete: the Thing goes too, at the version Dovetail holds. False when it is gone already. */
    private boolean remove(long id) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<ThingView> current = queries.query(new FindThing(Long.toString(id)),
                    ResponseTypes.optionalInstanceOf(ThingView.class)).join();
            if (current.isEmpty()) {
                return false;
            }
            ThingOutcome outcome = commands.sendAndWait(new DeleteThing(current.get().id(), current.get().version()));
            if (!(outcome instanceof VersionConflict)) {
                return outcome instanceof ThingAccepted;
            }
        }
        throw new IllegalStateException("Thing " + id + " kept changing while its legacy deletion was applied");
    }

    private Duration lagOf(CapturedChange change) {
        Duration lagged = Duration.between(change.changedAt(), clock.instant());
        return lagged.isNegative() ? Duration.ZERO : lagged;
    }
}
