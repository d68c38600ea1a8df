package dovetail.projections.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.projections.sink.FailureText;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * Calls to one Meilisearch server outside the SDK, over our own OkHttp client with the server's key: a batch of
 * documents streamed as it is, and what meilisearch-java 0.15 lacks (federation, the network settings).
 */
final class MeilisearchHttp {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeilisearchProperties properties;
    private final OkHttpClient http;

    MeilisearchHttp(MeilisearchProperties properties) {
        this.properties = properties;
        this.http = MeilisearchClients.okHttp(properties.requestTimeout());
    }

    /**
     * Adds (or replaces) documents, each already written as JSON, and answers the task Meilisearch enqueued. The
     * body is streamed from the documents as they are: the SDK takes a batch as one string, and a batch of 40,000
     * documents then made three copies of ~12 MB each (bytes, string, bytes again), large enough for the collector to
     * treat them as humongous objects and start a marking cycle for them.
     */
    int addDocuments(String indexUid, String primaryKey, List<byte[]> documents) {
        String action = "add " + documents.size() + " document(s) to " + indexUid;
        long length = 2 + Math.max(0, documents.size() - 1);
        for (byte[] document : documents) {
            length += document.length;
        }
        long contentLength = length;
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON_TYPE;
            }

            @Override
            public long contentLength() {
                return contentLength;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeByte('[');
                for (int i = 0; i < documents.size(); i++) {
                    if (i > 0) {
                        sink.writeByte(',');
                    }
                    sink.write(documents.get(i));
                }
                sink.writeByte(']');
            }
        };
        HttpUrl url = HttpUrl.get(url()).newBuilder().addPathSegment("indexes").addPathSegment(indexUid)
                .addPathSegment("documents").addQueryParameter("primaryKey", primaryKey).build();
        String text = exchange(new Request.Builder().url(url).post(body), "Meilisearch at " + url(), action);
        JsonNode answer;
        try {
            answer = JSON.readTree(text);
        } catch (IOException notJson) {
            answer = null;
        }
        if (answer == null || !answer.path("taskUid").canConvertToInt()) {
            throw new MeilisearchFailure("Meilisearch at " + url() + " answered without a task for index "
                    + indexUid, null, null);
        }
        return answer.path("taskUid").asInt();
    }

    /**
     * Sends a request to this server outside the SDK, with its key, and answers the response's text; a refusal (with
     * Meilisearch's code and message) or an unreachable server is a {@link MeilisearchFailure} naming {@code who}.
     */
    String exchange(Request.Builder request, String who, String action) {
        if (properties.apiKey() != null && !properties.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + properties.apiKey());
        }
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (!response.isSuccessful()) {
                String code = null;
                String message = text;
                try {
                    JsonNode error = JSON.readTree(text);
                    code = error.path("code").asText(null);
                    message = error.path("message").asText(text);
                } catch (IOException notJson) {
                    // keep the raw text
                }
                throw new MeilisearchFailure(who + " refused to " + action + ": " + code + ": " + message, code, null);
            }
            return text;
        } catch (IOException e) {
            throw new MeilisearchFailure(who + " unreachable: " + FailureText.reason(e) + " (while trying to " + action + ")",
                    null, e);
        }
    }

    private String url() {
        return properties.url();
    }
}
