package dovetail.graphql.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses GraphQL request bodies over {@code dovetail.graphql.max-request-size} with 413 and a GraphQL-shaped
 * error, before anything parses them. Bodies without a declared length are read up to the limit and no further.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GraphQlLimits.class)
class RequestSizeLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> graphQlRequestSizeLimit(GraphQlLimits limits) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new LimitFilter(limits.maxRequestSize().toBytes()));
        registration.addUrlPatterns("/graphql", "/graphql/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    private static final class LimitFilter extends OncePerRequestFilter {

        private final long maxBytes;

        LimitFilter(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > maxBytes) {
                refuse(response);
                return;
            }
            if (request.getContentLengthLong() >= 0) {
                chain.doFilter(request, response);
                return;
            }
            byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
            if (body.length > maxBytes) {
                refuse(response);
                return;
            }
            chain.doFilter(new BufferedBody(request, body), response);
        }

        private void refuse(HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(("{\"errors\":[{\"message\":\"Request body exceeds " + maxBytes
                    + " bytes\",\"extensions\":{\"classification\":\"PAYLOAD_TOO_LARGE\"}}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }

        private static byte[] readAtMost(InputStream in, long limit) throws IOException {
            return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
        }
    }
}
