package io.lossmonitor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lossmonitor.savepoint.FrozenFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layering of the code, checked on its bytecode: data flows one way, each package knows only those below it;
 * the per-event formulas and the records know nothing of Flink, the formulas nothing of Jackson; no two packages
 * know each other; and the classes that earlier releases' savepoints name are used by their movers alone.
 */
class LayeringTest {

    /** Bottom to top: each package may use those before it, never one after it. */
    static final List<String> LAYERS = List.of("savepoint", "event", "loss", "sketch", "metric", "aggregate",
            "estimate", "window", "join", "alert", "io", "compare", "pipeline", "cli", "local");

    private static final JavaClasses CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lossmonitor");

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        layers().check(CODE);
    }

    static com.tngtech.archunit.library.Architectures.LayeredArchitecture layers() {
        var architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            architecture = architecture.layer(layer).definedBy("io.lossmonitor." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            architecture = architecture.whereLayer(LAYERS.get(i))
                    .mayOnlyBeAccessedByLayers(LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new));
        }
        return architecture.whereLayer(LAYERS.get(LAYERS.size() - 1)).mayNotBeAccessedByAnyLayer();
    }

    @Test
    void theRecordsAndTheFormulasKnowNothingOfFlink() {
        noClasses().that().resideInAnyPackage("io.lossmonitor.event..", "io.lossmonitor.loss..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
                .because("parsing, validation and the per-event formulas run anywhere, and are tested without Flink")
                .check(CODE);
    }

    @Test
    void theFormulasKnowNothingOfJackson() {
        noClasses().that().resideInAPackage("io.lossmonitor.loss..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
                .because("the loss math takes numbers, not JSON")
                .check(CODE);
    }

    @Test
    void noTwoPackagesKnowEachOther() {
        slices().matching("io.lossmonitor.(*)..").should().beFreeOfCycles().check(CODE);
    }

    @Test
    void onlyTheMoversUseWhatEarlierSavepointsName() {
        noClasses().that(are(not(frozen())).and(not(mover())))
                .should().dependOnClassesThat().areAnnotatedWith(FrozenFormat.class)
                .because("a class an earlier release's savepoints name is read at restore by its mover (…Of0N) and "
                        + "moved into this release's state, never used by new code")
                .check(CODE);
    }

    /** A class marked {@link FrozenFormat}, or one nested in it. */
    static DescribedPredicate<JavaClass> frozen() {
        return DescribedPredicate.describe("frozen for an earlier release's savepoints",
                c -> topLevel(c).isAnnotatedWith(FrozenFormat.class));
    }

    /** A mover of state of an earlier release into this one's ({@code LabelJoinStateOf02}), or a class nested in it. */
    static DescribedPredicate<JavaClass> mover() {
        return DescribedPredicate.describe("a mover of an earlier release's state",
                c -> topLevel(c).getSimpleName().matches(".*Of0[0-9]"));
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    private static <T> DescribedPredicate<T> are(DescribedPredicate<T> predicate) {
        return predicate;
    }

    private static <T> DescribedPredicate<T> not(DescribedPredicate<T> predicate) {
        return DescribedPredicate.not(predicate);
    }
}
