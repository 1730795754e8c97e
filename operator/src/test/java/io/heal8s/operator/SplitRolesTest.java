package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The split roles, one reconcile at a time on the CRUD mock server: the operator decides and hands a GitOps
 * Remediation over (Analyzing, {@code AwaitingGitOpsWorker}) without publishing, then leaves it alone; the GitOps
 * worker takes only handed-over ones, with no API call beyond the chart's rights for it, and the two complete a GitOps
 * Remediation together.
 */
class SplitRolesTest extends ReconcilerFixture {

    /** What the chart's {@code heal8s.rules.gitops} lets the worker read (plus the cluster-scoped StorageClasses). */
    private static final Pattern WORKER_READS = Pattern.compile(".*/(remediations|deployments|statefulsets|daemonsets"
            + "|replicasets|controllerrevisions|pods|horizontalpodautoscalers|persistentvolumeclaims|storageclasses)"
            + "(/[^/]+)?");

    /** A request the worker's ServiceAccount would be refused. */
    static final Predicate<RecordedRequest> BEYOND_WORKER_RIGHTS = request -> {
        String path = request.getPath() == null ? "" : request.getPath().split("\\?")[0];
        return switch (request.getMethod()) {
            case "GET" -> !WORKER_READS.matcher(path).matches();
            case "PATCH", "PUT" -> !path.matches(".*/remediations/[^/]+/status") && !path.matches(".*/events/[^/]+");
            case "POST" -> !path.endsWith("/events");
            default -> true;
        };
    };

    FakePublisher github = FakePublisher.github();
    FakePolicyEngine policy = FakePolicyEngine.answering(PolicyMode.GitOps, true, "production: review it.");
    FakePolicyEngine workerPolicy = FakePolicyEngine.answering(PolicyMode.Direct, false, "never asked");

    RemediationReconciler operator(RemediationExecutor... executors) {
        return new RemediationReconciler(api.client, OperatorSettings.defaults(), clock,
                new WorkloadResolver(api.client), policy.failSafe(), List.of(executors), listener, RailSettings.off(),
                List::of, Role.OPERATOR);
    }

    RemediationReconciler worker() {
        GitOpsExecutor executor = new GitOpsExecutor(api.client, clock, GitOpsSettings.defaults(),
                Map.of(FakePublisher.REPOSITORY, github)::get);
        return new RemediationReconciler(api.client, OperatorSettings.defaults(), clock,
                new WorkloadResolver(api.client), workerPolicy.failSafe(), List.of(executor), listener,
                RailSettings.off(), List::of, Role.GITOPS_WORKER);
    }

    Remediation create(String name, Strategy.Mode mode) {
        if (api.client.apps().deployments().inNamespace(MockApi.NS).withName("checkout").get() == null) {
            api.deployment("checkout");
        }
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", mode, "24h", T0);
        GitHubConfig config = new GitHubConfig();
        config.setRepository(FakePublisher.REPOSITORY);
        r.getSpec().setGithub(config);
        return api.client.resource(r).create();
    }

    RemediationStatus status(String name) {
        return api.get(name).getStatus();
    }

    List<String> eventReasons(String name) {
        return api.events(name).stream().map(Event::getReason).toList();
    }

    void patchStatus(String name, Consumer<RemediationStatus> edit) {
        api.client.resource(api.get(name)).editStatus(r -> {
            edit.accept(r.getStatus());
            return r;
        });
    }

    /** A worker's reconcile with every request beyond its RBAC answered 403; returns how many were. */
    int asWorker(RemediationReconciler worker, String name) {
        AtomicInteger refused = api.refuse(BEYOND_WORKER_RIGHTS, 403, "Forbidden", "not in the worker's Role");
        try {
            reconcile(worker, name);
        } finally {
            api.heal();
        }
        return refused.get();
    }

    @Test
    void theOperatorHandsAGitOpsRemediationOverWithOneEventAndThenLeavesItAlone() {
        create("oom-1", Strategy.Mode.GitOps);
        RemediationReconciler operator = operator(new ScriptedExecutor(Strategy.Mode.Direct));

        UpdateControl<Remediation> first = reconcile(operator, "oom-1");

        RemediationStatus status = status("oom-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Analyzing);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_AWAITING_GITOPS_WORKER);
        assertThat(status.getMessage()).isEqualTo("Resolved Deployment shop/checkout; the approval policy chose GitOps:"
                + " the GitOps worker opens the pull request.");
        assertThat(status.getApproval().getMode()).isEqualTo("GitOps");
        assertThat(status.getResolvedTarget().getName()).isEqualTo("checkout");
        assertThat(status.getStartedAt()).as("the worker starts it").isNull();
        assertThat(policy.inputs).hasSize(1);
        assertThat(github.calls).hasValue(0);
        assertThat(first.getScheduleDelay()).isPresent();
        String version = api.get("oom-1").getMetadata().getResourceVersion();

        UpdateControl<Remediation> again = reconcile(operator, "oom-1");
        reconcile(operator, "oom-1");

        assertThat(again.getScheduleDelay()).as("no requeue: the worker's writes wake it if need be").isEmpty();
        assertThat(api.get("oom-1").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(eventReasons("oom-1")).containsExactlyInAnyOrder("Analyzing", "AwaitingGitOpsWorker");
        assertThat(policy.inputs).hasSize(1);
        assertThat(listener.of("oom-1")).containsExactly("oom-1: null -> Analyzing (Analyzing)");
    }

    @Test
    void theWorkersRightsAreCheckedForReal() {
        create("oom-rights", Strategy.Mode.GitOps);
        AtomicInteger refused = api.refuse(BEYOND_WORKER_RIGHTS, 403, "Forbidden", "not in the worker's Role");
        try {
            assertThatThrownBy(() -> reconcile(operator(), "oom-rights")).as("the pause rail reads the Namespace")
                    .hasMessageContaining("403");
        } finally {
            api.heal();
        }
        assertThat(refused.get()).isPositive();
    }

    @Test
    void theOperatorRunsNoGitOpsExecutor() {
        GitOpsExecutor gitops = new GitOpsExecutor(api.client, clock, GitOpsSettings.defaults(), repository -> github);

        assertThatThrownBy(() -> operator(gitops)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role operator runs no GitOps executor");
    }

    @Test
    void theOperatorStillCarriesOutDirectRemediations() {
        policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: go ahead.");
        create("oom-direct", Strategy.Mode.Direct);
        ScriptedExecutor direct = new ScriptedExecutor(Strategy.Mode.Direct);

        reconcile(operator(direct), "oom-direct");

        assertThat(direct.handed).hasSize(1);
        assertThat(status("oom-direct").getPhase()).isEqualTo(RemediationPhase.PRCreated);
    }

    @Test
    void theWorkerIgnoresPendingAndUndecidedAndDirectRemediations() {
        create("oom-new", Strategy.Mode.GitOps);
        create("oom-direct", Strategy.Mode.Direct);
        policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: go ahead.");
        reconcile(operator(), "oom-direct");
        assertThat(status("oom-direct").getReason()).isEqualTo(RemediationReconciler.REASON_AWAITING_EXECUTOR);
        RemediationReconciler worker = worker();

        for (String name : List.of("oom-new", "oom-direct")) {
            String version = api.get(name).getMetadata().getResourceVersion();
            UpdateControl<Remediation> control = reconcile(worker, name);
            assertThat(control.getScheduleDelay()).isEmpty();
            assertThat(api.get(name).getMetadata().getResourceVersion()).as(name).isEqualTo(version);
        }
        assertThat(status("oom-new")).isNull();
        assertThat(eventReasons("oom-new")).isEmpty();
        assertThat(eventReasons("oom-direct")).containsExactlyInAnyOrder("Analyzing", "AwaitingExecutor");
        assertThat(github.calls).hasValue(0);
        assertThat(workerPolicy.inputs).isEmpty();
    }

    @Test
    void theWorkerPublishesAHandedOverRemediationWithinItsRbac() {
        create("oom-1", Strategy.Mode.GitOps);
        reconcile(operator(), "oom-1");

        int refused = asWorker(worker(), "oom-1");

        assertThat(refused).as("requests beyond the worker's Role").isZero();
        RemediationStatus status = status("oom-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status.getPrNumber()).isEqualTo(1);
        assertThat(status.getStartedAt()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(github.published).singleElement().satisfies(request -> assertThat(request.result().changes())
                .extracting(c -> c.oldValue() + "->" + c.newValue()).contains("512Mi->640Mi"));
        assertThat(workerPolicy.inputs).as("the operator decided").isEmpty();
        assertThat(policy.inputs).hasSize(1);
    }

    @Test
    void theOperatorAndTheWorkerCompleteAGitOpsRemediationTogether() {
        create("oom-e2e", Strategy.Mode.GitOps);
        RemediationReconciler operator = operator(new ScriptedExecutor(Strategy.Mode.Direct));
        RemediationReconciler worker = worker();

        assertThat(asWorker(worker, "oom-e2e")).isZero();
        assertThat(status("oom-e2e")).as("not handed over yet").isNull();
        reconcile(operator, "oom-e2e");
        assertThat(asWorker(worker, "oom-e2e")).isZero();
        assertThat(status("oom-e2e").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        String opened = api.get("oom-e2e").getMetadata().getResourceVersion();
        reconcile(operator, "oom-e2e");
        assertThat(api.get("oom-e2e").getMetadata().getResourceVersion()).as("the operator leaves PRCreated alone")
                .isEqualTo(opened);

        github.merge(status("oom-e2e").getBranch(), "m3rg3d");
        assertThat(asWorker(worker, "oom-e2e")).isZero();
        assertThat(status("oom-e2e").getPhase()).isEqualTo(RemediationPhase.Applying);
        reconcile(operator, "oom-e2e");
        patchStatus("oom-e2e", s -> s.setAppliedAt("2026-11-26T12:05:00Z"));
        assertThat(asWorker(worker, "oom-e2e")).isZero();

        RemediationStatus done = status("oom-e2e");
        assertThat(done.getPhase()).isEqualTo(RemediationPhase.Succeeded);
        assertThat(done.getMessage()).isEqualTo("The change was applied at 2026-11-26T12:05:00Z.");
        assertThat(github.published).hasSize(1);
        assertThat(eventReasons("oom-e2e")).containsExactlyInAnyOrder("Analyzing", "AwaitingGitOpsWorker",
                "PRCreated", "Applying", "Succeeded");
        assertThat(listener.of("oom-e2e")).containsExactly("oom-e2e: null -> Analyzing (Analyzing)",
                "oom-e2e: Analyzing -> PRCreated (PRCreated)", "oom-e2e: PRCreated -> Applying (Applying)",
                "oom-e2e: Applying -> Succeeded (Succeeded)");
    }

    @Test
    void theWorkerWithdrawsAHandedOverPullRequestAtItsTtlAndTheOperatorDoesNot() {
        create("oom-ttl", Strategy.Mode.GitOps);
        RemediationReconciler operator = operator();
        RemediationReconciler worker = worker();
        reconcile(operator, "oom-ttl");
        asWorker(worker, "oom-ttl");
        clock.advance(java.time.Duration.ofHours(25));

        reconcile(operator, "oom-ttl");
        assertThat(status("oom-ttl").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(asWorker(worker, "oom-ttl")).isZero();

        assertThat(status("oom-ttl").getPhase()).isEqualTo(RemediationPhase.Expired);
        assertThat(github.withdrawn).hasSize(1);
    }

    @Test
    void aRemediationWithoutAnApprovedModeIsNeverTheWorkers() {
        Remediation r = MockApi.remediation("oom-undecided", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps,
                "24h", T0);
        RemediationStatus s = new RemediationStatus();
        s.setPhase(RemediationPhase.Analyzing);
        s.setReason(RemediationReconciler.REASON_AWAITING_GITOPS_WORKER);
        r.setStatus(s);

        assertThat(Role.handedOver(r)).isFalse();
        assertThat(Role.GITOPS_WORKER.reconciles(r)).isFalse();
        assertThat(Role.OPERATOR.reconciles(r)).isTrue();
        assertThat(Role.COMBINED.reconciles(r)).isTrue();
    }
}
