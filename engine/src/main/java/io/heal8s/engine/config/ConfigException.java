package io.heal8s.engine.config;

/** A configuration value that cannot be used; the message names the key, the value and what is accepted. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
