package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookLoader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Against the Liberty server that the build started in pre-integration-test. */
class HealthIT {

    private static final Path PLAYBOOKS = Path.of(System.getProperty("heal8s.it.playbooks-dir", "../playbooks"));

    @Test
    void readinessIsUpWithEveryPlaybookOfTheDirectoryInService() throws Exception {
        LoadResult expected = new PlaybookLoader().load(PLAYBOOKS);
        assertThat(expected.playbooks()).isNotEmpty();

        HttpResponse<String> response = Http.get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"status\":\"UP\"")
                .contains("\"name\":\"playbooks\"")
                .contains("\"playbooks\":" + expected.playbooks().size())
                .contains("\"ruleFiles\":" + expected.rules().size());
    }

    @Test
    void theStartupProbeIsUpOnceTheWebhookPathIsWarmedUp() throws Exception {
        HttpResponse<String> response = Http.get("/health/started");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"status\":\"UP\"")
                .contains("\"name\":\"started\"")
                .contains("\"warmedUp\":true")
                .containsPattern("\"warmUpMillis\":\\d+");
        // The warm-up decides and reads, and never stores: no Remediation appears in its namespace.
        HttpResponse<String> list = Http.get("/api/v1/remediations?namespace=heal8s-warmup", "sandbox-token");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("\"kind\":\"Remediation\"");
    }

    @Test
    void readinessSaysTheRoleWhichIsCombinedUnlessConfigured() throws Exception {
        HttpResponse<String> response = Http.get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"role\":\"combined\"").contains("\"gitopsDefaultRepository\":");
    }

    @Test
    void livenessAnswers() throws Exception {
        HttpResponse<String> response = Http.get("/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void metricsExposeThePlaybooksInServiceInPrometheusFormat() throws Exception {
        int count = new PlaybookLoader().load(PLAYBOOKS).playbooks().size();

        HttpResponse<String> response = Http.get("/metrics?scope=application");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .containsPattern("(?m)^heal8s_playbooks_loaded\\{[^}]*mp_scope=\"application\"[^}]*\\} "
                        + count + "(\\.0)?$")
                .containsPattern("(?m)^heal8s_playbook_errors\\{[^}]*\\} 0(\\.0)?$");
    }
}
