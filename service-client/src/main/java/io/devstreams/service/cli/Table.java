package io.devstreams.service.cli;

import java.util.List;

/** Renders rows as left-aligned columns two spaces apart, the first row being the header. */
final class Table {

  private Table() {}

  /** Returns one line per row, each without trailing spaces. */
  static String render(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    rows.forEach(
        row -> {
          for (int i = 0; i < row.length; i++) {
            widths[i] = Math.max(widths[i], row[i].length());
          }
        });
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(
            i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
