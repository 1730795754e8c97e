package io.heal8s.server.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PullRequestEventTest {

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theActionTheNumberTheMarkedRemediationAndTheRepositoryAreRead() {
        PullRequestEvent event = PullRequestEvent.parse(json("""
                {"action": "closed", "number": 42,
                 "pull_request": {"number": 42, "merged": true,
                                  "body": "Raise memory\\n\\n<!-- heal8s:remediation=shop/rem-5f1c0ab3 -->"},
                 "repository": {"full_name": "acme/manifests"}}
                """));

        assertThat(event.action()).isEqualTo("closed");
        assertThat(event.number()).isEqualTo(42);
        assertThat(event.repository()).isEqualTo("acme/manifests");
        assertThat(event.followed()).isTrue();
        assertThat(event.remediation()).contains("shop/rem-5f1c0ab3");
    }

    @Test
    void onlyTheActionsThatMayChangeTheOutcomeAreFollowed() {
        for (String action : new String[] {"closed", "reopened", "edited", "synchronize"}) {
            assertThat(event(action, "\"body\": null").followed()).as(action).isTrue();
        }
        for (String action : new String[] {"opened", "labeled", "assigned", "review_requested"}) {
            assertThat(event(action, "\"body\": null").followed()).as(action).isFalse();
        }
    }

    @Test
    void aBodyThatIsNullAbsentOrWithoutMarkerNamesNoRemediation() {
        assertThat(event("closed", "\"body\": null").remediation()).isEmpty();
        assertThat(event("closed", "\"title\": \"x\"").remediation()).isEmpty();
        assertThat(event("closed", "\"body\": \"a person's pull request\"").remediation()).isEmpty();
        assertThat(event("closed", "\"body\": null").body()).isEmpty();
    }

    @Test
    void aMissingOrMistypedFieldIsRefusedNamingIt() {
        assertThatThrownBy(() -> PullRequestEvent.parse(json("not json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$:");
        assertThatThrownBy(() -> PullRequestEvent.parse(json("[1]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$:");
        assertThatThrownBy(() -> PullRequestEvent.parse(json("{\"pull_request\": {\"number\": 1}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.action:");
        assertThatThrownBy(() -> PullRequestEvent.parse(json("{\"action\": \"closed\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.pull_request:");
        assertThatThrownBy(() -> PullRequestEvent.parse(json(
                "{\"action\": \"closed\", \"pull_request\": {\"number\": \"7\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.pull_request.number:");
        assertThatThrownBy(() -> PullRequestEvent.parse(json(
                "{\"action\": \"closed\", \"pull_request\": {\"number\": 0}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.pull_request.number:");
        assertThatThrownBy(() -> PullRequestEvent.parse(json(
                "{\"action\": \"closed\", \"pull_request\": {\"number\": 7, \"body\": 3}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("$.pull_request.body:");
    }

    private static PullRequestEvent event(String action, String bodyField) {
        return PullRequestEvent.parse(json("{\"action\": \"" + action + "\", \"pull_request\": {\"number\": 3, "
                + bodyField + "}}"));
    }
}
