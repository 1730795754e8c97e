package io.heal8s.engine.action;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 128974848}, {@code 129e6}, {@code 129M}, {@code 123Mi}, {@code 250m}) as an
 * exact amount: bytes for memory and storage, cores for CPU. Two quantities are equal when their amounts are, whatever
 * their spelling ({@code 1Gi} equals {@code 1024Mi}); {@link #toString()} gives back the original spelling.
 *
 * @param amount the exact value in base units (bytes or cores)
 * @param text the spelling, as written or as produced by {@link #ofBytes} / {@link #ofCores}
 */
public record Quantity(BigDecimal amount, String text) implements Comparable<Quantity> {

    /** The forms Kubernetes accepts, for error messages. */
    public static final String FORMS = "a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), "
            + "decimal k, M, G, T, P, E (powers of 1000) or m (1/1000), or an exponent such as 129e6";

    // Kubernetes' grammar: <signedNumber><suffix>, number one of 1, 1.5, 1., .5; suffix binary SI, decimal SI or e<n>.
    private static final Pattern SYNTAX = Pattern.compile("([+-]?)([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(.*)", Pattern.DOTALL);
    private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?[0-9]+)");
    private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"k", "M", "G", "T", "P", "E"};
    // Beyond this an exponent is a typo, and a huge one would make BigDecimal arithmetic explode.
    private static final int MAX_EXPONENT = 30;
    private static final BigDecimal MILLI = new BigDecimal("0.001");

    public Quantity {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Parses any quantity Kubernetes accepts, exactly (no rounding).
     *
     * @throws IllegalArgumentException naming the text and the valid forms
     */
    public static Quantity parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty quantity: expected " + FORMS);
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw invalid(text, "");
        }
        BigDecimal number = new BigDecimal(m.group(2));
        if ("-".equals(m.group(1))) {
            number = number.negate();
        }
        String suffix = m.group(3);
        return new Quantity(number.multiply(multiplier(text, suffix)), text);
    }

    /**
     * Parses a memory or storage size: a positive whole number of bytes in any Kubernetes form.
     *
     * @throws IllegalArgumentException for a malformed, non-positive or fractional amount
     */
    public static Quantity parseMemory(String text) {
        Quantity q = parse(text);
        if (q.amount.signum() <= 0) {
            throw new IllegalArgumentException("memory quantity '" + text + "' must be greater than zero");
        }
        if (!q.isWhole()) {
            // Kubernetes would silently round 1m up to 1 byte; 'm' for "mega" is a classic slip, so refuse it.
            String hint = text.endsWith("m") ? "; 'm' means milli (1/1000): did you mean '"
                    + text.substring(0, text.length() - 1) + "Mi' or '" + text.substring(0, text.length() - 1) + "M'?"
                    : "";
            throw new IllegalArgumentException("memory quantity '" + text + "' is " + q.amount.stripTrailingZeros()
                    .toPlainString() + " bytes, not a whole number of bytes" + hint);
        }
        return q;
    }

    /**
     * Parses a CPU amount: positive cores ({@code 2}, {@code 0.5}) or millicores ({@code 250m}), at most 1m precise.
     *
     * @throws IllegalArgumentException for a malformed, non-positive or too precise amount, or a binary suffix
     */
    public static Quantity parseCpu(String text) {
        Quantity q = parse(text);
        for (String b : BINARY) {
            if (text.endsWith(b)) {
                throw new IllegalArgumentException("CPU quantity '" + text
                        + "' uses a binary suffix; use cores such as 0.5 or 2, or millicores such as 250m");
            }
        }
        if (q.amount.signum() <= 0) {
            throw new IllegalArgumentException("CPU quantity '" + text + "' must be greater than zero");
        }
        if (q.amount.stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("CPU quantity '" + text + "' is finer than 1m (0.001 cores), "
                    + "the precision Kubernetes keeps");
        }
        return q;
    }

    /** A byte amount spelled with the largest binary suffix that keeps it whole ({@code 2Gi}, {@code 1536Mi}, {@code 1000}). */
    public static Quantity ofBytes(BigInteger bytes) {
        BigInteger value = bytes;
        String suffix = "";
        BigInteger kibi = BigInteger.valueOf(1024);
        for (int i = 0; i < BINARY.length && value.signum() != 0; i++) {
            BigInteger[] qr = value.divideAndRemainder(kibi);
            if (qr[1].signum() != 0) {
                break;
            }
            value = qr[0];
            suffix = BINARY[i];
        }
        return new Quantity(new BigDecimal(bytes), value + suffix);
    }

    /** A byte amount; see {@link #ofBytes(BigInteger)}. */
    public static Quantity ofBytes(long bytes) {
        return ofBytes(BigInteger.valueOf(bytes));
    }

    /**
     * A CPU amount spelled as Kubernetes does: whole cores plainly ({@code 2}), anything else in millicores
     * ({@code 500m}), rounded up to 1m because Kubernetes keeps no finer precision.
     */
    public static Quantity ofCores(BigDecimal cores) {
        BigDecimal millis = cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
        BigDecimal exact = millis.multiply(MILLI);
        if (millis.remainder(BigDecimal.valueOf(1000)).signum() == 0) {
            return new Quantity(exact, millis.divide(BigDecimal.valueOf(1000)).toBigInteger().toString());
        }
        return new Quantity(exact, millis.toBigInteger() + "m");
    }

    /** True when the amount has no fractional part (a whole number of bytes or cores). */
    public boolean isWhole() {
        return amount.signum() == 0 || amount.stripTrailingZeros().scale() <= 0;
    }

    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity other && amount.compareTo(other.amount) == 0;
    }

    @Override
    public int hashCode() {
        // Scale-insensitive, to agree with equals: 1024 and 1024.000 hash alike.
        return amount.signum() == 0 ? 0 : amount.stripTrailingZeros().hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static BigDecimal multiplier(String text, String suffix) {
        if (suffix.isEmpty()) {
            return BigDecimal.ONE;
        }
        if (suffix.equals("m")) {
            return MILLI;
        }
        for (int i = 0; i < BINARY.length; i++) {
            if (suffix.equals(BINARY[i])) {
                return new BigDecimal(BigInteger.ONE.shiftLeft(10 * (i + 1)));
            }
            if (suffix.equals(DECIMAL[i])) {
                return BigDecimal.ONE.scaleByPowerOfTen(3 * (i + 1));
            }
        }
        Matcher e = EXPONENT.matcher(suffix);
        if (e.matches()) {
            int exponent;
            try {
                exponent = Integer.parseInt(e.group(1));
            } catch (NumberFormatException tooLong) {
                exponent = Integer.MAX_VALUE;
            }
            if (Math.abs(exponent) > MAX_EXPONENT) {
                throw new IllegalArgumentException("invalid quantity '" + text + "': exponent " + e.group(1)
                        + " is out of range (-" + MAX_EXPONENT + " to " + MAX_EXPONENT + ")");
            }
            return BigDecimal.ONE.scaleByPowerOfTen(exponent);
        }
        throw invalid(text, suffix);
    }

    private static IllegalArgumentException invalid(String text, String suffix) {
        return new IllegalArgumentException("invalid quantity '" + text + "': expected " + FORMS + hint(text, suffix));
    }

    /** Suggests the intended spelling for the usual slips: {@code 2GB}, {@code 512mb}, {@code 1GiB}, {@code 2gi}. */
    private static String hint(String text, String suffix) {
        if (suffix.isEmpty()) {
            return "";
        }
        String number = text.substring(0, text.length() - suffix.length());
        String unit = suffix.strip();
        if (unit.length() > 1 && (unit.endsWith("B") || unit.endsWith("b"))) {
            unit = unit.substring(0, unit.length() - 1);
        }
        String lower = unit.toLowerCase(Locale.ROOT);
        for (int i = 0; i < BINARY.length; i++) {
            if (lower.equals(BINARY[i].toLowerCase(Locale.ROOT))) {
                return "; did you mean '" + number + BINARY[i] + "'?";
            }
            if (lower.equals(DECIMAL[i].toLowerCase(Locale.ROOT))) {
                return "; did you mean '" + number + DECIMAL[i] + "' or '" + number + BINARY[i] + "'?";
            }
        }
        return "";
    }
}
