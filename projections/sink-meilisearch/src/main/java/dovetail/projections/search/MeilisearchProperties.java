package dovetail.projections.search;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Meilisearch is and how long Dovetail waits for it: {@code requestTimeout} bounds every HTTP call,
 * {@code taskTimeout} bounds waiting for an index or settings task to finish. Every index name is prefixed with
 * {@code indexPrefix}, so several deployments (or test classes) can share one server. {@code maxTotalHits} is the
 * index setting up to which Meilisearch counts hits exactly (its own default, 1,000, would cap {@code totalHits}).
 * {@code instances} names further Meilisearch servers that sharded or replicated tasks may use; the server at
 * {@code url} is the instance named {@code default}. Requests and task timeouts, index prefix and
 * {@code maxTotalHits} apply to all of them.
 */
@Validated
@ConfigurationProperties("dovetail.meilisearch")
public record MeilisearchProperties(
        @NotBlank @Pattern(regexp = "https?://[^/?#]+/?", message = "must be http(s)://host:port") @DefaultValue("http://127.0.0.1:7700") String url,
        String apiKey,
        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]*", message = "may hold only A-Z a-z 0-9 _ -") @DefaultValue("") String indexPrefix,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @NotNull @DefaultValue("60s") Duration taskTimeout,
        @Min(1) @DefaultValue("100000") int maxTotalHits,
        Map<String, @Valid Instance> instances) {

    /**
     * A further Meilisearch server. {@code networkUrl} is where the other Meilisearch instances reach this one for
     * federated search (by default {@code url}; differs when Dovetail and Meilisearch see each other under other
     * names, as in a compose network). {@code apiKey} also serves as the key other instances search it with.
     */
    public static final String DEFAULT_INSTANCE = dovetail.domain.synctask.SyncTaskRules.DEFAULT_INSTANCE;

    public record Instance(
            @NotBlank @Pattern(regexp = "https?://[^/?#]+/?", message = "must be http(s)://host:port") String url,
            String apiKey,
            @Pattern(regexp = "https?://[^/?#]+/?", message = "must be http(s)://host:port") String networkUrl) {

        public Instance {
            url = url == null ? null : url.replaceAll("/+$", "");
            apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
            networkUrl = networkUrl == null || networkUrl.isBlank() ? url : networkUrl.replaceAll("/+$", "");
        }
    }

    @ConstructorBinding
    public MeilisearchProperties {
        instances = instances == null ? Map.of() : Map.copyOf(instances);
        if (instances.containsKey(DEFAULT_INSTANCE)) {
            throw new IllegalArgumentException("dovetail.meilisearch.instances." + DEFAULT_INSTANCE
                    + " is the server at dovetail.meilisearch.url: give the other instances other names");
        }
        url = url == null ? null : url.replaceAll("/+$", "");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        indexPrefix = indexPrefix == null ? "" : indexPrefix;
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("taskTimeout", taskTimeout);
    }

    public MeilisearchProperties(String url, String apiKey, String indexPrefix, Duration requestTimeout,
                                 Duration taskTimeout, int maxTotalHits) {
        this(url, apiKey, indexPrefix, requestTimeout, taskTimeout, maxTotalHits, Map.of());
    }

    /** These settings, pointing at another server. */
    public MeilisearchProperties at(String otherUrl, String otherApiKey) {
        return new MeilisearchProperties(otherUrl, otherApiKey, indexPrefix, requestTimeout, taskTimeout, maxTotalHits,
                Map.of());
    }

    /** The defaults, pointing at {@code url}. */
    public static MeilisearchProperties of(String url, String apiKey, String indexPrefix) {
        return new MeilisearchProperties(url, apiKey, indexPrefix, Duration.ofSeconds(10), Duration.ofSeconds(60),
                100_000);
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("dovetail.meilisearch." + name + " must be positive, not " + value);
        }
    }
}
