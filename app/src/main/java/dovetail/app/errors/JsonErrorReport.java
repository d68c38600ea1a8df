package dovetail.app.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.projections.sink.FailureText;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's report of a request it refused itself, in the shape Spring Boot answers errors with ({@code timestamp},
 * {@code status}, {@code error}, {@code message}). Tomcat's own JSON report lists the exception and its stack trace.
 */
final class JsonErrorReport extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own reports: not for success, not over content already written, once per response
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String message = FailureText.withoutClassNames(response.getMessage() != null ? response.getMessage()
                : throwable != null ? throwable.getMessage() : null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toString());
        body.put("status", status);
        body.put("error", known == null ? "Error" : known.getReasonPhrase());
        if (!message.isEmpty()) {
            body.put("message", message);
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (JsonProcessingException unwritable) {
            // a map of strings and a number is always writable
        } catch (IOException | IllegalStateException closed) {
            // the client is gone, or the response was closed meanwhile: nothing to report to
        }
    }
}
