package io.devstreams.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table: one row per figure, the devstreams value (protocol v2, as users get it) next to v1 and
 * each baseline measured in the same run and the ratio devstreams / baseline, and the target where
 * an issue sets one; rows are numbered and ordered by the case they belong to (1 to 6: issue 4's; 7
 * to 9: issue 13's cold start, isolation and 10,000 streams; 13: issue 13's targets, each on a
 * figure of the other rows). Also the rows as JSON.
 */
final class Report {

  /** The target cell of a row in a case for which the issue sets no target. */
  static final String NO_TARGET = "none set";

  /** The baseline columns, in order. */
  static final List<String> BASELINES = List.of(Route.V1, "socat", "direct", "openssh");

  /**
   * One figure. A baseline value may be null (not measured, or meaningless for the row); {@code
   * issueCase} is the issue's case number, 0 for a row outside them.
   */
  record Row(
      int issueCase,
      String name,
      String unit,
      boolean higherIsBetter,
      Double value,
      Map<String, Double> baselines,
      String note,
      String target,
      Boolean met) {

    /** devstreams / baseline; none unless both are positive (an added time may be negative). */
    Double ratio(String baseline) {
      Double b = baselines.get(baseline);
      return value == null || b == null || b <= 0 || value <= 0 ? null : value / b;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private int issueCase;

  /** Files the rows added from now on under the issue's case {@code number} (0: none). */
  void issueCase(int number) {
    issueCase = number;
  }

  /** Adds a row; {@code baselines} alternates names and values. */
  void add(String name, String unit, boolean higherIsBetter, Double value, Object... baselines) {
    addNoted(name, unit, higherIsBetter, value, null, baselines);
  }

  void addNoted(
      String name,
      String unit,
      boolean higherIsBetter,
      Double value,
      String note,
      Object... baselines) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < baselines.length; i += 2) {
      map.put((String) baselines[i], (Double) baselines[i + 1]);
    }
    rows.add(new Row(issueCase, name, unit, higherIsBetter, value, map, note, null, null));
  }

  /** Marks the last row with a target ({@code met} null: not measured). */
  void target(String target, Boolean met) {
    Row last = rows.remove(rows.size() - 1);
    rows.add(
        new Row(
            last.issueCase(),
            last.name(),
            last.unit(),
            last.higherIsBetter(),
            last.value(),
            last.baselines(),
            last.note(),
            target,
            met));
  }

  /** The rows by the issue's case (1 to 6, then the others), in the order added within each. */
  List<Row> rows() {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparingInt(r -> r.issueCase() == 0 ? Integer.MAX_VALUE : r.issueCase()));
    return sorted;
  }

  /** The table as text. */
  String table() {
    List<String[]> lines = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("case", "unit", "devstreams"));
    for (String b : BASELINES) {
      header.add(b);
      header.add("ratio");
    }
    header.add("target");
    header.add("note");
    lines.add(header.toArray(String[]::new));
    for (Row row : rows()) {
      List<String> cells = new ArrayList<>();
      cells.add((row.issueCase() == 0 ? "" : row.issueCase() + ". ") + row.name());
      cells.add(row.unit() + (row.higherIsBetter() ? " ↑" : " ↓"));
      cells.add(number(row.value()));
      for (String b : BASELINES) {
        cells.add(number(row.baselines().get(b)));
        Double ratio = row.ratio(b);
        cells.add(ratio == null ? "" : ratio(ratio));
      }
      cells.add(target(row));
      cells.add(row.note() == null ? "" : row.note());
      lines.add(cells.toArray(String[]::new));
    }
    int columns = header.size();
    int[] width = new int[columns];
    for (String[] line : lines) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int l = 0; l < lines.size(); l++) {
      String[] line = lines.get(l);
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        boolean left = c == 0 || c == 1 || c == columns - 1;
        String cell = line[c];
        String pad = " ".repeat(width[c] - cell.length());
        text.append(left ? cell + pad : pad + cell);
        if (c + 1 < columns) {
          text.append("  ");
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
      if (l == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
      }
    }
    out.append(
        "devstreams: protocol v2 ('forward', the agent and 'stdio' by default); v1: the same with"
            + " 'forward --protocol 1'. ratio = devstreams / baseline, measured in this run.\n"
            + "↑ higher is better, ↓ lower is better. 1.-6.: issue 4's cases; 7. cold start, 8."
            + " isolation, 9. 10,000 streams; 13.: issue 13's targets. Targets on this machine.\n");
    return out.toString();
  }

  private static String target(Row row) {
    if (row.target() == null || row.target().equals(NO_TARGET)) {
      return row.target() == null ? "" : NO_TARGET;
    }
    return row.target() + (row.met() == null ? " ?" : row.met() ? " met" : " MISSED");
  }

  /** The rows as JSON-ready maps. */
  List<Object> json() {
    List<Object> list = new ArrayList<>();
    for (Row row : rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (row.issueCase() > 0) {
        m.put("issueCase", row.issueCase());
      }
      m.put("case", row.name());
      m.put("unit", row.unit());
      m.put("higherIsBetter", row.higherIsBetter());
      m.put("devstreams", row.value());
      Map<String, Object> baselines = new LinkedHashMap<>();
      row.baselines()
          .forEach(
              (name, value) -> {
                if (value != null) {
                  Map<String, Object> b = new LinkedHashMap<>();
                  b.put("value", value);
                  b.put("ratio", row.ratio(name));
                  baselines.put(name, b);
                }
              });
      m.put("baselines", baselines);
      if (row.target() != null) {
        m.put("target", row.target());
        m.put("targetMet", row.met());
      }
      if (row.note() != null) {
        m.put("note", row.note());
      }
      list.add(m);
    }
    return list;
  }

  static String number(Double v) {
    if (v == null) {
      return "-";
    }
    double a = Math.abs(v);
    String format = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, format, v);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, r >= 10 ? "%.1fx" : r >= 0.1 ? "%.2fx" : "%.3fx", r);
  }
}
