package io.heal8s.bench;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.ContainerResources;
import io.heal8s.engine.action.IncreaseMemory;
import io.heal8s.engine.gitops.ManifestPatcher;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.UnifiedDiff;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The manifest patcher on a 2,000-line multi-document file (40 commented Deployments with their Services, and a
 * ConfigMap): an IncreaseMemory result applied to one container of the middle Deployment, alone and with the unified
 * diff a pull request or {@code heal8sctl preview} shows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ManifestPatcherBenchmark {

    static final int DEPLOYMENTS = 40;

    private final ManifestPatcher patcher = new ManifestPatcher();
    private String manifest;
    private ManifestTarget target;
    private ActionResult raise;

    @Setup
    public void setUp() {
        manifest = manifest();
        long lines = manifest.lines().count();
        if (lines < 1_900 || lines > 2_100) {
            throw new IllegalStateException("the benchmark's manifest has " + lines + " lines, not about 2,000");
        }
        target = new ManifestTarget("Deployment", "service-" + DEPLOYMENTS / 2, "shop");
        raise = IncreaseMemory.withParams(Map.of()).apply(ContainerResources.memory("app", "256Mi", "128Mi"));
        String patched = patch();
        if (UnifiedDiff.of("shop.yaml", manifest, patched).lines()
                .filter(l -> l.startsWith("+") && !l.startsWith("+++")).count() != 2) {
            throw new IllegalStateException("the patch does not change exactly two lines:\n"
                    + UnifiedDiff.of("shop.yaml", manifest, patched));
        }
    }

    @Benchmark
    public String patch() {
        return patcher.apply(manifest, target, raise);
    }

    @Benchmark
    public String patchAndDiff() {
        return UnifiedDiff.of("shop.yaml", manifest, patcher.apply(manifest, target, raise));
    }

    /** A deterministic file of about 2,000 lines, written as people write manifests: comments, quotes, flow style. */
    static String manifest() {
        StringBuilder y = new StringBuilder("# The shop: every service, rendered for production.\n");
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String name = "service-" + i;
            y.append("---\n")
                    .append("# ").append(name).append(": owned by team-").append(i % 5).append(".\n")
                    .append("apiVersion: apps/v1\n")
                    .append("kind: Deployment\n")
                    .append("metadata:\n")
                    .append("  name: ").append(name).append('\n')
                    .append("  namespace: shop\n")
                    .append("  labels:\n")
                    .append("    app.kubernetes.io/name: ").append(name).append('\n')
                    .append("    app.kubernetes.io/part-of: shop\n")
                    .append("spec:\n")
                    .append("  replicas: ").append(2 + i % 3).append("  # see the capacity plan\n")
                    .append("  selector:\n")
                    .append("    matchLabels: {app.kubernetes.io/name: ").append(name).append("}\n")
                    .append("  template:\n")
                    .append("    metadata:\n")
                    .append("      labels:\n")
                    .append("        app.kubernetes.io/name: ").append(name).append('\n')
                    .append("      annotations:\n")
                    .append("        prometheus.io/scrape: \"true\"\n")
                    .append("    spec:\n")
                    .append("      containers:\n")
                    .append("        - name: app\n")
                    .append("          image: 'ghcr.io/shop/").append(name).append(":1.").append(i).append(".0'\n")
                    .append("          env:\n")
                    .append("            - {name: LOG_LEVEL, value: info}\n")
                    .append("          resources:\n")
                    .append("            limits:\n")
                    .append("              memory: 256Mi   # raised after the March incident\n")
                    .append("              cpu: \"1\"\n")
                    .append("            requests:\n")
                    .append("              memory: 128Mi\n")
                    .append("              cpu: 250m\n")
                    .append("        - name: proxy  # the service mesh's sidecar\n")
                    .append("          image: envoyproxy/envoy:v1.31.0\n")
                    .append("          resources: {limits: {memory: 64Mi}}\n")
                    .append("---\n")
                    .append("apiVersion: v1\n")
                    .append("kind: Service\n")
                    .append("metadata:\n")
                    .append("  name: ").append(name).append('\n')
                    .append("  namespace: shop\n")
                    .append("spec:\n")
                    .append("  selector:\n")
                    .append("    app.kubernetes.io/name: ").append(name).append('\n')
                    .append("  ports:\n")
                    .append("    - name: http\n")
                    .append("      port: 80\n")
                    .append("      targetPort: 8080\n");
        }
        y.append("---\n")
                .append("apiVersion: v1\n")
                .append("kind: ConfigMap\n")
                .append("metadata:\n")
                .append("  name: shop-settings\n")
                .append("  namespace: shop\n")
                .append("data:\n");
        for (int k = 0; k < 25; k++) {
            y.append("  setting.").append(k).append(": \"value ").append(k * 7).append("\"\n");
        }
        return y.toString();
    }
}
