package dovetail.migration.steps;

import dovetail.domain.migration.MigrationCutOver;
import dovetail.domain.migration.MigrationLegacyRetired;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.migration.MigrationRolledBack;
import dovetail.domain.migration.MigrationStarted;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The migration's mode, one row, changed in the same transaction as the event that changes it: every instance
 * routes the facade by it, so a cutover is in effect everywhere the moment it commits.
 */
@Component
@ProcessingGroup(MigrationState.PROCESSING_GROUP)
public class MigrationState {

    static final String PROCESSING_GROUP = "migration-state";

    public record Mode(MigrationMode mode, Instant since) {
    }

    private final JdbcTemplate jdbc;

    MigrationState(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The mode now: {@code LEGACY_PRIMARY} until a first step was recorded. */
    public Mode current() {
        List<Mode> rows = jdbc.query("select mode, mode_since from migration_state where id = 'migration'",
                (rs, i) -> new Mode(MigrationMode.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant()));
        return rows.isEmpty() ? new Mode(MigrationMode.LEGACY_PRIMARY, null) : rows.get(0);
    }

    public MigrationMode mode() {
        return current().mode();
    }

    @EventHandler
    void on(MigrationStarted event) {
        set(MigrationMode.LEGACY_PRIMARY, event.at());
    }

    @EventHandler
    void on(MigrationCutOver event) {
        set(MigrationMode.NEW_PRIMARY, event.at());
    }

    @EventHandler
    void on(MigrationRolledBack event) {
        set(MigrationMode.LEGACY_PRIMARY, event.at());
    }

    @EventHandler
    void on(MigrationLegacyRetired event) {
        set(MigrationMode.LEGACY_RETIRED, event.at());
    }

    private void set(MigrationMode mode, Instant at) {
        jdbc.update("insert into migration_state (id, mode, mode_since) values ('migration', ?, ?) "
                    + "on conflict (id) do update set mode = excluded.mode, mode_since = excluded.mode_since",
                mode.name(), Timestamp.from(at));
    }

    @Configuration(proxyBeanMethods = false)
    static class Processing {

        @Bean
        ConfigurerModule subscribingMigrationState() {
            return configurer -> configurer.eventProcessing()
                    .registerSubscribingEventProcessor(PROCESSING_GROUP);
        }
    }
}
