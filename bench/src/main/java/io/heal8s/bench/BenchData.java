package io.heal8s.bench;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.Match;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.PlaybookLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The inputs the benchmarks share: the shipped playbooks and a mix of alerts that exercises each of them. */
final class BenchData {

    /** Where the playbooks are; run the benchmarks from the repository's root or set -Dheal8s.playbooks=DIR. */
    static final Path PLAYBOOKS = Path.of(System.getProperty("heal8s.playbooks", "playbooks"));

    private BenchData() {
    }

    static LoadResult defaultPlaybooks() {
        LoadResult loaded = new PlaybookLoader().load(PLAYBOOKS);
        if (!loaded.ok() || loaded.playbooks().isEmpty()) {
            throw new IllegalStateException("cannot load the playbooks in " + PLAYBOOKS.toAbsolutePath() + ": "
                    + loaded.errors());
        }
        return loaded;
    }

    /** {@code count} playbooks made from the shipped ones, each answering its own alert names. */
    static List<Playbook> manyPlaybooks(int count) {
        List<Playbook> base = defaultPlaybooks().playbooks();
        List<Playbook> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Playbook p = base.get(i % base.size());
            String suffix = "-" + i;
            Set<String> names = p.match().alertNames().stream().map(n -> n + suffix).collect(Collectors.toSet());
            out.add(new Playbook(p.name() + suffix, p.description(), p.priority() + i % 7,
                    new Match(names, p.match().severities(), p.match().matchers()), p.target(), p.action(),
                    p.guards(), p.strategy(), p.gitops(), p.source()));
        }
        return out;
    }

    /** One alert per shipped playbook plus one that matches none, as Alertmanager would send them. */
    static List<Alert> alertMix() {
        Instant start = Instant.parse("2026-11-25T20:00:00Z");
        return List.of(
                alert(start, Map.of("alertname", "KubePodOOMKilled", "namespace", "shop", "pod", "checkout-7d9f8b6c5d-9wzmr",
                        "container", "checkout", "severity", "warning")),
                alert(start, Map.of("alertname", "KubePodCrashLooping", "namespace", "shop", "pod", "cart-5c7f9d8b4-x2k4q",
                        "container", "cart", "severity", "warning")),
                alert(start, Map.of("alertname", "KubeHpaMaxedOut", "namespace", "shop", "horizontalpodautoscaler",
                        "frontend", "severity", "warning")),
                alert(start, Map.of("alertname", "CPUThrottlingHigh", "namespace", "shop", "pod", "search-6b8d7c9f5-abcde",
                        "container", "search", "severity", "info")),
                alert(start, Map.of("alertname", "Watchdog", "severity", "none")));
    }

    private static Alert alert(Instant start, Map<String, String> labels) {
        return new Alert(AlertStatus.FIRING, labels, Map.of("summary", "benchmark"), start, null,
                "http://prometheus:9090/graph", Integer.toHexString(labels.hashCode()));
    }
}
