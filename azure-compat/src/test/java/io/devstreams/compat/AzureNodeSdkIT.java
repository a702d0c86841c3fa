package io.devstreams.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Azure's Node.js service SDK ({@code azure-iothub} 1.16.6 from npm) against the hub: runs the
 * suite in {@code azure-compat/node} ({@code registry.test.js}, Node's own test runner) with the
 * hub's owner connection string and its certificate in {@code NODE_EXTRA_CA_CERTS}, as a Node user
 * would trust a private hub. {@code npm ci} installs the exact versions of {@code
 * package-lock.json} first.
 */
@ExtendWith(AzureHub.class)
class AzureNodeSdkIT {

  @Test
  void everyRegistryOperationOfTheNodeSdkWorks(AzureHub.Running hub) throws Exception {
    Path dir = AzureHub.root().resolve("azure-compat/node");
    Path target = AzureHub.root().resolve("azure-compat/target");

    run(dir, target.resolve("npm-ci.log"), List.of("npm", "ci", "--no-audit", "--no-fund"), hub);
    String output =
        run(
            dir,
            target.resolve("node-suite.log"),
            List.of("node", "--test", "--test-reporter=tap"),
            hub);

    assertThat(output).contains("# fail 0").containsPattern("# pass [1-9]");
  }

  private static String run(Path dir, Path log, List<String> command, AzureHub.Running hub)
      throws IOException, InterruptedException {
    int seconds = 300;
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("DEVSTREAMS_CONNECTION_STRING", hub.ownerConnectionString());
    builder.environment().put("NODE_EXTRA_CA_CERTS", hub.certificate().toString());
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + seconds + " s; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(command + " exit code; output:%n" + output).isZero();
    return output;
  }
}
