package io.colortracking.counter.persistence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * {@code tenant_numbers}: a number per tenant key, so the counted ids' rows hold four bytes instead
 * of the key's text. A number is given the first time a tenant's event is counted, in a transaction
 * of its own (committed before any row uses it, whatever becomes of the batch's), and never changes:
 * it is kept in memory once read.
 */
@ApplicationScoped
public class TenantNumbers {

    private final DataSource dataSource;
    private final Map<String, Integer> known = new ConcurrentHashMap<>();

    public TenantNumbers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return each key's number, given now where it had none */
    public Map<String, Integer> of(Collection<String> apiKeys) throws SQLException {
        Map<String, Integer> numbers = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String apiKey : apiKeys) {
            Integer number = known.get(apiKey);
            if (number != null) {
                numbers.put(apiKey, number);
            } else if (!numbers.containsKey(apiKey)) {
                unknown.add(apiKey);
            }
        }
        if (!unknown.isEmpty()) {
            Map<String, Integer> given;
            try {
                given = QuarkusTransaction.requiringNew().call(() -> give(unknown));
            } catch (RuntimeException e) {
                throw e.getCause() instanceof SQLException sql ? sql : new SQLException("Tenant numbers not given", e);
            }
            known.putAll(given);
            numbers.putAll(given);
        }
        return numbers;
    }

    /** Gives the keys their numbers where they had none; reads them again until every key has one. */
    private Map<String, Integer> give(List<String> apiKeys) throws SQLException {
        Map<String, Integer> numbers = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO tenant_numbers (api_key) SELECT k FROM unnest(?::text[]) AS u(k) ORDER BY k
                        ON CONFLICT DO NOTHING""");
                PreparedStatement select = connection.prepareStatement(
                        "SELECT api_key, tenant FROM tenant_numbers WHERE api_key = ANY (?::text[])")) {
            // two statements: the second sees a number another instance gave meanwhile (committed)
            SqlArrays.texts(insert, 1, apiKeys, key -> key);
            insert.executeUpdate();
            SqlArrays.texts(select, 1, apiKeys, key -> key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    numbers.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        if (numbers.size() != apiKeys.size()) {
            throw new SQLException("No tenant number for "
                    + apiKeys.stream().filter(k -> !numbers.containsKey(k)).toList());
        }
        return numbers;
    }
}
