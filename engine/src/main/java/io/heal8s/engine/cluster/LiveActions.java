package io.heal8s.engine.cluster;

import static io.heal8s.engine.cluster.ApiCalls.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.ContainerResources;
import io.heal8s.engine.action.ExpandVolume;
import io.heal8s.engine.action.HpaState;
import io.heal8s.engine.action.IncreaseCpu;
import io.heal8s.engine.action.IncreaseMemory;
import io.heal8s.engine.action.Quantity;
import io.heal8s.engine.action.ReplicaState;
import io.heal8s.engine.action.Revision;
import io.heal8s.engine.action.RevisionHistory;
import io.heal8s.engine.action.RollbackImage;
import io.heal8s.engine.action.RolloutRestart;
import io.heal8s.engine.action.ScaleUp;
import io.heal8s.engine.action.VolumeState;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes an action's change against the live cluster: it reads what the pure calculator of
 * {@code io.heal8s.engine.action} needs from the workload's current objects (its pod template, its
 * HorizontalPodAutoscaler, its ReplicaSets or ControllerRevisions, its PersistentVolumeClaim's StorageClass) and runs
 * it, so the approval policy, Direct mode and GitOps all see the same old and new values. docs/actions.md ("Against the
 * live cluster") lists what is read from where.
 *
 * <p>A revision counts as healthy when it runs Ready pods now: a ReplicaSet with {@code status.availableReplicas ≥ 1},
 * a ControllerRevision whose pods (label {@value #REVISION_HASH_LABEL}) include one whose {@code Ready} condition is
 * {@code True}. A revision scaled to zero cannot show that it ever ran well, so it is never rolled back to: heal8s
 * would rather change nothing than restore images nobody saw work.
 *
 * <p>Thread-safe and stateless: every call reads the cluster afresh. A missing workload, container or StorageClass is a
 * {@link LiveActionException}; an API that cannot answer now is a {@link KubernetesUnavailableException} (429, 5xx, no
 * response); an action that cannot change the workload's kind, or a malformed parameter, an
 * {@link IllegalArgumentException}.
 */
public final class LiveActions {

    /** The annotation the Deployment controller numbers its ReplicaSets (and the Deployment) with. */
    public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

    /** The annotation that marks the cluster's default StorageClass. */
    public static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    /** The label the StatefulSet and DaemonSet controllers put on each pod, naming its ControllerRevision. */
    public static final String REVISION_HASH_LABEL = "controller-revision-hash";

    // Still honoured by the API server's DefaultStorageClass admission plug-in.
    private static final String BETA_DEFAULT_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

    private final KubernetesClient client;
    private final Clock clock;

    public LiveActions(KubernetesClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The change {@code action} makes to {@code workload} as the cluster holds it now, or no change and why.
     *
     * @param params the Remediation's parameters, as text ({@code {"percent": "25", "max": "2Gi"}}) or typed values;
     *     absent ones take the action's defaults
     * @param workload the resolved Deployment, StatefulSet, DaemonSet or PersistentVolumeClaim, with the container
     *     the alert names (empty when it names none)
     * @throws LiveActionException when the workload or an object the action needs does not exist
     * @throws KubernetesUnavailableException when the API cannot answer now
     * @throws IllegalArgumentException when the action cannot change this kind, or a parameter is unknown or malformed
     */
    public ActionResult compute(ActionType action, Map<String, ?> params, WorkloadRef workload) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(workload, "workload");
        Map<String, Object> values = values(action, params);
        requireTarget(action, workload);
        // The calculators are built before any read, so a bad parameter costs no API call.
        return switch (action) {
            case IncreaseMemory -> {
                IncreaseMemory calculator = IncreaseMemory.withParams(values);
                yield calculator.apply(resources(workload, true));
            }
            case IncreaseCPU -> {
                IncreaseCpu calculator = IncreaseCpu.withParams(values);
                yield calculator.apply(resources(workload, false));
            }
            case ScaleUp -> {
                ScaleUp calculator = ScaleUp.withParams(values);
                yield calculator.apply(replicas(workload));
            }
            case RolloutRestart -> {
                RolloutRestart calculator = RolloutRestart.withClock(clock);
                PodTemplateSpec template = template(workload, read(workload));
                Map<String, String> annotations = template.getMetadata() == null ? null
                        : template.getMetadata().getAnnotations();
                yield calculator.apply(annotations == null ? null : annotations.get(RolloutRestart.ANNOTATION));
            }
            case RollbackImage -> {
                RollbackImage calculator = RollbackImage.withParams(values);
                yield calculator.apply(history(workload));
            }
            case ExpandVolume -> {
                ExpandVolume calculator = ExpandVolume.withParams(values);
                yield calculator.apply(volume(workload));
            }
        };
    }

    /**
     * The name of the HorizontalPodAutoscaler (autoscaling/v2) whose {@code scaleTargetRef} names the workload, the
     * object a ScaleUp result with target {@code HORIZONTAL_POD_AUTOSCALER} patches.
     *
     * @throws LiveActionException when more than one HPA scales it
     */
    public Optional<String> autoscalerOf(WorkloadRef workload) {
        return hpa(workload).map(h -> h.getMetadata().getName());
    }

    // --- parameters and targets

    /** Text and typed values alike: the calculators parse text ("25", "2Gi") by the same rules as a playbook's values. */
    private static Map<String, Object> values(ActionType action, Map<String, ?> params) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (params == null) {
            return values;
        }
        params.forEach((name, value) -> {
            if (action.param(name).isEmpty()) {
                // RolloutRestart's calculator takes no map, so unknown names are refused here for every action alike.
                throw new IllegalArgumentException(action + " has no parameter '" + name + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException(action + " parameter '" + name + "' has no value");
            }
            values.put(name, value);
        });
        return values;
    }

    private static void requireTarget(ActionType action, WorkloadRef workload) {
        if (workload.kind() == WorkloadKind.Pod) {
            throw new LiveActionException("Pod " + workload.namespace() + "/" + workload.name() + " has no controller"
                    + " heal8s can change (a Deployment, StatefulSet or DaemonSet): " + action + " changes a pod"
                    + " template, and a bare Pod has none");
        }
        if (!action.targets().contains(workload.kind())) {
            throw new IllegalArgumentException(action + " cannot change a " + workload.kind() + " (it changes "
                    + action.targets().stream().filter(k -> k != WorkloadKind.Pod).map(Enum::name).sorted()
                            .collect(Collectors.joining(", ")) + ")");
        }
    }

    // --- reads

    private HasMetadata read(WorkloadRef ref) {
        String ns = ref.namespace();
        String name = ref.name();
        HasMetadata found = call("read " + describe(ref), () -> switch (ref.kind()) {
            case Deployment -> client.apps().deployments().inNamespace(ns).withName(name).get();
            case StatefulSet -> client.apps().statefulSets().inNamespace(ns).withName(name).get();
            case DaemonSet -> client.apps().daemonSets().inNamespace(ns).withName(name).get();
            case PersistentVolumeClaim -> client.persistentVolumeClaims().inNamespace(ns).withName(name).get();
            case Pod -> client.pods().inNamespace(ns).withName(name).get();
        });
        if (found == null) {
            throw new LiveActionException(describe(ref) + " does not exist");
        }
        return found;
    }

    private static PodTemplateSpec template(WorkloadRef ref, HasMetadata workload) {
        PodTemplateSpec template = null;
        if (workload instanceof Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        } else if (workload instanceof StatefulSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
        } else if (workload instanceof DaemonSet d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        }
        if (template == null) {
            throw new LiveActionException(describe(ref) + " has no spec.template");
        }
        return template;
    }

    private static LabelSelector selector(HasMetadata workload) {
        if (workload instanceof Deployment d && d.getSpec() != null) {
            return d.getSpec().getSelector();
        }
        if (workload instanceof StatefulSet s && s.getSpec() != null) {
            return s.getSpec().getSelector();
        }
        if (workload instanceof DaemonSet d && d.getSpec() != null) {
            return d.getSpec().getSelector();
        }
        return null;
    }

    // --- IncreaseMemory, IncreaseCPU

    private ContainerResources resources(WorkloadRef ref, boolean memory) {
        Container c = container(ref, template(ref, read(ref)));
        String key = memory ? "memory" : "cpu";
        String limit = quantity(c.getResources() == null ? null : c.getResources().getLimits(), key);
        String request = quantity(c.getResources() == null ? null : c.getResources().getRequests(), key);
        try {
            return memory ? ContainerResources.memory(c.getName(), limit, request)
                    : ContainerResources.cpu(c.getName(), limit, request);
        } catch (IllegalArgumentException e) {
            throw new LiveActionException(describe(ref) + " container " + c.getName() + ", resources of " + key + ": "
                    + e.getMessage());
        }
    }

    private static String quantity(Map<String, io.fabric8.kubernetes.api.model.Quantity> map, String key) {
        io.fabric8.kubernetes.api.model.Quantity q = map == null ? null : map.get(key);
        return q == null ? null : q.toString();
    }

    /** The named container; with no name, the only one. */
    private static Container container(WorkloadRef ref, PodTemplateSpec template) {
        List<Container> containers = template.getSpec() == null || template.getSpec().getContainers() == null
                ? List.of() : template.getSpec().getContainers();
        String names = containers.stream().map(Container::getName).collect(Collectors.joining(", "));
        if (containers.isEmpty()) {
            throw new LiveActionException(describe(ref) + " has no container in spec.template.spec.containers");
        }
        if (ref.container().isEmpty()) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            throw new LiveActionException(describe(ref) + " has " + containers.size() + " containers (" + names
                    + ") and the remediation names none: its target must name the container to change");
        }
        return containers.stream().filter(c -> ref.container().equals(c.getName())).findFirst()
                .orElseThrow(() -> new LiveActionException(describe(ref) + " has no container '" + ref.container()
                        + "' in spec.template.spec.containers; its containers are " + names));
    }

    // --- ScaleUp

    private ReplicaState replicas(WorkloadRef ref) {
        HasMetadata workload = read(ref);
        Integer replicas = null;
        if (workload instanceof Deployment d && d.getSpec() != null) {
            replicas = d.getSpec().getReplicas();
        } else if (workload instanceof StatefulSet s && s.getSpec() != null) {
            replicas = s.getSpec().getReplicas();
        }
        HpaState hpa = hpa(ref).map(LiveActions::hpaState).orElse(null);
        // The API server defaults spec.replicas to 1; an object read back always has it, a hand-made one may not.
        return new ReplicaState(replicas == null ? 1 : replicas, hpa);
    }

    private Optional<HorizontalPodAutoscaler> hpa(WorkloadRef ref) {
        List<HorizontalPodAutoscaler> hpas = call("list HorizontalPodAutoscalers in namespace " + ref.namespace(),
                () -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ref.namespace()).list())
                .getItems().stream()
                .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
                        && ref.kind().name().equals(h.getSpec().getScaleTargetRef().getKind())
                        && ref.name().equals(h.getSpec().getScaleTargetRef().getName()))
                .toList();
        if (hpas.size() > 1) {
            throw new LiveActionException("more than one HorizontalPodAutoscaler scales " + describe(ref) + ": "
                    + hpas.stream().map(h -> h.getMetadata().getName()).sorted().collect(Collectors.joining(", "))
                    + "; Kubernetes itself refuses to act on such a workload");
        }
        return hpas.stream().findFirst();
    }

    private static HpaState hpaState(HorizontalPodAutoscaler h) {
        var spec = h.getSpec();
        var status = h.getStatus();
        // Without a status the HPA controller has not acted yet: 0 current replicas, so it is not at its maximum.
        return new HpaState(h.getMetadata().getName(), orElse(spec.getMinReplicas(), 1), orElse(spec.getMaxReplicas(), 1),
                status == null ? 0 : orElse(status.getCurrentReplicas(), 0),
                status == null ? 0 : orElse(status.getDesiredReplicas(), 0));
    }

    private static int orElse(Integer value, int absent) {
        return value == null ? absent : value;
    }

    // --- RollbackImage

    private RevisionHistory history(WorkloadRef ref) {
        HasMetadata workload = read(ref);
        return workload instanceof Deployment d ? deploymentHistory(ref, d) : controllerRevisionHistory(ref, workload);
    }

    private RevisionHistory deploymentHistory(WorkloadRef ref, Deployment deployment) {
        LabelSelector selector = selector(deployment);
        List<ReplicaSet> owned = call("list ReplicaSets of " + describe(ref), () -> {
            var rs = client.apps().replicaSets().inNamespace(ref.namespace());
            return selector == null ? rs.list() : rs.withLabelSelector(selector).list();
        }).getItems().stream().filter(rs -> controlledBy(rs, deployment)).toList();
        List<Revision> revisions = new ArrayList<>();
        for (ReplicaSet rs : owned) {
            Long number = revisionNumber(rs);
            if (number == null) {
                // Not yet numbered by the Deployment controller: it cannot be placed in the history.
                continue;
            }
            PodTemplateSpec template = rs.getSpec() == null ? null : rs.getSpec().getTemplate();
            boolean healthy = rs.getStatus() != null && orElse(rs.getStatus().getAvailableReplicas(), 0) >= 1;
            revisions.add(new Revision(number, images(template), healthy, created(rs),
                    "ReplicaSet " + rs.getMetadata().getName()));
        }
        if (revisions.isEmpty()) {
            throw new LiveActionException(describe(ref) + " owns no ReplicaSet with annotation " + REVISION_ANNOTATION
                    + ", so it has no revision history to roll back in");
        }
        // The controller copies the current ReplicaSet's number onto the Deployment, and the current one is always the
        // highest (a rollback renumbers the old ReplicaSet), so the highest stands in when the annotation is missing.
        Long current = revisionNumber(deployment);
        long currentRevision = current != null ? current
                : revisions.stream().mapToLong(Revision::number).max().orElseThrow();
        return new RevisionHistory(withTemplateImages(revisions, currentRevision, template(ref, deployment)),
                currentRevision);
    }

    private RevisionHistory controllerRevisionHistory(WorkloadRef ref, HasMetadata workload) {
        LabelSelector selector = selector(workload);
        List<ControllerRevision> owned = call("list ControllerRevisions of " + describe(ref), () -> {
            var crs = client.apps().controllerRevisions().inNamespace(ref.namespace());
            return selector == null ? crs.list() : crs.withLabelSelector(selector).list();
        }).getItems().stream().filter(cr -> controlledBy(cr, workload) && cr.getRevision() != null).toList();
        if (owned.isEmpty()) {
            throw new LiveActionException(describe(ref) + " owns no ControllerRevision, so it has no revision history"
                    + " to roll back in");
        }
        Set<String> readyHashes = readyRevisionHashes(ref, workload, selector);
        List<Revision> revisions = new ArrayList<>();
        for (ControllerRevision cr : owned) {
            String name = cr.getMetadata().getName();
            String hash = cr.getMetadata().getLabels() == null ? null
                    : cr.getMetadata().getLabels().get(REVISION_HASH_LABEL);
            // StatefulSet pods carry the ControllerRevision's name, DaemonSet pods its hash label.
            boolean healthy = readyHashes.contains(name) || hash != null && readyHashes.contains(hash);
            revisions.add(new Revision(cr.getRevision(), images(revisionTemplate(ref, cr)), healthy, created(cr),
                    "ControllerRevision " + name));
        }
        long currentRevision = owned.stream().mapToLong(ControllerRevision::getRevision).max().orElseThrow();
        if (workload instanceof StatefulSet s && s.getStatus() != null && s.getStatus().getUpdateRevision() != null) {
            // The revision the pod template now matches; the highest number stands in for a DaemonSet, whose
            // controller, like a Deployment's, renumbers a revision it goes back to.
            String update = s.getStatus().getUpdateRevision();
            currentRevision = owned.stream().filter(cr -> update.equals(cr.getMetadata().getName()))
                    .mapToLong(ControllerRevision::getRevision).findFirst().orElse(currentRevision);
        }
        return new RevisionHistory(withTemplateImages(revisions, currentRevision, template(ref, workload)),
                currentRevision);
    }

    /**
     * The current revision with the images of the workload's pod template: the patch changes the template, so its old
     * values must be the template's, even while the controller has not yet caught up with an edit of it.
     */
    private static List<Revision> withTemplateImages(List<Revision> revisions, long current, PodTemplateSpec template) {
        return revisions.stream().map(r -> r.number() != current ? r
                : new Revision(r.number(), images(template), r.healthy(), r.createdAt(), r.source())).toList();
    }

    /** The revision hashes of the workload's pods that are Ready now. */
    private Set<String> readyRevisionHashes(WorkloadRef ref, HasMetadata workload, LabelSelector selector) {
        List<Pod> pods = call("list Pods of " + describe(ref), () -> {
            var p = client.pods().inNamespace(ref.namespace());
            return selector == null ? p.list() : p.withLabelSelector(selector).list();
        }).getItems();
        Set<String> hashes = new HashSet<>();
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            String hash = labels == null ? null : labels.get(REVISION_HASH_LABEL);
            if (hash != null && controlledBy(pod, workload) && ready(pod)) {
                hashes.add(hash);
            }
        }
        return hashes;
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A ControllerRevision's {@code data.spec.template}: the pod template that revision ran. */
    private PodTemplateSpec revisionTemplate(WorkloadRef ref, ControllerRevision cr) {
        JsonNode template = cr.getData() == null ? null : client.getKubernetesSerialization()
                .convertValue(cr.getData(), JsonNode.class).path("spec").path("template");
        if (template == null || !template.isObject()) {
            throw new LiveActionException("ControllerRevision " + ref.namespace() + "/" + cr.getMetadata().getName()
                    + " of " + describe(ref) + " has no data.spec.template");
        }
        return client.getKubernetesSerialization().convertValue(template, PodTemplateSpec.class);
    }

    private static Map<String, String> images(PodTemplateSpec template) {
        Map<String, String> images = new LinkedHashMap<>();
        if (template != null && template.getSpec() != null && template.getSpec().getContainers() != null) {
            for (Container c : template.getSpec().getContainers()) {
                if (c.getName() != null && c.getImage() != null) {
                    images.put(c.getName(), c.getImage());
                }
            }
        }
        return images;
    }

    private static Long revisionNumber(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean controlledBy(HasMetadata object, HasMetadata owner) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return false;
        }
        String uid = owner.getMetadata().getUid();
        return refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController())
                && owner.getKind().equals(r.getKind()) && owner.getMetadata().getName().equals(r.getName())
                && (uid == null || r.getUid() == null || uid.equals(r.getUid())));
    }

    private static Instant created(HasMetadata object) {
        String text = object.getMetadata().getCreationTimestamp();
        if (text == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    // --- ExpandVolume

    private VolumeState volume(WorkloadRef ref) {
        PersistentVolumeClaim claim = (PersistentVolumeClaim) read(ref);
        var spec = claim.getSpec();
        io.fabric8.kubernetes.api.model.Quantity storage = spec == null || spec.getResources() == null
                || spec.getResources().getRequests() == null ? null
                : spec.getResources().getRequests().get("storage");
        if (storage == null) {
            throw new LiveActionException(describe(ref) + " has no spec.resources.requests.storage");
        }
        Quantity request;
        try {
            request = Quantity.parseMemory(storage.toString());
        } catch (IllegalArgumentException e) {
            throw new LiveActionException(describe(ref) + " spec.resources.requests.storage: " + e.getMessage());
        }
        String className = spec.getStorageClassName();
        if (className != null && className.isEmpty()) {
            throw new LiveActionException(describe(ref) + " sets storageClassName \"\" (no class, a statically bound"
                    + " volume): no StorageClass allows it to expand");
        }
        StorageClass storageClass = className != null ? storageClass(ref, className) : defaultClass(ref);
        boolean allows = Boolean.TRUE.equals(storageClass.getAllowVolumeExpansion());
        return new VolumeState(request, allows, className);
    }

    private StorageClass storageClass(WorkloadRef ref, String name) {
        StorageClass found = call("read StorageClass " + name,
                () -> client.storage().v1().storageClasses().withName(name).get());
        if (found == null) {
            throw new LiveActionException("StorageClass " + name + " of " + describe(ref) + " does not exist");
        }
        return found;
    }

    /** The class the API server gives a claim that names none: the newest one marked default, as it does since 1.26. */
    private StorageClass defaultClass(WorkloadRef ref) {
        Function<StorageClass, String> created = c -> Objects.toString(c.getMetadata().getCreationTimestamp(), "");
        return call("list StorageClasses", () -> client.storage().v1().storageClasses().list()).getItems().stream()
                .filter(LiveActions::isDefault)
                .max(Comparator.comparing(created).thenComparing(c -> c.getMetadata().getName()))
                .orElseThrow(() -> new LiveActionException(describe(ref) + " names no StorageClass and the cluster has"
                        + " no default one (annotation " + DEFAULT_CLASS_ANNOTATION + ": \"true\")"));
    }

    private static boolean isDefault(StorageClass c) {
        Map<String, String> annotations = c.getMetadata().getAnnotations();
        return annotations != null && ("true".equals(annotations.get(DEFAULT_CLASS_ANNOTATION))
                || "true".equals(annotations.get(BETA_DEFAULT_CLASS_ANNOTATION)));
    }

    private static String describe(WorkloadRef ref) {
        return ref.kind() + " " + ref.namespace() + "/" + ref.name();
    }
}
