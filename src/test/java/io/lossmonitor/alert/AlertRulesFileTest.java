package io.lossmonitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules files: each rule has a name of its own, which is what its state is kept under. */
class AlertRulesFileTest {

    @Test
    void anUnnamedRuleIsNamedByWhatItChecksSoARuleAddedInFrontLeavesItsNameAlone(@TempDir Path dir)
            throws Exception {
        List<ThresholdRule> rules = read(dir, """
                rules:
                  - metric: cross_entropy
                    value: 2
                  - metric: error_rate
                    comparison: ">="
                    value: 0.3
                    model: churn
                    segment: country=TW
                  - metric: brier
                    detector: page-hinkley
                    delta: 0.005
                    lambda: 0.1
                """);
        assertThat(rules).extracting(ThresholdRule::name).containsExactly("cross_entropy > 2",
                "error_rate >= 0.3 model=churn segment=country=TW", "brier page-hinkley");
    }

    @Test
    void twoRulesOfOneNameAreRejectedNamingBoth(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, """
                rules:
                  - name: too-high
                    metric: cross_entropy
                    value: 2
                  - metric: error_rate
                    value: 0.3
                  - name: too-high
                    metric: brier
                    value: 0.4
                """)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule 3: its name 'too-high' is rule 1's too")
                .hasMessageContaining("state is kept by its name");
    }

    private static List<ThresholdRule> read(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, yaml);
        return AlertRulesFile.read(file);
    }
}
