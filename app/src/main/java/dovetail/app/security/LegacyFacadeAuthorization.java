package dovetail.app.security;

import dovetail.migration.facade.LegacyJson;
import dovetail.migration.facade.LegacyThingsController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * The legacy REST facade takes the same bearer tokens: reading needs {@code read}, writing {@code operator}. Its
 * 401 and 403 answer in the legacy error shape ({@code {"error-message": …}}), the only one its old clients read.
 */
final class LegacyFacadeAuthorization {

    private LegacyFacadeAuthorization() {
    }

    static void rules(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests) {
        String path = LegacyThingsController.PATH;
        requests.requestMatchers(HttpMethod.POST, path, path + "/**").hasRole(Role.OPERATOR.name());
    }

    static boolean covers(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(LegacyThingsController.PATH) || path.startsWith(LegacyThingsController.PATH + "/");
    }

    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getOutputStream().write(LegacyJson.error(message));
    }
}
