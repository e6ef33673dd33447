package io.lossmonitor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.lossmonitor.savepoint.FrozenFormat;
import java.util.List;

/**
 * The layering of the code, checked on its bytecode: data flows one way, each package knows only those below it;
 * the per-event formulas and the records know nothing of Flink, the formulas nothing of Jackson; no two packages
 * know each other; and the classes that earlier releases' savepoints name are used by their movers alone.
 */
@AnalyzeClasses(packages = "io.lossmonitor", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    /** Bottom to top: each package may use those before it, never one after it. */
    static final List<String> LAYERS = List.of("savepoint", "event", "loss", "sketch", "metric", "aggregate",
            "estimate", "window", "join", "alert", "io", "compare", "pipeline", "cli", "local");

    @ArchTest
    static final ArchRule EACH_PACKAGE_USES_ONLY_THE_PACKAGES_BELOW_IT = layers();

    @ArchTest
    static final ArchRule THE_RECORDS_AND_THE_FORMULAS_KNOW_NOTHING_OF_FLINK = noClasses()
            .that().resideInAnyPackage("io.lossmonitor.event..", "io.lossmonitor.loss..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
            .because("parsing, validation and the per-event formulas run anywhere, and are tested without Flink");

    @ArchTest
    static final ArchRule THE_FORMULAS_KNOW_NOTHING_OF_JACKSON = noClasses()
            .that().resideInAPackage("io.lossmonitor.loss..")
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
            .because("the loss math takes numbers, not JSON");

    @ArchTest
    static final ArchRule NO_TWO_PACKAGES_KNOW_EACH_OTHER = slices().matching("io.lossmonitor.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule ONLY_THE_MOVERS_USE_WHAT_EARLIER_SAVEPOINTS_NAME = noClasses()
            .that(DescribedPredicate.not(frozen()).and(DescribedPredicate.not(mover())))
            .should().dependOnClassesThat().areAnnotatedWith(FrozenFormat.class)
            .because("a class an earlier release's savepoints name is read at restore by its mover (…Of0N) and "
                    + "moved into this release's state, never used by new code");

    private static LayeredArchitecture layers() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            architecture = architecture.layer(layer).definedBy("io.lossmonitor." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            architecture = architecture.whereLayer(LAYERS.get(i))
                    .mayOnlyBeAccessedByLayers(LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new));
        }
        return architecture.whereLayer(LAYERS.get(LAYERS.size() - 1)).mayNotBeAccessedByAnyLayer();
    }

    /** A class marked {@link FrozenFormat}, or one nested in it. */
    private static DescribedPredicate<JavaClass> frozen() {
        return DescribedPredicate.describe("frozen for an earlier release's savepoints",
                c -> topLevel(c).isAnnotatedWith(FrozenFormat.class));
    }

    /** A mover of an earlier release's state into this one's ({@code LabelJoinStateOf02}), or a class nested in it. */
    private static DescribedPredicate<JavaClass> mover() {
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
}
