package dovetail.app.tracing;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code dovetail.tracing.*}: where operators look at traces. {@code viewer-url} is a URL template of the trace
 * viewer with {@code {traceId}} in it, e.g. Jaeger's {@code http://localhost:16686/trace/{traceId}} or Grafana
 * Tempo's explore link; the console links each traced event and task error to it. Unset, the console shows trace ids
 * without links.
 *
 * <p>{@code detailed-spans} (false by default) adds Axon's finer spans to every command's trace: one per handler
 * method, the aggregate's lock, the read model's event processing and the subscription queries' updates. Without
 * them a command's trace still holds its dispatch and handling, each event's publication and the append, and every
 * delivery; each span is built, exported and stored, so the finer ones double a command's tracing cost.
 */
@Validated
@ConfigurationProperties("dovetail.tracing")
public record TracingProperties(
        @Pattern(regexp = "https?://[^\\s]+\\{traceId}[^\\s]*",
                message = "must be an http(s) URL with {traceId} where the trace id goes")
        String viewerUrl,
        boolean detailedSpans) {
}
