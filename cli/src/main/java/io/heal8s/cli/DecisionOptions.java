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
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.DecisionEngine;
import io.heal8s.engine.rules.RemediationRecord;
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
import picocli.CommandLine.Option;

/**
 * The options {@code explain} and {@code preview} share (playbooks, history, time) and the decisions they lead to:
 * every alert of a payload decided as the server would.
 */
final class DecisionOptions {

    /** Reads the history and writes decisions: times as RFC 3339 text. */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

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

    /** The decisions, in payload order, and the time they were made at. */
    record Decided(Instant at, List<Decision> decisions) {
    }

    /** An input or the playbook set was rejected; the reason is already printed. */
    static final class Rejected extends Exception {

        private static final long serialVersionUID = 1L;

        final int exitCode;

        Rejected(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /**
     * Decides every alert of the payload ({@code -} for standard input).
     *
     * @throws Rejected after printing why: {@link Heal8sCtl#EXIT_USAGE} for a bad time, payload or history,
     *     {@link Heal8sCtl#EXIT_INVALID} for playbooks or rules with errors
     */
    Decided decide(String payload, PrintWriter err) throws IOException, Rejected {
        Instant now;
        try {
            now = at == null ? Instant.now() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            err.println("--at: '" + Terminal.printable(at) + "' is not an RFC 3339 time such as 2026-01-01T10:00:00Z");
            throw new Rejected(Heal8sCtl.EXIT_USAGE);
        }
        WebhookPayload parsed;
        try (InputStream in = "-".equals(payload) ? System.in : Files.newInputStream(Path.of(payload))) {
            parsed = new AlertParser().parse(in);
        } catch (AlertParseException e) {
            err.println(payload + ": " + Terminal.printable(e.getMessage()));
            throw new Rejected(Heal8sCtl.EXIT_USAGE);
        }
        List<RemediationRecord> records;
        try {
            records = history == null ? List.of()
                    : Arrays.asList(JSON.readValue(history.toFile(), RemediationRecord[].class));
        } catch (JsonProcessingException e) {
            err.println(history + ": " + Terminal.printable(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
            throw new Rejected(Heal8sCtl.EXIT_USAGE);
        }

        var loaded = PlaybookSetLoader.load(playbooks, err);
        if (loaded.isEmpty()) {
            throw new Rejected(Heal8sCtl.EXIT_INVALID);
        }
        List<Decision> decisions = new ArrayList<>();
        try (DecisionEngine engine = loaded.get().engine()) {
            for (Alert alert : parsed.alerts()) {
                decisions.add(engine.decide(alert, records, now));
            }
        }
        return new Decided(now, decisions);
    }
}
