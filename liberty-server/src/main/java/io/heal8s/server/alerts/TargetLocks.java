package io.heal8s.server.alerts;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per target (striped: a fixed array, so memory stays bounded whatever the number of workloads): alerts
 * for the same workload are decided one after the other, so that two pods of one Deployment OOMKilled in the same
 * instant cannot both pass the cooldown before either Remediation is stored. Alerts for different workloads rarely
 * share a stripe and run in parallel.
 */
final class TargetLocks {

    private final ReentrantLock[] stripes;

    TargetLocks(int stripes) {
        if (stripes <= 0 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, got " + stripes);
        }
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** The lock of {@code key} (a target key such as {@code shop/Deployment/checkout}). */
    ReentrantLock forKey(String key) {
        int h = key.hashCode();
        // Spread the high bits, as HashMap does, so keys differing only at the end use different stripes.
        h ^= h >>> 16;
        return stripes[h & (stripes.length - 1)];
    }
}
