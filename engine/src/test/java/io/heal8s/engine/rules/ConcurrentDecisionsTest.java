package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.CART;
import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.alert;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static io.heal8s.engine.rules.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.ActionType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentDecisionsTest {

    private record Case(Alert alert, List<RemediationRecord> history) {
    }

    @Test
    void fourThreadsDecidingTheSameAlertsGetIdenticalDecisions() throws Exception {
        List<Case> cases = List.of(
                new Case(cartAlert("KubePodOOMKilled"), List.of()),
                new Case(cartAlert("KubePodOOMKilled"),
                        List.of(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(5)))),
                new Case(cartAlert("KubePodCrashLooping"), List.of()),
                new Case(cartAlert("Unknown"), List.of()),
                new Case(alert("KubePodOOMKilled", "namespace", "shop"), List.of()));
        try (DecisionEngine engine = DecisionEngine.build(List.of(
                playbook("oom-kill", 100, "KubePodOOMKilled", ActionType.IncreaseMemory),
                playbook("oom-restart", 10, "KubePodOOMKilled", ActionType.RolloutRestart),
                playbook("crash", 100, "KubePodCrashLooping", ActionType.RolloutRestart),
                playbook("crash-b", 100, "KubePodCrashLooping", ActionType.RollbackImage)), List.of())) {
            List<Decision> expected = cases.stream().map(c -> engine.decide(c.alert(), c.history(), NOW)).toList();

            int threads = 4;
            int rounds = 500;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Decision>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    Callable<List<Decision>> work = () -> {
                        start.await();
                        List<Decision> mismatches = new ArrayList<>();
                        for (int i = 0; i < rounds * cases.size(); i++) {
                            int k = (i + offset) % cases.size();
                            Decision d = engine.decide(cases.get(k).alert(), cases.get(k).history(), NOW);
                            if (!d.equals(expected.get(k))) {
                                mismatches.add(d);
                            }
                        }
                        return mismatches;
                    };
                    futures.add(pool.submit(work));
                }
                start.countDown();
                for (Future<List<Decision>> f : futures) {
                    assertThat(f.get()).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
