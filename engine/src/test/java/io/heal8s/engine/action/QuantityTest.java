package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        // the forms of the Kubernetes documentation's memory example, all about 128 MB
        "134217728,   134217728",
        "128974848,   128974848",
        "129e6,       129000000",
        "129M,        129000000",
        "128974848000m, 128974848",
        "123Mi,       128974848",
        // every suffix
        "1k,          1000",
        "1M,          1000000",
        "1G,          1000000000",
        "1T,          1000000000000",
        "1P,          1000000000000000",
        "1E,          1000000000000000000",
        "1Ki,         1024",
        "1Mi,         1048576",
        "1Gi,         1073741824",
        "1Ti,         1099511627776",
        "1Pi,         1125899906842624",
        "1Ei,         1152921504606846976",
        "250m,        0.25",
        "1m,          0.001",
        // fractions, signs and exponents
        "0.5Gi,       536870912",
        "1.5,         1.5",
        "0.5,         0.5",
        ".5,          0.5",
        "5.,          5",
        "2,           2",
        "0,           0",
        "+1Ki,        1024",
        "-1Ki,        -1024",
        "1e3,         1000",
        "1E3,         1000",
        "12e-3,       0.012",
        "1.5e+2,      150",
    })
    void parsesEveryKubernetesFormExactly(String text, String expected) {
        Quantity q = Quantity.parse(text);

        assertThat(q.amount()).isEqualByComparingTo(new BigDecimal(expected));
        assertThat(q).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2GB    | invalid quantity '2GB': expected a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), decimal k, M, G, T, P, E (powers of 1000) or m (1/1000), or an exponent such as 129e6; did you mean '2G' or '2Gi'?",
        "512mb  | did you mean '512M' or '512Mi'?",
        "1GiB   | did you mean '1Gi'?",
        "2gi    | did you mean '2Gi'?",
        "1K     | did you mean '1k' or '1Ki'?",
        "64 Mi  | did you mean '64Mi'?",
        "Gi     | invalid quantity 'Gi': expected a number",
        "1.2.3  | invalid quantity '1.2.3'",
        "1e     | invalid quantity '1e'",
        "--1    | invalid quantity '--1'",
        "1e99   | invalid quantity '1e99': exponent 99 is out of range (-30 to 30)",
    })
    void refusesMalformedQuantitiesSayingWhatIsValid(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Quantity.parse(text)).withMessageContaining(message);
    }

    @Test
    void refusesEmptyText() {
        assertThatIllegalArgumentException().isThrownBy(() -> Quantity.parse("")).withMessageStartingWith("empty quantity");
    }

    @Test
    void equalityIsByAmountWhateverTheSpelling() {
        assertThat(Quantity.parse("1Gi")).isEqualTo(Quantity.parse("1024Mi")).hasSameHashCodeAs(Quantity.parse("1024Mi"));
        assertThat(Quantity.parse("0.5")).isEqualTo(Quantity.parse("500m")).hasSameHashCodeAs(Quantity.parse("500m"));
        assertThat(Quantity.parse("1G")).isNotEqualTo(Quantity.parse("1Gi"));
        assertThat(Quantity.parse("1Gi")).isGreaterThan(Quantity.parse("1G"));
    }

    @ParameterizedTest
    @CsvSource({"1Gi", "512Mi", "0.5Gi", "129e6", "134217728", "1k"})
    void memoryAcceptsWholePositiveByteAmounts(String text) {
        assertThat(Quantity.parseMemory(text).isWhole()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "100m | memory quantity '100m' is 0.1 bytes, not a whole number of bytes; 'm' means milli (1/1000): did you mean '100Mi' or '100M'?",
        "1.5  | memory quantity '1.5' is 1.5 bytes, not a whole number of bytes",
        "0    | memory quantity '0' must be greater than zero",
        "-1Gi | memory quantity '-1Gi' must be greater than zero",
    })
    void memoryRefusesFractionalAndNonPositiveAmounts(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Quantity.parseMemory(text)).withMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"250m, 0.25", "0.5, 0.5", "2, 2", "1.5, 1.5", "1k, 1000", "100e-3, 0.1"})
    void cpuAcceptsCoresAndMillicores(String text, String cores) {
        assertThat(Quantity.parseCpu(text).amount()).isEqualByComparingTo(cores);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1Gi     | CPU quantity '1Gi' uses a binary suffix; use cores such as 0.5 or 2, or millicores such as 250m",
        "0       | CPU quantity '0' must be greater than zero",
        "0.0005  | CPU quantity '0.0005' is finer than 1m (0.001 cores), the precision Kubernetes keeps",
    })
    void cpuRefusesBinarySuffixesAndSubMilliPrecision(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Quantity.parseCpu(text)).withMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"2147483648, 2Gi", "1610612736, 1536Mi", "1000, 1000", "1024, 1Ki", "0, 0", "1048577, 1048577"})
    void ofBytesUsesTheLargestWholeBinarySuffix(long bytes, String text) {
        Quantity q = Quantity.ofBytes(bytes);

        assertThat(q).hasToString(text);
        assertThat(q.amount()).isEqualByComparingTo(BigDecimal.valueOf(bytes));
        assertThat(Quantity.parse(text)).isEqualTo(q);
    }

    @Test
    void ofBytesHandlesAmountsBeyondLong() {
        assertThat(Quantity.ofBytes(BigInteger.ONE.shiftLeft(70))).hasToString("1024Ei");
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "0.5, 500m", "1.25, 1250m", "0.0001, 1m", "0.2501, 251m"})
    void ofCoresSpellsMillicoresAndRoundsUpToOneMilli(String cores, String text) {
        assertThat(Quantity.ofCores(new BigDecimal(cores))).hasToString(text);
    }
}
