package io.heal8s.engine.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    private static String numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    @Test
    void equalTextsHaveAnEmptyDiff() {
        assertThat(UnifiedDiff.of("deploy.yaml", "a: 1\n", "a: 1\n")).isEmpty();
    }

    @Test
    void oneChangedLineIsShownWithThreeLinesOfContextAndGitsHeaders() {
        String before = numbered(1, 10);
        String after = before.replace("line 5\n", "line five\n");

        assertThat(UnifiedDiff.of("k8s/deploy.yaml", before, after)).isEqualTo("""
                --- a/k8s/deploy.yaml
                +++ b/k8s/deploy.yaml
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8
                """);
    }

    @Test
    void changesAtMostSixLinesApartShareOneHunk() {
        String before = numbered(1, 20);
        String after = before.replace("line 5\n", "five\n").replace("line 12\n", "twelve\n");

        assertThat(UnifiedDiff.of("f", before, after)).startsWith("--- a/f\n+++ b/f\n@@ -2,14 +2,14 @@\n")
                .containsOnlyOnce("@@ -");
    }

    @Test
    void changesMoreThanSixLinesApartGetTwoHunks() {
        String before = numbered(1, 20);
        String after = before.replace("line 5\n", "five\n").replace("line 13\n", "thirteen\n");

        String diff = UnifiedDiff.of("f", before, after);

        assertThat(diff).contains("@@ -2,7 +2,7 @@\n").contains("@@ -10,7 +10,7 @@\n");
        assertThat(diff.lines().filter(l -> l.startsWith("@@ "))).hasSize(2);
    }

    @Test
    void insertedLinesAtTheEndOfAContainerKeepTheLineNumbersOfBothSides() {
        String before = "spec:\n  containers:\n  - name: app\n    image: app:1\n";
        String after = "spec:\n  containers:\n  - name: app\n    image: app:1\n    resources:\n"
                + "      limits:\n        memory: 320Mi\n";

        assertThat(UnifiedDiff.of("d.yaml", before, after)).isEqualTo("""
                --- a/d.yaml
                +++ b/d.yaml
                @@ -2,3 +2,6 @@
                   containers:
                   - name: app
                     image: app:1
                +    resources:
                +      limits:
                +        memory: 320Mi
                """);
    }

    @Test
    void aNewFileIsAHunkFromLineZero() {
        assertThat(UnifiedDiff.of("n", "", "a\nb\n")).isEqualTo("--- a/n\n+++ b/n\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    }

    @Test
    void aRemovedLineIsShownWithItsContext() {
        assertThat(UnifiedDiff.of("r", "a\nb\nc\n", "a\nc\n"))
                .isEqualTo("--- a/r\n+++ b/r\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
    }

    @Test
    void crlfLinesKeepTheirCarriageReturnsWhileTheDiffsOwnLinesEndInLf() {
        String before = "kind: Deployment\r\nreplicas: 2\r\nname: shop\r\n";
        String after = "kind: Deployment\r\nreplicas: 3\r\nname: shop\r\n";

        assertThat(UnifiedDiff.of("w.yaml", before, after)).isEqualTo("--- a/w.yaml\n+++ b/w.yaml\n@@ -1,3 +1,3 @@\n"
                + " kind: Deployment\r\n-replicas: 2\r\n+replicas: 3\r\n name: shop\r\n");
    }

    @Test
    void aLineBreakChangeFromCrlfToLfIsAChange() {
        assertThat(UnifiedDiff.of("w", "a\r\nb\r\n", "a\r\nb\n")).isEqualTo("--- a/w\n+++ b/w\n@@ -1,2 +1,2 @@\n"
                + " a\r\n-b\r\n+b\n");
    }

    @Test
    void aLastLineWithoutLineBreakIsMarkedAsGitDoes() {
        assertThat(UnifiedDiff.of("m", "a\nmemory: 256Mi", "a\nmemory: 320Mi")).isEqualTo("--- a/m\n+++ b/m\n"
                + "@@ -1,2 +1,2 @@\n a\n-memory: 256Mi\n\\ No newline at end of file\n+memory: 320Mi\n"
                + "\\ No newline at end of file\n");
    }

    @Test
    void noContextOnlyShowsTheChangedLines() {
        assertThat(UnifiedDiff.of("x", "y", "a\nb\nc\n", "a\nB\nc\n", 0))
                .isEqualTo("--- x\n+++ y\n@@ -2 +2 @@\n-b\n+B\n");
    }

    @Test
    void aRewriteOfManyLinesIsStillACorrectDiff() {
        String before = IntStream.range(0, 3_000).mapToObj(i -> "old " + i + "\n").collect(Collectors.joining());
        String after = IntStream.range(0, 3_000).mapToObj(i -> "new " + i + "\n").collect(Collectors.joining());

        String diff = UnifiedDiff.of("big", before, after);

        assertThat(diff).startsWith("--- a/big\n+++ b/big\n@@ -1,3000 +1,3000 @@\n-old 0\n");
        assertThat(apply(diff, before)).isEqualTo(after);
    }

    @Property(tries = 300)
    void applyingTheDiffToTheOldTextGivesTheNewText(
            @ForAll @Size(max = 40) List<@StringLength(max = 1) @CharRange(from = 'a', to = 'd')
                    String> before,
            @ForAll @Size(max = 40) List<@StringLength(max = 1) @CharRange(from = 'a', to = 'd')
                    String> after,
            @ForAll boolean crlf, @ForAll boolean finalBreak, @ForAll @IntRange(min = 0, max = 4) int context) {
        String a = join(before, crlf, finalBreak);
        String b = join(after, crlf, !finalBreak);

        String diff = UnifiedDiff.of("a/f", "b/f", a, b, context);

        assertThat(apply(diff, a)).isEqualTo(b);
        assertThat(diff.isEmpty()).isEqualTo(a.equals(b));
    }

    private static String join(List<String> lines, boolean crlf, boolean finalBreak) {
        String br = crlf ? "\r\n" : "\n";
        String text = String.join(br, lines);
        return finalBreak && !lines.isEmpty() ? text + br : text;
    }

    /** A strict applier of our own output: every context and removed line must match the old text exactly. */
    private static String apply(String diff, String before) {
        if (diff.isEmpty()) {
            return before;
        }
        List<String> old = UnifiedDiff.lines(before);
        List<String> rows = UnifiedDiff.lines(diff);
        List<String> out = new ArrayList<>();
        int next = 0;
        int r = 2;
        while (r < rows.size()) {
            String header = rows.get(r++);
            assertThat(header).startsWith("@@ -");
            String oldRange = header.substring(4, header.indexOf(' ', 4));
            int start = Integer.parseInt(oldRange.split(",")[0]);
            int count = oldRange.contains(",") ? Integer.parseInt(oldRange.split(",")[1]) : 1;
            int first = count == 0 ? start : start - 1;
            while (next < first) {
                out.add(old.get(next++));
            }
            while (r < rows.size() && !rows.get(r).startsWith("@@ ")) {
                String row = rows.get(r++);
                String content = row.substring(1);
                if (r < rows.size() && rows.get(r).equals("\\ No newline at end of file\n")) {
                    content = content.substring(0, content.length() - 1);
                    r++;
                }
                switch (row.charAt(0)) {
                    case ' ' -> {
                        assertThat(old.get(next++)).isEqualTo(content);
                        out.add(content);
                    }
                    case '-' -> assertThat(old.get(next++)).isEqualTo(content);
                    case '+' -> out.add(content);
                    default -> throw new AssertionError("unexpected diff row " + row);
                }
            }
        }
        while (next < old.size()) {
            out.add(old.get(next++));
        }
        return String.join("", out);
    }
}
