package dovetail.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.graphql.support.BufferedBody;
import dovetail.graphql.support.RootFields;
import graphql.language.Document;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a GraphQL request over HTTP whose operation needs a role the token does not hold with HTTP 403 (and the
 * same JSON body as every refusal), before anything runs. A convenience: {@link FieldAuthorization} checks each
 * field where it runs all the same. Over WebSocket, where there is no status to set, the
 * {@link GraphQlAuthorization} interceptor answers a {@code FORBIDDEN} error instead. The body is at most
 * {@code dovetail.graphql.max-request-size}: the size limit runs before security.
 */
final class GraphQlRoleFilter extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GraphQlAuthorization authorization;

    GraphQlRoleFilter(GraphQlAuthorization authorization) {
        this.authorization = authorization;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !"/graphql".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readAllBytes();
        Optional<String> refusal = refusal(request, body);
        if (refusal.isPresent()) {
            SecurityConfiguration.refuse(response, HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN", refusal.get());
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    /** The refusal of the first field the token may not ask for; empty when all is allowed or the request is not readable. */
    private Optional<String> refusal(HttpServletRequest servletRequest, byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException unreadable) {
            return Optional.empty(); // GraphQL itself answers a malformed request, and nothing runs
        }
        RootFields.Parsed parsed = RootFields.parse(request.path("query").asText(""));
        // kept for the GraphQL interceptors, which would otherwise parse the same text again
        servletRequest.setAttribute(RootFields.PARSED, parsed);
        Document document = parsed.document();
        if (document == null) {
            return Optional.empty();
        }
        String operationName = request.path("operationName").isTextual() ? request.get("operationName").asText()
                : null;
        return authorization.firstDenied(document, operationName,
                SecurityContextHolder.getContext().getAuthentication());
    }
}
