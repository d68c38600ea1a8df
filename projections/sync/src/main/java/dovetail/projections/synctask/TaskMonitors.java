package dovetail.projections.synctask;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This instance's view of each task: a monitor (counts, rates, latency, last error) per target that ran here, keyed
 * {@code <task>} for a task's only target or {@code <task>@<target>}; a task's own key also holds what went wrong
 * with its full sync as a whole (it could not start or hand over).
 */
@Component
class TaskMonitors {

    private final Map<String, TaskMonitor> monitors = new ConcurrentHashMap<>();
    /** A batch whose first event is older than this is delivered in a trace of its own, not the request's. */
    static final Duration SAME_TRACE_LIMIT = Duration.ofMinutes(2);

    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final DeliverySpans spans;

    /** @param tracing {@code management.tracing.enabled}: false, and no delivery is traced nor event read for it */
    TaskMonitors(ObjectProvider<MeterRegistry> meters, ObjectProvider<Tracer> tracer,
                 @Qualifier("eventSerializer") ObjectProvider<Serializer> eventSerializer,
                 @Value("${management.tracing.enabled:true}") boolean tracing) {
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.spans = new DeliverySpans(tracing ? tracer.getIfAvailable(() -> Tracer.NOOP) : Tracer.NOOP,
                eventSerializer.getIfAvailable(), SAME_TRACE_LIMIT, clock);
    }

    /** The monitor of one target of the task (null: its only target, or the task itself). */
    TaskMonitor of(String taskId, String target) {
        return monitors.computeIfAbsent(key(taskId, target), key -> new TaskMonitor(key, meters, clock, spans));
    }

    /** A monitor of its own for the copy a full sync builds for a target; the caller closes it. */
    TaskMonitor ofCopy(String taskId, String target) {
        return new TaskMonitor(key(taskId, target) + "/full-sync", meters, clock, spans);
    }

    Optional<TaskMonitor> find(String taskId, String target) {
        return Optional.ofNullable(monitors.get(key(taskId, target)));
    }

    boolean has(String taskId) {
        return monitors.keySet().stream().anyMatch(key -> ofTask(key, taskId));
    }

    /** Closes every monitor of a deleted task. */
    void close(String taskId) {
        monitors.keySet().removeIf(key -> {
            if (ofTask(key, taskId)) {
                TaskMonitor monitor = monitors.get(key);
                if (monitor != null) {
                    monitor.close();
                }
                return true;
            }
            return false;
        });
    }

    private static boolean ofTask(String key, String taskId) {
        return key.equals(taskId) || key.startsWith(taskId + "@");
    }

    private static String key(String taskId, String target) {
        return target == null ? taskId : taskId + "@" + target;
    }
}
