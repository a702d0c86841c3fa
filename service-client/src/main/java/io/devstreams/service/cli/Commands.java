package io.devstreams.service.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Every command of the CLI, in the order {@code --help} lists them; a new command (the coming
 * {@code forward}, {@code stdio} and {@code streams}) is one more entry here.
 */
final class Commands {

  private Commands() {}

  static List<CommandSpec> all() {
    List<CommandSpec> commands = new ArrayList<>(DeviceCommands.specs());
    return List.copyOf(commands);
  }
}
