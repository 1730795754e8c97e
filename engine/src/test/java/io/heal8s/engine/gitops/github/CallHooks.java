package io.heal8s.engine.gitops.github;

import io.heal8s.fakegithub.FakeGitHub;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a test's hook just before a connection's n-th call (1-based) leaves, from inside its authorization: to script
 * a failure at an exact step of a flow, or to hold a call on its thread while the test works on another.
 */
final class CallHooks {

    private final Map<Integer, Runnable> before = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** Runs {@code hook} before the {@code call}-th call. */
    void before(int call, Runnable hook) {
        before.put(call, hook);
    }

    /** Runs {@code hook} before the next call. */
    void beforeNext(Runnable hook) {
        before.put(calls.get() + 1, hook);
    }

    /** A connection to {@code fake} with {@code token} whose calls run these hooks. */
    GitHubConnection connection(FakeGitHub fake, String token, Duration timeout) {
        return new GitHubConnection(URI.create(fake.apiUrl()), timeout, Clock.systemUTC(), c -> () -> {
            Runnable hook = before.remove(calls.incrementAndGet());
            if (hook != null) {
                hook.run();
            }
            return "token " + token;
        });
    }
}
