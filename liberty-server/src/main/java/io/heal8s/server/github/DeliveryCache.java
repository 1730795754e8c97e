package io.heal8s.server.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code X-GitHub-Delivery} ids seen recently, so that a replayed delivery (the same signed body sent again, by an
 * attacker or by a redelivery from GitHub's UI) has no second effect. Bounded both ways: at most {@code capacity} ids,
 * the oldest dropped first, and none older than {@code ttl}. Claiming is atomic, so two concurrent copies of one
 * delivery cannot both pass; a delivery that could not be handled is {@linkplain #forget forgotten} so that its
 * redelivery is handled.
 */
public final class DeliveryCache {

    /** GitHub keeps deliveries redeliverable for a few days; a day of ids covers any replay window we care about. */
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    // In insertion order, which is time order: the expired and the oldest are at the head. Guarded by this.
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public DeliveryCache(int capacity, Duration ttl, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " is not a positive number of ids");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " is not a positive duration");
        }
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The default bounds (10,000 ids, 24 hours) on the system clock. */
    public static DeliveryCache withDefaults() {
        return new DeliveryCache(DEFAULT_CAPACITY, DEFAULT_TTL, Clock.systemUTC());
    }

    /**
     * Remembers {@code id}; true when it was not remembered already (the delivery is new and should be handled),
     * false for a replay.
     */
    public synchronized boolean claim(String id) {
        Objects.requireNonNull(id, "id");
        Instant now = clock.instant();
        expire(now);
        Instant at = seen.get(id);
        if (at != null && !expired(at, now)) {
            return false;
        }
        seen.remove(id);
        seen.put(id, now);
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Drops {@code id}, so that its next delivery is handled (used when handling it failed). */
    public synchronized void forget(String id) {
        seen.remove(id);
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        expire(clock.instant());
        return seen.size();
    }

    private void expire(Instant now) {
        Iterator<Map.Entry<String, Instant>> entries = seen.entrySet().iterator();
        while (entries.hasNext() && expired(entries.next().getValue(), now)) {
            entries.remove();
        }
    }

    private boolean expired(Instant at, Instant now) {
        return !at.plus(ttl).isAfter(now);
    }
}
