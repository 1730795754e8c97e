package io.heal8s.engine.alert;

import java.util.Locale;

/** Whether an Alertmanager alert (or a whole notification) is firing or resolved. */
public enum AlertStatus {
    FIRING("firing"),
    RESOLVED("resolved");

    private final String wire;

    AlertStatus(String wire) {
        this.wire = wire;
    }

    /** The value as Alertmanager writes it. */
    public String wire() {
        return wire;
    }

    /** Parses Alertmanager's wire value; returns null for anything else so the caller can name the field. */
    public static AlertStatus fromWire(String value) {
        if (value == null) {
            return null;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "firing":
                return FIRING;
            case "resolved":
                return RESOLVED;
            default:
                return null;
        }
    }
}
