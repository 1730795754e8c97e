package io.heal8s.engine.alert;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Whatever arrives on the webhook, the parser answers with a payload or an {@link AlertParseException}. */
class AlertParserPropertyTest {

    private static final byte[] SAMPLE = Payloads.sample(Payloads.ONE_RESOLVED_ONE_FIRING);

    private final AlertParser parser = new AlertParser();

    @Property(tries = 2000)
    void arbitraryBytesNeverThrowAnythingButAlertParseException(@ForAll @Size(max = 512) byte[] body) {
        assertOnlyParseErrors(() -> parser.parse(body));
    }

    @Property(tries = 2000)
    void jsonLookingNoiseNeverThrowsAnythingButAlertParseException(@ForAll("jsonish") String body) {
        assertOnlyParseErrors(() -> parser.parse(Payloads.utf8(body)));
    }

    @Property(tries = 2000)
    void corruptedRealPayloadNeverThrowsAnythingButAlertParseException(
            @ForAll @IntRange(max = 100_000) int position, @ForAll byte replacement,
            @ForAll @IntRange(min = 0, max = 2) int mutation) {
        int at = position % SAMPLE.length;
        byte[] body = switch (mutation) {
            case 0 -> Arrays.copyOf(SAMPLE, at);
            case 1 -> {
                byte[] copy = SAMPLE.clone();
                copy[at] = replacement;
                yield copy;
            }
            default -> {
                byte[] copy = new byte[SAMPLE.length - 1];
                System.arraycopy(SAMPLE, 0, copy, 0, at);
                System.arraycopy(SAMPLE, at + 1, copy, at, SAMPLE.length - at - 1);
                yield copy;
            }
        };
        assertOnlyParseErrors(() -> parser.parse(body));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings()
                .withChars("{}[]:,\"\\ 0123456789.-+eEtrufalsn")
                .withChars("versionalertslabelsstatusfiringstartsAt")
                .ofMaxLength(200)
                .map(noise -> "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + noise);
    }

    private static void assertOnlyParseErrors(ThrowingCallable parse) {
        try {
            parse.call();
        } catch (AlertParseException expected) {
            // The one way the parser may refuse a body.
        } catch (Throwable unexpected) {
            throw new AssertionError("only AlertParseException may escape, got " + unexpected, unexpected);
        }
    }
}
