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
import javax.sql.DataSource;

/** The {@code api_keys} table: counter-service owns the keys; the other services read the topic. */
@ApplicationScoped
public class KeyStore {

    private final DataSource dataSource;

    public KeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<ApiKey> all() throws SQLException {
        List<ApiKey> keys = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT api_key, name, allowed_origins, rate_limit_per_second, created_at, revoked
                        FROM api_keys ORDER BY api_key""");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Array origins = rows.getArray(3);
                keys.add(new ApiKey(rows.getString(1), rows.getString(2),
                        Arrays.asList((String[]) origins.getArray()), rows.getInt(4),
                        rows.getTimestamp(5).toInstant(), rows.getBoolean(6)));
            }
        }
        return keys;
    }
}
