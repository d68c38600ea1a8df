package dovetail.app.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A bearer token for a GraphQL WebSocket, given either on the handshake ({@code Authorization} header, checked by
 * the HTTP security filters) or, since browsers cannot set headers on a WebSocket, in the graphql-transport-ws
 * {@code connection_init} payload as {@code {"Authorization": "Bearer <token>"}} (the key in any case, or under
 * {@code "headers"}). A session that shows neither a
 * known token is closed with 4401 before any operation runs; the protocol refuses operations before the
 * initialisation anyway.
 */
@Component
class SocketTokens implements WebSocketGraphQlInterceptor {

    /** Session attribute holding the authentication taken from {@code connection_init}. */
    static final String AUTHENTICATION = SocketTokens.class.getName() + ".authentication";

    private static final String BEARER = "Bearer ";

    private final SecurityProperties properties;
    private final OpaqueTokenIntrospector tokens;

    SocketTokens(SecurityProperties properties, OpaqueTokenIntrospector tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    /** A WebSocket handshake on the GraphQL path: it may come without a token, which must then follow in the payload. */
    static boolean isHandshake(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "/graphql".equals(request.getRequestURI())
               && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        if (!properties.enabled()) {
            return Mono.empty();
        }
        return session.getPrincipal().map(handshake -> (Object) Map.of()).switchIfEmpty(Mono.defer(() -> {
            Optional<Authentication> authentication = authenticate(authorization(payload));
            if (authentication.isEmpty()) {
                return Mono.error(new IllegalArgumentException("no known bearer token in connection_init"));
            }
            session.getAttributes().put(AUTHENTICATION, authentication.get());
            return Mono.empty();
        }));
    }

    /**
     * The {@code Authorization} value of a {@code connection_init} payload: its key in any case (header names are
     * case-insensitive, and clients send either), at the top level or under {@code headers}, as common GraphQL
     * clients put it.
     */
    static Object authorization(Map<String, Object> payload) {
        if (payload == null) {
            return null;
        }
        for (Map.Entry<String, Object> entry : payload.entrySet()) {
            if ("authorization".equalsIgnoreCase(entry.getKey())) {
                return entry.getValue();
            }
        }
        for (Map.Entry<String, Object> entry : payload.entrySet()) {
            if ("headers".equalsIgnoreCase(entry.getKey()) && entry.getValue() instanceof Map<?, ?> headers) {
                for (Map.Entry<?, ?> header : headers.entrySet()) {
                    if (header.getKey() instanceof String name && "authorization".equalsIgnoreCase(name)) {
                        return header.getValue();
                    }
                }
            }
        }
        return null;
    }

    /** The authentication a session's {@code connection_init} carried, if any. */
    static Optional<Authentication> of(WebSocketSessionInfo session) {
        return Optional.ofNullable(session.getAttributes().get(AUTHENTICATION))
                       .filter(Authentication.class::isInstance).map(Authentication.class::cast);
    }

    private Optional<Authentication> authenticate(Object header) {
        if (!(header instanceof String value) || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = value.substring(BEARER.length()).trim();
        try {
            var principal = tokens.introspect(token);
            return Optional.of(new BearerTokenAuthentication(principal,
                    new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, null, null),
                    principal.getAuthorities()));
        } catch (OAuth2IntrospectionException unknown) {
            return Optional.empty();
        }
    }
}
