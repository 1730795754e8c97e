package io.heal8s.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heal8s.engine.remediation.RemediationNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Alertmanager webhook bodies (payload version 4) as Alertmanager sends them: alerts grouped by alertname and
 * namespace, several per body, the group's common labels and annotations, and a fingerprint per alert that stays the
 * same on every redelivery. The load must look like real traffic, or the figures describe a path that production
 * never takes (a single alert per body, or only alerts that match a playbook).
 */
public final class AlertPayloads {

    /** The alert the shipped playbook {@code oom-increase-memory} answers. */
    public static final String OOM = "KubePodOOMKilled";

    /** kube-prometheus alerts that carry a namespace but that no shipped playbook answers. */
    public static final List<String> UNMATCHED = List.of("KubeDeploymentReplicasMismatch", "TargetDown",
            "KubeContainerWaiting");

    static final String EXTERNAL_URL = "http://alertmanager.monitoring.svc:9093";
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final Instant STARTS_AT = Instant.parse("2026-11-26T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPayloads() {
    }

    /** A Pod of a workload, as the alert's labels name it. */
    public record PodRef(String namespace, String workload, String pod) {
    }

    /** One alert of a body: its name, its pod, and whether Alertmanager reports it resolved. */
    public record AlertSpec(String alertname, PodRef pod, boolean resolved) {
    }

    /** A body ready to send, with the number of alerts it carries. */
    public record Payload(byte[] body, int alerts) {
    }

    /**
     * The sustained phase's bodies, in sending order: each a group of one alertname in one namespace with between
     * {@code minAlerts} and {@code maxAlerts} alerts on pods drawn from {@code pods}. A fraction
     * {@code matchingFraction} of the groups are OOM kills (a playbook answers), the rest alerts no playbook answers;
     * each alert is resolved with probability {@code resolvedFraction}.
     */
    public static List<Payload> sustained(List<PodRef> pods, int count, int minAlerts, int maxAlerts,
            double matchingFraction, double resolvedFraction, long seed) {
        if (pods.isEmpty()) {
            throw new IllegalArgumentException("pods: need at least one pod to raise alerts on");
        }
        if (minAlerts < 1 || maxAlerts < minAlerts) {
            throw new IllegalArgumentException("alerts per payload: need 1 <= min <= max, got " + minAlerts + "-"
                    + maxAlerts);
        }
        Random random = new Random(seed);
        List<Payload> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String alertname = random.nextDouble() < matchingFraction
                    ? OOM : UNMATCHED.get(random.nextInt(UNMATCHED.size()));
            int size = minAlerts + random.nextInt(maxAlerts - minAlerts + 1);
            // One namespace per group, several distinct pods of it (Alertmanager never repeats an alert in a body).
            String namespace = pods.get(random.nextInt(pods.size())).namespace();
            List<PodRef> inNamespace = pods.stream().filter(p -> p.namespace().equals(namespace)).toList();
            List<PodRef> chosen = distinct(inNamespace, Math.min(size, inNamespace.size()), random);
            List<AlertSpec> alerts = new ArrayList<>(chosen.size());
            for (PodRef pod : chosen) {
                alerts.add(new AlertSpec(alertname, pod, random.nextDouble() < resolvedFraction));
            }
            out.add(new Payload(body(alertname, namespace, alerts), alerts.size()));
        }
        return out;
    }

    /**
     * The storm: every pod's OOM alert delivered {@code deliveries} times, as Alertmanager re-sends a group until it is
     * resolved. Each round holds every alert once, shuffled, cut into bodies of {@code perPayload} alerts.
     */
    public static List<Payload> storm(List<PodRef> pods, int deliveries, int perPayload, long seed) {
        if (perPayload < 1) {
            throw new IllegalArgumentException("alerts per payload: need at least 1, got " + perPayload);
        }
        Random random = new Random(seed);
        List<Payload> out = new ArrayList<>();
        for (int round = 0; round < deliveries; round++) {
            List<PodRef> order = new ArrayList<>(pods);
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += perPayload) {
                List<PodRef> part = order.subList(from, Math.min(order.size(), from + perPayload));
                List<AlertSpec> alerts = part.stream().map(p -> new AlertSpec(OOM, p, false)).toList();
                out.add(new Payload(body(OOM, part.get(0).namespace(), alerts), alerts.size()));
            }
        }
        return out;
    }

    /** The labels of an alert on a pod: those kube-state-metrics' alerts carry. */
    public static Map<String, String> labels(String alertname, PodRef pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        labels.put("namespace", pod.namespace());
        labels.put("severity", "warning");
        labels.put("job", "kube-state-metrics");
        labels.put("pod", pod.pod());
        labels.put("container", pod.workload());
        return labels;
    }

    /** Alertmanager's fingerprint stands for the label set: the same labels always give the same one. */
    public static String fingerprint(String alertname, PodRef pod) {
        return RemediationNames.fingerprintOf(labels(alertname, pod));
    }

    /** The JSON body of one group of alerts, all named {@code alertname}, in {@code namespace}. */
    static byte[] body(String alertname, String namespace, List<AlertSpec> alerts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "4");
        root.put("groupKey", "{}/{severity=~\"warning|critical\"}:{alertname=\"" + alertname + "\", namespace=\""
                + namespace + "\"}");
        root.put("truncatedAlerts", 0);
        boolean anyFiring = alerts.stream().anyMatch(a -> !a.resolved());
        root.put("status", anyFiring ? "firing" : "resolved");
        root.put("receiver", "heal8s");
        ObjectNode groupLabels = root.putObject("groupLabels");
        groupLabels.put("alertname", alertname);
        groupLabels.put("namespace", namespace);
        ObjectNode common = root.putObject("commonLabels");
        common.put("alertname", alertname);
        common.put("namespace", namespace);
        common.put("severity", "warning");
        common.put("job", "kube-state-metrics");
        root.putObject("commonAnnotations").put("summary", summary(alertname));
        root.put("externalURL", EXTERNAL_URL);
        ArrayNode array = root.putArray("alerts");
        for (AlertSpec spec : alerts) {
            ObjectNode alert = array.addObject();
            alert.put("status", spec.resolved() ? "resolved" : "firing");
            ObjectNode labels = alert.putObject("labels");
            labels(spec.alertname(), spec.pod()).forEach(labels::put);
            alert.putObject("annotations").put("description", "Container " + spec.pod().workload() + " in pod "
                    + spec.pod().namespace() + "/" + spec.pod().pod() + ": " + summary(alertname));
            alert.put("startsAt", STARTS_AT.toString());
            alert.put("endsAt", spec.resolved() ? STARTS_AT.plusSeconds(600).toString() : ZERO_TIME);
            alert.put("generatorURL", "http://prometheus.monitoring.svc:9090/graph?g0.expr="
                    + alertname.toLowerCase(Locale.ROOT));
            alert.put("fingerprint", fingerprint(spec.alertname(), spec.pod()));
        }
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static String summary(String alertname) {
        return switch (alertname) {
            case OOM -> "Container was OOM killed.";
            case "KubeDeploymentReplicasMismatch" -> "Deployment has not matched the expected number of replicas.";
            case "TargetDown" -> "Some targets were not reachable from the monitoring server.";
            default -> "Container is in waiting state for longer than 1 hour.";
        };
    }

    private static List<PodRef> distinct(List<PodRef> from, int count, Random random) {
        List<PodRef> copy = new ArrayList<>(from);
        // A partial Fisher-Yates shuffle: the first count elements are a uniform sample without repetition.
        for (int i = 0; i < count; i++) {
            Collections.swap(copy, i, i + random.nextInt(copy.size() - i));
        }
        return List.copyOf(copy.subList(0, count));
    }
}
