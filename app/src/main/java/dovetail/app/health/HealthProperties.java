package dovetail.app.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code maxTaskLag}: a sync task further behind than this degrades health. {@code timeout}: how long one health
 * check (an engine, the sync tasks) may take before it counts as down, so that a probe answers within its own
 * timeout (Kubernetes' default is 1 s) however an engine fails.
 */
@ConfigurationProperties("dovetail.health")
record HealthProperties(@DefaultValue("60s") Duration maxTaskLag, @DefaultValue("800ms") Duration timeout) {
}
