package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Event;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GitOps executor in the reconciler, one reconcile at a time on the CRUD mock server, with an in-memory publisher:
 * the pull request is opened in the reconcile that records the policy's decision, followed to merged, closed or
 * superseded, withdrawn at the TTL, found again after a crash, and never called before a host's retryAfter.
 */
class GitOpsExecutorTest extends ReconcilerFixture {

    FakePublisher github = FakePublisher.github();
    GitOpsSettings settings = GitOpsSettings.defaults();
    Map<String, ChangePublisher> served = Map.of(FakePublisher.REPOSITORY, github);
    FailSafePolicy policy = FakePolicyEngine.answering(PolicyMode.GitOps, true, "production: review it.").failSafe();

    RemediationReconciler reconciler() {
        return reconciler(policy, new GitOpsExecutor(api.client, clock, settings, served::get));
    }

    /** A GitOps Remediation of Deployment checkout (memory limit 512Mi); spec.github names the fake's repository. */
    Remediation create(String name, Consumer<Remediation> edit) {
        api.deployment("checkout");
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h", T0);
        GitHubConfig config = new GitHubConfig();
        config.setRepository(FakePublisher.REPOSITORY);
        r.getSpec().setGithub(config);
        edit.accept(r);
        return api.client.resource(r).create();
    }

    Remediation create(String name) {
        return create(name, r -> { });
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

    @Test
    void thePullRequestIsOpenedInTheReconcileThatRecordsTheDecisionAndTheStatusSaysWhere() {
        create("oom-1", r -> {
            r.getSpec().getGithub().setPrReviewers(List.of("alice", "acme/sre"));
            r.getSpec().getGithub().setPrAssignees(List.of("bob"));
            r.getSpec().getGithub().setPrDraft(true);
            r.getSpec().getGithub().setPrLabels(List.of("team-shop", "heal8s"));
        });

        reconcile(reconciler(), "oom-1");

        RemediationStatus status = status("oom-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status.getReason()).isEqualTo("PRCreated");
        assertThat(status.getPrNumber()).isEqualTo(1);
        assertThat(status.getPrUrl()).isEqualTo("https://github.example/acme/manifests/pull/1");
        assertThat(status.getMessage())
                .isEqualTo("Opened pull request #1: https://github.example/acme/manifests/pull/1.");
        assertThat(status.getCommitSHA()).hasSize(40);
        assertThat(status.getBranch()).matches("heal8s/increase-memory/shop-checkout-[0-9a-f]{8}");
        assertThat(status.getRepository()).isEqualTo("acme/manifests");
        assertThat(status.getBaseBranch()).isEqualTo("main");
        assertThat(status.getManifestPath()).isEqualTo("apps/shop/checkout.yaml");
        assertThat(status.getApproval().getMode()).isEqualTo("GitOps");
        assertThat(github.published).singleElement().satisfies(request -> {
            assertThat(request.repository()).isEqualTo("acme/manifests");
            assertThat(request.baseBranch()).isEqualTo("main");
            assertThat(request.manifestPath()).isEqualTo("apps/shop/checkout.yaml");
            assertThat(request.target()).isEqualTo(new ManifestTarget("Deployment", "checkout", MockApi.NS));
            assertThat(request.remediation()).isEqualTo("shop/oom-1");
            assertThat(request.result().changes()).extracting(FieldChange::oldValue, FieldChange::newValue)
                    .contains(org.assertj.core.groups.Tuple.tuple("512Mi", "640Mi"));
            assertThat(request.content().branch()).isEqualTo(status.getBranch());
            assertThat(request.content().body()).contains("<!-- heal8s:remediation=shop/oom-1 -->")
                    .contains("production\\: review it\\.");
            assertThat(request.content().labels()).containsExactly("heal8s", "increase-memory", "team-shop");
            assertThat(request.reviewers()).containsExactly("alice", "acme/sre");
            assertThat(request.assignees()).containsExactly("bob");
            assertThat(request.draft()).isTrue();
            assertThat(request.autoMerge()).isFalse();
        });
        assertThat(eventReasons("oom-1")).containsExactlyInAnyOrder("Analyzing", "PRCreated");
        assertThat(listener.seen).containsExactly("oom-1: null -> Analyzing (Analyzing)",
                "oom-1: Analyzing -> PRCreated (PRCreated)");
    }

    @Test
    void anOpenPullRequestIsAskedForOncePerReconcileWritesNothingAndIsPolledAtThePrPollInterval() {
        create("oom-open");
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-open");
        String version = api.get("oom-open").getMetadata().getResourceVersion();

        UpdateControl<Remediation> control = reconcile(reconciler, "oom-open");
        reconcile(reconciler, "oom-open");

        assertThat(github.asked).hasSize(2).allSatisfy(p -> {
            assertThat(p.prNumber()).isEqualTo(1);
            assertThat(p.branch()).isEqualTo(status("oom-open").getBranch());
            assertThat(p.repository()).isEqualTo("acme/manifests");
        });
        assertThat(api.get("oom-open").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(control.getScheduleDelay()).contains(OperatorSettings.DEFAULT_PR_POLL_INTERVAL.toMillis());
        assertThat(eventReasons("oom-open")).hasSize(2);
    }

    @Test
    void aMergedPullRequestMovesToApplyingAndTheAppliedAtTheWorkflowPatchesToSucceeded() {
        create("oom-merge");
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-merge");
        github.merge(status("oom-merge").getBranch(), "m3rg3d");

        reconcile(reconciler, "oom-merge");

        RemediationStatus applying = status("oom-merge");
        assertThat(applying.getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(applying.getMessage()).isEqualTo("Pull request #1 merged as m3rg3d (merged by alice); waiting for "
                + "the apply workflow to apply it.");
        int asked = github.asked.size();
        String version = api.get("oom-merge").getMetadata().getResourceVersion();

        reconcile(reconciler, "oom-merge");
        assertThat(api.get("oom-merge").getMetadata().getResourceVersion()).as("nothing new before appliedAt")
                .isEqualTo(version);
        assertThat(github.asked).as("Applying needs the host no more").hasSize(asked);

        patchStatus("oom-merge", s -> s.setAppliedAt("2026-11-26T12:05:00Z"));
        UpdateControl<Remediation> done = reconcile(reconciler, "oom-merge");

        RemediationStatus succeeded = status("oom-merge");
        assertThat(succeeded.getPhase()).isEqualTo(RemediationPhase.Succeeded);
        assertThat(succeeded.getMessage()).isEqualTo("The change was applied at 2026-11-26T12:05:00Z.");
        assertThat(succeeded.condition(RemediationStatus.CONDITION_READY).getStatus()).isEqualTo("True");
        assertThat(done.getScheduleDelay()).isEmpty();
        assertThat(eventReasons("oom-merge")).containsExactlyInAnyOrder("Analyzing", "PRCreated", "Applying",
                "Succeeded");
        assertThat(listener.of("oom-merge")).containsExactly("oom-merge: null -> Analyzing (Analyzing)",
                "oom-merge: Analyzing -> PRCreated (PRCreated)", "oom-merge: PRCreated -> Applying (Applying)",
                "oom-merge: Applying -> Succeeded (Succeeded)");
    }

    @Test
    void aPullRequestClosedUnmergedFailsTheRemediationAsRejectedWithAWarning() {
        create("oom-closed");
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-closed");
        github.close(status("oom-closed").getBranch());

        reconcile(reconciler, "oom-closed");

        RemediationStatus status = status("oom-closed");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(GitOpsExecutor.REASON_REJECTED);
        assertThat(status.getMessage()).isEqualTo("Pull request #1 was closed without merging (closed by bob).");
        assertThat(api.events("oom-closed")).filteredOn(e -> e.getReason().equals("Rejected")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }

    @Test
    void aSupersededPullRequestFailsTheRemediationAsSuperseded() {
        create("oom-old");
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-old");
        github.supersede(status("oom-old").getBranch());

        reconcile(reconciler, "oom-old");

        RemediationStatus status = status("oom-old");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(GitOpsExecutor.REASON_SUPERSEDED);
        assertThat(status.getMessage()).contains("superseded").contains("shop/oom-newer took it over");
        assertThat(eventReasons("oom-old")).contains("Superseded");
    }

    @Test
    void atTheTtlThePullRequestIsWithdrawnWithACommentBeforeExpiredIsRecorded() {
        create("oom-ttl", r -> r.getSpec().getStrategy().setTtl("1h"));
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-ttl");
        String branch = status("oom-ttl").getBranch();
        clock.advance(Duration.ofMinutes(61));
        github.failNext(GitOpsException.retryable("GitHubUnavailable", "GitHub answered 502.", null, null));

        assertThatThrownBy(() -> reconcile(reconciler, "oom-ttl")).isInstanceOf(GitOpsException.class);
        assertThat(status("oom-ttl").getPhase()).as("not expired while the PR may still be open")
                .isEqualTo(RemediationPhase.PRCreated);

        reconcile(reconciler, "oom-ttl");

        assertThat(github.withdrawn).singleElement().asString().startsWith(branch + ": ")
                .contains("TTL of 1h").contains("2026-11-26T13:00:00Z");
        RemediationStatus status = status("oom-ttl");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Expired);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_TTL_EXPIRED);
        assertThat(eventReasons("oom-ttl")).contains("TTLExpired");
    }

    @Test
    void stateAndWithdrawalGoToTheRepositoryThePullRequestWasOpenedInAfterTheDefaultChanged() {
        FakePublisher elsewhere = FakePublisher.github();
        served = Map.of(FakePublisher.REPOSITORY, github, "acme/elsewhere", elsewhere);
        settings = GitOpsSettings.fromMap(Map.of(GitOpsSettings.REPOSITORY, FakePublisher.REPOSITORY));
        create("oom-moved", r -> {
            r.getSpec().setGithub(null);
            r.getSpec().getStrategy().setTtl("1h");
        });
        reconcile(reconciler(), "oom-moved");
        assertThat(status("oom-moved").getRepository()).isEqualTo(FakePublisher.REPOSITORY);
        String branch = status("oom-moved").getBranch();

        // The server restarts with another default repository while the pull request is open.
        settings = GitOpsSettings.fromMap(Map.of(GitOpsSettings.REPOSITORY, "acme/elsewhere"));
        RemediationReconciler restarted = reconciler();
        reconcile(restarted, "oom-moved");

        assertThat(github.asked).singleElement().satisfies(p -> {
            assertThat(p.repository()).isEqualTo(FakePublisher.REPOSITORY);
            assertThat(p.branch()).isEqualTo(branch);
        });
        assertThat(status("oom-moved").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status("oom-moved").getMessage())
                .isEqualTo("Opened pull request #1: https://github.example/acme/manifests/pull/1.");

        clock.advance(Duration.ofMinutes(61));
        reconcile(restarted, "oom-moved");

        assertThat(github.withdrawn).singleElement().asString().startsWith(branch + ": ");
        assertThat(elsewhere.calls).as("nothing goes to the new default").hasValue(0);
        assertThat(status("oom-moved").getPhase()).isEqualTo(RemediationPhase.Expired);
        assertThat(status("oom-moved").getRepository()).isEqualTo(FakePublisher.REPOSITORY);
    }

    @Test
    void aRemediationPublishedBeforeTheRepositoryWasRecordedIsFollowedAndWithdrawnAsBefore() {
        create("oom-legacy", r -> r.getSpec().getStrategy().setTtl("1h"));
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-legacy");
        // As an older heal8s wrote it: the pull request, but not where it went.
        patchStatus("oom-legacy", s -> {
            s.setRepository(null);
            s.setBaseBranch(null);
            s.setManifestPath(null);
        });
        assertThat(status("oom-legacy").getRepository()).isNull();

        reconcile(reconciler, "oom-legacy");

        assertThat(github.asked).singleElement().satisfies(p ->
                assertThat(p.repository()).as("spec.github.repository, as before").isEqualTo("acme/manifests"));
        assertThat(status("oom-legacy").getPhase()).isEqualTo(RemediationPhase.PRCreated);

        clock.advance(Duration.ofMinutes(61));
        reconcile(reconciler, "oom-legacy");

        assertThat(github.withdrawn).hasSize(1);
        assertThat(status("oom-legacy").getPhase()).isEqualTo(RemediationPhase.Expired);
    }

    @Test
    void aCrashBetweenPublishingAndTheStatusPatchLeavesOnePullRequestFoundByTheRetry() {
        create("oom-crash");
        RemediationReconciler reconciler = reconciler();
        AtomicBoolean crashed = new AtomicBoolean();
        StatusRecorder.StatusWriter crashingOnce = (original, status) -> {
            if (status.getPhase() == RemediationPhase.PRCreated && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("the operator's pod was killed");
            }
            return api.client.resource(original).editStatus(r -> {
                r.setStatus(status);
                return r;
            });
        };

        assertThatThrownBy(() -> reconciler.reconcile(api.get("oom-crash"), crashingOnce))
                .hasMessageContaining("killed");
        assertThat(status("oom-crash").getPhase()).isEqualTo(RemediationPhase.Analyzing);
        reconciler.reconcile(api.get("oom-crash"), crashingOnce);

        assertThat(github.published).hasSize(2);
        ChangeRequest first = github.published.get(0);
        assertThat(github.published.get(1)).as("the retry asks for the same change").isEqualTo(first);
        assertThat(github.opened()).isEqualTo(1);
        RemediationStatus status = status("oom-crash");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status.getPrNumber()).isEqualTo(1);
        assertThat(status.getMessage()).isEqualTo("Found pull request #1, opened by an earlier attempt: "
                + "https://github.example/acme/manifests/pull/1.");
    }

    @Test
    void aRateLimitWithRetryAfterIsHonouredForEveryRemediationOfTheRepository() {
        create("oom-limited");
        github.failNext(GitOpsException.retryable("RateLimited", "GitHub's rate limit is exhausted.",
                Duration.ofSeconds(90), null));
        RemediationReconciler reconciler = reconciler();

        UpdateControl<Remediation> control = reconcile(reconciler, "oom-limited");

        RemediationStatus waiting = status("oom-limited");
        assertThat(waiting.getPhase()).isEqualTo(RemediationPhase.Analyzing);
        assertThat(waiting.getReason()).isEqualTo("RateLimited");
        assertThat(waiting.getMessage()).isEqualTo("GitHub's rate limit is exhausted. heal8s calls acme/manifests "
                + "again after 2026-11-26T12:01:30Z.");
        assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(90).toMillis());
        assertThat(github.calls).hasValue(1);

        // Early: a webhook, a restart of the informer or a second Remediation of the same repository.
        clock.advance(Duration.ofSeconds(30));
        UpdateControl<Remediation> early = reconcile(reconciler, "oom-limited");
        api.client.resource(MockApi.remediation("oom-other", WorkloadKind.Deployment, "checkout",
                Strategy.Mode.GitOps, "24h", T0)).create();
        api.client.resources(Remediation.class).inNamespace(MockApi.NS).withName("oom-other").edit(r -> {
            GitHubConfig config = new GitHubConfig();
            config.setRepository(FakePublisher.REPOSITORY);
            r.getSpec().setGithub(config);
            return r;
        });
        UpdateControl<Remediation> other = reconcile(reconciler, "oom-other");

        assertThat(github.calls).as("no call before the retryAfter").hasValue(1);
        assertThat(early.getScheduleDelay()).contains(Duration.ofSeconds(60).toMillis());
        assertThat(other.getScheduleDelay()).contains(Duration.ofSeconds(60).toMillis());
        assertThat(status("oom-other").getReason()).isEqualTo("RateLimited");
        assertThat(eventReasons("oom-limited")).filteredOn("RateLimited"::equals).hasSize(1);

        clock.advance(Duration.ofSeconds(60));
        reconcile(reconciler, "oom-limited");

        assertThat(github.published).hasSize(1);
        assertThat(status("oom-limited").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status("oom-limited").getReason()).isEqualTo("PRCreated");
    }

    @Test
    void aRateLimitInPrCreatedWaitsInPrCreatedAndThenGoesBackToTheOpenPullRequestsMessage() {
        create("oom-poll");
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-poll");
        github.failNext(GitOpsException.retryable("RateLimited", "Secondary rate limit.", Duration.ofMinutes(2),
                null));

        UpdateControl<Remediation> control = reconcile(reconciler, "oom-poll");

        assertThat(status("oom-poll").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status("oom-poll").getReason()).isEqualTo("RateLimited");
        assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(2).toMillis());
        clock.advance(Duration.ofMinutes(2));

        reconcile(reconciler, "oom-poll");

        assertThat(status("oom-poll").getReason()).isEqualTo("PRCreated");
        assertThat(status("oom-poll").getMessage()).isEqualTo(
                "Pull request #1 is open for review: https://github.example/acme/manifests/pull/1.");
    }

    @Test
    void aRetryableErrorWithoutRetryAfterIsThrownForTheSdksBackOff() {
        create("oom-flaky");
        github.failNext(GitOpsException.retryable("GitHubUnavailable", "GitHub answered 503.", null, null));
        RemediationReconciler reconciler = reconciler();

        assertThatThrownBy(() -> reconcile(reconciler, "oom-flaky")).isInstanceOf(GitOpsException.class)
                .hasMessage("GitHub answered 503.");
        assertThat(status("oom-flaky").getPhase()).isEqualTo(RemediationPhase.Analyzing);

        reconcile(reconciler, "oom-flaky");

        assertThat(status("oom-flaky").getPhase()).isEqualTo(RemediationPhase.PRCreated);
    }

    @Test
    void aPermanentErrorFailsTheRemediationWithItsReason() {
        create("oom-nofile");
        github.failNext(GitOpsException.permanent("ManifestNotFound",
                "apps/shop/checkout.yaml does not exist on main."));

        reconcile(reconciler(), "oom-nofile");

        RemediationStatus status = status("oom-nofile");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo("ManifestNotFound");
        assertThat(status.getMessage()).isEqualTo("apps/shop/checkout.yaml does not exist on main.");
        assertThat(api.events("oom-nofile")).filteredOn(e -> e.getReason().equals("ManifestNotFound"))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }

    @Test
    void aHostReasonThatIsNotACamelCaseWordBecomesGitOpsFailed() {
        create("oom-odd");
        github.failNext(GitOpsException.permanent("patch failed!", "The manifest has no container app."));

        reconcile(reconciler(), "oom-odd");

        assertThat(status("oom-odd").getReason()).isEqualTo(GitOpsExecutor.REASON_GITOPS_FAILED);
        assertThat(status("oom-odd").getMessage()).isEqualTo("The manifest has no container app.");
    }

    @Test
    void withoutSpecGithubAndWithoutADefaultRepositoryTheRemediationFailsWithNoRepository() {
        create("oom-norepo", r -> r.getSpec().setGithub(null));

        reconcile(reconciler(), "oom-norepo");

        RemediationStatus status = status("oom-norepo");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo("NoRepository");
        assertThat(status.getMessage()).contains("spec.github.repository").contains("heal8s.gitops.repository");
        assertThat(github.calls).hasValue(0);
    }

    @Test
    void withoutSpecGithubTheServerDefaultsChooseRepositoryBranchAndPath() {
        settings = GitOpsSettings.fromMap(Map.of(GitOpsSettings.REPOSITORY, FakePublisher.REPOSITORY,
                GitOpsSettings.BASE_BRANCH, "production",
                GitOpsSettings.MANIFEST_PATH, "clusters/{environment}/{namespace}/{kind}-{name}.yaml",
                GitOpsSettings.ENVIRONMENT_DEFAULT, "eu"));
        create("oom-defaults", r -> r.getSpec().setGithub(null));

        reconcile(reconciler(), "oom-defaults");

        assertThat(status("oom-defaults").getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(github.published).singleElement().satisfies(request -> {
            assertThat(request.baseBranch()).isEqualTo("production");
            assertThat(request.manifestPath()).isEqualTo("clusters/eu/shop/deployment-checkout.yaml");
        });
    }

    @Test
    void aRepositoryNobodyServesFailsWithNoPublisher() {
        create("oom-elsewhere", r -> r.getSpec().getGithub().setRepository("other/manifests"));

        reconcile(reconciler(), "oom-elsewhere");

        RemediationStatus status = status("oom-elsewhere");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(GitOpsExecutor.REASON_NO_PUBLISHER);
        assertThat(status.getMessage()).contains("other/manifests");
    }

    @Test
    void aTemplateWithEnvironmentAndNoEnvironmentFailsWithInvalidManifestPath() {
        create("oom-noenv", r -> r.getSpec().getGithub().setManifestPath("clusters/{environment}/{name}.yaml"));

        reconcile(reconciler(), "oom-noenv");

        RemediationStatus status = status("oom-noenv");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo("InvalidManifestPath");
        assertThat(status.getMessage()).isEqualTo("spec.github.manifestPath: 'clusters/{environment}/{name}.yaml' "
                + "uses {environment}, but spec.strategy.environment is not set and heal8s.gitops.environment-default "
                + "names no default.");
        assertThat(github.calls).hasValue(0);
    }

    @ParameterizedTest(name = "spec.github.autoMerge {0}, policy requireApproval {1}: autoMerge {2}")
    @CsvSource({"true, false, true", "true, true, false", "false, false, false", "false, true, false"})
    void autoMergeOnlyWhenThePlaybookAsksAndThePolicyRequiresNoApproval(boolean asked, boolean requireApproval,
            boolean expected) {
        policy = FakePolicyEngine.answering(PolicyMode.GitOps, requireApproval, "staging.").failSafe();
        create("oom-auto", r -> r.getSpec().getGithub().setAutoMerge(asked));

        reconcile(reconciler(), "oom-auto");

        assertThat(github.published).singleElement().satisfies(request ->
                assertThat(request.autoMerge()).isEqualTo(expected));
    }

    @Test
    void onAPlainGitRemoteTheBranchIsPushedRecordedAndFollowed() {
        github = FakePublisher.plainGit();
        served = Map.of(FakePublisher.REPOSITORY, github);
        create("oom-git");
        RemediationReconciler reconciler = reconciler();

        reconcile(reconciler, "oom-git");

        RemediationStatus status = status("oom-git");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status.getPrNumber()).isNull();
        assertThat(status.getMessage()).isEqualTo("Pushed branch " + status.getBranch() + " to acme/manifests.");
        github.merge(status.getBranch(), null);

        reconcile(reconciler, "oom-git");

        assertThat(github.asked).singleElement().satisfies(p -> assertThat(p.branch()).isEqualTo(status.getBranch()));
        assertThat(status("oom-git").getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(status("oom-git").getMessage()).startsWith("Branch " + status.getBranch() + " merged (merged by");
    }
}
