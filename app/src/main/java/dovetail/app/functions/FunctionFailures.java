package dovetail.app.functions;

import dovetail.functions.reply.Reply;
import dovetail.functions.reply.RequestReader;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.web.mvc.FunctionController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A function that fails (its database or search engine unreachable, a bug) answers 500 with an
 * {@code InternalError} whose error id is also logged, never a stack trace.
 */
@RestControllerAdvice(assignableTypes = FunctionController.class)
class FunctionFailures {

    private static final Logger log = LoggerFactory.getLogger(FunctionFailures.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> failed(Exception failure) {
        String errorId = UUID.randomUUID().toString();
        log.error("A function failed (error id {})", errorId, failure);
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_JSON)
                .body(RequestReader.write(new Reply.InternalError(
                        "Dovetail could not handle the request; error id " + errorId, errorId)));
    }
}
