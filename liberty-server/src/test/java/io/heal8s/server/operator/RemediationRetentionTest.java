package io.heal8s.server.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.WireFormats;
import io.heal8s.operator.RetentionSettings;
import io.heal8s.operator.RetentionSweep;
import io.heal8s.operator.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@EnableKubernetesMockClient(crud = true)
class RemediationRetentionTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Guards DEFAULTS = Guards.DEFAULT;

    KubernetesClient client;
    final AtomicInteger deleted = new AtomicInteger();

    @BeforeEach
    void crd() throws IOException {
        try (InputStream crd = Files.newInputStream(Path.of("../crds/remediations.k8shealer.k8s-healer.io-v1.yml"))) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
                    .create();
        }
    }

    void ended(String name, RemediationPhase phase, Duration ago) {
        Remediation r = new Remediation();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace("test");
        r.getMetadata().setAnnotations(new HashMap<>(Map.of(RemediationLabels.DECIDED_AT,
                WireFormats.timestamp(NOW.minus(ago).minusSeconds(60)))));
        Remediation created = client.resource(r).create();
        client.resource(created).editStatus(x -> {
            RemediationStatus s = new RemediationStatus();
            s.setPhase(phase);
            s.setPhaseSince(WireFormats.timestamp(NOW.minus(ago)));
            x.setStatus(s);
            return x;
        });
    }

    List<Remediation> listed() {
        return client.resources(Remediation.class).inNamespace("test").list().getItems();
    }

    RetentionSweep sweep(Role role, Duration retention) {
        return RemediationRetention.create(client, CLOCK, new RetentionSettings(retention, 100),
                () -> RemediationRetention.floor(DEFAULTS, List.of()), this::listed, role, () -> true,
                deleted::addAndGet);
    }

    @Test
    void theGitOpsWorkerNeverSweepsEvenWhenItLeads() {
        ended("old", RemediationPhase.Succeeded, Duration.ofDays(30));

        assertThat(RemediationRetention.sweeps(Role.GITOPS_WORKER)).isFalse();
        assertThat(sweep(Role.GITOPS_WORKER, Duration.ofDays(7))).isNull();
        assertThat(listed()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"OPERATOR", "COMBINED"})
    void theOperatorAndCombinedRolesDeleteOldTerminalRemediations(Role role) {
        ended("old", RemediationPhase.Skipped, Duration.ofDays(8));
        ended("recent", RemediationPhase.Skipped, Duration.ofDays(2));
        ended("running", RemediationPhase.Applying, Duration.ofDays(30));

        assertThat(RemediationRetention.sweeps(role)).isTrue();
        assertThat(sweep(role, Duration.ofDays(7)).sweep()).isEqualTo(1);

        assertThat(listed()).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder("recent",
                "running");
        assertThat(deleted).hasValue(1);
    }

    @Test
    void aRetentionBelowTheDefaultGuardWindowKeepsWhatTheGuardsStillRead() {
        // The default guards look back 24h: a 1h retention is raised to it.
        ended("two-hours", RemediationPhase.Skipped, Duration.ofHours(2));
        ended("two-days", RemediationPhase.Skipped, Duration.ofDays(2));

        RetentionSweep sweep = sweep(Role.COMBINED, Duration.ofHours(1));

        assertThat(sweep.effectiveRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(listed()).extracting(r -> r.getMetadata().getName()).containsExactly("two-hours");
    }

    @Test
    void theFloorIsTheLongestLookbackOfTheDefaultsAndEveryPlaybook() {
        Guards longLoop = new Guards(Duration.ofMinutes(30), 3, Duration.ofHours(24), 3, Duration.ofDays(3));
        Guards longCooldown = new Guards(Duration.ofDays(2), 3, Duration.ofHours(1), 3, Duration.ofHours(1));

        assertThat(RemediationRetention.floor(DEFAULTS, List.of())).isEqualTo(DEFAULTS.lookback());
        assertThat(RemediationRetention.floor(DEFAULTS, List.of(longCooldown))).isEqualTo(Duration.ofDays(2));
        assertThat(RemediationRetention.floor(DEFAULTS, List.of(longCooldown, longLoop)))
                .isEqualTo(Duration.ofDays(3));
    }
}
