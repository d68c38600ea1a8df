package dovetail.app.tracing;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code dovetail.tracing.*}: where operators look at traces. {@code viewer-url} is a URL template of the trace
 * viewer with {@code {traceId}} in it, e.g. Jaeger's {@code http://localhost:16686/trace/{traceId}} or Grafana
 * Tempo's explore link; the console links each traced event and task error to it. Unset, the console shows trace ids
 * without links.
 */
@Validated
@ConfigurationProperties("dovetail.tracing")
public record TracingProperties(
        @Pattern(regexp = "https?://[^\\s]+\\{traceId}[^\\s]*",
                message = "must be an http(s) URL with {traceId} where the trace id goes")
        String viewerUrl) {
}
