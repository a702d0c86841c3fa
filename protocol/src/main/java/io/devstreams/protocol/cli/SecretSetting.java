package io.devstreams.protocol.cli;

import java.util.Objects;

/**
 * A secret setting, such as a connection string: read from an environment variable or from a file
 * named by an option (or a config file), and refused as a flag, which would land in shell history
 * and in the process list.
 *
 * @param what what the secret is, for messages: {@code connection string}
 * @param refusedFlag the flag users might try and that is refused: {@code --connection-string}
 * @param env the environment variable that holds it
 * @param fileOption the option that names a file holding it
 * @param advice what to set it to, for the message when it is missing: {@code the device's
 *     connection string}
 */
public record SecretSetting(
    String what, String refusedFlag, String env, OptionSpec fileOption, String advice) {

  /** Checks that every part is given and that the file option takes a file name. */
  public SecretSetting {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(refusedFlag, "refusedFlag");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(fileOption, "fileOption");
    Objects.requireNonNull(advice, "advice");
    if (!fileOption.takesValue()) {
      throw new IllegalArgumentException(fileOption.name() + " must take a file name");
    }
  }

  /** Returns the refusal of the secret as a flag. */
  String flagRefusal() {
    return "the " + what + " is a secret and is never a flag: set " + env + " or " + useFile();
  }

  /** Returns the refusal when neither the environment nor a file gives the secret. */
  String missing(boolean setButEmpty) {
    return env
        + (setButEmpty ? " is empty" : " is not set")
        + ": set it to "
        + advice
        + " or "
        + useFile();
  }

  /** Returns how a file's contents are named in messages: {@code connection string file 'F'}. */
  String fileSource(String file) {
    return what + " file '" + file + "'";
  }

  private String useFile() {
    return "use " + fileOption.name() + " " + fileOption.valueName();
  }
}
