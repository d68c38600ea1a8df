package dovetail.projections.webhook;

import dovetail.domain.synctask.WebhookFormat;
import dovetail.domain.synctask.WebhookRules;
import dovetail.projections.json.Instants;
import dovetail.projections.sink.FailureText;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One task's receiver: posts a body of records, signed, and answers what the receiver said. Before each request it
 * checks the URL against the hosts this deployment allows now, so a host taken off the list gets nothing more. The
 * client follows no redirect (a redirect could lead to a host that is not allowed), and every request has the
 * task's batch timeout.
 */
final class WebhookEndpoint implements AutoCloseable {

    /** How much of an answer's body an operator sees in a reason. */
    private static final int EXCERPT = 200;

    /** The receiver's answer: its status and the start of its body, as one line of text. */
    record Answer(int status, String excerpt) {

        /**
         * 4xx answers about the request rather than its records: credentials, address, method, or come back later.
         * A batch answered so is retried whole, never split up and parked, since every half would be answered alike.
         */
        private static final Set<Integer> NOT_ABOUT_THE_RECORDS = Set.of(401, 403, 404, 405, 407, 408, 421, 425, 429);

        boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** The receiver refuses these records for good. */
        boolean refused() {
            return status >= 400 && status < 500 && !NOT_ABOUT_THE_RECORDS.contains(status);
        }

        String describe() {
            return status + (excerpt.isEmpty() ? "" : " " + excerpt);
        }
    }

    private final String taskId;
    private final URI uri;
    private final String url;
    private final WebhookFormat format;
    private final WebhookSignature signature;
    private final Set<String> allowedHosts;
    private final ExecutorService threads;
    private final HttpClient client;

    WebhookEndpoint(String taskId, String url, WebhookFormat format, String secret, Set<String> allowedHosts,
                    Duration connectTimeout) {
        this.taskId = taskId;
        this.url = url;
        this.uri = URI.create(url);
        this.format = format;
        this.signature = new WebhookSignature(secret);
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "webhook-" + taskId);
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().executor(threads).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Throws when this deployment does not let the task post to its URL (any more). */
    void checkAllowed() {
        String problem = WebhookRules.urlProblem(url, allowedHosts);
        if (problem != null) {
            throw new WebhookFailure(describe() + " is not posted to: the URL " + problem);
        }
    }

    /** Posts the records as one request; an exception when the receiver was not reached or did not answer in time. */
    Answer post(List<WebhookRecords.Item> items, Duration timeout) {
        checkAllowed();
        String sentAt = Instants.format(Instant.now());
        byte[] body = WebhookRecords.body(taskId, format, sentAt, items);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Dovetail")
                .header("X-Dovetail-Task", taskId)
                .header("X-Dovetail-Timestamp", sentAt)
                .header("X-Dovetail-Signature", signature.of(body));
        // the delivery's span (the task makes one per batch): a receiver that traces continues its trace
        W3CTraceContextPropagator.getInstance().inject(Context.current(), builder, HttpRequest.Builder::header);
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                return new Answer(response.statusCode(), excerpt(answer.readNBytes(EXCERPT * 4)));
            }
        } catch (HttpConnectTimeoutException e) {
            throw new WebhookFailure(describe() + " could not be reached: no connection within the batch timeout", e);
        } catch (HttpTimeoutException e) {
            throw new WebhookFailure(describe() + " did not answer a batch of " + items.size() + " record(s) within "
                    + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new WebhookFailure(describe() + " could not be reached: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookFailure("Interrupted while posting to " + describe(), e);
        }
    }

    /** The receiver answered, but not so that the batch counts as taken: it is retried whole. */
    WebhookFailure failed(Answer answer, int records) {
        String why = answer.status() >= 300 && answer.status() < 400 ? " (redirects are not followed)" : "";
        return new WebhookFailure(describe() + " answered " + answer.describe() + why + " to a batch of " + records
                                  + " record(s)");
    }

    /** {@code webhook <scheme>://<host>[:port]<path>}: no query, which may hold a token. */
    String describe() {
        return "webhook " + uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? ""
                : uri.getRawPath());
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** The JDK client reports a refused connection as a message-less exception around another: say it plainly. */
    private static String reason(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
        }
        return FailureText.reason(e);
    }

    /** The start of an answer's body as one line, for operators: no control characters, no Java class names. */
    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}+", " ").strip();
        text = FailureText.withoutClassNames(text);
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
