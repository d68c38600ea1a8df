package dovetail.app.errors;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Errors that happen outside Dovetail's own code answer JSON too. A request Tomcat refuses before any application
 * code runs (a header over {@code server.max-http-request-header-size}, a malformed request line) gets a JSON
 * report ({@link JsonErrorReport}) instead of Tomcat's HTML page. And {@code /error}, the page Spring Boot forwards failures to, answers 404
 * when asked for directly, instead of a 500 with the made-up status 999.
 */
@Configuration(proxyBeanMethods = false)
class ErrorAnswers {

    private static final String ERROR_PATH = "/error";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> directErrorRequests() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new NotFound());
        registration.addUrlPatterns(ERROR_PATH);
        // only a request for the path itself: a forwarded failure comes as an ERROR dispatch with its own status
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        // runs after Spring Boot's customizer, which adds an HTML report valve without server details
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new JsonErrorReport());
            // or the host adds its default HTML valve when it starts
            host.setErrorReportValveClass(JsonErrorReport.class.getName());
        });
    }

    /** Answers as Spring Boot does for a path that does not exist: 404, with the request's path. */
    private static final class NotFound extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpServletResponse.SC_NOT_FOUND);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
            chain.doFilter(request, response);
        }
    }
}
