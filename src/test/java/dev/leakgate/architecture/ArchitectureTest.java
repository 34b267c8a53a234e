package dev.leakgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The verdict engine is plain Java: numbers in, a verdict out. It must stay testable with plain
 * numbers and usable from every mode, so it may not reach for Kubernetes, Quarkus, the operator
 * framework, JSON or the rest of LeakGate.
 */
@AnalyzeClasses(packages = "dev.leakgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** Kubernetes, the operator frameworks and the command line: what only the hosts may use. */
  private static final String[] FRAMEWORKS = {
    "io.fabric8..", "io.javaoperatorsdk..", "io.quarkiverse..", "io.quarkus..", "picocli.."
  };

  @ArchTest
  static final ArchRule analysisKnowsNoFrameworks =
      noClasses()
          .that()
          .resideInAPackage("dev.leakgate.analysis..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(FRAMEWORKS)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta..", "com.fasterxml..")
          .because("the verdict engine must stay free of Kubernetes, Quarkus and JOSDK");

  @ArchTest
  static final ArchRule analysisDependsOnNothingElseOfOurs =
      noClasses()
          .that()
          .resideInAPackage("dev.leakgate.analysis..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("dev.leakgate.analysis..", "java..")
          .because("the engine takes series and settings and returns a verdict, nothing more");

  @ArchTest
  static final ArchRule analysisReadsNoClock =
      noClasses()
          .that()
          .resideInAPackage("dev.leakgate.analysis..")
          .should()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(java.time.Instant.class, "now")
          .because("time is data: the engine decides on the evaluation times it is given");

  @ArchTest
  static final ArchRule theGateCoreKnowsNoHost =
      noClasses()
          .that()
          .resideInAPackage("dev.leakgate.gate..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(FRAMEWORKS)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.leakgate.operator..", "dev.leakgate.local..")
          .orShould()
          .callMethod(java.time.Instant.class, "now")
          .because(
              "the gate's rules are shared by the operator and run: each host brings its own"
                  + " cluster, load and clock");

  @ArchTest
  static final ArchRule phaseStepsReachTheClusterOnlyThroughTheirView =
      noClasses()
          .that()
          .resideInAnyPackage("dev.leakgate.operator.steps..", "dev.leakgate.operator.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fabric8.kubernetes.client.dsl..",
              "io.fabric8.kubernetes.client.informers..",
              "io.javaoperatorsdk..",
              "io.quarkus..",
              "io.micrometer..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
          .because(
              "each step is a small class tested with a fixed clock and an in-memory cluster;"
                  + " the cluster adapters alone talk to the API server and the framework");

  /**
   * Inside the operator: the resource model at the bottom, the phase machine over it, the cluster
   * adapters that implement its views, and the reconciler and process wiring on top.
   */
  @ArchTest
  static final ArchRule operatorPackagesDependAsDocumented =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("model")
          .definedBy("dev.leakgate.operator.model..")
          .layer("config")
          .definedBy("dev.leakgate.operator.config..")
          .layer("steps")
          .definedBy("dev.leakgate.operator.steps..")
          .layer("cluster")
          .definedBy("dev.leakgate.operator.cluster..")
          .layer("host")
          .definedBy("dev.leakgate.operator")
          .whereLayer("host")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("cluster")
          .mayOnlyBeAccessedByLayers("host")
          .whereLayer("steps")
          .mayOnlyBeAccessedByLayers("cluster", "host")
          .whereLayer("config")
          .mayOnlyBeAccessedByLayers("steps", "cluster", "host")
          .whereLayer("model")
          .mayOnlyBeAccessedByLayers("steps", "cluster", "host");

  @ArchTest
  static final ArchRule theOperatorReadsTimeFromItsClock =
      noClasses()
          .that()
          .resideInAPackage("dev.leakgate.operator..")
          .should()
          .callMethod(java.time.Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .because("time comes from the injected Clock, so steps are tested at fixed times");

  /**
   * The package table of docs/development.md, enforced: each package is used only by those listed
   * above it there, so nothing runs back up from the engine to the hosts.
   */
  @ArchTest
  static final ArchRule packagesDependAsDocumented =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("analysis")
          .definedBy("dev.leakgate.analysis..")
          .layer("recording")
          .definedBy("dev.leakgate.recording..")
          .layer("report")
          .definedBy("dev.leakgate.report..")
          .layer("prometheus")
          .definedBy("dev.leakgate.prometheus..")
          .layer("sample")
          .definedBy("dev.leakgate.sample..")
          .layer("load")
          .definedBy("dev.leakgate.load..")
          .layer("scrape")
          .definedBy("dev.leakgate.scrape..")
          .layer("spec")
          .definedBy("dev.leakgate.spec..")
          .layer("gate")
          .definedBy("dev.leakgate.gate..")
          .layer("local")
          .definedBy("dev.leakgate.local..")
          .layer("operator")
          .definedBy("dev.leakgate.operator..")
          .layer("pipeline")
          .definedBy("dev.leakgate.pipeline..")
          .layer("cli")
          .definedBy("dev.leakgate.cli..")
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("pipeline")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("operator")
          .mayOnlyBeAccessedByLayers("pipeline", "cli")
          .whereLayer("local")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("gate")
          .mayOnlyBeAccessedByLayers("local", "operator", "pipeline", "cli")
          .whereLayer("sample")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("spec")
          .mayOnlyBeAccessedByLayers("local", "operator", "cli")
          .whereLayer("scrape")
          .mayOnlyBeAccessedByLayers("local", "cli")
          .whereLayer("prometheus")
          .mayOnlyBeAccessedByLayers("scrape", "spec", "local", "operator", "cli")
          .whereLayer("load")
          .mayOnlyBeAccessedByLayers("report", "spec", "gate", "local", "operator", "cli")
          .whereLayer("report")
          .mayOnlyBeAccessedByLayers("gate", "local", "operator", "pipeline", "cli")
          .whereLayer("recording")
          .mayOnlyBeAccessedByLayers("prometheus", "spec", "gate", "local", "operator", "cli")
          .whereLayer("analysis")
          .mayOnlyBeAccessedByLayers(
              "recording",
              "report",
              "prometheus",
              "spec",
              "gate",
              "local",
              "operator",
              "pipeline",
              "cli");
}
