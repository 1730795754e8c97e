package io.heal8s.cli;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.playbook.GitOpsSpec;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.TraceEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heal8sctl explain PAYLOAD}: what heal8s would decide for each alert of an Alertmanager webhook payload,
 * with the trace of the rules that fired.
 */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = "Print what heal8s would decide for each alert of an Alertmanager webhook payload "
                + "(version 4), and the trace of the rules that fired.")
final class ExplainCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "PAYLOAD",
            description = "A file holding the webhook's JSON body, or - for standard input.")
    String payload;

    @Mixin
    DecisionOptions decision;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        List<Decision> decisions;
        try {
            decisions = decision.decide(payload, err).decisions();
        } catch (DecisionOptions.Rejected e) {
            return e.exitCode;
        }
        if (format == Format.json) {
            out.println(DecisionOptions.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(decisions));
        } else {
            decisions.forEach(d -> print(out, d));
        }
        return 0;
    }

    private static void print(PrintWriter out, Decision d) {
        Alert a = d.alert();
        StringBuilder text = new StringBuilder();
        text.append("alert ").append(a.name()).append(" (").append(a.status().wire()).append(")")
                .append(a.fingerprint().isEmpty() ? "" : " fingerprint " + a.fingerprint()).append('\n');
        text.append("  labels:   ").append(new TreeMap<>(a.labels())).append('\n');
        text.append("  decision: ").append(d.outcome()).append(": ").append(d.reason()).append('\n');
        if (d.remediates()) {
            text.append("  playbook: ").append(d.playbook()).append('\n');
            text.append("  action:   ").append(d.action()).append(' ').append(params(d.params())).append('\n');
            text.append("  target:   ").append(d.target().kind()).append(' ').append(d.target().namespace())
                    .append('/').append(d.target().name())
                    .append(d.target().container().isEmpty() ? "" : " container " + d.target().container())
                    .append('\n');
            text.append("  strategy: ").append(d.strategy().mode())
                    .append(d.strategy().requireApproval() ? ", approval required" : ", no approval required")
                    .append(", ttl ").append(Durations.format(d.strategy().ttl()))
                    .append('\n');
            if (d.gitops() != null) {
                text.append("  gitops:   ").append(d.gitops().repository()).append('@').append(d.gitops().baseBranch())
                        .append(' ').append(d.gitops().manifestPath()).append('\n');
                String review = review(d.gitops());
                if (!review.isEmpty()) {
                    text.append("  review:   ").append(review).append('\n');
                }
            }
        }
        text.append("  trace:\n");
        int i = 1;
        for (TraceEntry t : d.trace()) {
            text.append("    ").append(i++).append(". ").append(t.rule()).append(": ").append(t.message()).append('\n');
        }
        out.print(Terminal.printable(text.toString()));
    }

    /** The playbook's review settings in one line, empty when it has none. */
    static String review(GitOpsSpec g) {
        List<String> parts = new ArrayList<>();
        if (!g.reviewers().isEmpty()) {
            parts.add("reviewers " + String.join(", ", g.reviewers()));
        }
        if (!g.assignees().isEmpty()) {
            parts.add("assignees " + String.join(", ", g.assignees()));
        }
        if (!g.labels().isEmpty()) {
            parts.add("labels " + String.join(", ", g.labels()));
        }
        if (g.draft()) {
            parts.add("draft");
        }
        if (g.autoMerge()) {
            parts.add("auto-merge when the policy needs no approval");
        }
        return String.join("; ", parts);
    }

    private static String params(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
