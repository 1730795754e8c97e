package io.heal8s.engine.alert;

/**
 * The bounds {@link AlertParser} enforces on a webhook body, so that a hostile or broken sender costs a bounded
 * amount of memory and time; {@link #DEFAULT} fits every payload Alertmanager really sends with a wide margin.
 *
 * @param maxPayloadBytes    body size in bytes (default 4 MiB); a larger body is {@code TOO_LARGE} without being parsed
 * @param maxAlerts          elements of {@code alerts} (default 1000); Alertmanager sends every alert of a group unless
 *                           the receiver sets {@code max_alerts}, so a big group is rejected as {@code TOO_MANY}
 * @param maxNestingDepth    open arrays and objects at any point (default 8); a v4 payload needs 4
 *                           ({@code $}, {@code alerts}, one alert, its {@code labels}), the rest leaves room for
 *                           unknown fields of later versions
 * @param maxStringLength    characters in any string or field name the parser reads (default 64 Ki), the bound on
 *                           annotation values such as long descriptions; longer is {@code TOO_LARGE}
 * @param maxLabelNameLength characters in a label name (default 256); names must also match Prometheus'
 *                           {@code [a-zA-Z_][a-zA-Z0-9_]*}, Prometheus itself sets no length limit by default
 * @param maxLabelValueBytes UTF-8 bytes in a label value (default 4096); label values are identifiers (namespace,
 *                           pod, container), not prose
 * @param maxLabelsPerAlert  entries in one {@code labels} or {@code annotations} object (default 128), also applied
 *                           to {@code groupLabels}, {@code commonLabels} and {@code commonAnnotations}
 */
public record AlertLimits(
        int maxPayloadBytes,
        int maxAlerts,
        int maxNestingDepth,
        int maxStringLength,
        int maxLabelNameLength,
        int maxLabelValueBytes,
        int maxLabelsPerAlert) {

    /** The depth of the v4 wire format itself: a lower limit would reject every valid payload. */
    public static final int MIN_NESTING_DEPTH = 4;

    public static final AlertLimits DEFAULT = new AlertLimits(4 * 1024 * 1024, 1000, 8, 64 * 1024, 256, 4096, 128);

    public AlertLimits {
        // The parser reads at most maxPayloadBytes + 1 bytes to detect an oversized body, which must fit an array.
        requireRange("maxPayloadBytes", maxPayloadBytes, 1, Integer.MAX_VALUE - 16);
        requireRange("maxAlerts", maxAlerts, 1, Integer.MAX_VALUE);
        requireRange("maxNestingDepth", maxNestingDepth, MIN_NESTING_DEPTH, 1000);
        requireRange("maxStringLength", maxStringLength, 1, Integer.MAX_VALUE);
        requireRange("maxLabelNameLength", maxLabelNameLength, 1, Integer.MAX_VALUE);
        requireRange("maxLabelValueBytes", maxLabelValueBytes, 1, Integer.MAX_VALUE);
        requireRange("maxLabelsPerAlert", maxLabelsPerAlert, 1, Integer.MAX_VALUE);
    }

    public AlertLimits withMaxPayloadBytes(int value) {
        return new AlertLimits(value, maxAlerts, maxNestingDepth, maxStringLength, maxLabelNameLength,
                maxLabelValueBytes, maxLabelsPerAlert);
    }

    public AlertLimits withMaxAlerts(int value) {
        return new AlertLimits(maxPayloadBytes, value, maxNestingDepth, maxStringLength, maxLabelNameLength,
                maxLabelValueBytes, maxLabelsPerAlert);
    }

    public AlertLimits withMaxNestingDepth(int value) {
        return new AlertLimits(maxPayloadBytes, maxAlerts, value, maxStringLength, maxLabelNameLength,
                maxLabelValueBytes, maxLabelsPerAlert);
    }

    public AlertLimits withMaxStringLength(int value) {
        return new AlertLimits(maxPayloadBytes, maxAlerts, maxNestingDepth, value, maxLabelNameLength,
                maxLabelValueBytes, maxLabelsPerAlert);
    }

    public AlertLimits withMaxLabelNameLength(int value) {
        return new AlertLimits(maxPayloadBytes, maxAlerts, maxNestingDepth, maxStringLength, value,
                maxLabelValueBytes, maxLabelsPerAlert);
    }

    public AlertLimits withMaxLabelValueBytes(int value) {
        return new AlertLimits(maxPayloadBytes, maxAlerts, maxNestingDepth, maxStringLength, maxLabelNameLength,
                value, maxLabelsPerAlert);
    }

    public AlertLimits withMaxLabelsPerAlert(int value) {
        return new AlertLimits(maxPayloadBytes, maxAlerts, maxNestingDepth, maxStringLength, maxLabelNameLength,
                maxLabelValueBytes, value);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "AlertLimits." + name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
