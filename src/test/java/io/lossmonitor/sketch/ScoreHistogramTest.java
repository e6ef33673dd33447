package io.lossmonitor.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The score histogram's bins beyond ±20 logits, and its written form, which releases before them wrote too. */
class ScoreHistogramTest {

    @Test
    void logitsBeyondTwentyKeepTheirOrderUpToTheLargestDouble() {
        double[] ascending = {-Double.MAX_VALUE, -1e300, -700, -36, -20.03, -20, 0, 20, 20.03, 36, 700, 1e300,
            Double.MAX_VALUE};
        for (int i = 1; i < ascending.length; i++) {
            assertThat(LogitGrid.bin(ascending[i])).as("bin of %s above bin of %s", ascending[i], ascending[i - 1])
                    .isGreaterThan(LogitGrid.bin(ascending[i - 1]));
        }
        assertThat(LogitGrid.bin(Double.POSITIVE_INFINITY)).as("a probability of 1 above every finite score")
                .isGreaterThan(LogitGrid.bin(Double.MAX_VALUE));
        assertThat(LogitGrid.bin(Double.NEGATIVE_INFINITY)).isEqualTo(-LogitGrid.bin(Double.POSITIVE_INFINITY));
    }

    @Test
    void everyFiniteBinHasAFiniteCentreBelowTheNextOnesUpToTheBinsOfInfinity() {
        int last = LogitGrid.bin(Double.MAX_VALUE);
        for (int bin = -last; bin < last; bin++) {
            assertThat(LogitGrid.center(bin)).as("centre of bin %d", bin).isFinite()
                    .isLessThan(LogitGrid.center(bin + 1));
        }
        assertThat(LogitGrid.center(last)).as("the last finite bin's centre, which once overflowed").isFinite()
                .isLessThan(LogitGrid.center(LogitGrid.INFINITE));
        assertThat(LogitGrid.placeInBin(Double.MAX_VALUE, last)).isBetween(0.0, 1.0);
        assertThat(LogitGrid.placeInBin(-Double.MAX_VALUE, -last)).isBetween(0.0, 1.0);
    }

    @Test
    void aTailBinIsAQuarterPercentOfItsLogitWide() {
        assertThat(LogitGrid.bin(100.0 * 1.0026)).as("0.26 % further is the next bin")
                .isEqualTo(LogitGrid.bin(100.0) + 1);
        assertThat(LogitGrid.bin(-100.0 * 1.0051)).isEqualTo(LogitGrid.bin(-100.0) - 2);
    }

    @Test
    void aHistogramWithinTwentyLogitsIsWrittenAsReleasesBeforeTheTailBinsWroteIt() throws IOException {
        ScoreHistogram h = new ScoreHistogram();
        h.add(0.0, true, 1);

        DataOutputSerializer out = new DataOutputSerializer(16);
        h.write(out);
        // One bin; bin 0 as a step of 400 from the grid's lowest bin (varint 0x90 0x03); one positive (whole weight
        // 1 as varint 2); no negative; the heaviest score's weight 1; its place, the bin's middle (32,768 of 65,535).
        assertThat(out.getCopyOfBuffer()).containsExactly(0x01, 0x90, 0x03, 0x02, 0x00, 0x02, 0x80, 0x00);
    }

    @Test
    void tailBinsBelowTheOldGridRoundTrip() throws IOException {
        ScoreHistogram h = new ScoreHistogram();
        double[] logits = {-1e300, -500, -25, 3, 25, 500, Double.POSITIVE_INFINITY};
        for (int i = 0; i < logits.length; i++) {
            h.add(logits[i], i % 2 == 0, 1 + i);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        h.write(out);
        ScoreHistogram read = ScoreHistogram.read(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.sameAs(h)).isTrue();
        assertThat(read.rocAuc()).isEqualTo(h.rocAuc(), within(0.0));
    }
}
