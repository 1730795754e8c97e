package io.heal8s.engine.action;

/**
 * Makes untrusted text (container names from alert labels, images, object names) safe to show in a pull request body.
 */
public final class Markdown {

    // Labels are free text; a screenful of it in a PR body helps nobody.
    private static final int MAX_LENGTH = 200;

    private Markdown() {
    }

    /**
     * An inline code span showing the text literally: inside one, Markdown, HTML and @-mentions are inert. Line
     * breaks and other control characters become spaces, since a blank line would end the span and the paragraph.
     */
    static String code(String text) {
        String s = plain(text);
        if (s.isEmpty()) {
            return "(empty)";
        }
        return span(s);
    }

    /**
     * {@code text}, already on one line and cleaned by the caller, as an inline code span: a fence one backtick longer
     * than any run inside it, so the text cannot close it.
     */
    public static String span(String text) {
        int longestRun = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longestRun = Math.max(longestRun, run);
        }
        String fence = "`".repeat(longestRun + 1);
        // CommonMark strips one space from each side of a span that starts and ends with one, and a backtick at an
        // edge would join the fence: pad in both cases so the text shows unchanged.
        boolean pad = text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" "));
        String inner = pad ? " " + text + " " : text;
        return fence + inner + fence;
    }

    /** A list item for a change: {@code - `path`: `old` → `new`}, with "(none)" for a field that did not exist. */
    static String bullet(FieldChange change) {
        return "- " + code(change.path()) + ": " + (change.oldValue() == null ? "(none)" : code(change.oldValue()))
                + " → " + code(change.newValue());
    }

    /** The text on one line, without control characters, shortened to a readable length. */
    static String plain(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(MAX_LENGTH + 1L).forEach(cp -> {
            boolean control = Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029;
            sb.appendCodePoint(control ? ' ' : cp);
        });
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            sb.setLength(sb.offsetByCodePoints(0, MAX_LENGTH));
            sb.append('…');
        }
        return sb.toString();
    }
}
