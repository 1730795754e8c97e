package io.heal8s.server.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeliveryCacheTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();

    @Test
    void aDeliveryIsNewOnceAndAReplayAfterwards() {
        DeliveryCache cache = new DeliveryCache(10, Duration.ofHours(24), clock);

        assertThat(cache.claim("72d3162e-cc78-11e3-81ab-4c9367dc0958")).isTrue();
        assertThat(cache.claim("72d3162e-cc78-11e3-81ab-4c9367dc0958")).isFalse();
        assertThat(cache.claim("72d3162e-cc78-11e3-81ab-4c9367dc0959")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aForgottenDeliveryIsNewAgain() {
        DeliveryCache cache = new DeliveryCache(10, Duration.ofHours(24), clock);
        cache.claim("d-1");

        cache.forget("d-1");

        assertThat(cache.claim("d-1")).isTrue();
        assertThat(cache.claim("d-1")).isFalse();
    }

    @Test
    void pastItsCapacityTheOldestIdIsDroppedFirst() {
        DeliveryCache cache = new DeliveryCache(3, Duration.ofHours(24), clock);
        for (String id : List.of("d-1", "d-2", "d-3", "d-4")) {
            assertThat(cache.claim(id)).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.claim("d-4")).isFalse();
        assertThat(cache.claim("d-2")).isFalse();
        assertThat(cache.claim("d-1")).as("dropped as the oldest: new again").isTrue();
    }

    @Test
    void anIdOlderThanTheTtlIsForgottenAndNewAgain() {
        DeliveryCache cache = new DeliveryCache(10, Duration.ofHours(24), clock);
        cache.claim("d-old");
        clock.advance(Duration.ofHours(12));
        cache.claim("d-younger");

        clock.advance(Duration.ofHours(12));

        assertThat(cache.size()).as("d-old is 24 h old, d-younger 12 h").isEqualTo(1);
        assertThat(cache.claim("d-younger")).isFalse();
        assertThat(cache.claim("d-old")).isTrue();
    }

    @Test
    void ofConcurrentCopiesOfOneDeliveryExactlyOneIsNew() throws Exception {
        DeliveryCache cache = DeliveryCache.withDefaults();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> copies = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                copies.add(() -> cache.claim("the-same-delivery"));
            }
            int claimed = 0;
            for (Future<Boolean> result : pool.invokeAll(copies)) {
                claimed += result.get() ? 1 : 0;
            }
            assertThat(claimed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void boundsThatMakeNoSenseAreRefusedNamingThem() {
        assertThatThrownBy(() -> new DeliveryCache(0, Duration.ofHours(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("capacity:");
        assertThatThrownBy(() -> new DeliveryCache(1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ttl:");
    }
}
