package io.heal8s.engine.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.OpaPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates an OPA-compiled Wasm policy in process with {@code opa-java-wasm}: a {@code policy.wasm}, or the
 * {@code bundle.tar.gz} of {@code opa build -t wasm} whose {@code data.json} becomes the policy's data.
 *
 * <p>Reload: every evaluation compares the file's modification time and size with those of the last load attempt and
 * loads it again when they differ. A file that fails to load (half written, not Wasm, no such entrypoint) leaves the
 * last good policy in place and is reported by {@link #lastLoadError()} and a warning; with no good policy yet,
 * evaluations throw. Replace the file atomically (a rename, as Kubernetes does for mounted volumes).
 *
 * <p>Thread safety: an {@code OpaPolicy} is one Wasm instance with its own memory and is not thread-safe, so
 * evaluations of one loaded policy are serialised (synchronised on it). One evaluation takes tens of microseconds
 * and approval is asked once per remediation, so a pool would only add memory.
 */
public final class WasmPolicyEngine implements PolicyEngine {

    private static final Logger LOG = LoggerFactory.getLogger(WasmPolicyEngine.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // No file looks like this, so the first refresh always tries to load, even a missing file (to report it).
    private static final Stamp NEVER = new Stamp(FileTime.fromMillis(Long.MIN_VALUE), -1);

    private final Path file;
    private final String entrypoint;
    private final Object reloadLock = new Object();

    private volatile Loaded current;
    // The file's state at the last load attempt, good or bad (null: missing); guarded by reloadLock.
    private Stamp attempted = NEVER;
    private volatile String lastLoadError;

    private record Loaded(OpaPolicy policy, Stamp stamp) {
    }

    private record Stamp(FileTime modified, long size) {
    }

    /**
     * Loads the policy now if it can; a missing or broken file is reported by {@link #lastLoadError()} and tried
     * again on the next evaluation.
     *
     * @param file a {@code .wasm} module or a bundle from {@code opa build -t wasm}
     * @param entrypoint the entrypoint to evaluate, such as {@code heal8s/approval/decision}
     */
    public WasmPolicyEngine(Path file, String entrypoint) {
        this.file = Objects.requireNonNull(file, "file");
        this.entrypoint = RestPolicyEngine.normalisePath(entrypoint);
        refresh();
    }

    @Override
    public PolicyDecision evaluate(PolicyInput input) throws PolicyException {
        return PolicyDecision.parse(evaluateJson(input.toJsonNode()), name());
    }

    /**
     * Evaluates the entrypoint on any input and returns its result, for policies that are not approval policies
     * (tests and benchmarks use the demo policy shipped with {@code opa-java-wasm}).
     *
     * @throws PolicyException when no policy is loaded, the evaluation aborts or the result is undefined
     */
    public JsonNode evaluateJson(JsonNode input) throws PolicyException {
        Loaded loaded = refresh();
        if (loaded == null) {
            throw new PolicyException("no Wasm policy is loaded from " + file + ": " + lastLoadError);
        }
        String output;
        try {
            synchronized (loaded) {
                output = loaded.policy().evaluate(input);
            }
        } catch (RuntimeException e) {
            throw new PolicyException("the Wasm policy " + file + " failed at " + entrypoint + ": " + e, e);
        }
        // OPA's Wasm ABI answers a result set: [{"result": ...}], or [] when the entrypoint is undefined.
        JsonNode set;
        try {
            set = MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            throw new PolicyException("the Wasm policy answered malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (set == null || !set.isArray()) {
            throw new PolicyException("the Wasm policy answered " + output + " instead of a result set");
        }
        if (set.isEmpty() || !set.get(0).has("result")) {
            throw new PolicyException("the decision " + entrypoint + " is undefined in " + file);
        }
        return set.get(0).get("result");
    }

    @Override
    public String name() {
        return "opa-wasm";
    }

    /** Why the file last failed to load, while it is still broken; empty once a good file has loaded. */
    public Optional<String> lastLoadError() {
        return Optional.ofNullable(lastLoadError);
    }

    /** Whether a policy is loaded and will be evaluated. */
    public boolean isLoaded() {
        return current != null;
    }

    @Override
    public String toString() {
        return "WasmPolicyEngine[" + file + ", entrypoint " + entrypoint + "]";
    }

    // Loads the file again when its stamp changed; returns the policy to use. One thread loads while others wait:
    // loading takes about a second and a second load of the same file would be wasted.
    private Loaded refresh() {
        Stamp now = stamp();
        Loaded loaded = current;
        if (loaded != null && loaded.stamp().equals(now)) {
            return loaded;
        }
        synchronized (reloadLock) {
            if (Objects.equals(now, attempted)) {
                return current;
            }
            attempted = now;
            if (now == null) {
                fail("the file does not exist or cannot be read");
                return current;
            }
            try {
                OpaBundle bundle = OpaBundle.read(Files.readAllBytes(file));
                OpaPolicy policy = OpaPolicy.builder().withPolicy(bundle.wasm()).build();
                if (!policy.entrypoints().containsKey(entrypoint)) {
                    throw new IOException("the policy has no entrypoint '" + entrypoint + "' (it has "
                            + policy.entrypoints().keySet() + "); build it with 'opa build -t wasm -e "
                            + entrypoint + "'");
                }
                policy.entrypoint(entrypoint);
                if (!bundle.data().isEmpty()) {
                    policy.data(bundle.data());
                }
                current = new Loaded(policy, now);
                lastLoadError = null;
                LOG.info("Loaded the Wasm approval policy {} (entrypoint {})", file, entrypoint);
            } catch (IOException | RuntimeException e) {
                fail(e.toString());
            }
            return current;
        }
    }

    private void fail(String error) {
        lastLoadError = error;
        if (current != null) {
            LOG.warn("Cannot load the Wasm approval policy {}; keeping the one loaded before: {}", file, error);
        } else {
            LOG.warn("Cannot load the Wasm approval policy {}: {}", file, error);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return null; // missing or unreadable: reported as such by refresh
        }
    }
}
