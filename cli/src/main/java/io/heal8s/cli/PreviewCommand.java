package io.heal8s.cli;

import io.heal8s.cli.ManifestObjects.K8sObject;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.ContainerResources;
import io.heal8s.engine.action.ExpandVolume;
import io.heal8s.engine.action.HpaState;
import io.heal8s.engine.action.IncreaseCpu;
import io.heal8s.engine.action.IncreaseMemory;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.action.Quantity;
import io.heal8s.engine.action.ReplicaState;
import io.heal8s.engine.action.RolloutRestart;
import io.heal8s.engine.action.ScaleUp;
import io.heal8s.engine.action.VolumeState;
import io.heal8s.engine.gitops.ManifestPatchException;
import io.heal8s.engine.gitops.ManifestPatcher;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.PatcherLimits;
import io.heal8s.engine.gitops.UnifiedDiff;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.rules.Decision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heal8sctl preview PAYLOAD MANIFEST}: the unified diff heal8s would propose for a manifest file for each alert
 * of an Alertmanager payload, or why it would change nothing, computed by the same calculators and patcher as the
 * GitOps path.
 */
@Command(name = "preview",
        mixinStandardHelpOptions = true,
        description = "For each alert of an Alertmanager webhook payload that a playbook remediates, print the unified "
                + "diff heal8s would propose for MANIFEST, or why it would change nothing.")
final class PreviewCommand implements Callable<Integer> {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    @Parameters(index = "0", paramLabel = "PAYLOAD",
            description = "A file holding the webhook's JSON body, or - for standard input.")
    String payload;

    @Parameters(index = "1", paramLabel = "MANIFEST",
            description = "A YAML file of Kubernetes objects (one or several documents), as kept in Git.")
    Path manifest;

    @Mixin
    DecisionOptions decision;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "The kind of the object to change, when the alert names a Pod and MANIFEST holds several "
                    + "workloads: Deployment, StatefulSet, DaemonSet, PersistentVolumeClaim.")
    String kind;

    @Option(names = "--name", paramLabel = "NAME", description = "The name of the object to change (see --kind).")
    String name;

    @Spec
    CommandSpec spec;

    private final ManifestPatcher patcher = new ManifestPatcher();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (kind != null && WorkloadKind.parse(kind) == null) {
            err.println("--kind: '" + Terminal.printable(kind) + "' is not one of "
                    + Arrays.stream(WorkloadKind.values()).map(Enum::name).collect(Collectors.joining(", ")));
            return Heal8sCtl.EXIT_USAGE;
        }
        String text;
        try {
            text = Files.readString(manifest);
        } catch (IOException e) {
            err.println(manifest + ": cannot read: " + Terminal.printable(String.valueOf(e.getMessage())));
            return Heal8sCtl.EXIT_USAGE;
        }
        DecisionOptions.Decided decided;
        try {
            decided = decision.decide(payload, err);
        } catch (DecisionOptions.Rejected e) {
            return e.exitCode;
        }
        ManifestObjects objects;
        try {
            objects = ManifestObjects.parse(text, PatcherLimits.DEFAULT);
        } catch (ManifestPatchException e) {
            err.println(manifest + ": " + Terminal.printable(e.getMessage()));
            return Heal8sCtl.EXIT_USAGE;
        }
        int exit = 0;
        for (Decision d : decided.decisions()) {
            String alert = "alert " + d.alert().name();
            if (!d.remediates()) {
                out.println(Terminal.printable(alert + ": no change: " + d.outcome() + ": " + d.reason()));
                continue;
            }
            try {
                out.print(preview(d, text, objects, decided.at()));
            } catch (ManifestPatchException | IllegalArgumentException e) {
                err.println(Terminal.printable(manifest + ": " + alert + ": " + e.getMessage()));
                exit = Heal8sCtl.EXIT_USAGE;
            }
        }
        return exit;
    }

    /** The lines for one remediation: what is proposed where, then the diff or why nothing changes. */
    private String preview(Decision d, String text, ManifestObjects objects, Instant at) {
        WorkloadRef ref = d.target();
        ManifestTarget target = resolve(ref, objects);
        if (!d.action().targets().contains(WorkloadKind.parse(target.kind()))) {
            throw new ManifestPatchException(d.action() + " cannot change a " + target.kind() + " (it changes "
                    + d.action().targets().stream().map(Enum::name).sorted().collect(Collectors.joining(", ")) + ")");
        }
        K8sObject object = objects.find(target);
        StringBuilder head = new StringBuilder("alert ").append(d.alert().name()).append(": playbook ")
                .append(d.playbook()).append(" proposes ").append(d.action()).append(" on ").append(target);
        if (ref.kind() == WorkloadKind.Pod) {
            head.append(" (the alert names Pod ").append(ref.namespace()).append('/').append(ref.name()).append(')');
        }
        List<String> notes = new ArrayList<>();
        ManifestTarget patched = target;
        ActionResult result;
        switch (d.action()) {
            case IncreaseMemory, IncreaseCPU -> {
                String container = patcher.container(text, target, ref.container());
                head.append(", container ").append(container);
                Object c = container(object, container);
                boolean memory = d.action() == ActionType.IncreaseMemory;
                String key = memory ? "memory" : "cpu";
                String limit = ManifestObjects.text(c, "resources", "limits", key).orElse(null);
                String request = ManifestObjects.text(c, "resources", "requests", key).orElse(null);
                ContainerResources resources;
                try {
                    resources = memory ? ContainerResources.memory(container, limit, request)
                            : ContainerResources.cpu(container, limit, request);
                } catch (IllegalArgumentException e) {
                    throw new ManifestPatchException(target + " container " + container + ", resources of " + key
                            + ": " + e.getMessage(), e);
                }
                result = memory ? IncreaseMemory.withParams(d.params()).apply(resources)
                        : IncreaseCpu.withParams(d.params()).apply(resources);
            }
            case ScaleUp -> {
                int replicas = integer(object, 1, "spec", "replicas");
                HpaState hpa = hpa(objects, target, notes);
                result = ScaleUp.withParams(d.params()).apply(new ReplicaState(replicas, hpa));
                if (result.changed() && result.patch().target() == PatchTarget.HORIZONTAL_POD_AUTOSCALER) {
                    patched = new ManifestTarget("HorizontalPodAutoscaler", hpa.name(), target.namespace());
                }
            }
            case RolloutRestart -> {
                String current = object.text("spec", "template", "metadata", "annotations", RolloutRestart.ANNOTATION)
                        .orElse(null);
                result = RolloutRestart.withClock(Clock.fixed(at, ZoneOffset.UTC)).apply(current);
            }
            case ExpandVolume -> {
                String request = object.text("spec", "resources", "requests", "storage")
                        .orElseThrow(() -> new ManifestPatchException(target
                                + " has no spec.resources.requests.storage"));
                String className = object.text("spec", "storageClassName").orElse(null);
                if (className == null) {
                    return lines(head, "no change: ExpandVolume needs to know whether the cluster's default "
                            + "StorageClass allows volume expansion; the claim names no class and a manifest file does "
                            + "not say which is the default");
                }
                List<K8sObject> classes = objects.ofKind("StorageClass", null).stream()
                        .filter(o -> o.name().equals(className)).toList();
                if (classes.isEmpty()) {
                    return lines(head, "no change: ExpandVolume needs StorageClass " + className + " (its "
                            + "allowVolumeExpansion), which is not in this file; add its document to preview");
                }
                boolean allows = Boolean.TRUE.equals(
                        ManifestObjects.get(classes.get(0).body(), "allowVolumeExpansion"));
                result = ExpandVolume.withParams(d.params())
                        .apply(new VolumeState(Quantity.parseMemory(request), allows, className));
            }
            case RollbackImage -> {
                return lines(head, "no change: RollbackImage needs the workload's revision history (its ReplicaSets "
                        + "or ControllerRevisions in the cluster), which a manifest file does not hold");
            }
            default -> throw new IllegalStateException("no preview for " + d.action());
        }
        notes.forEach(n -> head.append('\n').append("note: ").append(n));
        if (!result.changed()) {
            return lines(head, "no change: " + result.reason());
        }
        String diff = UnifiedDiff.of(label(manifest), text, patcher.apply(text, patched, result.changes()));
        if (diff.isEmpty()) {
            return lines(head, "no change: the manifest already holds " + result.reason());
        }
        return lines(head, result.reason()) + printableDiff(diff);
    }

    /**
     * The manifest's object for the alert's target. A Pod is run by a workload the cluster knows and the file does
     * not say, so it is the file's only Deployment, StatefulSet or DaemonSet, or the one --kind and --name choose.
     */
    private ManifestTarget resolve(WorkloadRef ref, ManifestObjects objects) {
        if (kind == null && name == null && ref.kind() != WorkloadKind.Pod) {
            return new ManifestTarget(ref.kind().name(), ref.name(), ref.namespace());
        }
        boolean pod = ref.kind() == WorkloadKind.Pod;
        String wanted = kind != null ? WorkloadKind.parse(kind).name() : pod ? null : ref.kind().name();
        String named = name != null ? name : pod ? null : ref.name();
        List<K8sObject> candidates = objects.all().stream()
                .filter(o -> wanted == null ? WORKLOADS.contains(o.kind()) : o.kind().equals(wanted))
                .filter(o -> named == null || o.name().equals(named))
                .filter(o -> o.inNamespace(ref.namespace()))
                .toList();
        if (candidates.size() == 1) {
            K8sObject o = candidates.get(0);
            return new ManifestTarget(o.kind(), o.name(), ref.namespace());
        }
        String alertTarget = ref.kind() + " " + ref.namespace() + "/" + ref.name();
        String chosen = (wanted == null ? "Deployment, StatefulSet or DaemonSet" : wanted)
                + (named == null ? "" : " named " + named) + " in namespace " + ref.namespace();
        if (candidates.isEmpty()) {
            throw new ManifestPatchException("the alert names " + alertTarget + ", and the manifest holds no " + chosen
                    + "; it holds " + ManifestObjects.describe(objects.all()));
        }
        throw new ManifestPatchException("the alert names " + alertTarget + ", and the manifest holds "
                + candidates.size() + " of " + chosen + ": " + ManifestObjects.describe(candidates)
                + "; choose one with --kind and --name");
    }

    private static Object container(K8sObject object, String name) {
        Object containers = ManifestObjects.get(object.body(), "spec", "template", "spec", "containers");
        if (containers instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && name.equals(String.valueOf(m.get("name")))) {
                    return c;
                }
            }
        }
        throw new ManifestPatchException(object + " has no container " + name + " in spec.template.spec.containers");
    }

    /** The HPA in the file that scales the target, if any; without a status it is taken to be at its maximum. */
    private static HpaState hpa(ManifestObjects objects, ManifestTarget target, List<String> notes) {
        List<K8sObject> hpas = objects.ofKind("HorizontalPodAutoscaler", target.namespace()).stream()
                .filter(h -> target.kind().equals(ManifestObjects.get(h.body(), "spec", "scaleTargetRef", "kind"))
                        && target.name().equals(ManifestObjects.get(h.body(), "spec", "scaleTargetRef", "name")))
                .toList();
        if (hpas.isEmpty()) {
            return null;
        }
        if (hpas.size() > 1) {
            throw new ManifestPatchException("more than one HorizontalPodAutoscaler scales " + target + ": "
                    + ManifestObjects.describe(hpas));
        }
        K8sObject h = hpas.get(0);
        int max = integer(h, -1, "spec", "maxReplicas");
        if (max < 0) {
            throw new ManifestPatchException(h + " has no spec.maxReplicas");
        }
        int min = integer(h, 1, "spec", "minReplicas");
        if (ManifestObjects.get(h.body(), "status") == null) {
            // A manifest from Git has no status; the alert that chose ScaleUp (KubeHpaMaxedOut) says it is at its max.
            notes.add(h + " has no status in the file: taken to run, and want, its maxReplicas of " + max);
            return new HpaState(h.name(), min, max, max, max);
        }
        return new HpaState(h.name(), min, max, integer(h, 0, "status", "currentReplicas"),
                integer(h, 0, "status", "desiredReplicas"));
    }

    private static int integer(K8sObject object, int absent, String... keys) {
        String value = object.text(keys).orElse(null);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ManifestPatchException(object + ": " + String.join(".", keys) + " is '" + value
                    + "', not a whole number");
        }
    }

    private static String lines(CharSequence head, String last) {
        return Terminal.printable(head + "\n" + last + "\n");
    }

    /** The diff made safe for a terminal, its CRLF line breaks kept so that it still applies to a CRLF file. */
    private static String printableDiff(String diff) {
        return Arrays.stream(diff.split("\r\n", -1)).map(Terminal::printable).collect(Collectors.joining("\r\n"));
    }

    /** The file's path as a diff header shows it: relative, with forward slashes. */
    static String label(Path file) {
        String path = file.normalize().toString().replace('\\', '/');
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }
}
