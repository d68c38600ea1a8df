package dovetail.app.functions;

import dovetail.functions.reply.Reply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The functions read and write JSON only, and this is decided before a function runs: a body of another type
 * answers 415 and an {@code Accept} without JSON answers 406, with nothing stored. Otherwise Spring Cloud Function
 * would run the command first and fail only when writing the answer, and a client retrying the 500 would create
 * the Thing twice. A request without {@code Content-Type} is read as JSON (curl's {@code -d} sends a form type,
 * which is refused, but many scripts send none); JSON is UTF-8, so another charset is refused.
 */
final class FunctionMediaTypes {

    static final List<String> SUPPORTED = List.of(MediaType.APPLICATION_JSON_VALUE);

    /** Why a request is refused before its function runs: the status and the reply. */
    record Refusal(int status, Reply reply) {
    }

    private FunctionMediaTypes() {
    }

    /** The refusal of a request whose body or accepted answer is not JSON, or null when it may go on. */
    static Refusal check(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank() && !readable(contentType)) {
            return new Refusal(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, new Reply.UnsupportedMediaType(
                    "The functions read a body of type application/json (UTF-8), not " + contentType.strip(),
                    SUPPORTED));
        }
        String accept = String.join(",", Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        if (!accept.isBlank() && !answerable(accept)) {
            return new Refusal(HttpServletResponse.SC_NOT_ACCEPTABLE, new Reply.NotAcceptable(
                    "The functions answer application/json, which the Accept header (" + accept.strip()
                    + ") does not take", SUPPORTED));
        }
        return null;
    }

    /** The request as the function sees it: a JSON body, and JSON asked for. */
    static HttpServletRequest asJson(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return MediaType.APPLICATION_JSON_VALUE;
            }

            @Override
            public String getHeader(String name) {
                return json(name) ? MediaType.APPLICATION_JSON_VALUE : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return json(name) ? Collections.enumeration(SUPPORTED) : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
                names.removeIf(FunctionMediaTypes::json);
                names.addAll(List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT));
                return Collections.enumeration(names);
            }
        };
    }

    private static boolean json(String header) {
        return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(header) || HttpHeaders.ACCEPT.equalsIgnoreCase(header);
    }

    private static boolean readable(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            String charset = type.getParameter("charset");
            boolean json = MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                           || ("application".equals(type.getType()) && "json".equals(type.getSubtypeSuffix()));
            return json && (charset == null || charset.replace("\"", "").equalsIgnoreCase("utf-8"));
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }

    private static boolean answerable(String accept) {
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.getQualityValue() > 0 && type.includes(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }
}
