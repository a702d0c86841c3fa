/**
 * What the two command-line programs ({@code devstreams} and {@code devstreams-device}) share: one
 * parser of {@code --option VALUE} command lines, one reader of {@code option = value} config
 * files, and one resolver that finds each setting by the same precedence (flags, then the
 * environment, then the config file, then the default) and remembers where it came from, so that
 * every refusal is one line naming what to fix.
 *
 * <p>Secrets (connection strings) come from the environment or a file, never from a flag: the
 * parser refuses them as flags. Nothing here knows a program's commands or connects anywhere.
 * Internal to the two programs: not part of the library's API, free to change in any release.
 */
package io.devstreams.protocol.cli;
