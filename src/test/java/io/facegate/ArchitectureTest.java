package io.facegate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.facegate.cli.ServeCommand;
import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

/**
 * Which packages of the server may use which. Requests flow down app → http → service → vision,
 * store, index, and nothing below looks up; eval, bench and the model converter (io.facegate.tools)
 * run beside the server, so the serving path never loads them. Only the production classes are
 * checked: tests may wire anything.
 */
@FastTier
class ArchitectureTest {
  private static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.facegate");

  @Test
  void onlyTheCommandLineEntryReachesTheTools() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.facegate.tools..")
        .and()
        .doNotBelongToAnyOf(Main.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.facegate.tools..")
        .because("the tools run beside the server; Main only registers their commands")
        .check(SERVER);
  }

  @Test
  void onlyTheServeCommandStartsTheApp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.facegate.app..")
        .and()
        .doNotBelongToAnyOf(ServeCommand.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.facegate.app..")
        .because("app wires and starts the server; everything else is wired by it")
        .check(SERVER);
  }

  @Test
  void serviceKnowsNothingOfHttpOrTheApp() {
    noClasses()
        .that()
        .resideInAPackage("io.facegate.service..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.facegate.http..", "io.facegate.app..")
        .because("the service is plain Java with futures at its edges, testable without HTTP")
        .check(SERVER);
  }

  @Test
  void visionStoreAndIndexKnowNothingAboveThem() {
    noClasses()
        .that()
        .resideInAnyPackage("io.facegate.vision..", "io.facegate.store..", "io.facegate.index..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.facegate.service..", "io.facegate.http..", "io.facegate.app..")
        .because("vision, store and index are the bottom of the request path")
        .check(SERVER);
  }

  @Test
  void visionKnowsNothingOfStorage() {
    noClasses()
        .that()
        .resideInAPackage("io.facegate.vision..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.facegate.store..", "io.facegate.index..")
        .because("vision turns photos into faces and embeddings, whoever keeps them")
        .check(SERVER);
  }

  @Test
  void storeKnowsNothingOfFaces() {
    noClasses()
        .that()
        .resideInAPackage("io.facegate.store..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.facegate.vision..")
        .because("it keeps people and vectors; where the vectors come from is not its business")
        .check(SERVER);
  }

  @Test
  void theLayersBelowTheAppReadNoConfiguration() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.facegate.service..",
            "io.facegate.liveness..",
            "io.facegate.vision..",
            "io.facegate.store..",
            "io.facegate.index..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.facegate.config..")
        .because(
            "settings are read and checked once, at the top; lower parts take the values they need")
        .check(SERVER);
  }
}
