package io.devstreams.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Entity;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * A bean whose only no-argument constructor is the one its client proxy needs must mark the
   * constructor the container is to call: without {@code @Inject} the container silently calls the
   * no-argument one, and the bean runs with nothing in its fields.
   */
  @Test
  void everyApplicationScopedBeanWithAConstructorOfParametersInjectsOne() {
    List<String> unmarked = new ArrayList<>();
    for (JavaClass bean : HUB) {
      if (!bean.isAnnotatedWith(ApplicationScoped.class)) {
        continue;
      }
      boolean takesParameters =
          bean.getConstructors().stream().anyMatch(c -> !c.getRawParameterTypes().isEmpty());
      boolean injects =
          bean.getConstructors().stream().anyMatch(c -> c.isAnnotatedWith(Inject.class));
      if (takesParameters && !injects) {
        unmarked.add(bean.getName());
      }
    }
    assertThat(unmarked).isEmpty();
  }

  @Test
  void hubPackagesHaveNoCycles() {
    slices().matching("io.devstreams.hub.(*)..").should().beFreeOfCycles().check(HUB);
  }
}
