package dovetail.app.tracing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The trace viewer's URL template, for clients (the console) that link trace ids to it. */
@Controller
@EnableConfigurationProperties(TracingProperties.class)
class TraceViewerQuery {

    private final TracingProperties properties;

    TraceViewerQuery(TracingProperties properties) {
        this.properties = properties;
    }

    @QueryMapping
    String traceViewerUrl() {
        return properties.viewerUrl();
    }
}
