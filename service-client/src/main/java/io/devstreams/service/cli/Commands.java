package io.devstreams.service.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Every command of the CLI, in the order {@code --help} lists them; a new command is one more entry
 * here.
 */
final class Commands {

  private Commands() {}

  static List<CommandSpec> all() {
    List<CommandSpec> commands = new ArrayList<>(DeviceCommands.specs());
    commands.addAll(StreamCommands.specs());
    return List.copyOf(commands);
  }
}
