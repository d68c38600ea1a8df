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
 * <p>{@code detailed-spans} (false by default) adds Axon's finer spans to every command's trace (see
 * {@link EssentialAxonSpans}, whose condition reads it; it is bound here so that a wrong value stops the start with
 * a message): the local dispatch, each event's publication, the aggregate's lock, each handler method, the read
 * model's event processing and the subscription queries' updates. Without them a command's trace holds its handling,
 * the append of its events and every delivery; each span is built, exported and stored, and the finer ones take a
 * command from two Axon spans to eight.
 */
@Validated
@ConfigurationProperties("dovetail.tracing")
public record TracingProperties(
        @Pattern(regexp = "https?://[^\\s]+\\{traceId}[^\\s]*",
                message = "must be an http(s) URL with {traceId} where the trace id goes")
        String viewerUrl,
        boolean detailedSpans) {
}
