package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The monitoring pieces checked by the real tools (Debian's prometheus and prometheus-alertmanager, which .ci/run
 * installs): the chart's PrometheusRule passes {@code promtool check rules} and each alert fires on the series that
 * should raise it and stays quiet on healthy ones ({@code promtool test rules}); the example Alertmanager receiver
 * passes {@code amtool check-config}, reaches the chart's Service and routes every alert a shipped playbook answers.
 */
class MonitoringToolsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Path WORK = Path.of("target", "monitoring-tools");
    private static final String NS = Helm.NAMESPACE;

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", List.of(command), output).isZero();
        return output;
    }

    private static JsonNode rules() {
        return Rendered.get(Rendered.of(Variant.MONITORING), "PrometheusRule", "heal8s").at("/spec/groups/0/rules");
    }

    private static Path writeRules() throws IOException {
        Files.createDirectories(WORK);
        ObjectNode file = JSON.objectNode();
        file.set("groups", Rendered.get(Rendered.of(Variant.MONITORING), "PrometheusRule", "heal8s").at("/spec/groups"));
        Path rules = WORK.resolve("rules.yaml");
        YAML.writeValue(rules.toFile(), file);
        return rules;
    }

    @Test
    void thePrometheusRulePassesPromtool() throws Exception {
        assertThat(run("promtool", "check", "rules", writeRules().toString())).contains("SUCCESS: 3 rules found");
    }

    private static String series(String from, String to) {
        return "heal8s_remediation_phase_transitions_total{namespace=\"" + NS + "\",from=\"" + from + "\",to=\"" + to + "\"}";
    }

    private static ObjectNode input(String series, String values) {
        return JSON.objectNode().put("series", series).put("values", values);
    }

    /** The stuck gauge of {@code phase} as one replica ({@code pod}) serves it. */
    private static String oldest(String phase, String pod) {
        return "heal8s_remediation_oldest_in_phase_seconds{namespace=\"" + NS + "\",mp_scope=\"application\",pod=\""
                + pod + "\",phase=\"" + phase + "\"}";
    }

    /** {@code n + 1} NaN samples: promtool's series notation has no {@code NaNxN}. */
    private static String nan(int n) {
        return String.join(" ", Collections.nCopies(n + 1, "NaN"));
    }

    /** One promtool test: the series, then whether {@code alert} fires at {@code at}. */
    private static ObjectNode test(List<ObjectNode> inputs, String alert, String at, boolean fires) {
        return test(inputs, alert, at, fires ? Map.of() : null);
    }

    /** One promtool test: the series, then {@code alert} fires at {@code at} with these labels besides its own (null: quiet). */
    private static ObjectNode test(List<ObjectNode> inputs, String alert, String at, Map<String, String> labels) {
        boolean fires = labels != null;
        ObjectNode test = JSON.objectNode().put("interval", "1m");
        test.putArray("input_series").addAll(inputs);
        ObjectNode check = test.putArray("alert_rule_test").addObject().put("eval_time", at).put("alertname", alert);
        ArrayNode expected = check.putArray("exp_alerts");
        if (fires) {
            JsonNode rule = null;
            for (JsonNode r : rules()) {
                if (alert.equals(r.path("alert").asText())) {
                    rule = r;
                }
            }
            assertThat(rule).as("rule %s", alert).isNotNull();
            ObjectNode one = expected.addObject();
            ObjectNode expLabels = one.putObject("exp_labels").put("severity", rule.at("/labels/severity").asText());
            labels.forEach(expLabels::put);
            one.set("exp_annotations", rule.path("annotations"));
        }
        return test;
    }

    @Test
    void eachAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        Path rules = writeRules();
        String received = "heal8s_alerts_received_total{namespace=\"" + NS + "\"}";
        List<ObjectNode> tests = new ArrayList<>();
        // Half of the finished Remediations failed: above the 25% default.
        tests.add(test(List.of(input(series("Applying", "Failed"), "0+1x60"), input(series("Applying", "Succeeded"), "0+1x60")),
                "Heal8sRemediationFailureRateHigh", "50m", true));
        // One failure in ten: below it.
        tests.add(test(List.of(input(series("Applying", "Failed"), "0+1x60"), input(series("Applying", "Succeeded"), "0+9x60")),
                "Heal8sRemediationFailureRateHigh", "50m", false));
        // No alert for seven hours, then a steady flow.
        tests.add(test(List.of(input(received, "5x500")), "Heal8sNoAlertsReceived", "7h", true));
        tests.add(test(List.of(input(received, "0+1x500")), "Heal8sNoAlertsReceived", "7h", false));
        // The gauges grow by 60 s a minute while a Remediation stays in its phase. Pending for three hours: over stuckFor (2h).
        tests.add(test(List.of(input(oldest("Pending", "a"), "0+60x300")), "Heal8sRemediationsStuck", "3h",
                Map.of("phase", "Pending")));
        // Analyzing for 90 minutes: under stuckFor.
        tests.add(test(List.of(input(oldest("Analyzing", "a"), "0+60x300")), "Heal8sRemediationsStuck", "90m", false));
        // Applying for 90 minutes: over applyingStuckFor (1h); the other replica, whose cache has not synced, says NaN.
        tests.add(test(List.of(input(oldest("Applying", "a"), "0+60x300"), input(oldest("Applying", "b"), nan(300))),
                "Heal8sRemediationsStuck", "90m", Map.of("phase", "Applying")));
        // Two replicas report the same cluster for 50 minutes: max() reads 50, where sum() would add up to 100.
        tests.add(test(List.of(input(oldest("Applying", "a"), "0+60x300"), input(oldest("Applying", "b"), "0+60x300")),
                "Heal8sRemediationsStuck", "50m", false));
        // A pull request waiting for review for eight hours is not stuck.
        tests.add(test(List.of(input(oldest("PRCreated", "a"), "0+60x600")), "Heal8sRemediationsStuck", "8h", false));
        // Applying that ended after 50 minutes: the gauge falls back to 0.
        tests.add(test(List.of(input(oldest("Applying", "a"), "0+60x50 0x250")), "Heal8sRemediationsStuck", "3h", false));
        // The pod restarted (no scrape for 5 minutes): the gauge comes back with the age it had, and the alert fires.
        tests.add(test(List.of(input(oldest("Pending", "a"), "0+60x100 _x5 6300+60x100")), "Heal8sRemediationsStuck",
                "3h", Map.of("phase", "Pending")));

        ObjectNode file = JSON.objectNode();
        file.putArray("rule_files").add(rules.getFileName().toString());
        file.put("evaluation_interval", "1m");
        file.putArray("tests").addAll(tests);
        Path testFile = WORK.resolve("rules-test.yaml");
        YAML.writeValue(testFile.toFile(), file);
        assertThat(run("promtool", "test", "rules", testFile.toString())).contains("SUCCESS");
    }

    @Test
    void theExampleReceiverPassesAmtoolAndReachesTheChartsService() throws Exception {
        Path receiver = Helm.REPO.resolve("examples/alertmanager/receiver.yaml");
        assertThat(run("amtool", "check-config", receiver.toString())).contains("SUCCESS");
        JsonNode config = YAML.readTree(receiver.toFile());
        JsonNode webhook = null;
        for (JsonNode r : config.path("receivers")) {
            if ("heal8s".equals(r.path("name").asText())) {
                webhook = r.at("/webhook_configs/0");
            }
        }
        assertThat(webhook).as("receiver heal8s").isNotNull();
        assertThat(webhook.path("send_resolved").asBoolean()).isTrue();
        assertThat(webhook.path("max_alerts").asInt()).isPositive();
        assertThat(webhook.at("/http_config/authorization/credentials_file").asText()).isNotBlank();
        assertThat(webhook.at("/http_config/authorization/credentials").isMissingNode()).isTrue();
        JsonNode service = Rendered.get(Rendered.of(Variant.DEFAULT), "Service", "heal8s");
        assertThat(webhook.path("url").asText()).isEqualTo("http://" + service.at("/metadata/name").asText() + "." + NS
                + ".svc:" + service.at("/spec/ports/0/port").asInt() + "/api/v1/alerts");
    }

    @Test
    void theExampleRouteSendsEveryAlertAShippedPlaybookAnswers() throws Exception {
        JsonNode config = YAML.readTree(Helm.REPO.resolve("examples/alertmanager/receiver.yaml").toFile());
        Pattern routed = null;
        for (JsonNode route : config.at("/route/routes")) {
            if ("heal8s".equals(route.path("receiver").asText())) {
                for (JsonNode matcher : route.path("matchers")) {
                    Matcher m = Pattern.compile("alertname=~\"(.+)\"").matcher(matcher.asText());
                    if (m.matches()) {
                        routed = Pattern.compile(m.group(1));
                    }
                }
            }
        }
        assertThat(routed).as("a route to heal8s matching alertname=~").isNotNull();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(Helm.REPO.resolve("playbooks"))) {
            for (Path playbook : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                YAML.readTree(playbook.toFile()).at("/spec/match/alertNames").forEach(n -> names.add(n.asText()));
            }
        }
        assertThat(names).isNotEmpty();
        Pattern pattern = routed;
        assertThat(names).allSatisfy(name -> assertThat(pattern.matcher(name).matches())
                .as("the route sends %s to heal8s", name).isTrue());
    }

}
