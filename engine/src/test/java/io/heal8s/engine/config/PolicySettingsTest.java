package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicySettingsTest {

    @TempDir
    Path dir;

    @Test
    void absentKeysMeanNoEngineAndTheContractsDefaults() {
        PolicySettings settings = PolicySettings.fromMap(Map.of());

        assertThat(settings.engine()).isEqualTo(PolicySettings.Engine.NONE);
        assertThat(settings.restPath()).isEqualTo("heal8s/approval/decision");
        assertThat(settings.wasmEntrypoint()).isEqualTo("heal8s/approval/decision");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.restUrl()).isNull();
        assertThat(settings.wasmFile()).isNull();
        assertThat(settings.restToken()).isEmpty();
    }

    @Test
    void restTakesAUrlAPathAGoStyleTimeoutAndATokenFileNeverShown() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), " s3cret\n");

        PolicySettings settings = PolicySettings.fromMap(Map.of(
                PolicySettings.ENGINE, "REST",
                PolicySettings.REST_URL, "http://opa.heal8s.svc:8181",
                PolicySettings.REST_PATH, "/heal8s.approval.decision/",
                PolicySettings.REST_TOKEN_FILE, token.toString(),
                PolicySettings.TIMEOUT, "1s500ms"));

        assertThat(settings.engine()).isEqualTo(PolicySettings.Engine.REST);
        assertThat(settings.restUrl()).isEqualTo(URI.create("http://opa.heal8s.svc:8181"));
        assertThat(settings.restPath()).isEqualTo("heal8s/approval/decision");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.restToken()).contains("s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("opa.heal8s.svc");
    }

    @Test
    void aRotatedTokenFileIsReadAgain() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "one");
        PolicySettings settings = PolicySettings.fromMap(Map.of(PolicySettings.ENGINE, "rest",
                PolicySettings.REST_URL, "http://localhost:8181", PolicySettings.REST_TOKEN_FILE, token.toString()));
        assertThat(settings.restToken()).contains("one");

        Files.writeString(token, "two");
        Files.setLastModifiedTime(token, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(settings.restToken()).contains("two");
    }

    @Test
    void wasmTakesAFileAndAnEntrypoint() {
        PolicySettings settings = PolicySettings.fromMap(Map.of(PolicySettings.ENGINE, "wasm",
                PolicySettings.WASM_FILE, "/etc/heal8s/policy/bundle.tar.gz",
                PolicySettings.WASM_ENTRYPOINT, "team/approval/decision"));

        assertThat(settings.engine()).isEqualTo(PolicySettings.Engine.WASM);
        assertThat(settings.wasmFile()).isEqualTo(Path.of("/etc/heal8s/policy/bundle.tar.gz"));
        assertThat(settings.wasmEntrypoint()).isEqualTo("team/approval/decision");
        assertThat(settings.toString()).contains("bundle.tar.gz");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "heal8s.policy.engine | opa | 'opa' is not none, rest or wasm",
        "heal8s.policy.rest.url | localhost:8181 | expected an http or https URL",
        "heal8s.policy.rest.url | http://opa:8181/?x=1 | expected no query",
        "heal8s.policy.rest.path | heal8s/approval decision | not a decision path",
        "heal8s.policy.timeout | 2 seconds | invalid duration",
        "heal8s.policy.timeout | 0 | longer than 0",
        "heal8s.policy.rest.token-file | /nonexistent/token | not a readable file",
        "heal8s.policy.wasm.entrypoint | a//b | not a decision path",
    })
    void aBadValueIsRefusedNamingItsKey(String key, String value, String message) {
        assertThatThrownBy(() -> PolicySettings.fromMap(Map.of(key, value)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void eachEngineRequiresItsAddress() {
        assertThatThrownBy(() -> PolicySettings.fromMap(Map.of(PolicySettings.ENGINE, "rest")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(PolicySettings.REST_URL))
                .hasMessageContaining("is required with heal8s.policy.engine=rest");
        assertThatThrownBy(() -> PolicySettings.fromMap(Map.of(PolicySettings.ENGINE, "wasm")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(PolicySettings.WASM_FILE))
                .hasMessageContaining("is required with heal8s.policy.engine=wasm");
    }
}
