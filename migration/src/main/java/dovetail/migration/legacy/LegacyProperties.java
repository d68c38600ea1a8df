package dovetail.migration.legacy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The legacy store and how Dovetail follows it. Nothing of the migration runs unless
 * {@code dovetail.legacy.datasource.url} is set (development mode sets it to an embedded database).
 */
@Validated
@ConfigurationProperties("dovetail.legacy")
public record LegacyProperties(@Valid @NotNull @DefaultValue Datasource datasource,
                               @DefaultValue("things") @Pattern(regexp = TABLE) String table,
                               @DefaultValue("false") boolean createTable,
                               @DefaultValue("false") boolean seedable,
                               @Valid @NotNull @DefaultValue Capture capture,
                               @Valid @NotNull @DefaultValue Backfill backfill,
                               @Valid @NotNull @DefaultValue Verifier verifier,
                               @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration drainTimeout) {

    static final String TABLE = "([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}";
    /** Kafka's own rule for topic names; empty means none. */
    static final String KAFKA_TOPIC = "|[a-zA-Z0-9._-]{1,249}";

    /** A JDBC data source of its own (PostgreSQL by default), never Dovetail's. */
    public record Datasource(String url, String username, String password,
                             @DefaultValue("4") @Min(1) @Max(64) int maxPoolSize) {
    }

    /**
     * {@code mode}: {@code auto} (logical replication where the server allows it, else polling),
     * {@code logical}, {@code polling} or {@code off}. {@code deleteScanInterval}: how often polling looks for rows
     * deleted from the legacy table (zero: never). {@code kafkaTopic}: the legacy state topic, read as well when set.
     */
    public record Capture(@DefaultValue("auto") @Pattern(regexp = "auto|logical|polling|off") String mode,
                          @DefaultValue("dovetail_things") @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String slot,
                          @DefaultValue("dovetail_things") @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String publication,
                          @NotNull @DurationMin(millis = 1) @DefaultValue("250ms") Duration pollInterval,
                          @NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration pollLookback,
                          @NotNull @DurationMin(millis = 0) @DefaultValue("1m") Duration deleteScanInterval,
                          @DefaultValue("500") @Min(1) @Max(10000) int batchSize,
                          @Pattern(regexp = KAFKA_TOPIC) String kafkaTopic,
                          @NotBlank @DefaultValue("dovetail-legacy-capture") String kafkaGroup) {
    }

    public record Backfill(@DefaultValue("500") @Min(1) @Max(5000) int batchSize) {
    }

    /** {@code samples}: how many disagreeing rows a report lists (all are counted). */
    public record Verifier(@DefaultValue("100") @Min(0) @Max(10000) int samples) {
    }

    public boolean configured() {
        return datasource.url() != null && !datasource.url().isBlank();
    }
}
