package io.heal8s.engine.playbook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.heal8s.engine.playbook.YamlNode.Entry;
import io.heal8s.engine.playbook.YamlNode.ListNode;
import io.heal8s.engine.playbook.YamlNode.MapNode;
import io.heal8s.engine.playbook.YamlNode.Pos;
import io.heal8s.engine.playbook.YamlNode.Scalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML stream into {@link YamlNode} trees, one per document, from Jackson's streaming YAML parser so that
 * every node keeps the line and column the parser reported for it (a data-binding read would lose them).
 */
final class YamlTree {

    // Explicit, as the builder does not apply it by default: an empty plain value (`key:`) is null, as YAML says,
    // while a quoted "" stays an empty string.
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    /** A YAML syntax error at the position the parser blamed. */
    record SyntaxError(Pos pos, String message) {
    }

    /**
     * The documents read; when the stream has a syntax error, the documents complete before it and the error.
     *
     * @param error null when the whole stream parsed
     */
    record Documents(List<YamlNode> documents, SyntaxError error) {
    }

    private YamlTree() {
    }

    static Documents read(String text) {
        List<YamlNode> documents = new ArrayList<>();
        try (YAMLParser parser = FACTORY.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                documents.add(value(parser, token));
            }
            return new Documents(documents, null);
        } catch (JsonProcessingException e) {
            MarkedYAMLException marked = marked(e);
            if (marked != null) {
                // SnakeYAML's problem mark is where it gave up; Jackson's own location can be a token earlier.
                Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
                Pos pos = mark != null ? new Pos(mark.getLine() + 1, mark.getColumn() + 1) : location(e.getLocation());
                String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
                String message = marked.getContext() != null ? marked.getContext() + ": " + problem : problem;
                return new Documents(documents, new SyntaxError(pos, "YAML syntax error: " + message));
            }
            return new Documents(documents, new SyntaxError(location(e.getLocation()),
                    "YAML syntax error: " + e.getOriginalMessage()));
        } catch (IOException e) {
            // Reading from a String cannot fail on I/O; anything here is a parser complaint about the text.
            return new Documents(documents, new SyntaxError(new Pos(1, 1), "YAML syntax error: " + e.getMessage()));
        }
    }

    /** SnakeYAML's exception under Jackson's wrapper; Jackson's own copy of it is deprecated. */
    private static MarkedYAMLException marked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    private static YamlNode value(YAMLParser parser, JsonToken token) throws IOException {
        Pos pos = location(parser.currentTokenLocation());
        switch (token) {
            case START_OBJECT: {
                List<Entry> entries = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Pos keyPos = location(parser.currentTokenLocation());
                    entries.add(new Entry(key, keyPos, value(parser, parser.nextToken())));
                }
                expect(t, JsonToken.END_OBJECT);
                return new MapNode(pos, entries);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new IOException("unexpected end of the YAML stream inside a list");
                    }
                    items.add(value(parser, t));
                }
                return new ListNode(pos, items);
            }
            case VALUE_NUMBER_INT:
                return new Scalar(pos, token, parser.getText(), parser.getBigIntegerValue(), false);
            case VALUE_STRING:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_NULL:
                return new Scalar(pos, token, parser.getText(), null, parser.isCurrentAlias());
            default:
                // Embedded objects (binary !!binary scalars) have no place in a playbook; treat them as text.
                return new Scalar(pos, JsonToken.VALUE_STRING, String.valueOf(parser.getText()), null, false);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected " + actual + " in the YAML stream, expected " + expected);
        }
    }

    private static Pos location(JsonLocation location) {
        if (location == null) {
            return new Pos(1, 1);
        }
        return new Pos(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
