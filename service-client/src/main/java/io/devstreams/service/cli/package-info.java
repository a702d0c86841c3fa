/**
 * The {@code devstreams} command line: parses arguments, resolves settings (flags, then the
 * environment, then defaults), runs one subcommand through the {@link io.devstreams.service}
 * library ({@code device ...} registry commands, {@code forward}, {@code stdio}, {@code streams})
 * and turns every failure into one line on standard error with exit code 1 (runtime) or 2 (usage).
 * Standard output carries only the command's result, or for {@code stdio} only stream bytes.
 *
 * <p>Nothing here talks HTTP or JSON itself, and no secret is ever taken from a flag: the
 * connection string comes from the environment or a file.
 *
 * <p>Internal: not part of the library's API (docs/java.md), left out of its Javadoc, and free to
 * change in any release.
 */
package io.devstreams.service.cli;
