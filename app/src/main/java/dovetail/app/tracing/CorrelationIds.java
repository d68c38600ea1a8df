package dovetail.app.tracing;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
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
 * A correlation id follows each request: taken from {@code X-Correlation-Id} (or made up), answered in the same
 * header, put in the log context ({@code correlationId}) of every line logged for the request, and carried by the
 * commands it sends as their {@code traceId}, which Axon copies onto every event they cause — so a Thing's events,
 * and every sink that handles them, can be traced back to the request.
 */
@Configuration(proxyBeanMethods = false)
class CorrelationIds implements InitializingBean {

    static final String HEADER = "X-Correlation-Id";
    static final String LOG_KEY = "correlationId";
    static final String TRACE_KEY = "traceId";
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
                String id = given != null && ACCEPTABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
                response.setHeader(HEADER, id);
                MDC.put(LOG_KEY, id);
                try {
                    chain.doFilter(request, response);
                } finally {
                    MDC.remove(LOG_KEY);
                }
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static MessageDispatchInterceptor<CommandMessage<?>> traceCommands() {
        return messages -> (index, command) -> {
            String id = MDC.get(LOG_KEY);
            return id == null || command.getMetaData().containsKey(TRACE_KEY)
                    ? command : command.andMetaData(Map.of(TRACE_KEY, id));
        };
    }
}
