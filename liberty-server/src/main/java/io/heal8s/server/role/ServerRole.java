package io.heal8s.server.role;

import io.heal8s.operator.Role;
import io.heal8s.server.config.Settings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * The half of heal8s this server runs ({@value Role#KEY}, {@code HEAL8S_ROLE}, set by the chart), read once. It is
 * read first thing at start-up, so that a value that is none of the allowed ones fails the application's start with
 * a message naming the key, rather than a pod that runs the wrong half.
 */
@ApplicationScoped
public class ServerRole {

    private static final Logger LOG = Logger.getLogger(ServerRole.class.getName());

    private volatile Role role;

    // When the application context starts, before the Startup observers (the playbooks, the operator, the warm-up).
    // An exception thrown here fails the application's start (Liberty only records one thrown by a Startup observer).
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE)
            @Initialized(ApplicationScoped.class) Object event) {
        Role current;
        try {
            current = role();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("heal8s cannot start: " + e.getMessage(), e);
        }
        LOG.info("heal8s role: " + current.value());
    }

    /**
     * The role.
     *
     * @throws IllegalArgumentException naming {@value Role#KEY} and the allowed values when the configured one is none
     */
    public Role role() {
        Role current = role;
        if (current == null) {
            current = Settings.role();
            role = current;
        }
        return current;
    }
}
