package io.heal8s.engine.gitops.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the streaming reader keeps of a pull request object, and that it agrees with the tree reader. */
class PullSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PR = """
            {"url": "https://api.github.com/repos/shop/manifests/pulls/7", "id": 1, "node_id": "PR_kwDO7",
             "html_url": "https://github.com/shop/manifests/pull/7", "number": 7, "state": "open",
             "title": "heal8s: raise memory", "user": {"login": "heal8s[bot]", "id": 2},
             "body": "## Why\\n\\"OOMKilled\\" \\u2014 see below\\n<!-- heal8s:remediation=heal8s-system/checkout-oom-1 -->",
             "labels": [{"id": 3, "name": "heal8s", "color": "ededed"}, {"name": "increase-memory"}],
             "assignees": [{"login": "bob", "id": 4}], "requested_reviewers": [{"login": "alice"}],
             "milestone": null, "draft": false,
             "head": {"label": "shop:heal8s/increase-memory/shop-checkout-1a2b3c4d",
                      "ref": "heal8s/increase-memory/shop-checkout-1a2b3c4d", "sha": "abc123",
                      "user": {"login": "shop"},
                      "repo": {"id": 9, "name": "manifests", "full_name": "shop/manifests",
                               "owner": {"login": "shop", "full_name": "not this one"},
                               "topics": ["a", "b"]}},
             "base": {"ref": "main", "sha": "def456", "repo": {"full_name": "shop/manifests"}},
             "_links": {"self": {"href": "x"}}}
            """;

    @Test
    void keepsWhatThePublisherUsesAndTheMarkerNotTheBody() throws IOException {
        PullSummary pr = read(PR);

        assertThat(pr.number()).isEqualTo(7);
        assertThat(pr.state()).isEqualTo("open");
        assertThat(pr.open()).isTrue();
        assertThat(pr.htmlUrl()).isEqualTo("https://github.com/shop/manifests/pull/7");
        assertThat(pr.nodeId()).isEqualTo("PR_kwDO7");
        assertThat(pr.headRef()).isEqualTo("heal8s/increase-memory/shop-checkout-1a2b3c4d");
        assertThat(pr.headSha()).isEqualTo("abc123");
        assertThat(pr.headRepo()).isEqualTo("shop/manifests");
        assertThat(pr.remediation()).isEqualTo("heal8s-system/checkout-oom-1");
        assertThat(pr.labels()).containsExactly("heal8s", "increase-memory");
        assertThat(pr.assignees()).containsExactly("bob");
        assertThat(pr).isEqualTo(PullSummary.of(JSON.readTree(PR)));
    }

    @Test
    void aDeletedForkANullBodyAndMissingFieldsGiveEmptyValues() throws IOException {
        String json = """
                {"number": 12, "state": "closed", "body": null, "labels": [], "assignees": null,
                 "head": {"ref": "fix", "sha": "0f0f", "repo": null}, "html_url": null}
                """;

        PullSummary pr = read(json);

        assertThat(pr).isEqualTo(new PullSummary(12, "closed", null, "", "fix", "0f0f", "", null,
                java.util.List.of(), java.util.List.of()));
        assertThat(pr.open()).isFalse();
        assertThat(pr).isEqualTo(PullSummary.of(JSON.readTree(json)));
    }

    @Test
    void aBodyWithTwoMarkersNamesNoRemediation() throws IOException {
        String json = """
                {"number": 3, "body": "<!-- heal8s:remediation=a/b --> <!-- heal8s:remediation=c/d -->"}
                """;

        assertThat(read(json).remediation()).isNull();
    }

    @Test
    void theParserIsLeftOnTheObjectsEndSoAnArrayReadsOnePerElement() throws IOException {
        try (JsonParser p = JSON.getFactory().createParser("[" + PR + ", {\"number\": 8}]")) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(PullSummary.read(p).number()).isEqualTo(7);
            assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(PullSummary.read(p).number()).isEqualTo(8);
            assertThat(p.nextToken()).isEqualTo(JsonToken.END_ARRAY);
        }
    }

    private static PullSummary read(String json) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            p.nextToken();
            return PullSummary.read(p);
        }
    }
}
