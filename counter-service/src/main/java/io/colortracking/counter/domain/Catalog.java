package io.colortracking.counter.domain;

import io.colortracking.events.Action;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ids of actions and palette colors in the database, loaded once at start. */
public final class Catalog {

    private final Map<Action, Short> actionIds = new HashMap<>();
    private final Map<Short, Action> actionsById = new HashMap<>();
    private final Map<String, Short> colorIds = new HashMap<>();
    private final Map<Short, String> colorsById = new HashMap<>();

    /** Reads the catalog, first adding palette colors the database does not know yet. */
    static Catalog load(Connection connection, List<String> palette) throws SQLException {
        try (var insert = connection.prepareStatement(
                "INSERT INTO colors (name) SELECT unnest(?::text[]) ON CONFLICT (name) DO NOTHING")) {
            insert.setArray(1, connection.createArrayOf("text", palette.toArray()));
            insert.executeUpdate();
        }
        Catalog catalog = new Catalog();
        try (var statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM actions")) {
                while (rows.next()) {
                    Action action = Action.fromWireName(rows.getString(2));
                    if (action != null) {
                        catalog.actionIds.put(action, rows.getShort(1));
                        catalog.actionsById.put(rows.getShort(1), action);
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM colors")) {
                while (rows.next()) {
                    catalog.colorIds.put(rows.getString(2), rows.getShort(1));
                    catalog.colorsById.put(rows.getShort(1), rows.getString(2));
                }
            }
        }
        for (Action action : Action.values()) {
            if (!catalog.actionIds.containsKey(action)) {
                throw new IllegalStateException("The actions table lacks '" + action.wireName() + "'");
            }
        }
        return catalog;
    }

    short actionId(Action action) {
        return actionIds.get(action);
    }

    Action action(short id) {
        return actionsById.get(id);
    }

    /** @return the color's id, or {@code null} for a color outside the catalog */
    Short colorId(String color) {
        return colorIds.get(color);
    }

    String color(short id) {
        return colorsById.get(id);
    }
}
