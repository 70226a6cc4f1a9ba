package io.colortracking.counter.keys;

import io.colortracking.events.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code api_keys} table: counter-service owns the keys; the other services read the topic.
 * A change is committed only once its record is on the topic, so table and topic agree.
 */
@ApplicationScoped
public class KeyStore {

    private static final String COLUMNS = "api_key, name, allowed_origins, rate_limit_per_second, created_at, revoked";

    private final DataSource dataSource;
    private final ApiKeysPublisher publisher;

    public KeyStore(DataSource dataSource, ApiKeysPublisher publisher) {
        this.dataSource = dataSource;
        this.publisher = publisher;
    }

    public List<ApiKey> all() throws SQLException {
        List<ApiKey> keys = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM api_keys ORDER BY api_key");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.add(key(rows));
            }
        }
        return keys;
    }

    /**
     * Publishes every key as the table holds it, the rows share-locked until the broker
     * acknowledged them all: a revocation committed meanwhile (here or on another instance) waits,
     * and is published after this snapshot, never overwritten by it.
     *
     * @return how many keys were published
     */
    public int publishAll() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM api_keys ORDER BY api_key FOR SHARE");
                    ResultSet rows = select.executeQuery()) {
                List<ApiKey> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(key(rows));
                }
                publisher.publish(keys);
                connection.commit();
                return keys.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** @return the new key, or empty when a key of that name exists already (revoked ones included) */
    public Optional<ApiKey> create(String apiKey, String name, List<String> allowedOrigins, int rateLimitPerSecond)
            throws Exception {
        return change("""
                INSERT INTO api_keys (api_key, name, allowed_origins, rate_limit_per_second)
                VALUES (?, ?, ?, ?) ON CONFLICT (api_key) DO NOTHING""", (connection, insert) -> {
            insert.setString(1, apiKey);
            insert.setString(2, name);
            insert.setArray(3, connection.createArrayOf("text", allowedOrigins.toArray()));
            insert.setInt(4, rateLimitPerSecond);
        });
    }

    /** @return the revoked key, or empty when there is no such key */
    public Optional<ApiKey> revoke(String apiKey) throws Exception {
        return change("UPDATE api_keys SET revoked = true WHERE api_key = ?",
                (connection, update) -> update.setString(1, apiKey));
    }

    private interface Binder {
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs a statement that changes at most one key, publishes the key as it then is, and commits
     * once the broker acknowledged it.
     *
     * @return the changed key, or empty when the statement changed none
     */
    private Optional<ApiKey> change(String sql, Binder binder) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql + " RETURNING " + COLUMNS)) {
                binder.bind(connection, statement);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        connection.rollback();
                        return Optional.empty();
                    }
                    return Optional.of(publishThenCommit(connection, key(rows)));
                }
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private ApiKey publishThenCommit(Connection connection, ApiKey key) throws Exception {
        // the row stays locked until the broker acknowledged the record; if it does not, nothing changes
        publisher.publish(List.of(key));
        try {
            connection.commit();
        } catch (SQLException e) {
            // on the topic but maybe not in the table: put the table's word back on the topic
            republishCommitted(key.apiKey());
            throw e;
        }
        return key;
    }

    private void republishCommitted(String apiKey) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM api_keys WHERE api_key = ?")) {
            select.setString(1, apiKey);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    publisher.publish(List.of(key(rows)));
                } else {
                    publisher.publishDeleted(apiKey);
                }
            }
        } catch (Exception e) {
            // the database is gone; the next start republishes the table (a stray created key stays
            // on the topic until then)
        }
    }

    private static ApiKey key(ResultSet rows) throws SQLException {
        Array origins = rows.getArray(3);
        return new ApiKey(rows.getString(1), rows.getString(2), Arrays.asList((String[]) origins.getArray()),
                rows.getInt(4), rows.getTimestamp(5).toInstant(), rows.getBoolean(6));
    }
}
