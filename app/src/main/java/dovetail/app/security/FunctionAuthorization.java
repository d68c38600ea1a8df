package dovetail.app.security;

import dovetail.app.functions.FunctionRequests;
import dovetail.functions.OfferedFunction;
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
 * The role each function needs over HTTP, as {@link OfferedFunction} declares it beside the function (GraphQL declares
 * its roles in the schema): one role for every request, or, for {@code syncTaskControl}, the role of the action the
 * request's body names. Another name or method under {@code /functions} needs a known token, and is then answered 404
 * or 405 with what there is.
 */
final class FunctionAuthorization {

    private FunctionAuthorization() {
    }

    static void rules(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests,
                      RoleHierarchy roles) {
        String path = FunctionRequests.PATH + "/";
        for (OfferedFunction function : OfferedFunction.values()) {
            var post = requests.requestMatchers(HttpMethod.POST, path + function.functionName());
            function.role().ifPresentOrElse(role -> post.hasRole(tokenRole(role).name()),
                    () -> post.access(byRequest(function, roles)));
        }
        // any other name or method: a known token is told what there is (404, 405) where the request is read
        requests.requestMatchers(FunctionRequests.PATH, path + "**").hasRole(Role.READ.name());
    }

    private static AuthorizationManager<RequestAuthorizationContext> byRequest(OfferedFunction function,
                                                                               RoleHierarchy roles) {
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
            byte[] body = (byte[]) context.getRequest().getAttribute(FunctionRequests.BODY_ATTRIBUTE);
            Role needed = tokenRole(function.roleFor(body));
            Authentication who = authentication.get();
            boolean granted = who != null && who.isAuthenticated() && roles.getReachableGrantedAuthorities(who.getAuthorities())
                    .stream().map(GrantedAuthority::getAuthority).anyMatch(needed.authority()::equals);
            return new AuthorizationDecision(granted);
        };
    }

    /** The token role of the same name as the role a function declares. */
    private static Role tokenRole(dovetail.functions.access.Role role) {
        return Role.valueOf(role.name());
    }
}
