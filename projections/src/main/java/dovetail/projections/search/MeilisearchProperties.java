package dovetail.projections.search;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Meilisearch is and how long Dovetail waits for it: {@code requestTimeout} bounds every HTTP call,
 * {@code taskTimeout} bounds waiting for an index or settings task to finish. Every index name is prefixed with
 * {@code indexPrefix}, so several deployments (or test classes) can share one server. {@code maxTotalHits} is the
 * index setting up to which Meilisearch counts hits exactly (its own default, 1,000, would cap {@code totalHits}).
 */
@Validated
@ConfigurationProperties("dovetail.meilisearch")
public record MeilisearchProperties(
        @NotBlank @Pattern(regexp = "https?://[^/?#]+/?", message = "must be http(s)://host:port") @DefaultValue("http://127.0.0.1:7700") String url,
        String apiKey,
        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]*", message = "may hold only A-Z a-z 0-9 _ -") @DefaultValue("") String indexPrefix,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @NotNull @DefaultValue("60s") Duration taskTimeout,
        @Min(1) @DefaultValue("100000") int maxTotalHits) {

    public MeilisearchProperties {
        url = url == null ? null : url.replaceAll("/+$", "");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        indexPrefix = indexPrefix == null ? "" : indexPrefix;
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("taskTimeout", taskTimeout);
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
