package dovetail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.projections.search.MeilisearchIndexes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How Meilisearch grouped tasks into indexing batches ({@code GET /batches}): how many, how large, and how long each
 * took. Consecutive additions enqueued while a batch runs are indexed together, so this shows whether a run fed
 * Meilisearch in few large batches (as a bulk ingest does) or many small ones.
 */
final class MeilisearchBatches {

    private MeilisearchBatches() {
    }

    /** e.g. {@code "meilisearch batches: 3 (5,000 docs 0.41 s, 40,000 docs 1.30 s, 5,000 docs 0.30 s)"} */
    static String describe(MeilisearchIndexes indexes, String indexUid) {
        return describe(indexes, "limit=100&indexUids=" + indexUid, -1);
    }

    /** The uid of the latest batch, so that {@link #describeAfter} shows a run's batches, whatever their indexes. */
    static long latest(MeilisearchIndexes indexes) {
        try {
            JsonNode results = read(indexes, "limit=1");
            return results.size() == 0 ? -1 : results.get(0).path("uid").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The document batches after batch {@code uid}, on any index. */
    static String describeAfter(MeilisearchIndexes indexes, long uid) {
        return describe(indexes, "limit=500", uid);
    }

    private static String describe(MeilisearchIndexes indexes, String query, long after) {
        try {
            JsonNode results = read(indexes, query);
            int count = 0;
            StringBuilder each = new StringBuilder();
            for (int i = results.size() - 1; i >= 0; i--) {
                JsonNode batch = results.get(i);
                JsonNode documents = batch.path("details").path("receivedDocuments");
                if (documents.isMissingNode() || batch.path("uid").asLong() <= after) {
                    continue; // index creation, settings, swaps; or earlier
                }
                count++;
                each.append(each.length() == 0 ? "" : ", ").append(String.format("%,d docs %.2f s",
                        documents.asLong(), Duration.parse(batch.path("duration").asText("PT0S")).toMillis() / 1e3));
                if (Boolean.getBoolean("bench.batch-trace")) {
                    each.append(trace(batch.path("stats").path("progressTrace")));
                }
            }
            return "meilisearch batches: " + count + " (" + each + ")";
        } catch (Exception e) {
            return "meilisearch batches: not read (" + e + ")";
        }
    }

    /**
     * With {@code -Dbench.batch-trace=true}: the batch's steps as Meilisearch traced them ({@code stats.progressTrace},
     * each step's time), the longest first, those of 50 ms or more.
     */
    private static String trace(JsonNode steps) {
        List<Map.Entry<String, Double>> timed = new ArrayList<>();
        steps.fields().forEachRemaining(step -> timed.add(Map.entry(step.getKey(), seconds(step.getValue().asText()))));
        timed.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        StringBuilder text = new StringBuilder(" [");
        for (Map.Entry<String, Double> step : timed) {
            if (step.getValue() >= 0.05) {
                text.append(text.length() == 2 ? "" : "; ").append(String.format("%s %.2f s", step.getKey(),
                        step.getValue()));
            }
        }
        return text.append(']').toString();
    }

    /** A step's time as Meilisearch writes it, e.g. {@code "1.25s"}, {@code "310.52ms"}, {@code "12.3µs"}. */
    private static double seconds(String text) {
        String number = text.replaceAll("[^0-9.]", "");
        if (number.isEmpty()) {
            return 0;
        }
        double value = Double.parseDouble(number);
        return text.endsWith("ms") ? value / 1e3 : text.endsWith("µs") ? value / 1e6 : text.endsWith("ns") ? value / 1e9
                : value;
    }

    private static JsonNode read(MeilisearchIndexes indexes, String query) throws Exception {
        String key = indexes.properties().apiKey();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(indexes.properties().url().replaceAll("/$", "")
                + "/batches?" + query)).timeout(Duration.ofSeconds(10));
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).path("results");
    }
}
