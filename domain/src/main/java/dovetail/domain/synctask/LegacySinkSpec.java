package dovetail.domain.synctask;

/**
 * A table of the legacy store: the configured data source it lives in ({@code legacy}, from
 * {@code dovetail.legacy.datasource.*}) and its name (optionally schema-qualified), in the legacy row shape.
 */
public record LegacySinkSpec(String dataSource, String table) {
}
