package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Over random quantities in random Kubernetes spellings: the calculators never lower a value, never pass the cap, and
 * what they write parses back to the value an independent formula computes.
 */
class CalculatorPropertiesTest {

    private static final long MI = 1L << 20;
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    @Provide
    Arbitrary<Long> bytes() {
        // Whole Mi and Gi amounts are what manifests hold; odd byte counts find the rounding edges.
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 1L << 42),
                Arbitraries.longs().between(1, 8192).map(n -> n * MI),
                Arbitraries.longs().between(1, 4096).map(n -> n * 1_000_000L));
    }

    @Provide
    Arbitrary<Long> millicores() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 64_000),
                Arbitraries.longs().between(1, 640).map(n -> n * 100));
    }

    /** One of the spellings Kubernetes accepts for this many bytes: plain, Ki with a fraction, binary, decimal, exponent. */
    static String spellBytes(long bytes, int form) {
        BigDecimal b = BigDecimal.valueOf(bytes);
        switch (form % 5) {
            case 1:
                return b.divide(BigDecimal.valueOf(1024)).stripTrailingZeros().toPlainString() + "Ki";
            case 2:
                return Quantity.ofBytes(bytes).text();
            case 3:
                return bytes % 1_000_000 == 0 ? (bytes / 1_000_000) + "M" : bytes % 1000 == 0 ? (bytes / 1000) + "k"
                        : String.valueOf(bytes);
            case 4:
                return bytes % 1000 == 0 ? (bytes / 1000) + "e3" : String.valueOf(bytes);
            default:
                return String.valueOf(bytes);
        }
    }

    static String spellMillicores(long millis, int form) {
        switch (form % 3) {
            case 1:
                return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
            case 2:
                return Quantity.ofCores(BigDecimal.valueOf(millis, 3)).text();
            default:
                return millis + "m";
        }
    }

    /** min(⌈max(⌈base × (100 + percent) / 100⌉, base + step) / roundTo⌉ × roundTo, cap), the rule in its plainest form. */
    static BigInteger expectedRaise(long base, int percent, long step, long roundTo, long cap) {
        BigInteger b = BigInteger.valueOf(base);
        BigInteger byPercent = ceilDiv(b.multiply(BigInteger.valueOf(100 + percent)), HUNDRED);
        BigInteger raised = byPercent.max(b.add(BigInteger.valueOf(step)));
        BigInteger r = BigInteger.valueOf(roundTo);
        return ceilDiv(raised, r).multiply(r).min(BigInteger.valueOf(cap));
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    @Property
    void increaseMemoryNeverLowersNeverPassesTheCapAndWritesTheComputedValue(
            @ForAll("bytes") long limit, @ForAll @IntRange(min = 0, max = 100) int requestPercent,
            @ForAll @IntRange(min = 1, max = 1000) int percent, @ForAll("bytes") long minStep,
            @ForAll("bytes") long roundTo, @ForAll("bytes") long max, @ForAll RequestsPolicy policy,
            @ForAll @IntRange(min = 0, max = 99) int form) {
        long request = Math.max(1, limit / 100 * requestPercent);
        String limitText = spellBytes(limit, form);
        String requestText = requestPercent == 0 ? null : spellBytes(request, form / 5);
        Map<String, Object> params = new HashMap<>();
        params.put("percent", percent);
        params.put("minStep", spellBytes(minStep, form / 7));
        params.put("roundTo", spellBytes(roundTo, form / 11));
        params.put("max", spellBytes(max, form / 13));
        params.put("requests", policy.word());

        ActionResult result = IncreaseMemory.withParams(params)
                .apply(ContainerResources.memory("app", limitText, requestText));

        if (limit >= max) {
            assertThat(result.changed()).isFalse();
            assertThat(result.reason()).containsAnyOf("at cap", "above cap, left alone");
            return;
        }
        BigInteger written = Quantity.parse(result.changes().get(0).newValue()).amount().toBigIntegerExact();
        assertThat(written).isEqualTo(expectedRaise(limit, percent, minStep, roundTo, max))
                .isGreaterThan(BigInteger.valueOf(limit))
                .isLessThanOrEqualTo(BigInteger.valueOf(max));
        assertThat(Quantity.ofBytes(written).text()).isEqualTo(result.changes().get(0).newValue());
        if (result.changes().size() == 2) {
            BigInteger newRequest = Quantity.parse(result.changes().get(1).newValue()).amount().toBigIntegerExact();
            assertThat(newRequest).isLessThanOrEqualTo(written);
            if (requestText != null) {
                assertThat(newRequest).isGreaterThanOrEqualTo(BigInteger.valueOf(request));
            }
        }
    }

    @Property
    void increaseCpuNeverLowersNeverPassesTheCapAndWritesTheComputedValue(
            @ForAll("millicores") long limit, @ForAll @IntRange(min = 0, max = 100) int requestPercent,
            @ForAll @IntRange(min = 1, max = 1000) int percent, @ForAll("millicores") long minStep,
            @ForAll("millicores") long roundTo, @ForAll("millicores") long max, @ForAll RequestsPolicy policy,
            @ForAll @IntRange(min = 0, max = 99) int form) {
        long request = Math.max(1, limit * requestPercent / 100);
        Map<String, Object> params = Map.of("percent", percent, "minStep", spellMillicores(minStep, form / 3),
                "roundTo", spellMillicores(roundTo, form / 5), "max", spellMillicores(max, form / 7),
                "requests", policy.word());

        ActionResult result = IncreaseCpu.withParams(params).apply(ContainerResources.cpu("app",
                spellMillicores(limit, form), requestPercent == 0 ? null : spellMillicores(request, form / 11)));

        if (limit >= max) {
            assertThat(result.changed()).isFalse();
            return;
        }
        BigInteger writtenMillis = Quantity.parse(result.changes().get(0).newValue()).amount().movePointRight(3)
                .toBigIntegerExact();
        assertThat(writtenMillis).isEqualTo(expectedRaise(limit, percent, minStep, roundTo, max))
                .isGreaterThan(BigInteger.valueOf(limit))
                .isLessThanOrEqualTo(BigInteger.valueOf(max));
        if (result.changes().size() == 2) {
            BigInteger newRequest = Quantity.parse(result.changes().get(1).newValue()).amount().movePointRight(3)
                    .toBigIntegerExact();
            assertThat(newRequest).isLessThanOrEqualTo(writtenMillis);
            if (requestPercent > 0) {
                assertThat(newRequest).isGreaterThanOrEqualTo(BigInteger.valueOf(request));
            }
        }
    }

    @Property
    void scaleUpNeverLowersAndNeverPassesTheCap(@ForAll @IntRange(min = 0, max = 2000) int replicas,
            @ForAll @IntRange(min = 1, max = 1000) int percent, @ForAll @IntRange(min = 0, max = 20) int minIncrement,
            @ForAll @IntRange(min = 1, max = 1000) int max) {
        ActionResult result = ScaleUp.withParams(Map.of("percent", percent, "minIncrement", minIncrement,
                "maxReplicas", max)).apply(ReplicaState.of(replicas));

        assertThat(result.changed()).isEqualTo(replicas > 0 && replicas < max);
        if (result.changed()) {
            int written = Integer.parseInt(result.changes().get(0).newValue());
            assertThat(written).isGreaterThan(replicas).isLessThanOrEqualTo(max);
            long step = Math.max(Math.max(1, minIncrement), (replicas * (long) percent + 99) / 100);
            assertThat(written).isEqualTo((int) Math.min(replicas + step, max));
        }
    }

    @Property
    void expandVolumeNeverShrinksNeverPassesTheCapAndWritesAnExactQuantity(@ForAll("bytes") long request,
            @ForAll @IntRange(min = 1, max = 1000) int percent, @ForAll("bytes") long minStep,
            @ForAll("bytes") long max, @ForAll @IntRange(min = 0, max = 99) int form) {
        ActionResult result = ExpandVolume.withParams(Map.of("percent", percent, "minStep",
                spellBytes(minStep, form / 5), "max", spellBytes(max, form / 7)))
                .apply(new VolumeState(Quantity.parseMemory(spellBytes(request, form)), true, "fast"));

        assertThat(result.changed()).isEqualTo(request < max);
        if (result.changed()) {
            String text = result.changes().get(0).newValue();
            BigInteger written = Quantity.parse(text).amount().toBigIntegerExact();
            long unit = written.compareTo(BigInteger.valueOf(max)) == 0 ? 1 : written.longValue() >= (1L << 30)
                    ? 1L << 30 : MI;
            assertThat(written).isGreaterThan(BigInteger.valueOf(request)).isLessThanOrEqualTo(BigInteger.valueOf(max));
            assertThat(written.mod(BigInteger.valueOf(unit))).isZero();
            assertThat(Quantity.ofBytes(written).text()).isEqualTo(text);
        }
    }
}
