package io.heal8s.engine.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reading the query API's documented answers: healthy means a non-empty result whose every sample is non-zero. */
class PrometheusAnswerTest {

    static PromQlCheck.PromQlAnswer answer(int status, String json) throws PrometheusException {
        return PrometheusClient.answer(status, json.getBytes(StandardCharsets.UTF_8));
    }

    static String vector(String... values) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            result.append(i == 0 ? "" : ",").append("{\"metric\":{\"pod\":\"p").append(i)
                    .append("\"},\"value\":[1764158400.5,\"").append(values[i]).append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    @ParameterizedTest(name = "{0} -> healthy {1}")
    @CsvSource(delimiter = ';', value = {
        "'';                false; empty result",
        "1;                 true;  1 series, all non-zero (first 1)",
        "0.85 1;            true;  2 series, all non-zero (first 0.85)",
        "1 0;               false; 2 series, 1 zero or NaN (first 1)",
        "NaN;               false; 1 series, 1 zero or NaN (first NaN)",
        "+Inf;              true;  1 series, all non-zero (first +Inf)",
    })
    void vectorsAreHealthyWhenNonEmptyAndEverySampleIsNonZero(String values, boolean healthy, String summary)
            throws PrometheusException {
        String[] samples = values.isBlank() ? new String[0] : values.strip().split(" ");

        PromQlCheck.PromQlAnswer a = answer(200, vector(samples));

        assertThat(a.healthy()).isEqualTo(healthy);
        assertThat(a.summary()).isEqualTo(summary.strip());
    }

    @Test
    void aScalarIsHealthyWhenNonZero() throws PrometheusException {
        assertThat(answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"1\"]}}"))
                .isEqualTo(new PromQlCheck.PromQlAnswer(true, "scalar 1"));
        assertThat(answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"0\"]}}")
                .healthy()).isFalse();
    }

    @Test
    void errorsAndOtherResultTypesSayWhatPrometheusAnswered() {
        assertThatThrownBy(() -> answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse "
                + "error at char 4\"}")).isInstanceOf(PrometheusException.class)
                .hasMessage("Prometheus answered HTTP 400 bad_data: parse error at char 4");
        assertThatThrownBy(() -> answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
                + "\"result\":[]}}")).hasMessageContaining("must give an instant vector or a scalar; Prometheus "
                + "answered a matrix");
        assertThatThrownBy(() -> answer(502, "<html>Bad Gateway</html>"))
                .hasMessage("Prometheus answered HTTP 502 with a body that is not JSON");
    }
}
