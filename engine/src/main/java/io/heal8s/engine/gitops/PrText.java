package io.heal8s.engine.gitops;

import io.heal8s.engine.action.Markdown;
/**
 * Escaping for untrusted text (alert labels and annotations, decision traces, policy reasons) placed in a pull request
 * title or body. More than {@code action.Markdown} (whose code span it reuses): a GitHub table splits cells on
 * {@code |} even inside a code span, and a PR body also carries prose that must not become HTML, links or
 * {@code @}-mentions.
 */
final class PrText {

    private PrText() {
    }

    /** One line: control characters (and Unicode line separators) become spaces, then runs of spaces collapse. */
    static String oneLine(String text, int maxCodePoints) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            boolean control = Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || cp == 0x200E
                    || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
            sb.appendCodePoint(control ? ' ' : cp);
        });
        String s = sb.toString().replaceAll(" {2,}", " ").strip();
        if (s.codePointCount(0, s.length()) > maxCodePoints) {
            s = s.substring(0, s.offsetByCodePoints(0, maxCodePoints - 1)) + "…";
        }
        return s;
    }

    /**
     * Prose made inert: {@code & < >} become entities, every other ASCII punctuation character that Markdown gives a
     * meaning is backslash-escaped (so {@code -->}, {@code |}, backticks, links and emphasis show literally), and an
     * {@code @} is followed by a word joiner so that {@code @org/team} mentions no one.
     */
    static String text(String raw, int maxCodePoints) {
        String s = oneLine(raw, maxCodePoints);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '@' -> sb.append("@\u2060");
                default -> {
                    if ("\\`*_{}[]()#+-.!|~:\"'=".indexOf(c) >= 0) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /**
     * An inline code span showing the text literally; inside a table the {@code |} is escaped as GFM requires.
     * {@code @} is followed by a word joiner as well, for renderers that mention inside code, and {@code <} and
     * {@code >} become their full-width lookalikes: entities do not decode inside code, and this way no {@code <} or
     * {@code >} in a body comes from untrusted text, even where a body is shown raw (mail, the API).
     */
    static String code(String raw, int maxCodePoints, boolean inTable) {
        String s = oneLine(raw, maxCodePoints).replace("@", "@\u2060").replace('<', '\uFF1C').replace('>', '\uFF1E');
        if (s.isEmpty()) {
            return "(empty)";
        }
        if (inTable) {
            s = s.replace("|", "\\|");
        }
        return Markdown.span(s);
    }
}
