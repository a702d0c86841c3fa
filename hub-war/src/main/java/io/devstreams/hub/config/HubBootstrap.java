package io.devstreams.hub.config;

import io.devstreams.hub.auth.DeviceCertificateListener;
import io.devstreams.hub.auth.PolicyCredentials;
import io.devstreams.hub.registry.PolicyStore;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.protocol.ConnectionString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prepares the hub when the application starts: default policies, the owner connection string file
 * and the start-up lines on standard output.
 *
 * <p>It fails closed: when the data directory cannot hold the owner file, start-up fails with a
 * message naming the directory, rather than running a hub whose owner cannot get in. {@link
 * StartupGuard} calls it and stops the hub on any failure.
 */
@ApplicationScoped
public class HubBootstrap {

  /** The owner connection string's file name in the data directory. */
  public static final String OWNER_FILE = "owner.connection-string";

  private final HubSettings settings;
  private final PolicyStore policies;

  /** Creates the bootstrap; the hub's CDI container calls this. */
  @Inject
  public HubBootstrap(HubSettings settings, PolicyStore policies) {
    this.settings = settings;
    this.policies = policies;
  }

  /** For the CDI client proxy only. */
  protected HubBootstrap() {
    this(null, null);
  }

  /** Creates what a first start needs and prints the start-up lines; throws if it cannot. */
  void start() {
    boolean firstStart = policies.ensureDefaults();
    String ownerString = connectionString(PolicyStore.OWNER);
    Optional<Path> dataDir = settings.dataDir();
    dataDir.ifPresent(this::writeConnectionStrings);
    // The JVM's console exists only when standard input and output are both terminals.
    StartupMessages out = new StartupMessages(System.out, System.console() != null);
    if (firstStart) {
      out.firstStart(ownerString, dataDir.map(dir -> dir.resolve(OWNER_FILE)));
    }
    out.listening(settings.publicHost(), dataDir);
    DeviceCertificateListener certificates = settings.deviceCertificateListener();
    if (certificates.port() != 0) {
      out.deviceCertificates(certificates.publicHost());
    }
  }

  /**
   * Writes the owner's connection string to {@value #OWNER_FILE} and each other default policy's to
   * {@code NAME.connection-string}, so an operator can hand a machine that only opens streams the
   * {@code service} policy rather than the owner's.
   */
  private void writeConnectionStrings(Path dir) {
    for (String name : PolicyStore.DEFAULTS.keySet()) {
      String file = PolicyStore.OWNER.equals(name) ? OWNER_FILE : name + ".connection-string";
      writeSecretFile(dir.resolve(file), connectionString(name));
    }
  }

  private String connectionString(String policy) {
    PolicyCredentials p =
        policies
            .findPolicy(policy)
            .orElseThrow(() -> new StartupException("policy " + policy + " is missing"));
    return ConnectionString.forService(settings.publicHost(), p.name(), p.primaryKey()).format();
  }

  /** Fails start-up when the file cannot be written, with a message naming the file. */
  private static void writeSecretFile(Path file, String connectionString) {
    try {
      new SecretFile(file).write(connectionString + System.lineSeparator());
    } catch (IOException e) {
      throw new StartupException(
          "cannot write "
              + file
              + " ("
              + e.getMessage()
              + "); make the data directory writable by the hub",
          e);
    }
  }
}
