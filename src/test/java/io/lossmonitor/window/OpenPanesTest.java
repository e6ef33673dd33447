package io.lossmonitor.window;

import static io.lossmonitor.testing.Predictions.regression;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.sketch.CalibrationBins;
import io.lossmonitor.sketch.LabelDelays;
import io.lossmonitor.sketch.ClassTable;
import io.lossmonitor.sketch.PartState;
import io.lossmonitor.sketch.QuantileSketch;
import io.lossmonitor.sketch.ScoreCells;
import io.lossmonitor.sketch.ScoreHistogram;
import io.lossmonitor.window.OpenPanes.Pane;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The combiner's table of open panes: one pane per (key, pane start), found again after growing and removing, each
 * handing on a plain accumulator with all of its state.
 */
class OpenPanesTest {

    private static final long PANE = 60_000;

    @Test
    void eachKeyAndPaneStartHasItsOwnPane() {
        OpenPanes panes = new OpenPanes();
        Pane a = panes.open("m", "v1", "eu", Task.REGRESSION, 0);

        assertThat(panes.open("m", "v1", "eu", Task.REGRESSION, 0)).as("the same key and pane").isSameAs(a);
        assertThat(panes.open(new String("m"), "v1", "eu", Task.REGRESSION, 0)).as("an equal model name")
                .isSameAs(a);
        List<Pane> others = List.of(
                panes.open("m", "v2", "eu", Task.REGRESSION, 0),
                panes.open("m", "v1", null, Task.REGRESSION, 0),
                panes.open("m", null, "eu", Task.REGRESSION, 0),
                panes.open("m", "v1", "eu", Task.BINARY, 0),
                panes.open("m", "v1", "eu", Task.REGRESSION, PANE),
                panes.open("n", "v1", "eu", Task.REGRESSION, 0));
        assertThat(others).as("a pane per differing key part").doesNotHaveDuplicates().doesNotContain(a);
        assertThat(panes.size()).isEqualTo(7);
    }

    @Test
    void panesAreFoundAgainAfterTheTableGrows() {
        OpenPanes panes = new OpenPanes();
        int keys = 10_000;
        List<Pane> opened = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            opened.add(panes.open("model-" + k, null, null, Task.BINARY, 0));
        }
        assertThat(panes.size()).isEqualTo(keys);
        for (int k = 0; k < keys; k++) {
            assertThat(panes.open("model-" + k, null, null, Task.BINARY, 0)).as("model-%d", k)
                    .isSameAs(opened.get(k));
        }
        assertThat(panes.size()).as("nothing opened twice").isEqualTo(keys);
    }

    @Test
    void removingUpToAPaneStartHandsOnExactlyThoseAndReportsTheEarliestLeft() {
        OpenPanes panes = new OpenPanes();
        for (int k = 0; k < 100; k++) {
            for (long start = 0; start < 3 * PANE; start += PANE) {
                panes.open("model-" + k, null, null, Task.REGRESSION, start);
            }
        }
        List<Pane> removed = new ArrayList<>();

        panes.removeUpTo(PANE, removed::add);

        assertThat(removed).hasSize(200).allSatisfy(p -> assertThat(p.paneStart).isLessThanOrEqualTo(PANE));
        assertThat(panes.earliestStart()).isEqualTo(2 * PANE);
        assertThat(panes.size()).isEqualTo(100);
        Pane kept = panes.open("model-7", null, null, Task.REGRESSION, 2 * PANE);
        assertThat(panes.size()).as("a kept pane is found, not opened again").isEqualTo(100);
        assertThat(kept.paneStart).isEqualTo(2 * PANE);
        panes.removeUpTo(Long.MAX_VALUE - PANE, p -> { });
        assertThat(panes.earliestStart()).as("none left").isEqualTo(Long.MAX_VALUE);
        assertThat(panes.size()).isZero();
    }

    @Test
    void similarNamesGetTheirOwnPanesAndEqualCopiesFindThem() {
        OpenPanes panes = new OpenPanes();
        List<String> names = List.of("", "a", "a\u0000", "A", "abcdefgh", "abcdefghi", "abcdefgh\u0000",
                "fifteen-chars-x", "fifteen-chars-y", "sixteen-chars-xx", "sixteen-chars-xy",
                "a-much-longer-model-name-1", "a-much-longer-model-name-2", "ab\u0101", "ab\u0102", "caf\u00e9");
        for (String name : names) {
            panes.open(name, name, name, Task.REGRESSION, 0);
        }
        assertThat(panes.size()).as("one pane per name").isEqualTo(names.size());
        for (String name : names) {
            Pane pane = panes.open(new String(name), new String(name), new String(name), Task.REGRESSION, 0);
            assertThat(pane.model).as("found by an equal copy of '%s'", name).isEqualTo(name);
            assertThat(pane.version).isEqualTo(name);
            assertThat(pane.segment).isEqualTo(name);
        }
        assertThat(panes.size()).as("every name found, none opened twice").isEqualTo(names.size());
        assertThat(panes.open(null, null, null, Task.REGRESSION, 0).model).as("null is not the empty name").isNull();
        assertThat(panes.size()).isEqualTo(names.size() + 1);
    }

    @Test
    void aPanesPartialCarriesEveryFieldOfItsAccumulator() {
        Pane pane = new OpenPanes().open("m", null, null, Task.REGRESSION, 0);
        pane.add(regression("m", 1, 3, 1_000), LossParameters.DEFAULTS, new ScoredEvent());
        writeField("clipped", pane, 3L);
        writeField("expired", pane, 2L);
        LabelDelays delays = new LabelDelays();
        delays.add(1_500);
        writeField("labelDelays", pane, delays);
        writeField("unknownParts", pane, 1);
        writeField("parts", pane, new PartState<?>[] {new QuantileSketch(), new CalibrationBins(), new ScoreHistogram(),
            new ClassTable(), new ScoreCells()});

        LossAccumulator partial = pane.partial();

        assertThat(partial.getClass()).as("the type the wire knows").isEqualTo(LossAccumulator.class);
        for (Field field : LossAccumulator.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                assertThat(readField(field, partial)).as(field.getName()).isEqualTo(readField(field, pane))
                        .isNotEqualTo(readField(field, new LossAccumulator()));
            }
        }
    }

    private static void writeField(String name, LossAccumulator to, Object value) {
        try {
            Field field = LossAccumulator.class.getDeclaredField(name);
            field.setAccessible(true);
            field.set(to, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object readField(Field field, Object from) {
        try {
            field.setAccessible(true);
            return field.get(from);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
