package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.config.VerificationSettings;
import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.VerificationSpec;
import io.heal8s.engine.remediation.WireFormats;
import io.heal8s.engine.verification.PromQlCheck;
import io.heal8s.engine.verification.PrometheusException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Verification after the change, in both modes, one reconcile at a time on the CRUD mock server with a test clock: the
 * alert resolved inside the window verifies it (even late in the window, after firing for a while), the PromQL check
 * verifies it after enough healthy answers in a row, and a window that runs out rolls a Direct change back to the exact
 * previous values, or opens a revert pull request for a GitOps change (or only reports it).
 */
class VerificationTest extends ReconcilerFixture {

    static final String LIMIT = "spec.template.spec.containers[name=app].resources.limits.memory";
    static final Duration WINDOW = Duration.ofMinutes(15);

    /** Scripted PromQL answers, in order; an exception stands for an unreachable Prometheus. */
    final Queue<Object> answers = new ArrayDeque<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    final PromQlCheck prometheus = query -> {
        asked.add(query);
        Object next = answers.isEmpty() ? new PrometheusException("connection refused") : answers.poll();
        if (next instanceof PrometheusException e) {
            throw e;
        }
        return (PromQlCheck.PromQlAnswer) next;
    };

    Verifier verifier(VerificationSettings settings, PromQlCheck check) {
        return new Verifier(clock, settings, check);
    }

    static VerificationSpec spec(String window, String promql, String interval, Integer successes) {
        VerificationSpec spec = new VerificationSpec();
        spec.setWindow(window);
        spec.setPromql(promql);
        spec.setInterval(interval);
        spec.setSuccesses(successes);
        return spec;
    }

    void deploymentDone(String name) {
        api.deploymentRolledOut(name);
    }

    Deployment deployment(String name) {
        return api.client.apps().deployments().inNamespace(MockApi.NS).withName(name).get();
    }

    static String limit(Deployment d) {
        Map<String, Quantity> limits = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits();
        return limits.get("memory").toString();
    }

    RemediationStatus status(String name) {
        return api.get(name).getStatus();
    }

    void patchStatus(String name, Consumer<RemediationStatus> edit) {
        api.client.resource(api.get(name)).editStatus(r -> {
            edit.accept(r.getStatus());
            return r;
        });
    }

    List<Event> warnings(String name) {
        return api.events(name).stream().filter(e -> "Warning".equals(e.getType())).toList();
    }

    @Nested
    class Direct {

        FailSafePolicy policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: apply it.").failSafe();

        RemediationReconciler reconciler(Verifier verifier) {
            return ReconcilerFixtureAccess.reconciler(VerificationTest.this, policy,
                    new DirectExecutor(api.client, clock, Duration.ofMinutes(10), verifier));
        }

        /** A Direct IncreaseMemory of Deployment checkout (limit 512Mi), applied and its rollout done. */
        RemediationReconciler appliedAndRolledOut(String name, VerificationSpec verification, Verifier verifier) {
            api.deployment("checkout");
            Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h",
                    T0);
            r.getSpec().setVerification(verification);
            api.client.resource(r).create();
            RemediationReconciler reconciler = reconciler(verifier);
            reconcile(reconciler, name);
            assertThat(status(name).getPhase()).isEqualTo(RemediationPhase.Applying);
            assertThat(limit(deployment("checkout"))).isEqualTo("640Mi");
            deploymentDone("checkout");
            return reconciler;
        }

        @Test
        void theAlertResolvedInsideTheWindowVerifiesTheChange() {
            RemediationReconciler reconciler = appliedAndRolledOut("oom-1", spec("15m", null, null, null),
                    verifier(VerificationSettings.defaults(), null));

            UpdateControl<Remediation> control = reconcile(reconciler, "oom-1");

            RemediationStatus verifying = status("oom-1");
            assertThat(verifying.getPhase()).isEqualTo(RemediationPhase.Applying);
            assertThat(verifying.getReason()).isEqualTo(Verifier.REASON_VERIFYING);
            String until = WireFormats.timestamp(T0.plus(WINDOW));
            assertThat(verifying.getMessage()).isEqualTo("The rollout of Deployment shop/checkout finished (1/1 "
                    + "updated, 1/1 available); verifying until " + until + ": waiting for alert KubePodOOMKilled to "
                    + "resolve.");
            assertThat(verifying.getVerification().getUntil()).isEqualTo(until);
            assertThat(control.getScheduleDelay()).as("looked at again when the window ends, no thread waits")
                    .contains(WINDOW.toMillis());

            clock.advance(Duration.ofMinutes(4));
            patchStatus("oom-1", s -> s.setAlertResolvedAt(WireFormats.timestamp(clock.instant())));
            reconcile(reconciler, "oom-1");

            RemediationStatus done = status("oom-1");
            assertThat(done.getPhase()).isEqualTo(RemediationPhase.Succeeded);
            assertThat(done.getReason()).isEqualTo(Verifier.REASON_VERIFIED);
            assertThat(done.getMessage()).endsWith("verified: alert KubePodOOMKilled resolved at "
                    + WireFormats.timestamp(T0.plus(Duration.ofMinutes(4))) + ", 4m after the change was applied.");
            assertThat(limit(deployment("checkout"))).isEqualTo("640Mi");
            assertThat(listener.seen).containsExactly("oom-1: null -> Analyzing (Analyzing)",
                    "oom-1: Analyzing -> Applying (Applying)", "oom-1: Applying -> Succeeded (Verified)");
        }

        @Test
        void anAlertThatKeepsFiringIsNoFailureUntilTheWindowEndsAndALateResolutionStillVerifies() {
            RemediationReconciler reconciler = appliedAndRolledOut("oom-2", spec(null, null, null, null),
                    verifier(VerificationSettings.defaults(), null));
            reconcile(reconciler, "oom-2");
            String message = status("oom-2").getMessage();
            for (int minute = 1; minute <= 14; minute++) {
                clock.advance(Duration.ofMinutes(1));
                reconcile(reconciler, "oom-2");
                assertThat(status("oom-2").getPhase()).as("minute %d", minute).isEqualTo(RemediationPhase.Applying);
            }
            assertThat(status("oom-2").getMessage()).as("one message (one Event) for the whole window")
                    .isEqualTo(message);
            assertThat(api.events("oom-2")).extracting(Event::getReason).containsOnlyOnce("Verifying");

            clock.advance(Duration.ofSeconds(50));
            patchStatus("oom-2", s -> s.setAlertResolvedAt(WireFormats.timestamp(clock.instant())));
            reconcile(reconciler, "oom-2");

            assertThat(status("oom-2").getPhase()).isEqualTo(RemediationPhase.Succeeded);
            assertThat(status("oom-2").getReason()).isEqualTo(Verifier.REASON_VERIFIED);
        }

        @Test
        void aWindowThatRunsOutRollsTheChangeBackToTheExactPreviousValuesWithAWarning() {
            RemediationReconciler reconciler = appliedAndRolledOut("oom-3", spec("15m", null, null, null),
                    verifier(VerificationSettings.defaults(), null));
            reconcile(reconciler, "oom-3");
            clock.advance(WINDOW.minusSeconds(1));
            reconcile(reconciler, "oom-3");
            assertThat(status("oom-3").getPhase()).isEqualTo(RemediationPhase.Applying);

            clock.advance(Duration.ofSeconds(1));
            // Resolved after the window: too late to count.
            patchStatus("oom-3", s -> s.setAlertResolvedAt(WireFormats.timestamp(clock.instant().plusSeconds(1))));
            reconcile(reconciler, "oom-3");

            RemediationStatus status = status("oom-3");
            assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
            assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
            assertThat(status.getMessage()).startsWith("Rolled back because the change was not verified within the "
                    + "15m window (until " + WireFormats.timestamp(T0.plus(WINDOW)) + "): alert KubePodOOMKilled did "
                    + "not resolve: restored Deployment shop/checkout " + LIMIT + "=512Mi");
            Deployment after = deployment("checkout");
            assertThat(limit(after)).isEqualTo("512Mi");
            assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
                    .get("memory").toString()).isEqualTo("512Mi");
            assertThat(after.getMetadata().getAnnotations()).doesNotContainKeys(
                    DirectExecutor.APPLIED_BY_ANNOTATION, DirectExecutor.ROLLBACK_ANNOTATION);
            assertThat(warnings("oom-3")).singleElement().satisfies(e -> {
                assertThat(e.getReason()).isEqualTo("RolledBack");
                assertThat(e.getMessage()).contains("not verified", "512Mi");
            });
        }

        @Test
        void thePromQlCheckVerifiesAfterEnoughHealthyAnswersInARowAskedEveryInterval() {
            answers.add(new PromQlCheck.PromQlAnswer(false, "empty result"));
            answers.add(new PromQlCheck.PromQlAnswer(true, "1 series, all non-zero"));
            answers.add(new PrometheusException("Prometheus at http://prom:9090 did not answer within 5000 ms"));
            answers.add(new PromQlCheck.PromQlAnswer(true, "1 series, all non-zero"));
            RemediationReconciler reconciler = appliedAndRolledOut("oom-4",
                    spec("15m", "up{job=\"checkout\"} == 1", "30s", 2),
                    verifier(VerificationSettings.defaults(), prometheus));

            UpdateControl<Remediation> control = reconcile(reconciler, "oom-4");
            assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());
            assertThat(status("oom-4").getVerification().getLastCheck()).isEqualTo("unhealthy: empty result");
            assertThat(status("oom-4").getMessage()).endsWith("waiting for alert KubePodOOMKilled to resolve or the "
                    + "PromQL check to be healthy.");

            clock.advance(Duration.ofSeconds(10));
            reconcile(reconciler, "oom-4");
            assertThat(asked).as("not asked again before the interval").hasSize(1);

            clock.advance(Duration.ofSeconds(20));
            reconcile(reconciler, "oom-4");
            assertThat(status("oom-4").getVerification().getHealthyChecks()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(30));
            reconcile(reconciler, "oom-4");
            assertThat(status("oom-4").getVerification().getLastCheck()).startsWith("Prometheus unreachable: ");
            assertThat(status("oom-4").getPhase()).isEqualTo(RemediationPhase.Applying);
            clock.advance(Duration.ofSeconds(30));
            reconcile(reconciler, "oom-4");

            assertThat(asked).hasSize(4).containsOnly("up{job=\"checkout\"} == 1");
            RemediationStatus done = status("oom-4");
            assertThat(done.getPhase()).isEqualTo(RemediationPhase.Succeeded);
            assertThat(done.getReason()).isEqualTo(Verifier.REASON_VERIFIED);
            assertThat(done.getMessage()).endsWith("verified: the PromQL check was healthy 2 times in a row "
                    + "(healthy: 1 series, all non-zero).");
        }

        @Test
        void aPrometheusThatNeverAnswersRollsBackAtTheWindowsEndSayingSo() {
            RemediationReconciler reconciler = appliedAndRolledOut("oom-5", spec("2m", "up == 1", "30s", null),
                    verifier(VerificationSettings.defaults(), prometheus));
            for (int i = 0; i < 4; i++) {
                reconcile(reconciler, "oom-5");
                assertThat(status("oom-5").getPhase()).isEqualTo(RemediationPhase.Applying);
                clock.advance(Duration.ofSeconds(30));
            }
            reconcile(reconciler, "oom-5");

            RemediationStatus status = status("oom-5");
            assertThat(asked).hasSize(4);
            assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
            assertThat(status.getMessage()).contains("the PromQL check was not healthy (last: Prometheus "
                    + "unreachable: connection refused)");
            assertThat(limit(deployment("checkout"))).isEqualTo("512Mi");
        }

        @Test
        void aPromQlCheckWithoutAConfiguredPrometheusFailsSayingWhichKeyIsMissing() {
            RemediationReconciler reconciler = appliedAndRolledOut("oom-6", spec("1m", "up == 1", "30s", null),
                    verifier(VerificationSettings.defaults(), null));
            reconcile(reconciler, "oom-6");
            clock.advance(Duration.ofMinutes(1));
            reconcile(reconciler, "oom-6");

            assertThat(status("oom-6").getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
            assertThat(status("oom-6").getMessage()).contains("(last: heal8s.prometheus.url is not set: the PromQL "
                    + "check cannot run)");
        }

        @Test
        void aRemediationWithoutSpecVerificationSucceedsWhenTheRolloutIsDone() {
            RemediationReconciler reconciler = appliedAndRolledOut("oom-7", null,
                    verifier(VerificationSettings.defaults(), prometheus));
            reconcile(reconciler, "oom-7");

            assertThat(status("oom-7").getPhase()).isEqualTo(RemediationPhase.Succeeded);
            assertThat(status("oom-7").getReason()).isEqualTo("Succeeded");
            assertThat(asked).isEmpty();
        }
    }

    @Nested
    class GitOps {

        FakePublisher github = FakePublisher.github();
        FakePublisher elsewhere = FakePublisher.github();
        Map<String, ChangePublisher> served = Map.of(FakePublisher.REPOSITORY, github, "acme/elsewhere", elsewhere);
        GitOpsSettings gitops = GitOpsSettings.defaults();
        FailSafePolicy policy = FakePolicyEngine.answering(PolicyMode.GitOps, true, "production: review it.")
                .failSafe();

        RemediationReconciler reconciler(VerificationSettings settings) {
            Verifier verifier = verifier(settings, null);
            GitOpsVerification check = new GitOpsVerification(clock, gitops, settings,
                    served::get, verifier, new DirectExecutor(api.client, clock, Duration.ofMinutes(10)));
            return ReconcilerFixtureAccess.reconciler(VerificationTest.this, policy, new GitOpsExecutor(api.client,
                    clock, gitops, served::get, check));
        }

        /** A GitOps IncreaseMemory of checkout whose pull request #1 merged and whose appliedAt the workflow set. */
        RemediationReconciler mergedAndApplied(String name, VerificationSettings settings) {
            return mergedAndApplied(name, settings, true);
        }

        /** As above; without spec.github the server's defaults ({@link #gitops}) choose where the change goes. */
        RemediationReconciler mergedAndApplied(String name, VerificationSettings settings, boolean specGithub) {
            api.deployment("checkout");
            Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps,
                    "24h", T0);
            if (specGithub) {
                GitHubConfig config = new GitHubConfig();
                config.setRepository(FakePublisher.REPOSITORY);
                r.getSpec().setGithub(config);
            }
            r.getSpec().setVerification(spec("15m", null, null, null));
            api.client.resource(r).create();
            RemediationReconciler reconciler = reconciler(settings);
            reconcile(reconciler, name);
            assertThat(status(name).getRollback().getChanges()).isNotEmpty();
            github.merge(status(name).getBranch(), "m3rg3d");
            reconcile(reconciler, name);
            assertThat(status(name).getPhase()).isEqualTo(RemediationPhase.Applying);
            patchStatus(name, s -> s.setAppliedAt(WireFormats.timestamp(T0)));
            return reconciler;
        }

        @Test
        void theLiveRolloutIsFollowedAfterAppliedAtAndTheResolvedAlertVerifies() {
            RemediationReconciler reconciler = mergedAndApplied("oom-g1", VerificationSettings.defaults());

            reconcile(reconciler, "oom-g1");
            assertThat(status("oom-g1").getReason()).isEqualTo("WaitingForRollout");

            deploymentDone("checkout");
            reconcile(reconciler, "oom-g1");
            assertThat(status("oom-g1").getReason()).isEqualTo(Verifier.REASON_VERIFYING);
            assertThat(status("oom-g1").getMessage()).startsWith("The change was applied at "
                    + WireFormats.timestamp(T0) + " and the rollout of Deployment shop/checkout finished");

            clock.advance(Duration.ofMinutes(3));
            patchStatus("oom-g1", s -> s.setAlertResolvedAt(WireFormats.timestamp(clock.instant())));
            reconcile(reconciler, "oom-g1");

            assertThat(status("oom-g1").getPhase()).isEqualTo(RemediationPhase.Succeeded);
            assertThat(status("oom-g1").getReason()).isEqualTo(Verifier.REASON_VERIFIED);
            assertThat(github.published).hasSize(1);
        }

        @Test
        void aChangeThatDidNotVerifyOpensARevertPullRequestWithTheValuesSwapped() {
            RemediationReconciler reconciler = mergedAndApplied("oom-g2", VerificationSettings.defaults());
            deploymentDone("checkout");
            reconcile(reconciler, "oom-g2");
            clock.advance(WINDOW);

            reconcile(reconciler, "oom-g2");

            assertThat(github.published).hasSize(2);
            var revert = github.published.get(1);
            assertThat(revert.repository()).isEqualTo("acme/manifests");
            assertThat(revert.manifestPath()).isEqualTo("apps/shop/checkout.yaml");
            assertThat(revert.result().changes()).extracting(FieldChange::path, FieldChange::oldValue,
                    FieldChange::newValue).contains(tuple(LIMIT, "640Mi", "512Mi"));
            assertThat(revert.content().branch()).matches("heal8s/revert-increase-memory/shop-checkout-[0-9a-f]{8}");
            assertThat(revert.content().title())
                    .isEqualTo("Revert: heal8s: IncreaseMemory on Deployment shop/checkout (KubePodOOMKilled)");
            assertThat(revert.content().body())
                    .contains("This reverts pull request [#1](https://github.example/acme/manifests/pull/1).")
                    .contains("not verified within the 15m window")
                    .contains("<!-- heal8s:remediation=shop/oom-g2 -->");
            assertThat(revert.autoMerge()).isFalse();
            RemediationStatus status = status("oom-g2");
            assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
            assertThat(status.getReason()).isEqualTo(Verifier.REASON_VERIFICATION_FAILED);
            assertThat(status.getMessage()).startsWith("The change was not verified within the 15m window")
                    .endsWith("Opened revert pull request #2: https://github.example/acme/manifests/pull/2.");
            assertThat(status.getVerification().getRevertUrl())
                    .isEqualTo("https://github.example/acme/manifests/pull/2");
            assertThat(status.getPrNumber()).as("the original pull request stays recorded").isEqualTo(1);
            assertThat(warnings("oom-g2")).extracting(Event::getReason).containsExactly("VerificationFailed");
        }

        @Test
        void theRevertGoesToTheRepositoryBranchAndFileOfThePullRequestEvenAfterTheDefaultsChanged() {
            gitops = GitOpsSettings.fromMap(Map.of(GitOpsSettings.REPOSITORY, FakePublisher.REPOSITORY,
                    GitOpsSettings.BASE_BRANCH, "production"));
            mergedAndApplied("oom-moved", VerificationSettings.defaults(), false);
            deploymentDone("checkout");
            // The server restarts with another default repository, branch and path while the change is verified.
            gitops = GitOpsSettings.fromMap(Map.of(GitOpsSettings.REPOSITORY, "acme/elsewhere",
                    GitOpsSettings.BASE_BRANCH, "trunk", GitOpsSettings.MANIFEST_PATH, "other/{name}.yaml"));
            RemediationReconciler restarted = reconciler(VerificationSettings.defaults());
            reconcile(restarted, "oom-moved");
            clock.advance(WINDOW);

            reconcile(restarted, "oom-moved");

            assertThat(elsewhere.calls).as("nothing goes to the new default").hasValue(0);
            assertThat(github.published).hasSize(2);
            var revert = github.published.get(1);
            assertThat(revert.repository()).isEqualTo(FakePublisher.REPOSITORY);
            assertThat(revert.baseBranch()).isEqualTo("production");
            assertThat(revert.manifestPath()).isEqualTo("apps/shop/checkout.yaml");
            assertThat(status("oom-moved").getMessage())
                    .endsWith("Opened revert pull request #2: https://github.example/acme/manifests/pull/2.");
        }

        @Test
        void reportOnlyFailsWithoutAPullRequest() {
            VerificationSettings report = new VerificationSettings(null, null, null,
                    VerificationSettings.OnFailure.REPORT);
            RemediationReconciler reconciler = mergedAndApplied("oom-g3", report);
            deploymentDone("checkout");
            reconcile(reconciler, "oom-g3");
            clock.advance(WINDOW);

            reconcile(reconciler, "oom-g3");

            assertThat(github.published).hasSize(1);
            assertThat(status("oom-g3").getReason()).isEqualTo(Verifier.REASON_VERIFICATION_FAILED);
            assertThat(status("oom-g3").getMessage()).contains("Not reverted (heal8s.gitops.on-verification-failure="
                    + "report)");
        }
    }
}
