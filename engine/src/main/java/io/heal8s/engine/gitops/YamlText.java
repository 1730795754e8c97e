package io.heal8s.engine.gitops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A YAML file as a light tree of nodes that remember where they are in the text (character offsets), built from
 * snakeyaml-engine's events: enough to find a value and splice it, nothing that would re-emit the file.
 */
final class YamlText {

    /** A node and its span {@code [start, end)} in the text, in chars. */
    abstract static class Node {
        final int start;
        int end;
        final int line;
        final int column;
        final boolean anchored;

        Node(int start, int end, int line, int column, boolean anchored) {
            this.start = start;
            this.end = end;
            this.line = line;
            this.column = column;
            this.anchored = anchored;
        }

        /** Where the last character of content ends: a block collection ends where its last child does. */
        int contentEnd() {
            return end;
        }
    }

    static final class Scalar extends Node {
        final String value;
        final ScalarStyle style;

        Scalar(int start, int end, int line, int column, boolean anchored, String value, ScalarStyle style) {
            super(start, end, line, column, anchored);
            this.value = value;
            this.style = style;
        }

        /** A null written as nothing, {@code ~} or {@code null}: a key with no value yet. */
        boolean isNull() {
            return style == ScalarStyle.PLAIN && (value.isEmpty() || value.equals("~") || value.equals("null")
                    || value.equals("Null") || value.equals("NULL"));
        }
    }

    static final class Alias extends Node {
        Alias(int start, int end, int line, int column) {
            super(start, end, line, column, false);
        }
    }

    abstract static class Collection extends Node {
        final boolean flow;

        Collection(int start, int line, int column, boolean anchored, boolean flow) {
            super(start, start, line, column, anchored);
            this.flow = flow;
        }

        abstract List<Node> children();

        @Override
        int contentEnd() {
            List<Node> children = children();
            return flow || children.isEmpty() ? end : children.get(children.size() - 1).contentEnd();
        }
    }

    static final class Mapping extends Collection {
        final List<Node> keys = new ArrayList<>();
        final List<Node> values = new ArrayList<>();
        private Node pendingKey;

        Mapping(int start, int line, int column, boolean anchored, boolean flow) {
            super(start, line, column, anchored, flow);
        }

        void add(Node node) {
            if (pendingKey == null) {
                pendingKey = node;
            } else {
                keys.add(pendingKey);
                values.add(node);
                pendingKey = null;
            }
        }

        /** The index of the entry whose key is this plain string, or -1. */
        int indexOf(String key) {
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i) instanceof Scalar s && s.value.equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        Optional<Node> get(String key) {
            int i = indexOf(key);
            return i < 0 ? Optional.empty() : Optional.of(values.get(i));
        }

        Optional<String> scalar(String key) {
            return get(key).filter(Scalar.class::isInstance).map(n -> ((Scalar) n).value);
        }

        @Override
        List<Node> children() {
            // Entries in text order: the last child is the last entry's value.
            return values;
        }
    }

    static final class Sequence extends Collection {
        final List<Node> items = new ArrayList<>();

        Sequence(int start, int line, int column, boolean anchored, boolean flow) {
            super(start, line, column, anchored, flow);
        }

        @Override
        List<Node> children() {
            return items;
        }
    }

    final String text;
    final List<Node> documents;
    private final int[] charIndex;

    private YamlText(String text, List<Node> documents, int[] charIndex) {
        this.text = text;
        this.documents = documents;
        this.charIndex = charIndex;
    }

    /**
     * Parses every document of the text.
     *
     * @throws ManifestPatchException for invalid YAML or YAML beyond the limits
     */
    static YamlText parse(String text, PatcherLimits limits) {
        if (text.length() > limits.maxChars()) {
            throw new ManifestPatchException("the manifest has " + text.length() + " characters, more than the limit of "
                    + limits.maxChars());
        }
        // Marks count code points; Java strings count chars. Map one to the other only when they differ.
        int[] charIndex = null;
        if (text.codePoints().count() != text.length()) {
            charIndex = new int[text.codePointCount(0, text.length()) + 1];
            int cp = 0;
            for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
                charIndex[cp++] = i;
            }
            charIndex[cp] = text.length();
        }
        LoadSettings settings = LoadSettings.builder().setCodePointLimit(limits.maxChars()).build();
        List<Node> documents = new ArrayList<>();
        Deque<Collection> stack = new ArrayDeque<>();
        int aliases = 0;
        YamlText tree = new YamlText(text, documents, charIndex);
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                switch (event.getEventId()) {
                    case DocumentStart:
                        if (documents.size() >= limits.maxDocuments()) {
                            throw new ManifestPatchException("the manifest has more than " + limits.maxDocuments()
                                    + " documents");
                        }
                        break;
                    case Scalar: {
                        ScalarEvent e = (ScalarEvent) event;
                        tree.attach(stack, documents, new Scalar(tree.start(e), tree.end(e), line(e), column(e),
                                anchored(e), e.getValue(), e.getScalarStyle()));
                        break;
                    }
                    case Alias:
                        if (++aliases > limits.maxAliases()) {
                            throw new ManifestPatchException("the manifest has more than " + limits.maxAliases()
                                    + " aliases (line " + (line(event) + 1) + "): refused as a possible alias bomb");
                        }
                        tree.attach(stack, documents, new Alias(tree.start(event), tree.end(event), line(event),
                                column(event)));
                        break;
                    case MappingStart:
                    case SequenceStart: {
                        if (stack.size() >= limits.maxDepth()) {
                            throw new ManifestPatchException("the manifest nests deeper than " + limits.maxDepth()
                                    + " levels (line " + (line(event) + 1) + ")");
                        }
                        CollectionStartEvent e = (CollectionStartEvent) event;
                        Collection c = event.getEventId() == Event.ID.MappingStart
                                ? new Mapping(tree.start(e), line(e), column(e), anchored(e), e.isFlow())
                                : new Sequence(tree.start(e), line(e), column(e), anchored(e), e.isFlow());
                        tree.attach(stack, documents, c);
                        stack.push(c);
                        break;
                    }
                    case MappingEnd:
                    case SequenceEnd:
                        stack.pop().end = tree.end(event);
                        break;
                    default:
                        break;
                }
            }
        } catch (YamlEngineException e) {
            throw new ManifestPatchException("the manifest is not valid YAML: " + e.getMessage(), e);
        }
        return tree;
    }

    private void attach(Deque<Collection> stack, List<Node> documents, Node node) {
        Collection parent = stack.peek();
        if (parent == null) {
            documents.add(node);
        } else if (parent instanceof Mapping m) {
            m.add(node);
        } else {
            ((Sequence) parent).items.add(node);
        }
    }

    private int start(Event e) {
        return toChar(e.getStartMark().map(Mark::getIndex).orElse(0));
    }

    private int end(Event e) {
        return toChar(e.getEndMark().map(Mark::getIndex).orElse(0));
    }

    private int toChar(int codePointIndex) {
        return charIndex == null ? codePointIndex : charIndex[codePointIndex];
    }

    private static int line(Event e) {
        return e.getStartMark().map(Mark::getLine).orElse(0);
    }

    private static int column(Event e) {
        return e.getStartMark().map(Mark::getColumn).orElse(0);
    }

    private static boolean anchored(NodeEvent e) {
        return e.getAnchor().isPresent();
    }
}
