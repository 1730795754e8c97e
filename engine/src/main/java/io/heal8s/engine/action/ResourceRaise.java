package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The arithmetic IncreaseMemory and IncreaseCPU share, in whole units (bytes, millicores) so that nothing is lost to
 * floating point: raise by a percentage or a minimum step, round up, cap, never lower.
 */
final class ResourceRaise {

    /** The resource being raised, with its unit and spelling. */
    enum Resource {
        MEMORY("memory", BigInteger.ONE.shiftLeft(20), ContainerResources::memoryLimit,
                ContainerResources::memoryRequest, 0, units -> Quantity.ofBytes(units).text()),
        CPU("cpu", BigInteger.ONE, ContainerResources::cpuLimit, ContainerResources::cpuRequest, 3,
                units -> Quantity.ofCores(new BigDecimal(units).movePointLeft(3)).text());

        private final String key;
        // A request scaled by keepRatio is rounded up to this (1Mi, 1m): finer figures read as noise in a manifest.
        private final BigInteger requestStep;
        private final Function<ContainerResources, Quantity> limit;
        private final Function<ContainerResources, Quantity> request;
        // Whole units are bytes (10^0 of the amount) or millicores (10^3 of the amount in cores).
        private final int unitExponent;
        private final Function<BigInteger, String> format;

        Resource(String key, BigInteger requestStep, Function<ContainerResources, Quantity> limit,
                Function<ContainerResources, Quantity> request, int unitExponent, Function<BigInteger, String> format) {
            this.key = key;
            this.requestStep = requestStep;
            this.limit = limit;
            this.request = request;
            this.unitExponent = unitExponent;
            this.format = format;
        }

        /** Whole bytes or millicores, rounded up (Kubernetes itself rounds a fractional byte or sub-milli CPU up). */
        BigInteger units(Quantity q) {
            return q.amount().movePointRight(unitExponent).setScale(0, RoundingMode.CEILING).toBigIntegerExact();
        }

        /** The shortest exact spelling: {@code 320Mi}, {@code 1536Mi}, {@code 500m}, {@code 2}. */
        String format(BigInteger units) {
            return format.apply(units);
        }

        Quantity limit(ContainerResources c) {
            return limit.apply(c);
        }

        Quantity request(ContainerResources c) {
            return request.apply(c);
        }
    }

    private final ActionType action;
    private final Resource resource;
    private final int percent;
    private final Quantity minStep;
    private final Quantity roundTo;
    private final Quantity max;
    private final Quantity defaultBase;
    private final RequestsPolicy requests;

    ResourceRaise(ActionType action, Resource resource, int percent, Quantity minStep, Quantity roundTo, Quantity max,
            Quantity defaultBase, RequestsPolicy requests) {
        this.action = action;
        this.resource = resource;
        this.percent = percent;
        this.minStep = Objects.requireNonNull(minStep, "minStep");
        this.roundTo = Objects.requireNonNull(roundTo, "roundTo");
        this.max = Objects.requireNonNull(max, "max");
        this.defaultBase = Objects.requireNonNull(defaultBase, "default");
        this.requests = Objects.requireNonNull(requests, "requests");
        if (percent < 0) {
            throw new IllegalArgumentException(action + " parameter 'percent' must not be negative: " + percent);
        }
        if (resource.units(roundTo).signum() <= 0) {
            throw new IllegalArgumentException(action + " parameter 'roundTo' must be positive: " + roundTo);
        }
        if (resource.units(minStep).signum() < 0) {
            throw new IllegalArgumentException(action + " parameter 'minStep' must not be negative: " + minStep);
        }
    }

    static ResourceRaise from(ActionType action, Resource resource, Params p) {
        boolean memory = resource == Resource.MEMORY;
        return new ResourceRaise(action, resource, p.integer("percent"),
                memory ? p.memory("minStep") : p.cpu("minStep"),
                memory ? p.memory("roundTo") : p.cpu("roundTo"),
                memory ? p.memory("max") : p.cpu("max"),
                memory ? p.memory("default") : p.cpu("default"),
                RequestsPolicy.parse(p.word("requests")));
    }

    /** The raised limit for a base, before the cap: max(base × (1 + percent/100), base + minStep), rounded up. */
    BigInteger raised(BigInteger base) {
        BigInteger hundred = BigInteger.valueOf(100);
        BigInteger byPercent = ceilDiv(base.multiply(BigInteger.valueOf(100L + percent)), hundred);
        BigInteger byStep = base.add(resource.units(minStep));
        BigInteger step = resource.units(roundTo);
        return ceilDiv(byPercent.max(byStep), step).multiply(step);
    }

    ActionResult apply(ContainerResources c) {
        Quantity limit = resource.limit(c);
        Quantity request = resource.request(c);
        Quantity base = limit != null ? limit : request != null ? request : defaultBase;
        String baseName = limit != null ? "limit" : request != null ? "request" : "default";
        String baseWords = limit != null ? resource.key + " limit " + Markdown.code(limit.text())
                : request != null ? resource.key + " request " + Markdown.code(request.text())
                        + " (the container sets no " + resource.key + " limit)"
                : "configured default " + Markdown.code(defaultBase.text()) + " (the container sets no "
                        + resource.key + " limit or request)";
        String subject = "**" + action + "** for container " + Markdown.code(c.container());

        BigInteger baseUnits = resource.units(base);
        BigInteger cap = resource.units(max);
        int atCap = baseUnits.compareTo(cap);
        if (atCap > 0) {
            return ActionResult.unchanged(action, baseName + " above cap, left alone: " + resource.key + " " + baseName
                    + " " + base + ", cap " + max,
                    subject + ": nothing to change. The " + baseWords + " is above the cap " + Markdown.code(max.text())
                    + ". heal8s never lowers " + resource.key + ", so it leaves it alone: a person should decide.\n");
        }
        if (atCap == 0) {
            return ActionResult.unchanged(action, "at cap: " + resource.key + " " + baseName + " " + base
                    + " is the cap " + max,
                    subject + ": nothing to change. The " + baseWords + " is already at the cap "
                    + Markdown.code(max.text()) + "; raising it further needs a person, or a higher `max` in the"
                    + " playbook.\n");
        }

        BigInteger newLimit = raised(baseUnits).min(cap);
        String newLimitText = resource.format(newLimit);
        String path = Paths.container(c.container()) + ".resources";
        List<FieldChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        changes.add(new FieldChange(path + ".limits." + resource.key, limit == null ? null : limit.text(),
                newLimitText));

        String newRequestText = null;
        String requestWhy = "";
        BigInteger requestUnits = request == null ? null : resource.units(request);
        switch (requests) {
            case EQUAL_LIMIT:
                if (requestUnits == null || requestUnits.compareTo(newLimit) != 0) {
                    newRequestText = newLimitText;
                    requestWhy = " (equal to the limit)";
                }
                break;
            case KEEP_RATIO:
                if (limit != null && requestUnits != null) {
                    BigInteger step = resource.requestStep;
                    BigInteger scaled = ceilDiv(requestUnits.multiply(newLimit), resource.units(limit).multiply(step))
                            .multiply(step);
                    // Rounding up could pass the new limit, and must never take the request below where it was.
                    scaled = scaled.max(requestUnits).min(newLimit);
                    if (scaled.compareTo(requestUnits) != 0) {
                        newRequestText = resource.format(scaled);
                        requestWhy = " (keeps the request/limit ratio)";
                    }
                } else if (requestUnits != null) {
                    notes.add("The container had no " + resource.key + " limit, so there is no request/limit ratio to"
                            + " keep: the request stays " + Markdown.code(request.text()) + ".");
                }
                break;
            case UNCHANGED:
            default:
                break;
        }
        if (newRequestText != null) {
            changes.add(new FieldChange(path + ".requests." + resource.key, request == null ? null : request.text(),
                    newRequestText));
        } else if (request == null) {
            notes.add("The container sets no " + resource.key + " request: Kubernetes gives its pods the limit as the"
                    + " request (unless a LimitRange sets a default), so the request rises with the limit.");
        }
        if (newLimit.equals(cap)) {
            notes.add("The new limit is the cap " + Markdown.code(max.text()) + ": heal8s will not raise it again.");
        }

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("limits", Map.of(resource.key, newLimitText));
        if (newRequestText != null) {
            fields.put("requests", Map.of(resource.key, newRequestText));
        }
        Patch patch = new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE,
                Paths.containersPatch(List.of(Paths.containerEntry(c.container(), Map.of("resources", fields)))));

        StringBuilder d = new StringBuilder();
        d.append(subject).append(": ").append(resource.key).append(" limit ")
                .append(limit == null ? "(none)" : Markdown.code(limit.text())).append(" → ")
                .append(Markdown.code(newLimitText)).append(".\n\n");
        d.append("The new limit is the larger of +").append(percent).append("% and +")
                .append(Markdown.code(minStep.text())).append(" over the ").append(baseWords)
                .append(", rounded up to a multiple of ").append(Markdown.code(roundTo.text()))
                .append(" and capped at ").append(Markdown.code(max.text())).append(".\n\n");
        for (int i = 0; i < changes.size(); i++) {
            d.append(Markdown.bullet(changes.get(i))).append(i == 1 ? requestWhy : "").append('\n');
        }
        if (!notes.isEmpty()) {
            d.append('\n');
            notes.forEach(n -> d.append(n).append('\n'));
        }
        String reason = resource.key + " limit " + (limit == null ? "(none)" : limit.text()) + " → " + newLimitText
                + (newRequestText == null ? "" : ", request " + (request == null ? "(none)" : request.text()) + " → "
                        + newRequestText);
        return ActionResult.changed(action, reason, changes, patch, d.toString());
    }

    static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }
}
