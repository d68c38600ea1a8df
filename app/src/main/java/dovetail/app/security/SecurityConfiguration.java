package dovetail.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer tokens with roles on every HTTP entry point. Health probes stay open for orchestrators; everything else
 * needs a token ({@code read} at least), GraphQL operations need the role the schema declares ({@link OperationRoles}),
 * functions the role each declares ({@link FunctionAuthorization}), and writes through the legacy facade need
 * {@code operator} ({@link LegacyFacadeAuthorization}).
 * Missing or unknown token: 401; too weak a role: 403; both with a JSON body.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    BearerTokens bearerTokens(SecurityProperties properties, Environment environment) {
        return new BearerTokens(properties, environment);
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(Role.ADMIN.name()).implies(Role.OPERATOR.name())
                .role(Role.OPERATOR.name()).implies(Role.READ.name()).build();
    }

    @Bean
    OpaqueTokenIntrospector bearerTokenLookup(BearerTokens tokens) {
        return token -> tokens.find(token)
                .map(holder -> (org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal)
                        new OAuth2IntrospectionAuthenticatedPrincipal(holder.name(),
                                Map.of("sub", holder.name(), "role", holder.role().name()),
                                List.of(new SimpleGrantedAuthority(holder.role().authority()))))
                .orElseThrow(() -> new BadOpaqueTokenException("unknown token"));
    }

    // only where there is HTTP to protect (a benchmark runs the application without a web server)
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain security(HttpSecurity http, SecurityProperties properties,
                                 OpaqueTokenIntrospector bearerTokenLookup, GraphQlAuthorization graphQlRoles,
                                 RoleHierarchy roles) throws Exception {
        http.csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .httpBasic(basic -> basic.disable())
            .formLogin(form -> form.disable());
        AuthenticationEntryPoint unauthorized = (request, response, failure) ->
                refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHORIZED",
                        "A valid bearer token is required (Authorization: Bearer <token>)");
        AccessDeniedHandler forbidden = (request, response, denied) ->
                refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN",
                        "This token's role does not allow this request");
        if (!properties.enabled()) {
            log.warn("SECURITY IS OFF (dovetail.security.enabled=false): every endpoint answers without a token");
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                            .requestMatchers("/graphiql", "/graphiql/**", "/error").permitAll()
                            // the console's files hold no data; it asks for a token and sends it with every request
                            .requestMatchers("/console", "/console/**", "/webjars/**").permitAll()
                            // browsers cannot send headers on a WebSocket: the token then comes in connection_init
                            .requestMatchers(SocketTokens::isHandshake).permitAll();
                    FunctionAuthorization.rules(requests, roles);
                    LegacyFacadeAuthorization.rules(requests);
                    requests.anyRequest().hasRole(Role.READ.name());
                })
            .oauth2ResourceServer(server -> server
                    .opaqueToken(opaque -> opaque.introspector(bearerTokenLookup))
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(forbidden))
            .exceptionHandling(exceptions -> exceptions
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(forbidden))
            .addFilterAfter(new GraphQlRoleFilter(graphQlRoles), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * The same shape as a GraphQL error, so clients read one format whatever refused them; the legacy facade's old
     * clients get the legacy error shape instead.
     */
    static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String classification,
                       String message) throws IOException {
        if (LegacyFacadeAuthorization.covers(request)) {
            LegacyFacadeAuthorization.refuse(response, status, message);
        } else {
            refuse(response, status, classification, message);
        }
    }

    static void refuse(HttpServletResponse response, int status, String classification, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getOutputStream().write(("{\"errors\":[{\"message\":\"" + message
                + "\",\"extensions\":{\"classification\":\"" + classification + "\"}}]}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
