package io.heal8s.engine.cluster;

import static io.heal8s.engine.cluster.RemediationStoreTest.CART;
import static io.heal8s.engine.cluster.RemediationStoreTest.CHECKOUT;
import static io.heal8s.engine.cluster.RemediationStoreTest.NOW;
import static io.heal8s.engine.cluster.RemediationStoreTest.remediation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.rules.RemediationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The informer-backed reads of {@link RemediationStore}, against fabric8's CRUD mock server. */
@EnableKubernetesMockClient(crud = true)
class RemediationCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesMockServer server;
    KubernetesClient client;
    RemediationCache cache;
    RemediationStore store;

    @BeforeEach
    void installCrd() throws Exception {
        RemediationStoreTest.installCrd(client);
    }

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    private void startCache() {
        cache = RemediationCache.start(client, Set.of());
        store = new RemediationStore(client, cache);
        // Synced means listed; the watch request may still be on its way, and tests count the requests that follow.
        await().atMost(WAIT).until(() -> cache.synced() && cache.watching());
    }

    @Test
    void aRedeliveredAlertAndAWorkloadsHistoryCostNoApiCallOnceSynced() {
        // Made before the cache starts: found through the watch's first list.
        new RemediationStore(client).createIfAbsent(remediation("fp-1", CART, NOW.minusSeconds(60)));
        startCache();
        await().atMost(WAIT).until(() -> cache.get("shop", remediation("fp-1", CART, NOW).getMetadata().getName())
                .isPresent());
        int before = server.getRequestCount();

        CreateResult again = store.createIfAbsent(remediation("fp-1", CART, NOW.minusSeconds(60)));
        List<RemediationRecord> history = store.history(CART, Duration.ofHours(1), NOW);

        assertThat(again.created()).isFalse();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).at()).isEqualTo(NOW.minusSeconds(60));
        assertThat(store.history(CHECKOUT, Duration.ofHours(1), NOW)).isEmpty();
        assertThat(server.getRequestCount() - before).as("API requests").isZero();
    }

    @Test
    void aCreationOfOursIsInTheHistoryAtOnceBeforeTheWatchReportsIt() {
        startCache();
        int before = server.getRequestCount();

        CreateResult created = store.createIfAbsent(remediation("fp-2", CHECKOUT, NOW.minusSeconds(5)));

        // Read straight after the create: no wait for the watch.
        assertThat(created.created()).isTrue();
        assertThat(store.history(CHECKOUT, Duration.ofHours(1), NOW)).hasSize(1);
        assertThat(store.createIfAbsent(remediation("fp-2", CHECKOUT, NOW.minusSeconds(5))).created()).isFalse();
        assertThat(server.getRequestCount() - before).as("API requests: the one POST").isEqualTo(1);
    }

    @Test
    void aResolvedAlertIsFoundThroughTheFingerprintIndexAndPatched() {
        startCache();
        Remediation made = store.createIfAbsent(remediation("fp-3", CART, NOW.minusSeconds(30))).remediation();

        var resolved = store.recordResolved("shop", "fp-3", NOW);

        assertThat(resolved).isPresent();
        assertThat(resolved.get().getMetadata().getName()).isEqualTo(made.getMetadata().getName());
        assertThat(client.resources(Remediation.class).inNamespace("shop").withName(made.getMetadata().getName())
                .get().getStatus().getAlertResolvedAt()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(store.recordResolved("shop", "no-such-fingerprint", NOW)).isEmpty();
    }

    @Test
    void aRemediationDeletedInTheClusterLeavesTheCacheAndCanBeMadeAgain() {
        startCache();
        Remediation made = store.createIfAbsent(remediation("fp-4", CART, NOW.minusSeconds(30))).remediation();
        String name = made.getMetadata().getName();
        await().atMost(WAIT).until(() -> cache.byTarget(CART.key()).size() == 1);

        client.resources(Remediation.class).inNamespace("shop").withName(name).delete();

        await().atMost(WAIT).until(() -> cache.get("shop", name).isEmpty());
        assertThat(store.history(CART, Duration.ofHours(1), NOW)).isEmpty();
        assertThat(store.createIfAbsent(remediation("fp-4", CART, NOW.minusSeconds(30))).created()).isTrue();
    }

    @Test
    void allHoldsWhatTheWatchListedAndOurFreshCreationsOnceEachWithoutAnApiCall() {
        new RemediationStore(client).createIfAbsent(remediation("fp-7", CART, NOW.minusSeconds(60)));
        startCache();
        await().atMost(WAIT).until(() -> cache.all().size() == 1);
        Remediation ours = store.createIfAbsent(remediation("fp-8", CHECKOUT, NOW.minusSeconds(5))).remediation();
        int before = server.getRequestCount();

        List<Remediation> all = cache.all();

        assertThat(all).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder(
                remediation("fp-7", CART, NOW).getMetadata().getName(), ours.getMetadata().getName());
        assertThat(server.getRequestCount() - before).as("API requests").isZero();
    }

    @Test
    void beforeItsFirstListTheStoreAsksTheApi() {
        new RemediationStore(client).createIfAbsent(remediation("fp-5", CART, NOW.minusSeconds(60)));
        // A cache whose watch cannot reach its API server never syncs.
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
                RemediationCache unsynced = RemediationCache.start(unreachable, Set.of())) {
            RemediationStore fallback = new RemediationStore(client, unsynced);

            assertThat(unsynced.synced()).isFalse();
            assertThat(fallback.history(CART, Duration.ofHours(1), NOW)).hasSize(1);
            assertThat(fallback.createIfAbsent(remediation("fp-5", CART, NOW.minusSeconds(60))).created())
                    .isFalse();
        }
    }

    @Test
    void aCreationTheWatchNeverReportsIsForgottenAfterItsTtl() {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        RemediationCache unwatched = RemediationCache.start(client, Set.of("elsewhere"), now::get);
        try {
            Remediation r = remediation("fp-6", CART, NOW);
            unwatched.remember(r);
            assertThat(unwatched.byTarget(CART.key())).hasSize(1);

            now.set(NOW.plus(RemediationCache.OWN_WRITES_TTL).plusSeconds(1));

            assertThat(unwatched.byTarget(CART.key())).isEmpty();
            assertThat(unwatched.get("shop", r.getMetadata().getName())).isEmpty();
        } finally {
            unwatched.close();
        }
    }
}
