package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a person did to a color. Its wire name is lower case, as in the seed system. */
public enum Action {
    CLICK("click"),
    HOVER("hover");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The action with this wire name, or {@code null} when there is none. */
    @JsonCreator
    public static Action fromWireName(String name) {
        for (Action action : values()) {
            if (action.wireName.equals(name)) {
                return action;
            }
        }
        return null;
    }
}
