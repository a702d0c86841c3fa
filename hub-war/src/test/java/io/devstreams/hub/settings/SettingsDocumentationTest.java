package io.devstreams.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md lists every hub setting with its default in one table, made from {@link
 * Settings#all()}: this test fails when the two differ, and rewrites the table when run with {@code
 * -Ddevstreams.docs.write=true}.
 */
class SettingsDocumentationTest {

  static final String START =
      "<!-- settings table: made from io.devstreams.hub.settings.Settings; after a change, run"
          + " SettingsDocumentationTest with -Ddevstreams.docs.write=true -->";
  static final String END = "<!-- end of settings table -->";

  private static final Path DOC = Path.of("..", "docs", "operations.md");

  @Test
  void operationsGuideListsEverySettingWithItsDefault() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertThat(start).as("the table's start marker in " + DOC).isNotNegative();
    assertThat(end).as("the table's end marker in " + DOC).isGreaterThan(start);
    String current = doc.substring(start + START.length(), end);
    String expected = "\n" + table() + "\n";

    if (!current.equals(expected) && Boolean.getBoolean("devstreams.docs.write")) {
      Files.writeString(
          DOC, doc.substring(0, start + START.length()) + expected + doc.substring(end));
      return;
    }
    assertThat(current).as("the settings table in " + DOC).isEqualTo(expected);
  }

  static String table() {
    StringBuilder out = new StringBuilder("| setting | default | what it does |\n|---|---|---|\n");
    for (Setting s : Settings.all()) {
      out.append("| `")
          .append(s.key())
          .append("` | ")
          .append(s.defaultValue() == null ? "unset" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.meaning().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }
}
