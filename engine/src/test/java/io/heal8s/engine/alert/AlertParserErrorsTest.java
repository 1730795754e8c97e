package io.heal8s.engine.alert;

import static io.heal8s.engine.alert.Payloads.MINIMAL;
import static io.heal8s.engine.alert.Payloads.replace;
import static io.heal8s.engine.alert.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heal8s.engine.alert.AlertParseException.Kind;

import java.io.ByteArrayInputStream;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed body is refused with a kind and the JSON path of what is wrong. */
class AlertParserErrorsTest {

    private final AlertParser parser = new AlertParser();

    @Test
    void textThatIsNotJsonIsRejectedAtTheRoot() {
        assertRejected("hello, alertmanager", Kind.NOT_JSON, "$");
    }

    @Test
    void emptyBodyIsNotJson() {
        assertRejected("", Kind.NOT_JSON, "$").hasMessage("$: empty body, expected a JSON object");
    }

    @Test
    void truncatedJsonNamesTheValueWhereTheInputEnded() {
        String sample = Payloads.sampleText(Payloads.GROUPED_FIRING);
        String cut = sample.substring(0, sample.indexOf("checkout-7d9f8b6c5d-x2k4q") + 5);

        assertRejected(cut, Kind.NOT_JSON, "$.alerts[1].labels.pod").hasMessageContaining("truncated JSON");
    }

    @Test
    void bodyCutAfterAnAlertNamesTheAlertsArray() {
        String sample = Payloads.sampleText(Payloads.GROUPED_FIRING);
        String cut = sample.substring(0, sample.indexOf("\"groupLabels\"") - 2);

        assertRejected(cut, Kind.NOT_JSON, "$.alerts[1]");
    }

    @Test
    void contentAfterThePayloadObjectIsRejected() {
        assertRejected(MINIMAL + " {}", Kind.NOT_JSON, "$").hasMessageContaining("after the payload object");
    }

    @Test
    void topLevelArrayIsTheWrongType() {
        assertRejected("[" + MINIMAL + "]", Kind.WRONG_TYPE, "$").hasMessage("$: expected an object, got an array");
    }

    @Test
    void otherPayloadVersionIsRejected() {
        assertRejected(replace(MINIMAL, "\"version\":\"4\"", "\"version\":\"5\""), Kind.WRONG_VERSION, "$.version")
                .hasMessageContaining("got \"5\"");
    }

    @Test
    void wrongVersionWinsOverErrorsInAlertsThatAlertmanagerWritesBeforeIt() {
        // Alertmanager writes version last; a v5 body may fail on its alerts first.
        String json = "{\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labelSet\":[]}],\"version\":\"5\"}";

        assertRejected(json, Kind.WRONG_VERSION, "$.version");
    }

    @Test
    void missingVersionIsNamed() {
        assertRejected(replace(MINIMAL, "\"version\":\"4\",", ""), Kind.MISSING_FIELD, "$.version");
    }

    @Test
    void numericVersionIsTheWrongType() {
        assertRejected(replace(MINIMAL, "\"version\":\"4\"", "\"version\":4"), Kind.WRONG_TYPE, "$.version")
                .hasMessage("$.version: expected a string, got a number");
    }

    @Test
    void missingAlertsIsNamed() {
        assertRejected("{\"version\":\"4\",\"status\":\"firing\"}", Kind.MISSING_FIELD, "$.alerts");
    }

    @Test
    void nullAlertsCountsAsMissing() {
        assertRejected("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":null}", Kind.MISSING_FIELD, "$.alerts");
    }

    @Test
    void alertsThatIsNotAnArrayIsTheWrongType() {
        assertRejected("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":{\"0\":{}}}", Kind.WRONG_TYPE, "$.alerts")
                .hasMessage("$.alerts: expected an array, got an object");
    }

    @Test
    void alertThatIsNotAnObjectNamesItsIndex() {
        String json = replace(MINIMAL, "}]}", "},\"KubePodCrashLooping\"]}");

        assertRejected(json, Kind.WRONG_TYPE, "$.alerts[1]");
    }

    @Test
    void missingTopLevelStatusIsNamed() {
        assertRejected(replace(MINIMAL, "\"status\":\"firing\",\"alerts\"", "\"alerts\""), Kind.MISSING_FIELD,
                "$.status");
    }

    @Test
    void unknownStatusIsABadValue() {
        assertRejected(replace(MINIMAL, "\"status\":\"firing\",\"alerts\"", "\"status\":\"pending\",\"alerts\""),
                Kind.BAD_VALUE, "$.status").hasMessageContaining("\"pending\"");
    }

    @Test
    void alertWithoutStatusNamesIt() {
        assertRejected(replace(MINIMAL, "{\"status\":\"firing\",\"labels\"", "{\"labels\""), Kind.MISSING_FIELD,
                "$.alerts[0].status");
    }

    @Test
    void alertWithoutLabelsNamesThem() {
        String json = replace(MINIMAL,
                "\"labels\":{\"alertname\":\"KubePodCrashLooping\",\"namespace\":\"shop\",\"pod\":\"checkout-1\"},", "");

        assertRejected(json, Kind.MISSING_FIELD, "$.alerts[0].labels");
    }

    @Test
    void alertWithoutAlertnameNamesTheLabel() {
        assertRejected(replace(MINIMAL, "\"alertname\":\"KubePodCrashLooping\",", ""), Kind.MISSING_FIELD,
                "$.alerts[0].labels.alertname");
    }

    @Test
    void alertWithoutStartsAtNamesIt() {
        assertRejected(replace(MINIMAL, ",\"startsAt\":\"2024-01-01T12:00:00Z\"", ""), Kind.MISSING_FIELD,
                "$.alerts[0].startsAt");
    }

    @ParameterizedTest(name = "startsAt {0} is refused")
    @ValueSource(strings = {
            "yesterday", "", "2024-01-01 12:00:00Z", "2024-01-01T12:00Z", "2024-01-01T12:00:00",
            "2024-13-01T12:00:00Z", "2023-02-29T12:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T12:00:00.Z",
            "2024-01-01T12:00:00.1234567891Z", "2024-01-01T12:00:00+0200", "1704110400", "0001-01-01T00:00:00Z"})
    void malformedTimestampNamesItsField(String wire) {
        assertRejected(replace(MINIMAL, "2024-01-01T12:00:00Z", wire), Kind.BAD_TIMESTAMP, "$.alerts[0].startsAt");
    }

    @Test
    void numericTimestampIsTheWrongType() {
        assertRejected(replace(MINIMAL, "\"2024-01-01T12:00:00Z\"", "1704110400"), Kind.WRONG_TYPE,
                "$.alerts[0].startsAt");
    }

    @Test
    void malformedEndsAtNamesItsField() {
        String json = replace(MINIMAL, "\"startsAt\"", "\"endsAt\":\"soon\",\"startsAt\"");

        assertRejected(json, Kind.BAD_TIMESTAMP, "$.alerts[0].endsAt");
    }

    @ParameterizedTest(name = "label name \"{0}\" is refused")
    @ValueSource(strings = {"app.kubernetes.io/name", "1st", "pod-name", "", "naïve", "with space"})
    void labelNameOutsidePrometheusRulesIsABadLabel(String name) {
        String json = replace(MINIMAL, "\"pod\":", "\"" + name + "\":");

        AlertParseException e = rejection(json);

        assertThat(e.kind()).isEqualTo(Kind.BAD_LABEL);
        assertThat(e.path()).startsWith("$.alerts[0].labels[\"");
    }

    @Test
    void labelNamePathIsQuotedWhenItIsNotAnIdentifier() {
        assertRejected(replace(MINIMAL, "\"pod\":", "\"pod-name\":"), Kind.BAD_LABEL, "$.alerts[0].labels[\"pod-name\"]")
                .hasMessageContaining("does not match [a-zA-Z_][a-zA-Z0-9_]*");
    }

    @Test
    void labelNameLongerThanTheLimitIsABadLabel() {
        String name = "n".repeat(257);

        AlertParseException e = rejection(replace(MINIMAL, "\"pod\":", "\"" + name + "\":"));

        assertThat(e.kind()).isEqualTo(Kind.BAD_LABEL);
        assertThat(e.path()).startsWith("$.alerts[0].labels[\"nnnn").endsWith("...\"]").hasSizeLessThan(100);
    }

    @Test
    void labelValueLongerThanTheLimitIsABadLabel() {
        assertRejected(replace(MINIMAL, "checkout-1", "x".repeat(4097)), Kind.BAD_LABEL, "$.alerts[0].labels.pod")
                .hasMessage("$.alerts[0].labels.pod: label value is longer than 4096 bytes");
    }

    @Test
    void labelValueLimitCountsUtf8Bytes() {
        assertRejected(replace(MINIMAL, "checkout-1", "é".repeat(2049)), Kind.BAD_LABEL, "$.alerts[0].labels.pod");
    }

    @ParameterizedTest(name = "label value {0} is refused")
    @ValueSource(strings = {"3", "true", "null", "{\"a\":\"b\"}", "[\"a\"]"})
    void nonStringLabelValueIsTheWrongType(String value) {
        assertRejected(replace(MINIMAL, "\"checkout-1\"", value), Kind.WRONG_TYPE, "$.alerts[0].labels.pod");
    }

    @Test
    void nonStringAnnotationValueIsTheWrongType() {
        String json = replace(MINIMAL, "\"startsAt\"", "\"annotations\":{\"replicas\":3},\"startsAt\"");

        assertRejected(json, Kind.WRONG_TYPE, "$.alerts[0].annotations.replicas");
    }

    @Test
    void badCommonLabelNamesItsPath() {
        String json = replace(MINIMAL, "\"alerts\"", "\"commonLabels\":{\"team-name\":\"shop\"},\"alerts\"");

        assertRejected(json, Kind.BAD_LABEL, "$.commonLabels[\"team-name\"]");
    }

    @Test
    void labelsThatAreNotAnObjectAreTheWrongType() {
        String json = replace(MINIMAL, "\"labels\":{", "\"labels\":[{");
        json = replace(json, "\"checkout-1\"}", "\"checkout-1\"}]");

        assertRejected(json, Kind.WRONG_TYPE, "$.alerts[0].labels");
    }

    @Test
    void negativeTruncatedAlertsIsABadValue() {
        assertRejected(replace(MINIMAL, "\"alerts\"", "\"truncatedAlerts\":-1,\"alerts\""), Kind.BAD_VALUE,
                "$.truncatedAlerts");
    }

    @Test
    void truncatedAlertsBeyondIntIsABadValue() {
        assertRejected(replace(MINIMAL, "\"alerts\"", "\"truncatedAlerts\":18446744073709551615,\"alerts\""),
                Kind.BAD_VALUE, "$.truncatedAlerts");
    }

    @Test
    void fractionalTruncatedAlertsIsTheWrongType() {
        assertRejected(replace(MINIMAL, "\"alerts\"", "\"truncatedAlerts\":1.5,\"alerts\""), Kind.WRONG_TYPE,
                "$.truncatedAlerts");
    }

    @Test
    void duplicateKeyIsRejectedRatherThanGuessed() {
        String json = replace(MINIMAL, "\"namespace\":\"shop\"", "\"namespace\":\"shop\",\"namespace\":\"kube-system\"");

        assertRejected(json, Kind.NOT_JSON, "$.alerts[0].labels.namespace").hasMessageContaining("Duplicate field");
    }

    @Test
    void oversizedPayloadIsTooLargeBeforeParsing() {
        AlertParser small = new AlertParser(AlertLimits.DEFAULT.withMaxPayloadBytes(64));

        AlertParseException e = catchThrowableOfType(AlertParseException.class, () -> small.parse(utf8(MINIMAL)));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.path()).isEqualTo("$");
        assertThat(e).hasMessage("$: payload is larger than the limit of 64 bytes");
    }

    @Test
    void oversizedStreamIsTooLarge() {
        AlertParser small = new AlertParser(AlertLimits.DEFAULT.withMaxPayloadBytes(64));

        AlertParseException e = catchThrowableOfType(AlertParseException.class,
                () -> small.parse(new ByteArrayInputStream(utf8(MINIMAL))));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
    }

    @Test
    void payloadOfExactlyTheLimitIsAccepted() {
        AlertParser exact = new AlertParser(AlertLimits.DEFAULT.withMaxPayloadBytes(utf8(MINIMAL).length));

        assertThat(exact.parse(new ByteArrayInputStream(utf8(MINIMAL))).alerts()).hasSize(1);
    }

    @Test
    void moreAlertsThanTheLimitAreTooMany() {
        AlertParser two = new AlertParser(AlertLimits.DEFAULT.withMaxAlerts(2));

        AlertParseException e = catchThrowableOfType(AlertParseException.class,
                () -> two.parse(utf8(Payloads.manyAlerts(3))));

        assertThat(e.kind()).isEqualTo(Kind.TOO_MANY);
        assertThat(e.path()).isEqualTo("$.alerts");
        assertThat(two.parse(utf8(Payloads.manyAlerts(2))).alerts()).hasSize(2);
    }

    @Test
    void moreLabelsThanTheLimitAreTooMany() {
        AlertParser three = new AlertParser(AlertLimits.DEFAULT.withMaxLabelsPerAlert(3));
        String json = replace(MINIMAL, "\"pod\":\"checkout-1\"", "\"pod\":\"checkout-1\",\"container\":\"app\"");

        AlertParseException e = catchThrowableOfType(AlertParseException.class, () -> three.parse(utf8(json)));

        assertThat(e.kind()).isEqualTo(Kind.TOO_MANY);
        assertThat(e.path()).isEqualTo("$.alerts[0].labels");
    }

    @Test
    void messagesEchoAtMostAShortEscapedExcerptOfTheInput() {
        String hostile = "\u001b[2J\nFAKE LOG LINE " + "A".repeat(10_000);
        String json = replace(MINIMAL, "\"version\":\"4\"", "\"version\":\"" + hostile.replace("\u001b", "\\u001b")
                .replace("\n", "\\n") + "\"");

        AlertParseException e = rejection(json);

        assertThat(e.kind()).isEqualTo(Kind.WRONG_VERSION);
        assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain("\u001b", "\n")
                .contains("\\u001b[2J\\u000aFAKE LOG LINE AAA", "...");
    }

    @Test
    void jacksonSyntaxMessagesAreCappedToo() {
        String json = "{\"version\":" + "x".repeat(100_000) + "}";

        AlertParseException e = rejection(json);

        assertThat(e.kind()).isEqualTo(Kind.NOT_JSON);
        assertThat(e.path()).isEqualTo("$.version");
        assertThat(e.getMessage()).hasSizeLessThan(300);
    }

    @Test
    void messageIsPathColonReason() {
        AlertParseException e = rejection(replace(MINIMAL, "\"version\":\"4\"", "\"version\":\"3\""));

        assertThat(e.getMessage()).isEqualTo(e.path() + ": " + e.reason());
    }

    private AlertParseException rejection(String json) {
        AlertParseException e = catchThrowableOfType(AlertParseException.class, () -> parser.parse(utf8(json)));
        assertThat(e).as("the body is rejected").isNotNull();
        return e;
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String json, Kind kind, String path) {
        AlertParseException e = rejection(json);
        assertThat(e.kind()).as("kind of %s", e.getMessage()).isEqualTo(kind);
        assertThat(e.path()).as("path of %s", e.getMessage()).isEqualTo(path);
        return assertThat(e);
    }
}
