package io.heal8s.server.logging;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fields added to the log records written on this thread while the scope is open: in Liberty's JSON logs (the
 * container's format, {@code WLP_LOGGING_CONSOLE_FORMAT=JSON}) each appears as its own {@code ext_<name>} field, so that
 * a log pipeline can filter by Remediation, alert fingerprint or phase instead of parsing messages.
 *
 * <p>Built on Liberty's {@code com.ibm.websphere.logging.hpel.LogRecordContext} (an IBM API every application sees),
 * looked up at run time so that the classes also run outside Liberty, where a scope simply adds nothing.
 *
 * <pre>{@code
 * try (LogFields fields = LogFields.open("remediation", name, "fingerprint", fp, "phase", phase)) {
 *     LOG.info(...);
 * }
 * }</pre>
 */
public final class LogFields implements AutoCloseable {

    /** The Remediation, as {@code namespace/name}. */
    public static final String REMEDIATION = "remediation";
    /** The alert's fingerprint, as Alertmanager computed it. */
    public static final String FINGERPRINT = "fingerprint";
    /** The Remediation's phase after the logged event. */
    public static final String PHASE = "phase";
    /** A GitHub webhook delivery's id ({@code X-GitHub-Delivery}). */
    public static final String DELIVERY = "delivery";

    private static final String CONTEXT_CLASS = "com.ibm.websphere.logging.hpel.LogRecordContext";
    private static final Method ADD;
    private static final Method REMOVE;

    static {
        Method add = null;
        Method remove = null;
        try {
            Class<?> context = Class.forName(CONTEXT_CLASS, true, LogFields.class.getClassLoader());
            add = context.getMethod("addExtension", String.class, String.class);
            remove = context.getMethod("removeExtension", String.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            Logger.getLogger(LogFields.class.getName()).log(Level.FINE,
                    "no Liberty LogRecordContext: log records carry no extra fields", e);
        }
        ADD = add;
        REMOVE = remove;
    }

    private final List<String> added;

    private LogFields(List<String> added) {
        this.added = added;
    }

    /**
     * Adds the fields, given as name, value, name, value...; a null or empty value is left out. The scope must be
     * closed on the same thread (try-with-resources).
     */
    public static LogFields open(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("log fields come in name, value pairs");
        }
        List<String> added = new ArrayList<>(namesAndValues.length / 2);
        if (ADD != null) {
            for (int i = 0; i < namesAndValues.length; i += 2) {
                String value = namesAndValues[i + 1];
                if (value != null && !value.isEmpty()) {
                    invoke(ADD, namesAndValues[i], value);
                    added.add(namesAndValues[i]);
                }
            }
        }
        return new LogFields(added);
    }

    /** Whether log records get the fields here (inside Liberty). */
    public static boolean supported() {
        return ADD != null;
    }

    @Override
    public void close() {
        for (String name : added) {
            invoke(REMOVE, name);
        }
        added.clear();
    }

    private static void invoke(Method method, Object... args) {
        try {
            method.invoke(null, args);
        } catch (IllegalAccessException | InvocationTargetException e) {
            // A log field is never a reason to fail a request.
            Logger.getLogger(LogFields.class.getName()).log(Level.FINE, "LogRecordContext." + method.getName(), e);
        }
    }
}
