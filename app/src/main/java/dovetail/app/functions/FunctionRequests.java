package dovetail.app.functions;

import dovetail.functions.OfferedFunction;
import dovetail.functions.reply.Reply;
import dovetail.graphql.support.BufferedBody;
import dovetail.functions.reply.RequestReader;
import dovetail.functions.reply.RequestReader.MalformedRequestException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Type;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.web.FunctionHttpProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP requests to the functions ({@code POST /functions/<name>}). The body is read once, up to
 * {@link #MAX_BODY_BYTES} (more answers 413), so that authorization can look at it (see
 * {@code FunctionAuthorization}); after authorization, a name that is not an {@link OfferedFunction} answers 404
 * with those there are, a method other than POST 405, a body or {@code Accept} that is not JSON answers 415 or 406
 * (see {@link FunctionMediaTypes}) and a body that is not the JSON the function takes answers 400 with a
 * {@code MalformedRequest}, before Spring Cloud Function sees it.
 */
@Configuration(proxyBeanMethods = false)
public class FunctionRequests {

    public static final String PATH = "/functions";
    /** Where the body of a request to a function is kept, as bytes, for authorization to read. */
    public static final String BODY_ATTRIBUTE = FunctionRequests.class.getName() + ".body";
    static final int MAX_BODY_BYTES = 256 * 1024;

    /**
     * Spring Cloud Function's own list of what POST may run ({@code spring.cloud.function.http.POST}): the offered
     * functions, and no other (such as the Kafka intake's {@code thingCommands}).
     */
    @Bean
    static BeanPostProcessor postOnlyOfferedFunctions() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof FunctionHttpProperties http) {
                    http.setPost(String.join(";", OfferedFunction.names()));
                }
                return bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> functionBodies() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new BodyFilter());
        registration.addUrlPatterns(PATH + "/*");
        // before Spring Security, whose authorization of syncTaskControl reads the body
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> functionInputs(FunctionCatalog functions) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new InputFilter(functions));
        registration.addUrlPatterns(PATH + "/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    /** The function a request names, or null. */
    static String functionName(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : null;
    }

    /** The body {@link BodyFilter} kept, or null for a request it did not read. */
    static byte[] body(HttpServletRequest request) {
        return request.getAttribute(BODY_ATTRIBUTE) instanceof byte[] body ? body : null;
    }

    static void answer(HttpServletResponse response, int status, Reply reply) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(RequestReader.write(reply));
    }

    private static final class BodyFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!"POST".equals(request.getMethod())) {
                chain.doFilter(request, response);
                return;
            }
            byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                answer(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, new Reply.MalformedRequest(
                        "The request is larger than " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            request.setAttribute(BODY_ATTRIBUTE, body);
            chain.doFilter(new BufferedBody(request, body), response);
        }
    }

    private static final class InputFilter extends OncePerRequestFilter {

        private final FunctionCatalog functions;

        InputFilter(FunctionCatalog functions) {
            this.functions = functions;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String name = functionName(request);
            if (name == null) {
                chain.doFilter(request, response);
                return;
            }
            if (!"POST".equals(request.getMethod())) {
                response.setHeader("Allow", "POST");
                answer(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                        new Reply.MalformedRequest("Functions are called with POST"));
                return;
            }
            if (OfferedFunction.named(name).isEmpty()) {
                answer(response, HttpServletResponse.SC_NOT_FOUND, new Reply.UnknownFunction(
                        "No function over HTTP is named " + name, OfferedFunction.names()));
                return;
            }
            byte[] body = body(request);
            if (body == null) {
                chain.doFilter(request, response);
                return;
            }
            FunctionMediaTypes.Refusal refusal = FunctionMediaTypes.check(request);
            if (refusal != null) {
                answer(response, refusal.status(), refusal.reply());
                return;
            }
            FunctionInvocationWrapper function = functions.lookup(name);
            Type input = function == null ? null : function.getInputType();
            try {
                Class<?> type = input == null ? null : ResolvableType.forType(input).resolve();
                if (type != null) {
                    RequestReader.read(RequestReader.tree(body), type);
                }
            } catch (MalformedRequestException malformed) {
                answer(response, HttpServletResponse.SC_BAD_REQUEST, malformed.reply());
                return;
            }
            chain.doFilter(FunctionMediaTypes.asJson(request), response);
        }
    }
}
