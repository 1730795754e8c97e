package io.heal8s.bench.load;

import io.heal8s.bench.load.AlertPayloads.AlertSpec;
import io.heal8s.bench.load.AlertPayloads.Payload;
import io.heal8s.bench.load.AlertPayloads.PodRef;
import io.heal8s.fakegithub.RecordedRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pure parts of the GitOps benchmark ({@link PullRequestLatency}): the manifests the fake GitHub's repository holds
 * for the workloads {@link SandboxWorkloads} creates, the alert that asks for each pull request, the workload a pull
 * request's branch names, and the REST calls the fake recorded, grouped by endpoint. Kept apart from the run so that
 * they are tested without a server: a manifest that does not match the live workload would make every PR fail with
 * {@code PatchFailed}, and a wrong branch reading would count PRs against the wrong alert.
 */
public final class PullRequestFixtures {

    /** The repository's owner and name, as {@code heal8s.gitops.repository} names it. */
    public static final String OWNER = "acme";
    public static final String REPO = "k8s-manifests";
    public static final String BASE_BRANCH = "main";
    /** The branch prefix of an IncreaseMemory pull request ({@code PullRequestContent.branch()}). */
    static final String BRANCH_PREFIX = "heal8s/increase-memory/";

    private static final Pattern SHORT_ID = Pattern.compile("-[0-9a-f]{8}$");
    private static final Pattern NUMBER = Pattern.compile("^[0-9]+$");

    private PullRequestFixtures() {
    }

    /** Where the manifest of a workload lives: the default template {@code apps/{namespace}/{name}.yaml}. */
    public static String manifestPath(String namespace, String workload) {
        return "apps/" + namespace + "/" + workload + ".yaml";
    }

    /**
     * The Deployment as kept in Git, matching what {@link SandboxWorkloads#create} puts in the sandbox (container named
     * after the workload, memory limit 256Mi, request 128Mi), so that heal8s' IncreaseMemory finds in the file the
     * values it computed from the live object. A comment and flow-style labels show that the patch keeps them.
     */
    public static String manifest(String namespace, String workload) {
        return """
                # %2$s, as the team keeps it in Git (written by the GitOps benchmark).
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %2$s
                  namespace: %1$s
                  labels: {app: %2$s}
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: %2$s}
                  template:
                    metadata:
                      labels: {app: %2$s}
                    spec:
                      containers:
                        - name: %2$s
                          image: ghcr.io/shop/%2$s:1.0.0
                          resources:
                            limits:
                              memory: 256Mi   # sized by hand
                            requests:
                              memory: 128Mi
                """.formatted(namespace, workload);
    }

    /** The repository's files: one manifest per distinct workload of {@code pods}. */
    public static Map<String, String> manifests(List<PodRef> pods) {
        Map<String, String> files = new TreeMap<>();
        for (PodRef pod : pods) {
            files.put(manifestPath(pod.namespace(), pod.workload()), manifest(pod.namespace(), pod.workload()));
        }
        return files;
    }

    /** One firing OOM alert on {@code pod}, in a body of its own, as {@link WebhookLoad} builds them. */
    public static Payload oomAlert(PodRef pod) {
        return new Payload(AlertPayloads.body(AlertPayloads.OOM, pod.namespace(),
                List.of(new AlertSpec(AlertPayloads.OOM, pod, false))), 1);
    }

    /**
     * The key of a workload as its pull request's branch shows it: {@code namespace-name}. The benchmark's names are
     * already lower-case DNS labels, so the branch's sanitising leaves them as they are.
     */
    public static String key(PodRef pod) {
        return pod.namespace() + "-" + pod.workload();
    }

    /**
     * The workload key of an IncreaseMemory branch {@code heal8s/increase-memory/<namespace>-<name>-<8 hex>}, or
     * empty for any other branch.
     */
    public static Optional<String> workloadOfBranch(String branch) {
        if (branch == null || !branch.startsWith(BRANCH_PREFIX)) {
            return Optional.empty();
        }
        String rest = branch.substring(BRANCH_PREFIX.length());
        if (!SHORT_ID.matcher(rest).find() || rest.length() <= 9) {
            return Optional.empty();
        }
        return Optional.of(rest.substring(0, rest.length() - 9));
    }

    /**
     * A request as an endpoint, with the parts that vary per pull request replaced: {@code GET
     * /repos/{owner}/{repo}/contents/{path}?ref}, {@code PATCH /repos/{owner}/{repo}/issues/{n}}. The query keeps its
     * parameter names (sorted), since {@code pulls?state&base} and {@code pulls?state&head} are different lookups.
     */
    public static String endpoint(RecordedRequest request) {
        String path = request.path();
        if (path.startsWith("/api/v3/")) {
            path = path.substring("/api/v3".length());
        }
        String[] parts = path.split("/", -1);
        StringBuilder out = new StringBuilder();
        if (parts.length >= 4 && parts[1].equals("repos")) {
            out.append("/repos/{owner}/{repo}");
            String section = parts.length > 4 ? parts[4] : "";
            if (section.equals("contents")) {
                out.append("/contents/{path}");
            } else if (section.equals("git") && parts.length > 6 && (parts[5].equals("ref") || parts[5].equals("refs"))
                    && parts.length > 7) {
                out.append("/git/").append(parts[5]).append("/heads/{branch}");
            } else if (section.equals("commits") && parts.length > 5) {
                out.append("/commits/{sha}");
            } else {
                for (int i = 4; i < parts.length; i++) {
                    out.append('/').append(NUMBER.matcher(parts[i]).matches() ? "{n}" : parts[i]);
                }
            }
        } else {
            out.append(path);
        }
        String query = request.query() == null || request.query().isEmpty() ? ""
                : "?" + Arrays.stream(request.query().split("&")).map(p -> p.split("=", 2)[0]).sorted()
                        .collect(Collectors.joining("&"));
        return request.method() + " " + out + query;
    }

    /** The requests by endpoint (see {@link #endpoint}), most frequent first, then by name. */
    public static Map<String, Long> byEndpoint(List<RecordedRequest> requests) {
        Map<String, Long> counts = requests.stream()
                .collect(Collectors.groupingBy(PullRequestFixtures::endpoint, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    /** The pods of {@code count} one-pod Deployments in {@code namespace}, as {@link SandboxWorkloads} names them. */
    public static List<PodRef> pods(String namespace, int count) {
        return SandboxWorkloads.pods(namespace, count, 1);
    }

    /** Workload keys of {@code pods}, to look up the pull requests they should have. */
    static Map<String, PodRef> byKey(List<PodRef> pods) {
        return pods.stream().collect(Collectors.toMap(PullRequestFixtures::key, Function.identity(), (a, b) -> a,
                TreeMap::new));
    }
}
