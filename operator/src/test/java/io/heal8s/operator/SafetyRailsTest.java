package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.PlaybookRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import io.heal8s.engine.remediation.WireFormats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each safety rail on its own, one reconcile at a time on the CRUD mock server: the Remediation ends in Skipped (or,
 * for the applying limit, waits in Analyzing) with a reason and a message naming the setting or annotation, one Event,
 * and nothing patched or published.
 */
class SafetyRailsTest extends ReconcilerFixture {

    static final String LIMIT = DirectExecutorTest.LIMIT;

    FakePolicyEngine policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: apply it.");
    List<String> deferred = new ArrayList<>();

    /** What the watch would hold: here the API's list, so that every test sees the cluster as it is. */
    Collection<Remediation> known() {
        return api.client.resources(Remediation.class).inAnyNamespace().list().getItems();
    }

    RemediationReconciler reconciler(RailSettings rails, RemediationExecutor... executors) {
        TransitionListener both = new TransitionListener() {
            @Override
            public void onTransition(Remediation r, RemediationPhase from, RemediationPhase to, String reason) {
                listener.onTransition(r, from, to, reason);
            }

            @Override
            public void onDeferred(Remediation r, String reason) {
                deferred.add(r.getMetadata().getName() + ": " + reason);
            }
        };
        return new RemediationReconciler(api.client, OperatorSettings.defaults(), clock,
                new WorkloadResolver(api.client), policy.failSafe(), List.of(executors), both, rails, this::known);
    }

    DirectExecutor direct() {
        return new DirectExecutor(api.client, clock, DirectExecutorTest.ROLLOUT_TIMEOUT);
    }

    Remediation create(String name, String deployment, Strategy.Mode mode) {
        if (api.client.apps().deployments().inNamespace(MockApi.NS).withName(deployment).get() == null) {
            api.deployment(deployment);
        }
        return api.createRemediation(name, WorkloadKind.Deployment, deployment, mode, "24h", T0);
    }

    String memory(String deployment) {
        Deployment d = api.client.apps().deployments().inNamespace(MockApi.NS).withName(deployment).get();
        return DirectExecutorTest.memory(d, "limits");
    }

    RemediationStatus status(String name) {
        return api.get(name).getStatus();
    }

    List<Event> events(String name, String reason) {
        return api.events(name).stream().filter(e -> reason.equals(e.getReason())).toList();
    }

    void assertSkipped(String name, String reason) {
        RemediationStatus s = status(name);
        assertThat(s.getPhase()).isEqualTo(RemediationPhase.Skipped);
        assertThat(s.getReason()).isEqualTo(reason);
        assertThat(events(name, reason)).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo(s.getMessage()));
        assertThat(listener.of(name)).last().isEqualTo(name + ": Analyzing -> Skipped (" + reason + ")");
    }

    // ---- excluded namespaces ------------------------------------------------------------------------------------

    @Test
    void aTargetInAnExcludedNamespaceIsSkippedBeforeThePolicyIsAsked() {
        create("oom-1", "checkout", Strategy.Mode.Direct);

        reconcile(reconciler(RailSettings.off().withExcludedNamespaces(Set.of("kube-system", MockApi.NS)),
                direct()), "oom-1");

        assertSkipped("oom-1", SafetyRails.REASON_EXCLUDED_NAMESPACE);
        assertThat(status("oom-1").getMessage()).isEqualTo("Namespace shop is excluded by "
                + "heal8s.rails.excluded-namespaces (kube-system,shop): heal8s changes nothing there.");
        assertThat(policy.inputs).isEmpty();
        assertThat(memory("checkout")).isEqualTo("512Mi");
    }

    @Test
    void theDefaultExclusionsLeaveOtherNamespacesAlone() {
        create("oom-1", "checkout", Strategy.Mode.Direct);

        reconcile(reconciler(RailSettings.defaults(), direct()), "oom-1");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(status("oom-1").getStartedAt()).isEqualTo(WireFormats.timestamp(T0));
    }

    // ---- pause --------------------------------------------------------------------------------------------------

    @Test
    void theGlobalPauseSkipsNamingItsSetting() {
        create("oom-1", "checkout", Strategy.Mode.Direct);

        reconcile(reconciler(RailSettings.off().withPaused(true), direct()), "oom-1");

        assertSkipped("oom-1", SafetyRails.REASON_PAUSED);
        assertThat(status("oom-1").getMessage()).contains("heal8s.rails.paused=true");
        assertThat(policy.inputs).isEmpty();
        assertThat(memory("checkout")).isEqualTo("512Mi");
    }

    @Test
    void thePausedAnnotationOnTheWorkloadSkipsNamingTheWorkload() {
        create("oom-1", "checkout", Strategy.Mode.Direct);
        api.client.apps().deployments().inNamespace(MockApi.NS).withName("checkout")
                .edit(d -> {
                    d.getMetadata().setAnnotations(Map.of(RailSettings.PAUSED_ANNOTATION, "true"));
                    return d;
                });

        reconcile(reconciler(RailSettings.off(), direct()), "oom-1");

        assertSkipped("oom-1", SafetyRails.REASON_PAUSED);
        assertThat(status("oom-1").getMessage()).isEqualTo("Deployment shop/checkout is paused (annotation "
                + "heal8s.io/paused=\"true\" on it): remove the annotation to let heal8s change it.");
        assertThat(memory("checkout")).isEqualTo("512Mi");
    }

    @Test
    void thePausedAnnotationOnTheNamespaceSkipsNamingTheNamespace() {
        create("oom-1", "checkout", Strategy.Mode.Direct);
        api.client.namespaces().withName(MockApi.NS).edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToAnnotations(RailSettings.PAUSED_ANNOTATION, "true").endMetadata().build());

        reconcile(reconciler(RailSettings.off(), direct()), "oom-1");

        assertSkipped("oom-1", SafetyRails.REASON_PAUSED);
        assertThat(status("oom-1").getMessage()).startsWith("Namespace shop is paused (annotation heal8s.io/paused=");
        assertThat(memory("checkout")).isEqualTo("512Mi");
    }

    @Test
    void anAnnotationOtherThanTrueDoesNotPause() {
        create("oom-1", "checkout", Strategy.Mode.Direct);
        api.client.apps().deployments().inNamespace(MockApi.NS).withName("checkout")
                .edit(d -> {
                    d.getMetadata().setAnnotations(Map.of(RailSettings.PAUSED_ANNOTATION, "false"));
                    return d;
                });

        reconcile(reconciler(RailSettings.off(), direct()), "oom-1");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.Applying);
    }

    // ---- dry-run ------------------------------------------------------------------------------------------------

    @Test
    void theGlobalDryRunDecidesAndRecordsThePlannedChangeButPatchesNothing() {
        create("oom-1", "checkout", Strategy.Mode.Direct);

        reconcile(reconciler(RailSettings.off().withDryRun(true), direct()), "oom-1");

        assertSkipped("oom-1", SafetyRails.REASON_DRY_RUN);
        RemediationStatus s = status("oom-1");
        assertThat(s.getMessage()).startsWith("dry-run (heal8s.rails.dry-run=true): would have patched Deployment "
                + "shop/checkout (" + LIMIT + ": 512Mi -> 640Mi").endsWith("directly; nothing was changed "
                + "(status.plannedChange).");
        assertThat(policy.inputs).hasSize(1);
        assertThat(s.getApproval().getMode()).isEqualTo("Direct");
        RollbackRecord plan = s.getPlannedChange();
        assertThat(plan.getKind()).isEqualTo("Deployment");
        assertThat(plan.getName()).isEqualTo("checkout");
        assertThat(plan.getChanges()).extracting(RollbackRecord.Change::getPath, RollbackRecord.Change::getOldValue,
                RollbackRecord.Change::getNewValue).contains(tuple(LIMIT, "512Mi", "640Mi"));
        assertThat(s.getRollback()).isNull();
        assertThat(s.getStartedAt()).isNull();
        assertThat(memory("checkout")).isEqualTo("512Mi");
        assertThat(api.client.apps().deployments().inNamespace(MockApi.NS).withName("checkout").get()
                .getMetadata().getAnnotations()).doesNotContainKey(DirectExecutor.APPLIED_BY_ANNOTATION);
    }

    @Test
    void thePlaybooksDryRunPublishesNothingInGitOpsMode() {
        policy = FakePolicyEngine.answering(PolicyMode.GitOps, true, "review it.");
        FakePublisher github = FakePublisher.github();
        GitOpsExecutor gitops = new GitOpsExecutor(api.client, clock, GitOpsSettings.defaults(),
                Map.of(FakePublisher.REPOSITORY, github)::get);
        api.deployment("checkout");
        Remediation r = MockApi.remediation("oom-1", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps,
                "24h", T0);
        GitHubConfig config = new GitHubConfig();
        config.setRepository(FakePublisher.REPOSITORY);
        r.getSpec().setGithub(config);
        r.getSpec().setPlaybook(new PlaybookRef("oom-increase-memory"));
        r.getSpec().setDryRun(true);
        api.client.resource(r).create();

        reconcile(reconciler(RailSettings.off(), gitops), "oom-1");

        assertSkipped("oom-1", SafetyRails.REASON_DRY_RUN);
        assertThat(status("oom-1").getMessage()).startsWith("dry-run (spec.dryRun of playbook oom-increase-memory): "
                + "would have opened a pull request changing Deployment shop/checkout (");
        assertThat(status("oom-1").getApproval().getMode()).isEqualTo("GitOps");
        assertThat(status("oom-1").getPlannedChange().getChanges()).isNotEmpty();
        assertThat(github.calls).hasValue(0);
        assertThat(github.published).isEmpty();
        assertThat(memory("checkout")).isEqualTo("512Mi");
    }

    @Test
    void aPlaybookCannotTurnTheGlobalDryRunOff() {
        Remediation r = MockApi.remediation("oom-1", WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct,
                "24h", T0);
        r.getSpec().setDryRun(false);
        api.deployment("checkout");
        api.client.resource(r).create();

        reconcile(reconciler(RailSettings.off().withDryRun(true), direct()), "oom-1");

        assertSkipped("oom-1", SafetyRails.REASON_DRY_RUN);
        assertThat(memory("checkout")).isEqualTo("512Mi");
    }

    @Test
    void aDryRunThePolicyDeniesFailsAsUsual() {
        policy = FakePolicyEngine.answering(PolicyMode.Deny, false, "not on Fridays.");
        create("oom-1", "checkout", Strategy.Mode.Direct);

        reconcile(reconciler(RailSettings.off().withDryRun(true), direct()), "oom-1");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status("oom-1").getReason()).isEqualTo(RemediationReconciler.REASON_DENIED);
        assertThat(memory("checkout")).isEqualTo("512Mi");
    }

    // ---- rate limits --------------------------------------------------------------------------------------------

    @Test
    void theGlobalRateLimitSkipsTheChangeBeyondItsCountSayingWhenTheWindowFrees() {
        RailSettings rails = RailSettings.off().withRateLimits(
                new RailSettings.RateLimit(2, Duration.ofHours(1)), RailSettings.RateLimit.OFF);
        ScriptedExecutor executor = new ScriptedExecutor(Strategy.Mode.Direct);
        RemediationReconciler reconciler = reconciler(rails, executor);
        create("oom-1", "checkout", Strategy.Mode.Direct);
        create("oom-2", "cart", Strategy.Mode.Direct);
        create("oom-3", "search", Strategy.Mode.Direct);

        reconcile(reconciler, "oom-1");
        clock.advance(Duration.ofMinutes(10));
        reconcile(reconciler, "oom-2");
        clock.advance(Duration.ofMinutes(10));
        reconcile(reconciler, "oom-3");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status("oom-2").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertSkipped("oom-3", SafetyRails.REASON_RATE_LIMITED);
        assertThat(status("oom-3").getMessage()).isEqualTo("heal8s.rails.rate-limit=2/1h: 2 changes started across "
                + "all namespaces in the last 1h (limit 2); the window frees a slot at 2026-11-26T13:00:00Z.");
        assertThat(executor.handed).hasSize(2);
    }

    @Test
    void aChangeIsAdmittedAgainOnceTheWindowHasMovedOn() {
        RailSettings rails = RailSettings.off().withRateLimits(
                new RailSettings.RateLimit(1, Duration.ofHours(1)), RailSettings.RateLimit.OFF);
        RemediationReconciler reconciler = reconciler(rails, new ScriptedExecutor(Strategy.Mode.Direct));
        create("oom-1", "checkout", Strategy.Mode.Direct);
        create("oom-2", "cart", Strategy.Mode.Direct);

        reconcile(reconciler, "oom-1");
        clock.advance(Duration.ofMinutes(61));
        reconcile(reconciler, "oom-2");

        assertThat(status("oom-2").getPhase()).isEqualTo(RemediationPhase.PRCreated);
    }

    @Test
    void theNamespaceRateLimitCountsOnlyTheTargetsNamespace() {
        RailSettings rails = RailSettings.off().withRateLimits(RailSettings.RateLimit.OFF,
                new RailSettings.RateLimit(1, Duration.ofHours(1)));
        RemediationReconciler reconciler = reconciler(rails, new ScriptedExecutor(Strategy.Mode.Direct));
        create("oom-1", "checkout", Strategy.Mode.Direct);
        // A change started in another namespace an instant ago does not count against shop's budget.
        Remediation other = MockApi.remediation("elsewhere", WorkloadKind.Deployment, "api", Strategy.Mode.Direct,
                "24h", T0);
        other.getMetadata().setNamespace("billing");
        other.getSpec().getTarget().setNamespace("billing");
        api.client.resource(new NamespaceBuilder().withNewMetadata().withName("billing").endMetadata().build())
                .create();
        api.client.resource(other).create();
        api.client.resource(api.client.resources(Remediation.class).inNamespace("billing").withName("elsewhere")
                .get()).editStatus(x -> {
                    RemediationStatus s = new RemediationStatus();
                    s.setPhase(RemediationPhase.Applying);
                    s.setStartedAt(WireFormats.timestamp(T0));
                    x.setStatus(s);
                    return x;
                });

        reconcile(reconciler, "oom-1");
        create("oom-2", "cart", Strategy.Mode.Direct);
        reconcile(reconciler, "oom-2");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertSkipped("oom-2", SafetyRails.REASON_RATE_LIMITED);
        assertThat(status("oom-2").getMessage()).startsWith("heal8s.rails.namespace-rate-limit=1/1h: 1 changes "
                + "started in namespace shop in the last 1h (limit 1)");
    }

    @Test
    void aChangeOfOursCountsAtOnceBeforeTheWatchShowsIt() {
        RailSettings rails = RailSettings.off().withRateLimits(
                new RailSettings.RateLimit(1, Duration.ofHours(1)), RailSettings.RateLimit.OFF);
        // A watch that has seen nothing yet.
        RemediationReconciler reconciler = new RemediationReconciler(api.client, OperatorSettings.defaults(), clock,
                new WorkloadResolver(api.client), policy.failSafe(),
                List.of(new ScriptedExecutor(Strategy.Mode.Direct)), listener, rails, List::of);
        create("oom-1", "checkout", Strategy.Mode.Direct);
        create("oom-2", "cart", Strategy.Mode.Direct);

        reconcile(reconciler, "oom-1");
        reconcile(reconciler, "oom-2");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertSkipped("oom-2", SafetyRails.REASON_RATE_LIMITED);
    }

    // ---- applying limit -----------------------------------------------------------------------------------------

    @Test
    void aDirectChangeBeyondTheApplyingLimitWaitsWithOneEventAndIsCountedOnce() {
        RailSettings rails = RailSettings.off().withMaxApplying(1);
        RemediationReconciler reconciler = reconciler(rails, direct());
        create("oom-1", "checkout", Strategy.Mode.Direct);
        create("oom-2", "cart", Strategy.Mode.Direct);

        reconcile(reconciler, "oom-1");
        reconcile(reconciler, "oom-2");
        clock.advance(Duration.ofMinutes(1));
        reconcile(reconciler, "oom-2");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.Applying);
        RemediationStatus waiting = status("oom-2");
        assertThat(waiting.getPhase()).isEqualTo(RemediationPhase.Analyzing);
        assertThat(waiting.getReason()).isEqualTo(SafetyRails.REASON_CONCURRENCY_LIMIT);
        assertThat(waiting.getMessage()).contains("heal8s.rails.max-applying=1");
        assertThat(events("oom-2", SafetyRails.REASON_CONCURRENCY_LIMIT)).hasSize(1);
        assertThat(deferred).containsExactly("oom-2: ConcurrencyLimit");
        assertThat(memory("cart")).isEqualTo("512Mi");

        // oom-1 ends: oom-2 goes on at its next look.
        api.client.resource(api.get("oom-1")).editStatus(x -> {
            x.getStatus().setPhase(RemediationPhase.Succeeded);
            return x;
        });
        reconcile(reconciler, "oom-2");

        assertThat(status("oom-2").getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(memory("cart")).isEqualTo("640Mi");
        assertThat(deferred).hasSize(1);
    }

    @Test
    void theApplyingLimitLeavesGitOpsChangesAlone() {
        policy = FakePolicyEngine.choosing(input -> input.target().name().equals("checkout")
                ? PolicyMode.Direct : PolicyMode.GitOps);
        RemediationReconciler reconciler = reconciler(RailSettings.off().withMaxApplying(1), direct(),
                new ScriptedExecutor(Strategy.Mode.GitOps));
        create("oom-1", "checkout", Strategy.Mode.Direct);
        create("oom-2", "cart", Strategy.Mode.GitOps);

        reconcile(reconciler, "oom-1");
        reconcile(reconciler, "oom-2");

        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(status("oom-2").getPhase()).isEqualTo(RemediationPhase.PRCreated);
    }

    @Test
    void threadsAdmittingAtOnceNeverExceedTheApplyingLimit() throws Exception {
        int limit = 3;
        int threads = 12;
        // The watch has seen none of them: only the in-process claims stand between the threads.
        SafetyRails rails = new SafetyRails(RailSettings.off().withMaxApplying(limit), api.client, List::of);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Remediation r = MockApi.remediation("r-" + i, WorkloadKind.Deployment, "d-" + i,
                        Strategy.Mode.Direct, "24h", T0);
                WorkloadRef target = new WorkloadRef(WorkloadKind.Deployment, MockApi.NS, "d-" + i, "app");
                Callable<Void> call = () -> {
                    go.await();
                    if (rails.admit(r, target, Strategy.Mode.Direct, T0) == null) {
                        admitted.incrementAndGet();
                    }
                    return null;
                };
                done.add(pool.submit(call));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted).hasValue(limit);
    }

    @Test
    void aChangeThatDidNotStartGivesItsClaimBack() {
        SafetyRails rails = new SafetyRails(RailSettings.off().withMaxApplying(1), api.client, List::of);
        Remediation first = MockApi.remediation("r-1", WorkloadKind.Deployment, "a", Strategy.Mode.Direct, "24h", T0);
        Remediation second = MockApi.remediation("r-2", WorkloadKind.Deployment, "b", Strategy.Mode.Direct, "24h",
                T0);
        WorkloadRef a = new WorkloadRef(WorkloadKind.Deployment, MockApi.NS, "a", "app");
        WorkloadRef b = new WorkloadRef(WorkloadKind.Deployment, MockApi.NS, "b", "app");

        assertThat(rails.admit(first, a, Strategy.Mode.Direct, T0)).isNull();
        assertThat(rails.admit(second, b, Strategy.Mode.Direct, T0)).isNotNull();
        rails.settle(first, RemediationExecutor.Step.failed("PatchRejected", "the API refused it"));

        assertThat(rails.admit(second, b, Strategy.Mode.Direct, T0)).isNull();
    }

    @Test
    void aResolvedPodTargetIsCheckedForThePauseToo() {
        ResolvedWorkload pod = new ResolvedWorkload(new WorkloadRef(WorkloadKind.Pod, MockApi.NS, "lonely", "app"),
                List.of("Pod shop/lonely"));
        SafetyRails rails = new SafetyRails(RailSettings.off(), api.client, List::of);

        assertThat(rails.refuse(pod)).isNull();
    }
}
