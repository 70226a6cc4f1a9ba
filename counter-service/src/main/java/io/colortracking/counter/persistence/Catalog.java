package io.colortracking.counter.persistence;

import io.colortracking.counter.config.CounterConfig;
import io.colortracking.events.Action;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@code actions} and {@code colors} tables: the small ids the counts are stored under, loaded
 * once at start (palette colors the database does not know yet are added first).
 */
@Singleton
public class Catalog {

    private final Map<Action, Short> actionIds = new ConcurrentHashMap<>();
    private final Map<Short, Action> actionsById = new ConcurrentHashMap<>();
    private final Map<String, Short> colorIds = new ConcurrentHashMap<>();
    private final Map<Short, String> colorsById = new ConcurrentHashMap<>();
    private final DataSource dataSource;
    private final List<String> palette;

    public Catalog(DataSource dataSource, CounterConfig config) {
        this.dataSource = dataSource;
        this.palette = config.palette();
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (var insert = connection.prepareStatement(
                    "INSERT INTO colors (name) SELECT unnest(?::text[]) ON CONFLICT (name) DO NOTHING")) {
                SqlArrays.texts(insert, 1, palette, color -> color);
                insert.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT id, name FROM actions")) {
                    while (rows.next()) {
                        Action action = Action.fromWireName(rows.getString(2));
                        if (action != null) {
                            actionIds.put(action, rows.getShort(1));
                            actionsById.put(rows.getShort(1), action);
                        }
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT id, name FROM colors")) {
                    while (rows.next()) {
                        colorIds.put(rows.getString(2), rows.getShort(1));
                        colorsById.put(rows.getShort(1), rows.getString(2));
                    }
                }
            }
        }
        for (Action action : Action.values()) {
            if (!actionIds.containsKey(action)) {
                throw new IllegalStateException("The actions table lacks '" + action.wireName() + "'");
            }
        }
    }

    public short actionId(Action action) {
        return actionIds.get(action);
    }

    public Action action(short id) {
        return actionsById.get(id);
    }

    /** @return the color's id, or {@code null} for a color outside the catalog */
    public Short colorId(String color) {
        return colorIds.get(color);
    }

    public String color(short id) {
        return colorsById.get(id);
    }
}
