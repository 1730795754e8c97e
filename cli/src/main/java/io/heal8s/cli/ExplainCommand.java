package io.heal8s.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertParseException;
import io.heal8s.engine.alert.AlertParser;
import io.heal8s.engine.alert.WebhookPayload;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.DecisionEngine;
import io.heal8s.engine.rules.RemediationRecord;
import io.heal8s.engine.rules.TraceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heal8sctl explain PAYLOAD}: what heal8s would decide for each alert of an Alertmanager webhook payload,
 * with the trace of the rules that fired.
 */
@Command(name = "explain",
        description = "Print what heal8s would decide for each alert of an Alertmanager webhook payload "
                + "(version 4), and the trace of the rules that fired.")
final class ExplainCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "PAYLOAD",
            description = "A file holding the webhook's JSON body, or - for standard input.")
    String payload;

    @Option(names = {"-p", "--playbooks"}, paramLabel = "DIR", defaultValue = "playbooks",
            description = "The playbook directory (default: ${DEFAULT-VALUE}).")
    Path playbooks;

    @Option(names = "--history", paramLabel = "FILE",
            description = "A JSON array of recent remediations for the guards: "
                    + "[{\"target\":{\"kind\":\"Deployment\",\"namespace\":\"shop\",\"name\":\"api\"},"
                    + "\"action\":\"IncreaseMemory\",\"playbook\":\"oom-increase-memory\","
                    + "\"at\":\"2026-01-01T10:00:00Z\",\"outcome\":\"Succeeded\"}]")
    Path history;

    @Option(names = "--at", paramLabel = "TIME",
            description = "The decision time, RFC 3339 (default: now); cooldowns and windows count back from it.")
    String at;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Spec
    CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        Instant now;
        try {
            now = at == null ? Instant.now() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            err.println("--at: '" + Terminal.printable(at) + "' is not an RFC 3339 time such as 2026-01-01T10:00:00Z");
            return Heal8sCtl.EXIT_USAGE;
        }
        WebhookPayload parsed;
        try (InputStream in = "-".equals(payload) ? System.in : Files.newInputStream(Path.of(payload))) {
            parsed = new AlertParser().parse(in);
        } catch (AlertParseException e) {
            err.println(payload + ": " + Terminal.printable(e.getMessage()));
            return Heal8sCtl.EXIT_USAGE;
        }
        List<RemediationRecord> records;
        try {
            records = history == null ? List.of()
                    : Arrays.asList(JSON.readValue(history.toFile(), RemediationRecord[].class));
        } catch (JsonProcessingException e) {
            err.println(history + ": " + Terminal.printable(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
            return Heal8sCtl.EXIT_USAGE;
        }

        var loaded = PlaybookSetLoader.load(playbooks, err);
        if (loaded.isEmpty()) {
            return Heal8sCtl.EXIT_INVALID;
        }
        List<Decision> decisions = new ArrayList<>();
        try (DecisionEngine engine = loaded.get().engine()) {
            for (Alert alert : parsed.alerts()) {
                decisions.add(engine.decide(alert, records, now));
            }
        }
        if (format == Format.json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(decisions));
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
            }
        }
        text.append("  trace:\n");
        int i = 1;
        for (TraceEntry t : d.trace()) {
            text.append("    ").append(i++).append(". ").append(t.rule()).append(": ").append(t.message()).append('\n');
        }
        out.print(Terminal.printable(text.toString()));
    }

    private static String params(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
