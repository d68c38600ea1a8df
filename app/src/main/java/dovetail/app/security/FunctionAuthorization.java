package dovetail.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.app.functions.FunctionRequests;
import dovetail.functions.reply.RequestReader;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The role each function needs over HTTP, in one table (GraphQL declares its roles in the schema): reading
 * ({@code getThing}, {@code searchThings}) needs {@code read}; Thing changes need {@code operator};
 * {@code syncTaskControl} needs what its action needs ({@code get}, {@code list}: read; {@code pause},
 * {@code resume}: operator; {@code create}, {@code update}, {@code fullSync}, {@code delete}: admin). Another name or
 * method under {@code /functions} needs a known token, and is then answered 404 or 405 with what there is.
 */
final class FunctionAuthorization {

    private static final Map<String, Role> FUNCTIONS = Map.of(
            "getThing", Role.READ, "searchThings", Role.READ,
            "createThing", Role.OPERATOR, "updateThing", Role.OPERATOR, "deleteThing", Role.OPERATOR);
    private static final Map<String, Role> TASK_ACTIONS = Map.of(
            "get", Role.READ, "list", Role.READ, "pause", Role.OPERATOR, "resume", Role.OPERATOR,
            "create", Role.ADMIN, "update", Role.ADMIN, "fullSync", Role.ADMIN, "delete", Role.ADMIN);

    private FunctionAuthorization() {
    }

    static void rules(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests,
                      RoleHierarchy roles) {
        String path = FunctionRequests.PATH + "/";
        FUNCTIONS.forEach((function, role) ->
                requests.requestMatchers(HttpMethod.POST, path + function).hasRole(role.name()));
        requests.requestMatchers(HttpMethod.POST, path + "syncTaskControl").access(syncTaskControl(roles));
        // any other name or method: a known token is told what there is (404, 405) where the request is read
        requests.requestMatchers(FunctionRequests.PATH, path + "**").hasRole(Role.READ.name());
    }

    private static AuthorizationManager<RequestAuthorizationContext> syncTaskControl(RoleHierarchy roles) {
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
            Role needed = neededFor(context);
            Authentication who = authentication.get();
            boolean granted = who != null && who.isAuthenticated() && roles.getReachableGrantedAuthorities(who.getAuthorities())
                    .stream().map(GrantedAuthority::getAuthority).anyMatch(needed.authority()::equals);
            return new AuthorizationDecision(granted);
        };
    }

    /** A body that names no known action changes nothing (the function refuses it), so reading suffices. */
    private static Role neededFor(RequestAuthorizationContext context) {
        byte[] body = (byte[]) context.getRequest().getAttribute(FunctionRequests.BODY_ATTRIBUTE);
        try {
            JsonNode action = RequestReader.tree(body).path("action");
            return TASK_ACTIONS.getOrDefault(action.asText(), Role.READ);
        } catch (RequestReader.MalformedRequestException malformed) {
            return Role.READ;
        }
    }
}
