package io.devstreams.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.Test;

/** Keeps the hub's dependencies pointing inward, as STYLE.md asks. */
class ArchitectureTest {

  private static final JavaClasses HUB =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.devstreams.hub");

  @Test
  void coreImportsNeitherJaxRsNorWebSocket() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.devstreams.hub.registry..",
            "io.devstreams.hub.auth..",
            "io.devstreams.hub.streams..",
            "io.devstreams.hub.console..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.ws.rs..", "jakarta.websocket..")
        .check(HUB);
  }

  @Test
  void consoleServicesKnowNoServletAndNoStore() {
    noClasses()
        .that()
        .resideInAPackage("io.devstreams.hub.console..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta.servlet..", "jakarta.persistence..")
        .check(HUB);
  }

  @Test
  void onlyTheRestAdapterDependsOnTheRestAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.devstreams.hub.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.devstreams.hub.api..")
        .check(HUB);
  }

  @Test
  void authenticationDependsOnNoStore() {
    noClasses()
        .that()
        .resideInAPackage("io.devstreams.hub.auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.devstreams.hub.registry..", "jakarta.persistence..")
        .check(HUB);
  }

  @Test
  void entitiesStayInsideTheRegistry() {
    classes()
        .that()
        .areAnnotatedWith(Entity.class)
        .should()
        .resideInAPackage("io.devstreams.hub.registry")
        .andShould()
        .notBePublic()
        .check(HUB);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.devstreams.hub.registry")
        .should()
        .dependOnClassesThat()
        .areAnnotatedWith(Entity.class)
        .check(HUB);
  }

  @Test
  void resourcesHoldNoEntityManager() {
    noClasses()
        .that()
        .resideInAPackage("io.devstreams.hub.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.persistence..")
        .check(HUB);
  }

  @Test
  void everyResourceMethodNamesItsRight() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods()
        .that()
        .areAnnotatedWith(GET.class)
        .or()
        .areAnnotatedWith(PUT.class)
        .or()
        .areAnnotatedWith(POST.class)
        .or()
        .areAnnotatedWith(DELETE.class)
        .or()
        .areAnnotatedWith(PATCH.class)
        .should()
        .beAnnotatedWith("io.devstreams.hub.api.RequiresRight")
        .check(HUB);
  }

  @Test
  void theSettingsModelDependsOnNoServiceOfTheHub() {
    classes()
        .that()
        .resideInAPackage("io.devstreams.hub.settings..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.devstreams.hub.settings..",
            "io.devstreams.hub.auth..",
            "io.devstreams.protocol..",
            "java..",
            "jakarta..",
            "org.eclipse.microprofile.config..")
        .check(HUB);
  }

  @Test
  void hubPackagesHaveNoCycles() {
    slices().matching("io.devstreams.hub.(*)..").should().beFreeOfCycles().check(HUB);
  }
}
