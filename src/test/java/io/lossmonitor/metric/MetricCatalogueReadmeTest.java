package io.lossmonitor.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's metric table says what the catalogue says, row for row: a metric added to, changed in or removed from
 * {@link Metric} fails this test until the README follows, and the failure prints the table to paste.
 */
class MetricCatalogueReadmeTest {

    static final String BEGIN = "<!-- metric table: generated from metric/Metric.java, checked by MetricCatalogueReadmeTest -->";
    static final String END = "<!-- end of metric table -->";

    @Test
    void theReadmeMetricTableIsTheCatalogues() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md marks its metric table with %s; the catalogue's is:%n%n%s%n", BEGIN,
                catalogueTable()).isNotNegative();
        assertThat(end).as("README.md ends its metric table with %s", END).isGreaterThan(begin);
        String table = readme.substring(begin + BEGIN.length(), end).strip();
        assertThat(table).as("README.md's metric table; the catalogue's is:%n%n%s%n", catalogueTable())
                .isEqualTo(catalogueTable());
    }

    /** The catalogue as a Markdown table, one row per metric in catalogue order. */
    static String catalogueTable() {
        StringBuilder table = new StringBuilder("""
                | metric | tasks | over | per event | per window | stderr | worse when | same as |
                |---|---|---|---|---|---|---|---|
                """);
        for (Metric m : Metric.values()) {
            table.append("| `").append(m.jsonName()).append("` | ").append(m.tasks()).append(" | ").append(m.over())
                    .append(" | ").append(m.perEventDefinition() == null ? "" : cell(m.perEventDefinition()))
                    .append(" | ").append(cell(m.summary().describe()))
                    .append(" | ").append(m.hasStandardError() ? "yes" : "")
                    .append(" | ").append(m.worse())
                    .append(" | ").append(m.sameAs()).append(" |\n");
        }
        return table.toString().strip();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
