package dovetail.migration.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;

/** Which failures mean the legacy server will not replicate (fall back to polling) and which mean try again. */
class LogicalReplicationRefusalTest {

    @Test
    void aServerThatWillNotReplicateIsARefusal() {
        assertThat(LogicalReplicationCapture.refusal(new PermissionDeniedDataAccessException("slot",
                new SQLException("permission denied to use replication slots", "42501"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("permission denied", "SQLSTATE 42501"));
        assertThat(LogicalReplicationCapture.refusal(new UncategorizedSQLException("slot", "select",
                new SQLException("logical decoding requires \"wal_level\" >= \"logical\"", "55000")))).isPresent();
        assertThat(LogicalReplicationCapture.refusal(new IllegalStateException("Could not open a replication "
                + "connection", new SQLException("no pg_hba.conf entry for replication connection", "28000"))))
                .isPresent();
        assertThat(LogicalReplicationCapture.refusal(new SQLException("all replication slots are in use", "53400")))
                .isPresent();
    }

    @Test
    void aServerThatDoesNotAnswerIsNot() {
        assertThat(LogicalReplicationCapture.refusal(new IllegalStateException("Could not open a replication "
                + "connection", new SQLException("Connection to 127.0.0.1:5432 refused", "08001")))).isEmpty();
        assertThat(LogicalReplicationCapture.refusal(new SQLException("terminating connection", "57P01"))).isEmpty();
        assertThat(LogicalReplicationCapture.refusal(new IllegalStateException("no SQL here"))).isEmpty();
    }
}
