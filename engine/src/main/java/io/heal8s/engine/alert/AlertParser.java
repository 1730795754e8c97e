package io.heal8s.engine.alert;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.heal8s.engine.alert.AlertParseException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Parses the body of an Alertmanager {@code webhook_config} notification (payload version 4) into a
 * {@link WebhookPayload}, within the bounds of its {@link AlertLimits}; any refused body raises an
 * {@link AlertParseException} naming the offending path. Thread-safe and meant to be shared.
 *
 * <p>Unknown fields are ignored at every level so that later Alertmanager versions keep working. Required:
 * {@code version} ({@code "4"}), {@code status}, {@code alerts} (an empty array is accepted although Alertmanager
 * never sends one), and in each alert {@code status}, {@code labels} with {@code alertname}, and {@code startsAt}.
 * JSON {@code null} counts as absent. Alertmanager's zero time {@code 0001-01-01T00:00:00Z} in {@code endsAt}
 * becomes a null {@link Alert#endsAt()}.
 */
public final class AlertParser {

    private static final String VERSION = "4";

    // Prometheus' classic rule; Alertmanager 0.27+ can be switched to UTF-8 names, which heal8s does not accept yet.
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    // No field of the payload holds more than a uint64 (20 digits); the bound keeps BigInteger work trivial.
    private static final int MAX_NUMBER_LENGTH = 100;

    // Go's time.Time{} as RFC 3339: Alertmanager's way to say "no end known".
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    // RFC 3339's date-time exactly (seconds required, offset Z or +hh:mm), unlike ISO_OFFSET_DATE_TIME which
    // also takes a missing seconds field; up to nanoseconds, as Go's time.RFC3339Nano writes them.
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendValue(ChronoField.YEAR, 4)
            .appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private static final int MAX_TIMESTAMP_LENGTH = 64;

    private final AlertLimits limits;
    private final JsonFactory json;

    /** A parser with {@link AlertLimits#DEFAULT}. */
    public AlertParser() {
        this(AlertLimits.DEFAULT);
    }

    public AlertParser(AlertLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // One above ours: the parser reports depth itself with a path, Jackson is the backstop.
                        .maxNestingDepth(limits.maxNestingDepth() + 1)
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(AlertParseException.MAX_ECHO)
                        .maxRawContentLength(AlertParseException.MAX_ECHO)
                        .build())
                // Two values for one key would let two readers of the same body see different alerts.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                // Interning names chosen by the sender would let it fill the JVM's string table.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    public AlertLimits limits() {
        return limits;
    }

    /**
     * Parses a whole webhook body.
     *
     * @throws AlertParseException for any body that is not a valid v4 payload within the limits
     */
    public WebhookPayload parse(byte[] body) {
        Objects.requireNonNull(body, "body");
        if (body.length > limits.maxPayloadBytes()) {
            throw tooLarge();
        }
        JsonParser parser;
        try {
            parser = json.createParser(body);
        } catch (IOException e) {
            // Only the encoding sniffing of the first bytes can fail here, such as a UCS-4 byte order mark.
            throw new AlertParseException(Kind.NOT_JSON, "$", AlertParseException.clip(e.getMessage()), e);
        }
        Reader reader = new Reader(parser);
        try {
            return reader.read();
        } catch (AlertParseException e) {
            throw reader.versionSeen ? e : preferWrongVersion(body, e);
        } finally {
            closeQuietly(parser);
        }
    }

    /**
     * Reads at most {@link AlertLimits#maxPayloadBytes()} + 1 bytes from {@code body} and parses them; the stream is
     * left open.
     *
     * @throws AlertParseException  for any body that is not a valid v4 payload within the limits
     * @throws UncheckedIOException when reading the stream fails
     */
    public WebhookPayload parse(InputStream body) {
        Objects.requireNonNull(body, "body");
        byte[] bytes;
        try {
            bytes = body.readNBytes(limits.maxPayloadBytes() + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the webhook body failed", e);
        }
        if (bytes.length > limits.maxPayloadBytes()) {
            throw tooLarge();
        }
        return parse(bytes);
    }

    private AlertParseException tooLarge() {
        return new AlertParseException(Kind.TOO_LARGE, "$",
                "payload is larger than the limit of " + limits.maxPayloadBytes() + " bytes");
    }

    /**
     * Alertmanager writes {@code version} last, so a payload of another version usually fails on its alerts before
     * the parser reaches it; the version is the more useful answer then.
     */
    private AlertParseException preferWrongVersion(byte[] body, AlertParseException failure) {
        String version = probeVersion(body);
        if (version == null || VERSION.equals(version)) {
            return failure;
        }
        return new AlertParseException(Kind.WRONG_VERSION, "$.version", wrongVersion(version), failure);
    }

    private String probeVersion(byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("version".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            // The body is already known to be bad; the probe only picks the better of two messages.
            return null;
        }
    }

    private static String wrongVersion(String version) {
        return "expected \"" + VERSION + "\" (Alertmanager webhook payload version 4), got "
                + AlertParseException.echo(version);
    }

    private static void closeQuietly(JsonParser parser) {
        try {
            parser.close();
        } catch (IOException e) {
            // A parser over a byte array holds nothing that could fail to close.
        }
    }

    /** The state of one parse: a streaming parser and what has been seen so far. */
    private final class Reader {

        private final JsonParser p;
        private boolean versionSeen;

        Reader(JsonParser p) {
            this.p = p;
        }

        WebhookPayload read() {
            try {
                return payload();
            } catch (StreamConstraintsException e) {
                String message = e.getOriginalMessage();
                Kind kind = message != null && message.contains("nesting depth") ? Kind.TOO_DEEP : Kind.TOO_LARGE;
                throw new AlertParseException(kind, here(), AlertParseException.clip(message), e);
            } catch (JsonEOFException e) {
                throw new AlertParseException(Kind.NOT_JSON, here(), "truncated JSON: unexpected end of input", e);
            } catch (JsonProcessingException e) {
                throw new AlertParseException(Kind.NOT_JSON, here(),
                        AlertParseException.clip(e.getOriginalMessage() + at(e.getLocation())), e);
            } catch (IOException e) {
                // Character decoding problems that Jackson reports without a JsonProcessingException.
                throw new AlertParseException(Kind.NOT_JSON, here(), AlertParseException.clip(e.getMessage()), e);
            }
        }

        private WebhookPayload payload() throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new AlertParseException(Kind.NOT_JSON, "$", "empty body, expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw wrongType("an object", first);
            }
            String version = null;
            String groupKey = null;
            int truncatedAlerts = 0;
            AlertStatus status = null;
            String receiver = null;
            Map<String, String> groupLabels = Map.of();
            Map<String, String> commonLabels = Map.of();
            Map<String, String> commonAnnotations = Map.of();
            String externalURL = null;
            List<Alert> alerts = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "version" -> {
                        versionSeen = true;
                        version = string(value);
                        if (version != null && !VERSION.equals(version)) {
                            throw new AlertParseException(Kind.WRONG_VERSION, here(), wrongVersion(version));
                        }
                    }
                    case "groupKey" -> groupKey = string(value);
                    case "truncatedAlerts" -> truncatedAlerts = count(value);
                    case "status" -> status = status(value);
                    case "receiver" -> receiver = string(value);
                    case "groupLabels" -> groupLabels = stringMap(value, true);
                    case "commonLabels" -> commonLabels = stringMap(value, true);
                    case "commonAnnotations" -> commonAnnotations = stringMap(value, false);
                    case "externalURL" -> externalURL = string(value);
                    case "alerts" -> alerts = alerts(value);
                    default -> skip(value);
                }
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new AlertParseException(Kind.NOT_JSON, "$",
                        "unexpected " + describe(trailing) + " after the payload object");
            }
            requirePresent(version, "$.version");
            requirePresent(status, "$.status");
            requirePresent(alerts, "$.alerts");
            List<Alert> merged = new ArrayList<>(alerts.size());
            for (Alert a : alerts) {
                merged.add(new Alert(a.status(),
                        WebhookPayload.mergeOver(commonLabels, a.labels()),
                        WebhookPayload.mergeOver(commonAnnotations, a.annotations()),
                        a.startsAt(), a.endsAt(), a.generatorURL(), a.fingerprint()));
            }
            return new WebhookPayload(version, groupKey, truncatedAlerts, status, receiver, groupLabels,
                    commonLabels, commonAnnotations, externalURL, merged);
        }

        private List<Alert> alerts(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.START_ARRAY) {
                throw wrongType("an array", value);
            }
            List<Alert> alerts = new ArrayList<>();
            JsonToken element;
            while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                if (alerts.size() >= limits.maxAlerts()) {
                    throw new AlertParseException(Kind.TOO_MANY, "$.alerts",
                            "more than " + limits.maxAlerts() + " alerts (set max_alerts on the Alertmanager"
                                    + " receiver, or raise the limit)");
                }
                if (element != JsonToken.START_OBJECT) {
                    throw wrongType("an object", element);
                }
                alerts.add(alert());
            }
            return alerts;
        }

        /** One alert with its own labels only: the common ones may come later in the body. */
        private Alert alert() throws IOException {
            AlertStatus status = null;
            Map<String, String> labels = null;
            Map<String, String> annotations = Map.of();
            Instant startsAt = null;
            Instant endsAt = null;
            String generatorURL = null;
            String fingerprint = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "status" -> status = status(value);
                    case "labels" -> labels = value == JsonToken.VALUE_NULL ? null : stringMap(value, true);
                    case "annotations" -> annotations = stringMap(value, false);
                    case "startsAt" -> startsAt = timestamp(value);
                    case "endsAt" -> endsAt = timestamp(value);
                    case "generatorURL" -> generatorURL = string(value);
                    case "fingerprint" -> fingerprint = string(value);
                    default -> skip(value);
                }
            }
            // The parser is back in the alerts array here, whose current index is this alert.
            String path = here();
            requirePresent(status, path + ".status");
            requirePresent(labels, path + ".labels");
            if (!labels.containsKey(Alert.ALERTNAME)) {
                throw new AlertParseException(Kind.MISSING_FIELD, path + ".labels." + Alert.ALERTNAME,
                        "every alert needs an alertname label");
            }
            requirePresent(startsAt, path + ".startsAt");
            if (GO_ZERO_TIME.equals(startsAt)) {
                throw new AlertParseException(Kind.BAD_TIMESTAMP, path + ".startsAt",
                        "the zero time means \"unknown\", which only endsAt may be");
            }
            if (GO_ZERO_TIME.equals(endsAt)) {
                endsAt = null;
            }
            return new Alert(status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint);
        }

        private Map<String, String> stringMap(JsonToken value, boolean labels) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return Map.of();
            }
            if (value != JsonToken.START_OBJECT) {
                throw wrongType("an object", value);
            }
            Map<String, String> map = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (map.size() >= limits.maxLabelsPerAlert()) {
                    throw new AlertParseException(Kind.TOO_MANY, container(), "more than "
                            + limits.maxLabelsPerAlert() + (labels ? " labels" : " annotations"));
                }
                String name = p.currentName();
                if (labels) {
                    checkLabelName(name);
                }
                JsonToken entry = p.nextToken();
                if (entry != JsonToken.VALUE_STRING) {
                    throw wrongType("a string", entry);
                }
                String text = p.getText();
                if (labels && exceedsUtf8Bytes(text, limits.maxLabelValueBytes())) {
                    throw new AlertParseException(Kind.BAD_LABEL, here(),
                            "label value is longer than " + limits.maxLabelValueBytes() + " bytes");
                }
                map.put(name, text);
            }
            return map;
        }

        private void checkLabelName(String name) {
            if (name.length() > limits.maxLabelNameLength()) {
                throw new AlertParseException(Kind.BAD_LABEL, here(),
                        "label name is longer than " + limits.maxLabelNameLength() + " characters");
            }
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new AlertParseException(Kind.BAD_LABEL, here(), "label name "
                        + AlertParseException.echo(name) + " does not match [a-zA-Z_][a-zA-Z0-9_]*");
            }
        }

        private String string(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.VALUE_STRING) {
                throw wrongType("a string", value);
            }
            return p.getText();
        }

        private AlertStatus status(JsonToken value) throws IOException {
            String text = string(value);
            if (text == null) {
                return null;
            }
            AlertStatus status = AlertStatus.fromWire(text);
            if (status == null) {
                throw new AlertParseException(Kind.BAD_VALUE, here(),
                        "expected \"firing\" or \"resolved\", got " + AlertParseException.echo(text));
            }
            return status;
        }

        private int count(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return 0;
            }
            if (value != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType("a non-negative integer", value);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 0) {
                throw new AlertParseException(Kind.BAD_VALUE, here(),
                        "expected an integer from 0 to " + Integer.MAX_VALUE + ", got "
                                + AlertParseException.echo(p.getText()));
            }
            return p.getIntValue();
        }

        private Instant timestamp(JsonToken value) throws IOException {
            String text = string(value);
            if (text == null) {
                return null;
            }
            if (text.length() <= MAX_TIMESTAMP_LENGTH) {
                try {
                    return RFC_3339.parse(text, OffsetDateTime::from).toInstant();
                } catch (DateTimeException e) {
                    // Reported below with the path; the exception's own text would only repeat the input.
                }
            }
            throw new AlertParseException(Kind.BAD_TIMESTAMP, here(),
                    "expected an RFC 3339 timestamp such as 2024-01-01T12:00:00.123Z, got "
                            + AlertParseException.echo(text));
        }

        /** Skips a value of an unknown field without recursion, enforcing the depth limit with a path. */
        private void skip(JsonToken value) throws IOException {
            if (!value.isStructStart()) {
                return;
            }
            checkDepth();
            int open = 1;
            while (open > 0) {
                JsonToken token = p.nextToken();
                if (token == null) {
                    throw new AlertParseException(Kind.NOT_JSON, here(), "truncated JSON: unexpected end of input");
                }
                if (token.isStructStart()) {
                    open++;
                    checkDepth();
                } else if (token.isStructEnd()) {
                    open--;
                }
            }
        }

        private void checkDepth() {
            if (p.getParsingContext().getNestingDepth() > limits.maxNestingDepth()) {
                throw new AlertParseException(Kind.TOO_DEEP, here(),
                        "arrays and objects nest deeper than " + limits.maxNestingDepth() + " levels");
            }
        }

        private void requirePresent(Object value, String path) {
            if (value == null) {
                throw new AlertParseException(Kind.MISSING_FIELD, path, "required, missing or null");
            }
        }

        private AlertParseException wrongType(String expected, JsonToken actual) {
            return new AlertParseException(Kind.WRONG_TYPE, here(),
                    "expected " + expected + ", got " + describe(actual));
        }

        /** The path of the value at the current token. */
        private String here() {
            return path(p.getParsingContext(), true);
        }

        /** The path of the array or object that holds the current token. */
        private String container() {
            return path(p.getParsingContext(), false);
        }
    }

    private static String path(JsonStreamContext context, boolean includeCurrent) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(c);
        }
        StringBuilder path = new StringBuilder("$");
        int last = includeCurrent ? 0 : 1;
        for (int i = chain.size() - 1; i >= last; i--) {
            JsonStreamContext c = chain.get(i);
            if (c.inArray()) {
                if (c.getEntryCount() > 0) {
                    path.append('[').append(c.getEntryCount() - 1).append(']');
                }
            } else if (c.getCurrentName() != null) {
                appendName(path, c.getCurrentName());
            }
        }
        return path.toString();
    }

    private static void appendName(StringBuilder path, String name) {
        if (name.length() <= AlertParseException.MAX_ECHO && LABEL_NAME.matcher(name).matches()) {
            path.append('.').append(name);
        } else {
            path.append("[\"");
            AlertParseException.appendEscaped(path, name, AlertParseException.MAX_ECHO);
            path.append("\"]");
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** Whether {@code text} takes more than {@code max} bytes as UTF-8, without encoding it. */
    private static boolean exceedsUtf8Bytes(String text, int max) {
        if (text.length() > max) {
            return true; // every char takes at least one byte
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > max;
    }
}
