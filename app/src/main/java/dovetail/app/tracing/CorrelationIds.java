package dovetail.app.tracing;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.MDC;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A correlation id follows each request: the {@code X-Correlation-Id} it carries, or else the id of the trace the
 * request runs in (so the id a client sees is the one to look up in the trace viewer and in the logs, which carry
 * trace and span ids), or, where nothing is traced, a UUID. It is answered in the same header, and carried by the
 * commands the request sends as their {@code traceId}, which Axon copies onto every event they cause. A client's own
 * id is also put in the log context ({@code correlationId}) of every line logged for the request, and on the
 * request's span ({@code dovetail.correlation_id}), so either id finds the other.
 *
 * <p>Commands sent where no request is (the Kafka intake, scheduled work) carry their trace's id the same way.
 */
@Configuration(proxyBeanMethods = false)
class CorrelationIds implements InitializingBean {

    static final String HEADER = "X-Correlation-Id";
    static final String LOG_KEY = "correlationId";
    static final String TRACE_KEY = "traceId";
    static final String SPAN_ATTRIBUTE = "dovetail.correlation_id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final CommandBus commandBus;

    CorrelationIds(CommandBus commandBus) {
        this.commandBus = commandBus;
    }

    @Override
    public void afterPropertiesSet() {
        // GraphQL resolves fields on other threads: carry the log context to them
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(LOG_KEY));
        commandBus.registerDispatchInterceptor(traceCommands());
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> correlationIdFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String given = request.getHeader(HEADER);
                if (given == null || !ACCEPTABLE.matcher(given).matches()) {
                    String traceId = currentTraceId();
                    response.setHeader(HEADER, traceId != null ? traceId : UUID.randomUUID().toString());
                    chain.doFilter(request, response);
                    return;
                }
                response.setHeader(HEADER, given);
                Span.current().setAttribute(SPAN_ATTRIBUTE, given);
                MDC.put(LOG_KEY, given);
                try {
                    chain.doFilter(request, response);
                } finally {
                    MDC.remove(LOG_KEY);
                }
            }
        });
        // after Spring's HTTP observation filter (HIGHEST_PRECEDENCE + 1), which starts the request's span
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** The id of the trace this thread is in, or null where nothing is traced. */
    static String currentTraceId() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    private static MessageDispatchInterceptor<CommandMessage<?>> traceCommands() {
        return messages -> (index, command) -> {
            String given = MDC.get(LOG_KEY);
            String id = given != null ? given : currentTraceId();
            return id == null || command.getMetaData().containsKey(TRACE_KEY)
                    ? command : command.andMetaData(Map.of(TRACE_KEY, id));
        };
    }
}
