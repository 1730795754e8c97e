package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationFactory;
import io.heal8s.engine.remediation.RefusalInfo;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationNames;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.RemediationRecord;
import io.heal8s.engine.rules.TraceEntry;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store against fabric8's CRUD mock server, with the CRD from {@code crds/} installed (status subresource on). */
@EnableKubernetesMockClient(crud = true)
class RemediationStoreTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final WorkloadRef CART = new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "app");
    static final WorkloadRef CHECKOUT = new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "app");

    KubernetesMockServer server;
    KubernetesClient client;
    RemediationStore store;

    @BeforeEach
    void installCrd() throws Exception {
        installCrd(client);
        store = new RemediationStore(client);
    }

    /** Installs the committed CRD (status subresource on), as a cluster would have it. */
    static void installCrd(KubernetesClient client) throws java.io.IOException {
        try (InputStream crd = Files.newInputStream(Path.of("../crds/remediations.k8shealer.k8s-healer.io-v1.yml"))) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
                    .create();
        }
    }

    /** When every alert of these tests started firing: one firing per fingerprint, decided at various times. */
    static final Instant STARTS_AT = NOW.minus(Duration.ofHours(6));

    static Remediation remediation(String fingerprint, WorkloadRef target, Instant decidedAt) {
        Alert alert = new Alert(AlertStatus.FIRING, Map.of("alertname", "KubePodOOMKilled", "namespace",
                target.namespace(), "deployment", target.name()), Map.of(), STARTS_AT, null, "", fingerprint);
        Decision decision = new Decision(Decision.Outcome.REMEDIATE, alert, "oom-increase-memory",
                ActionType.IncreaseMemory, Map.of("percent", 25), target, Strategy.DEFAULT, null, "test decision",
                List.of(new TraceEntry("select:winner", "oom-increase-memory won")));
        return RemediationFactory.from(decision, alert, decidedAt);
    }

    @Test
    void createStoresTheRemediationUnderItsDeterministicName() {
        Remediation r = remediation("fp-create", CART, NOW);

        CreateResult result = store.createIfAbsent(r);

        assertThat(result.created()).isTrue();
        assertThat(result.disposition()).isEqualTo("created");
        assertThat(store.get("shop", r.getMetadata().getName())).get()
                .satisfies(stored -> assertThat(stored.getSpec().getAlert().getFingerprint()).isEqualTo("fp-create"));
    }

    @Test
    void redeliveryReturnsTheExistingRemediationAndCreatesNoSecond() {
        Remediation first = remediation("fp-redelivered", CART, NOW);
        store.createIfAbsent(first);

        CreateResult again = store.createIfAbsent(remediation("fp-redelivered", CART, NOW.plusSeconds(30)));

        assertThat(again.created()).isFalse();
        assertThat(again.disposition()).isEqualTo("existing");
        assertThat(again.remediation().getMetadata().getName()).isEqualTo(first.getMetadata().getName());
        assertThat(again.remediation().getMetadata().getUid()).isNotNull();
        assertThat(store.list("shop", null)).hasSize(1);
    }

    @Test
    void historyHoldsTheTargetsRemediationsInsideTheWindowOnly() {
        store.createIfAbsent(remediation("fp-recent", CART, NOW.minus(Duration.ofMinutes(10))));
        store.createIfAbsent(remediation("fp-old", CART, NOW.minus(Duration.ofHours(3))));
        store.createIfAbsent(remediation("fp-other-target", CHECKOUT, NOW.minus(Duration.ofMinutes(5))));

        List<RemediationRecord> history = store.history(CART, Duration.ofHours(1), NOW);

        assertThat(history).singleElement().satisfies(record -> {
            assertThat(record.target()).isEqualTo(CART);
            assertThat(record.action()).isEqualTo(ActionType.IncreaseMemory);
            assertThat(record.playbook()).isEqualTo("oom-increase-memory");
            assertThat(record.at()).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
            assertThat(record.outcome()).isEqualTo("Pending");
        });
        assertThat(store.history(CART, Duration.ofHours(4), NOW)).hasSize(2);
        assertThat(store.history(new WorkloadRef(WorkloadKind.Deployment, "other", "cart", ""),
                Duration.ofHours(4), NOW)).isEmpty();
    }

    @Test
    void historyForARedeliveredAlertLeavesOutItsOwnRemediation() {
        store.createIfAbsent(remediation("fp-own", CART, NOW.minus(Duration.ofMinutes(1))));
        store.createIfAbsent(remediation("fp-earlier", CART, NOW.minus(Duration.ofMinutes(20))));

        String own = RemediationNames.alertId("fp-own", STARTS_AT);
        assertThat(store.history(CART, Duration.ofHours(1), NOW, own)).singleElement()
                .satisfies(record -> assertThat(record.at()).isEqualTo(NOW.minus(Duration.ofMinutes(20))));
        // The same alert's earlier firing is another firing: it counts.
        assertThat(store.history(CART, Duration.ofHours(1), NOW, "fp-own-1")).hasSize(2);
    }

    static Remediation refusal(String fingerprint, WorkloadRef target, Instant decidedAt) {
        Remediation r = remediation(fingerprint, target, decidedAt);
        r.getSpec().getDecision().setRefusal(new RefusalInfo("cooldown", "Cooldown", "cooldown: 10m ago"));
        return r;
    }

    @Test
    void refusalsAreNeverPartOfAHistory() {
        store.createIfAbsent(refusal("fp-refused", CART, NOW.minus(Duration.ofMinutes(1))));
        store.createIfAbsent(remediation("fp-changed", CART, NOW.minus(Duration.ofMinutes(20))));

        assertThat(store.history(CART, Duration.ofHours(1), NOW)).singleElement()
                .satisfies(record -> assertThat(record.at()).isEqualTo(NOW.minus(Duration.ofMinutes(20))));
        assertThat(RemediationStore.isRefusal(store.list("shop", null).stream()
                .filter(r -> r.getSpec().getAlert().getFingerprint().equals("fp-refused")).findFirst().orElseThrow()))
                .isTrue();
    }

    @Test
    void aRemediationReplacesTheRefusalOfItsNameOnceAllowed() {
        Remediation refused = store.createIfAbsent(refusal("fp-later", CART, NOW)).remediation();

        CreateResult replaced = store.createReplacingRefusal(remediation("fp-later", CART, NOW.plusSeconds(1800)));

        assertThat(replaced.created()).isTrue();
        assertThat(replaced.remediation().getMetadata().getName()).isEqualTo(refused.getMetadata().getName());
        assertThat(replaced.remediation().getMetadata().getUid()).isNotEqualTo(refused.getMetadata().getUid());
        assertThat(RemediationStore.isRefusal(replaced.remediation())).isFalse();
        assertThat(store.list("shop", null)).singleElement()
                .satisfies(r -> assertThat(RemediationStore.isRefusal(r)).isFalse());
        // A redelivery finds it; neither another change nor another refusal replaces it.
        CreateResult again = store.createReplacingRefusal(remediation("fp-later", CART, NOW.plusSeconds(1900)));
        assertThat(again.created()).isFalse();
        assertThat(again.remediation().getMetadata().getUid()).isEqualTo(replaced.remediation().getMetadata().getUid());
        CreateResult refusedAgain = store.createReplacingRefusal(refusal("fp-later", CART, NOW.plusSeconds(2000)));
        assertThat(refusedAgain.created()).isFalse();
        assertThat(RemediationStore.isRefusal(refusedAgain.remediation())).isFalse();
    }

    @Test
    void aRefusalNeverReplacesARefusal() {
        Remediation first = store.createIfAbsent(refusal("fp-twice", CART, NOW)).remediation();

        CreateResult second = store.createReplacingRefusal(refusal("fp-twice", CART, NOW.plusSeconds(60)));

        assertThat(second.created()).isFalse();
        assertThat(second.remediation().getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    }

    @Test
    void aResolvedAlertIsRecordedInTheStatusAndTheSpecIsLeftAlone() {
        Remediation r = remediation("fp-resolved", CART, NOW);
        store.createIfAbsent(r);
        Instant resolvedAt = NOW.plus(Duration.ofMinutes(7));

        Optional<Remediation> resolved = store.recordResolved("shop", "fp-resolved", resolvedAt);

        assertThat(resolved).get().extracting(x -> x.getStatus().getAlertResolvedAt())
                .isEqualTo("2026-11-25T12:07:00Z");
        Remediation stored = store.get("shop", r.getMetadata().getName()).orElseThrow();
        assertThat(stored.getStatus().getAlertResolvedAt()).isEqualTo("2026-11-25T12:07:00Z");
        assertThat(stored.getSpec().getAction().getType()).isEqualTo("IncreaseMemory");
        assertThat(store.recordResolved("shop", "fp-never-fired", resolvedAt)).isEmpty();
        assertThat(store.recordResolved(null, "fp-resolved", resolvedAt)).isPresent();
    }

    @Test
    void annotateSetsOneAnnotationAndKeepsTheOthersAndTheSpec() {
        Remediation r = store.createIfAbsent(remediation("fp-annotate", CART, NOW)).remediation();
        String name = r.getMetadata().getName();

        Optional<Remediation> patched = store.annotate("shop", name, RemediationLabels.PR_EVENT,
                "closed:\"quoted\"-72d4");

        assertThat(patched).get().satisfies(p -> assertThat(p.getMetadata().getAnnotations())
                .containsEntry(RemediationLabels.PR_EVENT, "closed:\"quoted\"-72d4"));
        Remediation stored = store.get("shop", name).orElseThrow();
        assertThat(stored.getMetadata().getAnnotations())
                .containsEntry(RemediationLabels.PR_EVENT, "closed:\"quoted\"-72d4")
                .containsEntry(RemediationLabels.DECIDED_AT, "2026-11-25T12:00:00Z");
        assertThat(stored.getSpec().getAction().getType()).isEqualTo("IncreaseMemory");

        store.annotate("shop", name, RemediationLabels.PR_EVENT, "reopened:83a1");
        assertThat(store.get("shop", name).orElseThrow().getMetadata().getAnnotations())
                .containsEntry(RemediationLabels.PR_EVENT, "reopened:83a1");
    }

    @Test
    void annotatingARemediationThatDoesNotExistIsEmpty() {
        assertThat(store.annotate("shop", "no-such-remediation", RemediationLabels.PR_EVENT, "closed:1")).isEmpty();
    }

    @Test
    void listFiltersByNamespaceAndPhaseCountingAFreshRemediationAsPending() {
        store.createIfAbsent(remediation("fp-list-1", CART, NOW));
        Remediation failed = store.createIfAbsent(remediation("fp-list-2", CHECKOUT, NOW)).remediation();
        RemediationStatus status = new RemediationStatus();
        status.setPhase(RemediationPhase.Failed);
        failed.setStatus(status);
        client.resource(failed).updateStatus();
        store.createIfAbsent(remediation("fp-list-3", new WorkloadRef(WorkloadKind.Deployment, "web", "front", ""),
                NOW));

        assertThat(store.list(null, null)).hasSize(3);
        assertThat(store.list("shop", null)).hasSize(2);
        assertThat(store.list("shop", RemediationPhase.Pending)).singleElement()
                .satisfies(r -> assertThat(r.getSpec().getTarget().getName()).isEqualTo("cart"));
        assertThat(store.list("shop", RemediationPhase.Failed)).singleElement()
                .satisfies(r -> assertThat(r.getSpec().getTarget().getName()).isEqualTo("checkout"));
        assertThat(store.get("shop", "no-such-remediation")).isEmpty();
    }

    @Test
    void anApiThatRefusesConnectionsIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).withRequestTimeout(2_000).build();
        try (KubernetesClient down = new KubernetesClientBuilder().withConfig(config).build()) {
            RemediationStore unreachable = new RemediationStore(down);

            assertThatThrownBy(() -> unreachable.createIfAbsent(remediation("fp-down", CART, NOW)))
                    .isInstanceOf(KubernetesUnavailableException.class)
                    .hasMessageContaining("create Remediation shop/")
                    .hasMessageContaining("no response");
            assertThatThrownBy(() -> unreachable.history(CART, Duration.ofHours(1), NOW))
                    .isInstanceOf(KubernetesUnavailableException.class);
        }
    }

    @Test
    void serverErrorsAndThrottlingAreUnavailableButClientErrorsAreNot() {
        assertThat(ApiCalls.unavailable(new KubernetesClientException("down", 503, null))).isTrue();
        assertThat(ApiCalls.unavailable(new KubernetesClientException("busy", 429, null))).isTrue();
        assertThat(ApiCalls.unavailable(new KubernetesClientException("forbidden", 403, null))).isFalse();
        assertThat(ApiCalls.unavailable(new KubernetesClientException("invalid", 422, null))).isFalse();
    }
}
