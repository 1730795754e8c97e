package io.heal8s.operator;

import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.ReviewState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ChangePublisher}: it opens pull requests numbered from 1 (or, with {@link #plainGit()}, pushes
 * branches without a number), finds a Remediation's earlier one as the real publishers do (FOUND), records every call,
 * and is scripted by tests: merge, close, supersede a pull request, or make the next calls throw.
 */
final class FakePublisher implements ChangePublisher {

    static final String REPOSITORY = "acme/manifests";

    final List<ChangeRequest> published = new CopyOnWriteArrayList<>();
    final List<Publication> asked = new CopyOnWriteArrayList<>();
    final List<String> withdrawn = new CopyOnWriteArrayList<>();
    private final Map<String, Publication> byRemediation = new ConcurrentHashMap<>();
    private final Map<String, ReviewState> states = new ConcurrentHashMap<>();
    private final Queue<GitOpsException> failures = new ArrayDeque<>();
    /** Every call of any method, including those that threw. */
    final AtomicInteger calls = new AtomicInteger();
    /** {@link System#nanoTime()} of the last successful publish. */
    volatile long publishedAt;
    private final AtomicInteger next = new AtomicInteger(1);
    private final boolean pullRequests;

    private FakePublisher(boolean pullRequests) {
        this.pullRequests = pullRequests;
    }

    /** A GitHub-like host: every change becomes a pull request. */
    static FakePublisher github() {
        return new FakePublisher(true);
    }

    /** A plain Git remote: a pushed branch, no pull request. */
    static FakePublisher plainGit() {
        return new FakePublisher(false);
    }

    /** The next calls (of any method) throw these, in order. */
    synchronized FakePublisher failNext(GitOpsException... errors) {
        failures.addAll(List.of(errors));
        return this;
    }

    void merge(String branch, String sha) {
        states.put(branch, new ReviewState(ReviewState.State.MERGED, sha, "merged by alice"));
    }

    void close(String branch) {
        states.put(branch, new ReviewState(ReviewState.State.CLOSED, null, "closed by bob"));
    }

    void supersede(String branch) {
        states.put(branch, new ReviewState(ReviewState.State.SUPERSEDED, null, "shop/oom-newer took it over"));
    }

    /** How many pull requests (or branches) exist. */
    int opened() {
        return byRemediation.size();
    }

    @Override
    public Publication publish(ChangeRequest request) {
        failIfScripted();
        published.add(request);
        // Keyed like the real publishers' branches: a revert of the same Remediation is a change of its own.
        String key = request.remediation() + " " + request.content().branch();
        Publication earlier = byRemediation.get(key);
        if (earlier != null) {
            return new Publication(earlier.repository(), earlier.branch(), earlier.commitSha(), earlier.prNumber(),
                    earlier.url(), Publication.Outcome.FOUND, null);
        }
        int n = next.getAndIncrement();
        Integer number = pullRequests ? n : null;
        String url = pullRequests ? "https://github.example/" + request.repository() + "/pull/" + n : null;
        Publication p = new Publication(request.repository(), request.content().branch(),
                String.format("%040x", n), number, url, Publication.Outcome.CREATED, null);
        byRemediation.put(key, p);
        publishedAt = System.nanoTime();
        return p;
    }

    @Override
    public ReviewState state(Publication publication) {
        failIfScripted();
        asked.add(publication);
        return states.getOrDefault(publication.branch(), new ReviewState(ReviewState.State.OPEN, null, null));
    }

    @Override
    public void withdraw(Publication publication, String comment) {
        failIfScripted();
        withdrawn.add(publication.branch() + ": " + comment);
        states.put(publication.branch(), new ReviewState(ReviewState.State.CLOSED, null, "withdrawn"));
    }

    private synchronized void failIfScripted() {
        calls.incrementAndGet();
        GitOpsException e = failures.poll();
        if (e != null) {
            throw e;
        }
    }
}
