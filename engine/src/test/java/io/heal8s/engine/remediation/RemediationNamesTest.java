package io.heal8s.engine.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemediationNamesTest {

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Test
    void nameIsThePlaybookAndTenHexOfSha256OverFingerprintNulPlaybook() {
        // Expected hashes computed outside the JVM: printf 'fp-1\0oom-increase-memory' | sha256sum
        assertThat(RemediationNames.forAlert("fp-1", "oom-increase-memory"))
                .isEqualTo("oom-increase-memory-7a021a75c5");
        assertThat(RemediationNames.forAlert("abc", "Playbook_With.Caps")).isEqualTo("playbook-with-caps-61fcc695b7");
    }

    @Test
    void aFiringIsNamedByFingerprintStartAndPlaybook() {
        // printf '5f1c0ab3e2d94c71\0001795639458\0oom-increase-memory' | sha256sum (startsAt in Unix seconds)
        Instant startsAt = Instant.parse("2026-11-25T20:44:18.119Z");
        assertThat(RemediationNames.forAlert("5f1c0ab3e2d94c71", startsAt, "oom-increase-memory"))
                .isEqualTo("oom-increase-memory-89a8effc08");
        // The same second is the same firing (alertId's precision); another start is another firing.
        assertThat(RemediationNames.forAlert("5f1c0ab3e2d94c71", startsAt.plusMillis(500), "oom-increase-memory"))
                .isEqualTo("oom-increase-memory-89a8effc08");
        assertThat(RemediationNames.forAlert("5f1c0ab3e2d94c71", startsAt.plusSeconds(3600), "oom-increase-memory"))
                .isNotEqualTo("oom-increase-memory-89a8effc08");
        assertThat(RemediationNames.forAlert("5f1c0ab3e2d94c71", null, "oom-increase-memory"))
                .isEqualTo(RemediationNames.forAlert("5f1c0ab3e2d94c71", "oom-increase-memory"));
        assertThat(RemediationNames.alertId("fp", startsAt)).isEqualTo("fp-1795639458");
        assertThat(RemediationNames.alertId("fp", null)).isEqualTo("fp");
    }

    @ParameterizedTest(name = "[{index}] playbook ''{0}'' -> prefix ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "oom-increase-memory      | oom-increase-memory",
        "OOM Increase Memory      | oom-increase-memory",
        "scale.up_on--HPA         | scale-up-on-hpa",
        "-leading-and-trailing-   | leading-and-trailing",
        "Ünïcødé playbook         | n-c-d-playbook",
        "'!!!'                    | rem",
        "''                       | rem",
    })
    void prefixIsTheLowercasedPlaybookWithRunsOfOtherCharactersAsOneHyphen(String playbook, String prefix) {
        String name = RemediationNames.forAlert("fp", playbook);

        assertThat(name).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
        assertThat(name.substring(0, name.length() - 11)).isEqualTo(prefix);
    }

    @Test
    void aLongPlaybookIsCutSoTheNameStaysWithin63Characters() {
        String name = RemediationNames.forAlert("fp", "x".repeat(40) + "-" + "y".repeat(300));

        assertThat(name).hasSize(63).matches(DNS_1123_LABEL).startsWith("x".repeat(40) + "-yyy");
    }

    @Test
    void aCutThatEndsOnAHyphenDropsTheHyphen() {
        String name = RemediationNames.forAlert("fp", "a".repeat(51) + "-bbbb");

        assertThat(name).matches(DNS_1123_LABEL).startsWith("a".repeat(51) + "-").doesNotContain("--");
    }

    @Test
    void sameInputsGiveTheSameNameAndAnyDifferenceAnotherName() {
        String name = RemediationNames.forAlert("8d2c6b1f0a9e7c35", "oom-increase-memory");

        assertThat(RemediationNames.forAlert("8d2c6b1f0a9e7c35", "oom-increase-memory")).isEqualTo(name);
        assertThat(RemediationNames.forAlert("8d2c6b1f0a9e7c36", "oom-increase-memory")).isNotEqualTo(name);
        // Same prefix after cleaning, but the hash covers the raw playbook name.
        assertThat(RemediationNames.forAlert("8d2c6b1f0a9e7c35", "OOM-increase-memory")).isNotEqualTo(name)
                .startsWith("oom-increase-memory-");
        // The separator keeps the two inputs apart.
        assertThat(RemediationNames.forAlert("ab", "c")).isNotEqualTo(RemediationNames.forAlert("a", "bc"));
    }

    @Test
    void nullsReadAsEmpty() {
        assertThat(RemediationNames.forAlert(null, null)).isEqualTo(RemediationNames.forAlert("", ""))
                .matches(DNS_1123_LABEL);
    }

    @Test
    void standInFingerprintDependsOnLabelsNotOnTheirOrder() {
        String fp = RemediationNames.fingerprintOf(Map.of("alertname", "X", "namespace", "shop"));

        assertThat(fp).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(RemediationNames.fingerprintOf(Map.of("namespace", "shop", "alertname", "X"))).isEqualTo(fp);
        assertThat(RemediationNames.fingerprintOf(Map.of("alertname", "X", "namespace", "shop2"))).isNotEqualTo(fp);
    }

    @Property
    void anyFingerprintAndPlaybookGiveAValidKubernetesName(@ForAll String fingerprint, @ForAll String playbook) {
        String name = RemediationNames.forAlert(fingerprint, playbook);

        assertThat(name).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
        assertThat(RemediationNames.forAlert(fingerprint, playbook)).isEqualTo(name);
    }
}
