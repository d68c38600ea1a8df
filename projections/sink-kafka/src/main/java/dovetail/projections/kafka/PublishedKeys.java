package dovetail.projections.kafka;

import java.sql.Array;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys a Kafka state topic holds, as far as Dovetail wrote them: a task whose filter can drop a Thing publishes
 * a tombstone for a key only when the key is here, so consumers of a filtered state topic are not handed a tombstone
 * for every event of every Thing that never matched. Kept in PostgreSQL beside the task's position.
 */
final class PublishedKeys {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    PublishedKeys(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Registers a topic the first time a sink writes it, and answers whether its keys are known exactly: only for a
     * topic that Dovetail created (with {@code created} true the first time it was registered).
     */
    boolean register(String topic, boolean created) {
        jdbc.update("insert into kafka_state_topic (topic, exact) values (?, ?) on conflict (topic) do nothing",
                topic, created);
        return Boolean.TRUE.equals(jdbc.queryForObject("select exact from kafka_state_topic where topic = ?",
                Boolean.class, topic));
    }

    /** Which of these Things' keys the topic holds. */
    Set<String> known(String topic, Collection<String> ids) {
        if (ids.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "select thing_id from kafka_state_key where topic = ? and thing_id = any(?)");
            statement.setString(1, topic);
            statement.setArray(2, array(connection, ids));
            return statement;
        }, (rs, i) -> rs.getString(1)));
    }

    /** Records what a delivered batch left: the keys it published, and those it tombstoned. */
    void record(String topic, Collection<String> published, Collection<String> removed) {
        if (published.isEmpty() && removed.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            if (!published.isEmpty()) {
                jdbc.update(connection -> {
                    var statement = connection.prepareStatement("insert into kafka_state_key (topic, thing_id) "
                            + "select ?, unnest(?) on conflict do nothing");
                    statement.setString(1, topic);
                    statement.setArray(2, array(connection, published));
                    return statement;
                });
            }
            if (!removed.isEmpty()) {
                jdbc.update(connection -> {
                    var statement = connection.prepareStatement(
                            "delete from kafka_state_key where topic = ? and thing_id = any(?)");
                    statement.setString(1, topic);
                    statement.setArray(2, array(connection, removed));
                    return statement;
                });
            }
        });
    }

    private static Array array(java.sql.Connection connection, Collection<String> ids) throws java.sql.SQLException {
        return connection.createArrayOf("text", ids.toArray());
    }
}
