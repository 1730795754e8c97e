package io.heal8s.engine.gitops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A unified diff of two texts, line by line ({@code diff -u}, {@code git diff}): what a pull request shows and what
 * {@code heal8sctl preview} prints. Each line keeps its own line break, so CRLF content comes out exactly as it is.
 */
public final class UnifiedDiff {

    /** Lines of context around each change, as {@code diff -u} and {@code git diff} use. */
    public static final int CONTEXT = 3;

    // Myers' algorithm keeps one row per edit; past this many edits (a rewrite, not a remediation) the changed middle
    // is written as removed and added whole, which is still a correct diff, to bound time and memory.
    private static final int MAX_EDITS = 1_000;

    private enum Op { EQUAL, DELETE, INSERT }

    /** One line of the edit script: its operation and its index in the old and the new lines. */
    private record Edit(Op op, int oldIndex, int newIndex) {
    }

    private UnifiedDiff() {
    }

    /**
     * The diff of a file's two versions, headed {@code --- a/PATH} and {@code +++ b/PATH} as git writes it, with
     * {@value #CONTEXT} lines of context; empty when the texts are equal.
     */
    public static String of(String path, String before, String after) {
        return of("a/" + path, "b/" + path, before, after, CONTEXT);
    }

    /** The diff headed {@code --- FROM} and {@code +++ TO}, with {@code context} lines around each change. */
    public static String of(String from, String to, String before, String after, int context) {
        if (context < 0) {
            throw new IllegalArgumentException("context must not be negative: " + context);
        }
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Edit> script = editScript(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(from).append('\n').append("+++ ").append(to).append('\n');
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == Op.EQUAL) {
                i++;
                continue;
            }
            // A hunk: from `context` lines before this change to `context` lines after the last change that is
            // at most 2 × context equal lines from the previous one.
            int start = Math.max(0, i - context);
            int end = i;
            int j = i;
            while (j < script.size()) {
                if (script.get(j).op() != Op.EQUAL) {
                    end = j;
                    j++;
                } else {
                    int run = j;
                    while (run < script.size() && script.get(run).op() == Op.EQUAL) {
                        run++;
                    }
                    if (run < script.size() && run - j <= 2 * context) {
                        j = run;
                    } else {
                        break;
                    }
                }
            }
            int stop = Math.min(script.size(), end + 1 + context);
            hunk(out, script.subList(start, stop), a, b);
            i = stop;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Edit> edits, List<String> a, List<String> b) {
        int oldCount = 0;
        int newCount = 0;
        for (Edit e : edits) {
            oldCount += e.op() == Op.INSERT ? 0 : 1;
            newCount += e.op() == Op.DELETE ? 0 : 1;
        }
        Edit first = edits.get(0);
        out.append("@@ -").append(range(first.oldIndex(), oldCount))
                .append(" +").append(range(first.newIndex(), newCount)).append(" @@\n");
        for (Edit e : edits) {
            switch (e.op()) {
                case EQUAL -> line(out, ' ', a, e.oldIndex());
                case DELETE -> line(out, '-', a, e.oldIndex());
                case INSERT -> line(out, '+', b, e.newIndex());
                default -> throw new IllegalStateException();
            }
        }
    }

    /** {@code start,count} with 1-based lines; an empty range names the line before it, a single line omits ",1". */
    private static String range(int index, int count) {
        if (count == 0) {
            return index + ",0";
        }
        return count == 1 ? String.valueOf(index + 1) : (index + 1) + "," + count;
    }

    private static void line(StringBuilder out, char prefix, List<String> lines, int index) {
        String line = lines.get(index);
        out.append(prefix).append(line);
        if (!line.endsWith("\n")) {
            out.append("\n\\ No newline at end of file\n");
        }
    }

    /** The lines of a text, each with its own line break ({@code \n} or {@code \r\n}); the last may have none. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int lf = text.indexOf('\n', from);
            int to = lf < 0 ? text.length() : lf + 1;
            lines.add(text.substring(from, to));
            from = to;
        }
        return lines;
    }

    /** A shortest edit script: common head and tail, then Myers' O(ND) algorithm over the rest. */
    private static List<Edit> editScript(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Edit> script = new ArrayList<>();
        for (int i = 0; i < head; i++) {
            script.add(new Edit(Op.EQUAL, i, i));
        }
        // Lines as numbers, equal lines equal numbers, so the inner loop compares ints.
        Map<String, Integer> numbers = new HashMap<>();
        int[] x = numbered(a.subList(head, a.size() - tail), numbers);
        int[] y = numbered(b.subList(head, b.size() - tail), numbers);
        for (Edit e : middle(x, y)) {
            script.add(new Edit(e.op(), e.oldIndex() + head, e.newIndex() + head));
        }
        for (int i = tail; i > 0; i--) {
            script.add(new Edit(Op.EQUAL, a.size() - i, b.size() - i));
        }
        return script;
    }

    private static int[] numbered(List<String> lines, Map<String, Integer> numbers) {
        int[] out = new int[lines.size()];
        for (int i = 0; i < out.length; i++) {
            Integer number = numbers.putIfAbsent(lines.get(i), numbers.size());
            out[i] = number == null ? numbers.size() - 1 : number;
        }
        return out;
    }

    private static List<Edit> middle(int[] a, int[] b) {
        int n = a.length;
        int m = b.length;
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max && d <= MAX_EDITS; d++) {
            // The furthest x on each diagonal k after d - 1 edits, for k in [-d, d]: what backtracking needs.
            trace.add(Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                        ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x] == b[y]) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
            if (found >= 0) {
                break;
            }
        }
        if (found < 0) {
            return replaceAll(n, m);
        }
        List<Edit> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] prev = trace.get(d);
            int base = d + 1;
            int k = x - y;
            boolean down = k == -d || (k != d && prev[base + k - 1] < prev[base + k + 1]);
            int prevK = down ? k + 1 : k - 1;
            int prevX = prev[base + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                reversed.add(new Edit(Op.EQUAL, x, y));
            }
            if (down) {
                y--;
                reversed.add(new Edit(Op.INSERT, x, y));
            } else {
                x--;
                reversed.add(new Edit(Op.DELETE, x, y));
            }
        }
        while (x > 0 && y > 0) {
            x--;
            y--;
            reversed.add(new Edit(Op.EQUAL, x, y));
        }
        List<Edit> script = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            script.add(reversed.get(i));
        }
        return script;
    }

    private static List<Edit> replaceAll(int n, int m) {
        List<Edit> script = new ArrayList<>(n + m);
        for (int i = 0; i < n; i++) {
            script.add(new Edit(Op.DELETE, i, 0));
        }
        for (int j = 0; j < m; j++) {
            script.add(new Edit(Op.INSERT, n, j));
        }
        return script;
    }
}
