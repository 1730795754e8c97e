package io.heal8s.engine.alert;

import static io.heal8s.engine.alert.Payloads.MINIMAL;
import static io.heal8s.engine.alert.Payloads.replace;
import static io.heal8s.engine.alert.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heal8s.engine.alert.AlertParseException.Kind;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Input crafted to exhaust the stack, the heap or the CPU is refused early and cheaply. */
class AlertParserHostileInputTest {

    private static final int MIB = 1024 * 1024;

    private final AlertParser parser = new AlertParser();

    @Test
    void hundredThousandNestedArraysAtTheTopAreRefusedAtTheFirstToken() {
        String json = "[".repeat(100_000) + "]".repeat(100_000);

        AlertParseException e = rejected(() -> parser.parse(utf8(json)));

        assertThat(e.kind()).isEqualTo(Kind.WRONG_TYPE);
        assertThat(e.path()).isEqualTo("$");
    }

    @Test
    void hundredThousandNestedArraysInAnUnknownFieldAreTooDeep() {
        String json = replace(MINIMAL, "\"alerts\"",
                "\"extra\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"alerts\"");

        AlertParseException e = rejected(() -> parser.parse(utf8(json)));

        assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP);
        // $ is level 1, extra level 2: the eighth nested array would be level 9.
        assertThat(e.path()).isEqualTo("$.extra[0][0][0][0][0][0][0]");
        assertThat(e.reason()).isEqualTo("arrays and objects nest deeper than 8 levels");
    }

    @Test
    void hundredThousandNestedObjectsInsideAnAlertAreTooDeep() {
        String json = replace(MINIMAL, "\"startsAt\"",
                "\"extra\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + ",\"startsAt\"");

        AlertParseException e = rejected(() -> parser.parse(utf8(json)));

        assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP);
        assertThat(e.path()).startsWith("$.alerts[0].extra.a.a");
    }

    @Test
    void unclosedNestingWithoutVersionNeverEscapesAsAnotherException() {
        // No version is seen, so the parser also probes the body for one: that second pass must be bounded too.
        String json = "{\"alerts\":[{\"x\":" + "[".repeat(100_000);

        AlertParseException e = rejected(() -> parser.parse(utf8(json)));

        assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP);
    }

    @Test
    void tenThousandAlertsAreRefusedQuicklyWithDefaultLimits() {
        byte[] body = utf8(Payloads.manyAlerts(10_000));
        assertThat(body.length).as("under the payload limit, so the alert count is what refuses it")
                .isLessThan(AlertLimits.DEFAULT.maxPayloadBytes());

        long start = System.nanoTime();
        AlertParseException e = rejected(() -> parser.parse(body));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(e.kind()).isEqualTo(Kind.TOO_MANY);
        assertThat(e.path()).isEqualTo("$.alerts");
        assertThat(e.reason()).startsWith("more than 1000 alerts");
    }

    @Test
    void tenThousandAlertsParseUnderARaisedLimit() {
        AlertParser roomy = new AlertParser(AlertLimits.DEFAULT.withMaxAlerts(10_000));

        WebhookPayload payload = roomy.parse(utf8(Payloads.manyAlerts(10_000)));

        assertThat(payload.alerts()).hasSize(10_000);
        assertThat(payload.alerts().get(9_999).label("pod")).isEqualTo("checkout-9999");
        assertThat(payload.alerts().get(9_999).endsAt()).isNull();
    }

    @Test
    void twentyMegabyteBodyIsTooLargeWithoutBeingParsed() {
        byte[] body = annotationOf(20 * MIB);

        AlertParseException e = rejected(() -> parser.parse(body));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.path()).isEqualTo("$");
    }

    @Test
    void twentyMegabyteStreamIsReadOnlyUpToOneByteBeyondTheLimit() {
        EndlessBody stream = new EndlessBody(20 * MIB);

        AlertParseException e = rejected(() -> parser.parse(stream));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(stream.served).isEqualTo(AlertLimits.DEFAULT.maxPayloadBytes() + 1L);
    }

    @Test
    void twentyMegabyteStringIsRefusedWithBoundedMemoryUnderARaisedPayloadLimit() {
        AlertParser roomy = new AlertParser(AlertLimits.DEFAULT.withMaxPayloadBytes(32 * MIB));
        byte[] body = annotationOf(20 * MIB);
        // Class loading on a first failure allocates too; measure the parse alone.
        rejected(() -> roomy.parse(annotationOf(100 * 1024)));

        long before = allocatedBytes();
        AlertParseException e = rejected(() -> roomy.parse(body));
        long allocated = allocatedBytes() - before;

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.path()).isEqualTo("$.commonAnnotations.description");
        assertThat(e.getMessage()).hasSizeLessThan(300);
        // A String of the value alone would take 20 MiB (Latin-1) and its char[] buffer 40 MiB.
        assertThat(allocated).as("bytes allocated while parsing").isLessThan(2L * MIB);
    }

    @Test
    void hugeIntegerIsTooLarge() {
        String json = replace(MINIMAL, "\"alerts\"", "\"truncatedAlerts\":" + "9".repeat(100_000) + ",\"alerts\"");

        AlertParseException e = rejected(() -> parser.parse(utf8(json)));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.path()).isEqualTo("$.truncatedAlerts");
        assertThat(e.getMessage()).hasSizeLessThan(300);
    }

    @Test
    void hugeExponentInAnUnknownFieldIsIgnoredWithoutBeingComputed() {
        String json = replace(MINIMAL, "\"alerts\"", "\"ratio\":1e999999999,\"alerts\"");

        assertThat(parser.parse(utf8(json)).alerts()).hasSize(1);
    }

    @Test
    void manyDistinctUnknownFieldsCostNoMoreThanTheirBytes() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            fields.append("\"f").append(i).append("\":0,");
        }
        String json = replace(MINIMAL, "\"alerts\"", fields + "\"alerts\"");

        assertThat(parser.parse(utf8(json)).alerts()).hasSize(1);
    }

    private static byte[] annotationOf(int length) {
        byte[] prefix = "{\"version\":\"4\",\"status\":\"firing\",\"commonAnnotations\":{\"description\":\""
                .getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\"},\"alerts\":[]}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOf(prefix, prefix.length + length + suffix.length);
        Arrays.fill(body, prefix.length, prefix.length + length, (byte) 'x');
        System.arraycopy(suffix, 0, body, prefix.length + length, suffix.length);
        return body;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static AlertParseException rejected(ThrowingCallable parse) {
        AlertParseException e = catchThrowableOfType(AlertParseException.class, parse);
        assertThat(e).as("the body is rejected").isNotNull();
        return e;
    }

    /** A body of a single huge string, produced on demand so the test itself holds none of it. */
    private static final class EndlessBody extends InputStream {
        private final byte[] prefix = "{\"version\":\"4\",\"x\":\"".getBytes(StandardCharsets.US_ASCII);
        private final long length;
        private long served;

        EndlessBody(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (served >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - served);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = served < prefix.length ? prefix[(int) served] : (byte) 'x';
                served++;
            }
            return n;
        }
    }
}
