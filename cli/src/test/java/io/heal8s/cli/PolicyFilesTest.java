package io.heal8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the approval policy files in {@code policies/} against drift. No OPA can run in this build, so the Rego is
 * evaluated only by {@code opa test policies/}; what is checked here is structure: the data the policy reads exists,
 * the package and rule names the engines query are declared, the test names are unique, and every JSON example in the
 * README keeps the contract the Java engines rely on.
 */
class PolicyFilesTest {

    private static final Path POLICIES = Path.of("..", "policies");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern DATA_REFERENCE = Pattern.compile("data\\.heal8s\\.approval\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)");
    private static final Pattern RULE_HEAD = Pattern.compile("^(?:default\\s+)?([a-z_][A-Za-z0-9_]*)\\b", Pattern.MULTILINE);
    private static final Pattern TEST_HEAD = Pattern.compile("^(test_[A-Za-z0-9_]*)\\b(.*)$", Pattern.MULTILINE);
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    private static final List<String> INPUT_FIELDS = List.of(
            "/alert/name", "/alert/severity", "/alert/fingerprint", "/alert/labels", "/alert/startsAt",
            "/decision/playbook", "/decision/action", "/decision/params", "/decision/changes",
            "/target/kind", "/target/namespace", "/target/name", "/target/container",
            "/environment", "/history/lastHour", "/history/lastDay", "/history/lastOutcome", "/time");
    private static final List<String> CHANGE_FIELDS = List.of("field", "old", "new", "ratio", "withinCap");
    private static final Set<String> MODES = Set.of("GitOps", "Direct", "Deny");

    @Test
    void dataJsonHoldsEverySettingThePolicyReads() throws IOException {
        JsonNode settings = settings();
        Set<String> references = new TreeSet<>();
        Matcher m = DATA_REFERENCE.matcher(code(read("approval.rego")));
        while (m.find()) {
            references.add(m.group(1));
        }

        assertThat(references).as("data.heal8s.approval.* references in approval.rego").hasSizeGreaterThanOrEqualTo(8);
        for (String reference : references) {
            JsonNode node = settings.at("/" + reference.replace('.', '/'));
            assertThat(node.isMissingNode())
                    .as("approval.rego reads data.heal8s.approval.%s, which policies/data.json does not define", reference)
                    .isFalse();
        }
    }

    @Test
    void noRuleOfThePolicyHasTheNameOfADataKey() throws IOException {
        Set<String> rules = ruleNames(code(read("approval.rego")));
        Set<String> keys = new TreeSet<>();
        settings().fieldNames().forEachRemaining(keys::add);

        assertThat(rules).as("rule names in approval.rego").contains("decision", "deny_reasons", "direct_blockers");
        assertThat(keys).as("top-level keys of data.heal8s.approval in data.json").isNotEmpty();
        // OPA merges rules and data under data.heal8s.approval: one name in both is a conflict at evaluation.
        assertThat(rules).as("rules of approval.rego that are also keys of data.json").doesNotContainAnyElementsOf(keys);
    }

    @Test
    void policyDeclaresThePackageAndTheDecisionTheEnginesQuery() throws IOException {
        String policy = code(read("approval.rego"));

        assertThat(policy).containsPattern("(?m)^package heal8s\\.approval\\s*$");
        assertThat(policy).containsPattern("(?m)^import rego\\.v1\\s*$");
        assertThat(policy).as("the decision rule").containsPattern("(?m)^decision := deny_decision if \\{");
        assertThat(policy).as("the decision's ordered chain: Deny, production, Direct, review")
                .containsPattern("(?s)} else := production_decision if \\{.*} else := direct_decision if \\{"
                        + ".*} else := review_decision if \\{");
        assertThat(policy).as("the fail-safe default of the decision").containsPattern("(?m)^default decision := \\{");
        assertThat(policy).as("the default decision is GitOps with approval")
                .containsPattern("(?s)default decision := \\{\\s*\"mode\": \"GitOps\",\\s*\"requireApproval\": true,");
    }

    @Test
    void policyTestsDeclareTheirPackageAndEachTestNameOnce() throws IOException {
        String tests = code(read("approval_test.rego"));

        assertThat(tests).containsPattern("(?m)^package heal8s\\.approval_test\\s*$");
        assertThat(tests).containsPattern("(?m)^import rego\\.v1\\s*$");
        List<String> names = new ArrayList<>();
        Matcher m = TEST_HEAD.matcher(tests);
        while (m.find()) {
            assertThat(m.group(2)).as("the head of %s (OPA v1 syntax needs 'if')", m.group(1)).startsWith(" if ");
            names.add(m.group(1));
        }
        assertThat(names).as("test_ rules in approval_test.rego").hasSizeGreaterThanOrEqualTo(20).doesNotHaveDuplicates();
        // Replacing the whole package's data would also replace its rules, decision among them.
        assertThat(tests).doesNotContainPattern("with data\\.heal8s\\.approval as ");
    }

    @Test
    void readmeDocumentsEveryDataKey() throws IOException {
        String readme = read("README.md");
        JsonNode settings = settings();
        for (Iterator<String> keys = settings.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            assertThat(readme).as("policies/README.md documents the data key %s", key).contains("`" + key);
            JsonNode value = settings.get(key);
            if (value.isObject() && !key.equals("maxRecentAttempts")) {
                value.fieldNames().forEachRemaining(sub -> assertThat(readme)
                        .as("policies/README.md documents the data key %s.%s", key, sub)
                        .contains("`" + key + "." + sub + "`"));
            }
        }
    }

    @Test
    void readmeExamplesCoverAnInputAndEveryMode() throws IOException {
        Set<String> modes = new HashSet<>();
        int inputs = 0;
        for (Arguments example : readmeExamples().toList()) {
            JsonNode node = JSON.readTree((String) example.get()[1]);
            if (node.has("mode")) {
                modes.add(node.get("mode").asText());
            } else if (node.has("alert")) {
                inputs++;
            }
        }
        assertThat(inputs).as("input examples in policies/README.md").isGreaterThanOrEqualTo(1);
        assertThat(modes).as("modes shown by the output examples in policies/README.md").isEqualTo(MODES);
    }

    @ParameterizedTest(name = "README example {0}")
    @MethodSource("readmeExamples")
    void readmeExampleParsesAndKeepsTheContract(String name, String text) throws IOException {
        JsonNode node = JSON.readTree(text);

        if (node.has("mode")) {
            assertOutput(name, node);
        } else if (node.has("alert")) {
            assertInput(name, node);
        } else {
            throw new AssertionError(name + " is neither a policy input (no 'alert') nor an output (no 'mode')");
        }
    }

    private static void assertInput(String name, JsonNode input) {
        for (String field : INPUT_FIELDS) {
            assertThat(input.at(field).isMissingNode()).as("%s: input field %s", name, field).isFalse();
        }
        JsonNode changes = input.at("/decision/changes");
        assertThat(changes.isArray()).as("%s: decision.changes is an array", name).isTrue();
        for (JsonNode change : changes) {
            for (String field : CHANGE_FIELDS) {
                assertThat(change.has(field)).as("%s: decision.changes[].%s", name, field).isTrue();
            }
            assertThat(change.get("ratio").isNumber() || change.get("ratio").isNull())
                    .as("%s: decision.changes[].ratio is a number or null", name).isTrue();
            assertThat(change.get("withinCap").isBoolean()).as("%s: decision.changes[].withinCap is a boolean", name)
                    .isTrue();
        }
        assertThat(input.at("/history/lastHour").isNumber()).as("%s: history.lastHour is a number", name).isTrue();
        assertThat(input.at("/history/lastDay").isNumber()).as("%s: history.lastDay is a number", name).isTrue();
    }

    private static void assertOutput(String name, JsonNode output) {
        assertThat(output.get("mode").asText()).as("%s: mode", name).isIn(MODES);
        assertThat(output.path("requireApproval").isBoolean()).as("%s: requireApproval is a boolean", name).isTrue();
        JsonNode reasons = output.path("reasons");
        assertThat(reasons.isArray() && !reasons.isEmpty()).as("%s: reasons is a non-empty array", name).isTrue();
        for (JsonNode reason : reasons) {
            assertThat(reason.isTextual() && !reason.asText().isBlank()).as("%s: every reason is a sentence", name)
                    .isTrue();
        }
        if (output.get("mode").asText().equals("GitOps")) {
            assertThat(output.get("requireApproval").asBoolean()).as("%s: GitOps requires approval", name).isTrue();
        }
        if (output.get("mode").asText().equals("Direct")) {
            assertThat(output.get("requireApproval").asBoolean()).as("%s: Direct needs no approval", name).isFalse();
        }
    }

    static Stream<Arguments> readmeExamples() throws IOException {
        String readme = read("README.md");
        List<Arguments> examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(readme);
        while (m.find()) {
            int line = (int) readme.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            examples.add(Arguments.of("at policies/README.md:" + line, m.group(1)));
        }
        assertThat(examples).as("```json blocks in policies/README.md").hasSizeGreaterThanOrEqualTo(6);
        return examples.stream();
    }

    private static JsonNode settings() throws IOException {
        JsonNode settings = JSON.readTree(read("data.json")).at("/heal8s/approval");
        assertThat(settings.isObject()).as("policies/data.json has an object at heal8s.approval").isTrue();
        return settings;
    }

    /** Rule names declared at the top level (heads start in column 0; bodies are indented). */
    private static Set<String> ruleNames(String code) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = RULE_HEAD.matcher(code);
        while (m.find()) {
            String name = m.group(1);
            if (!name.equals("package") && !name.equals("import")) {
                names.add(name);
            }
        }
        return names;
    }

    /** The text without comments; the policies put no '#' inside strings. */
    private static String code(String rego) {
        return rego.replaceAll("(?m)#.*$", "");
    }

    private static String read(String file) throws IOException {
        return Files.readString(POLICIES.resolve(file));
    }
}
