package io.devstreams.hub.it;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the archive Arquillian deploys: the hub WAR exactly as Maven built it, plus the test
 * classes and AssertJ; Arquillian adds its own runner and JUnit.
 */
final class HubDeployment {

  /** Where failsafe put the WAR and Payara Micro (see this module's pom). */
  static final String HUB_DIR = "devstreams.it.hubdir";

  private HubDeployment() {}

  /** The built hub WAR with {@code classes} added to {@code WEB-INF/classes}. */
  static WebArchive withTestClasses(Class<?>... classes) {
    String dir = System.getProperty(HUB_DIR);
    if (dir == null) {
      throw new IllegalStateException(
          "system property " + HUB_DIR + " is not set; run through mvn");
    }
    File war = Path.of(dir, "devstreams-hub.war").toFile();
    return ShrinkWrap.createFromZipFile(WebArchive.class, war)
        .addClass(HubDeployment.class)
        .addClasses(classes)
        .addAsLibrary(jarOf(Assertions.class));
  }

  private static File jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the jar of " + type.getName(), e);
    }
  }
}
