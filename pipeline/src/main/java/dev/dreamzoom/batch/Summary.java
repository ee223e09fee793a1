package dev.dreamzoom.batch;

import java.util.ArrayList;
import java.util.List;

/** The table a batch prints and writes at the end: one row per preset. */
public final class Summary {
  /** One preset's outcome. */
  public record Row(
      String preset,
      int frames,
      String status,
      double wallSeconds,
      double secondsPerFrame,
      String note) {}

  private final List<Row> rows = new ArrayList<>();

  public void add(Row row) {
    rows.add(row);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public long count(String status) {
    return rows.stream().filter(r -> r.status().equals(status)).count();
  }

  /** Fixed-width columns; the note (a failure's reason) last, unpadded. */
  public String table() {
    String[] head = {"preset", "frames", "status", "wall", "s/frame", "note"};
    List<String[]> cells = new ArrayList<>();
    cells.add(head);
    for (Row r : rows) {
      cells.add(
          new String[] {
            r.preset(),
            Integer.toString(r.frames()),
            r.status(),
            String.format("%.1fs", r.wallSeconds()),
            r.secondsPerFrame() > 0 ? String.format("%.2f", r.secondsPerFrame()) : "-",
            r.note() == null ? "" : r.note()
          });
    }
    int[] width = new int[head.length - 1];
    for (String[] c : cells) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], c[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] c : cells) {
      for (int i = 0; i < width.length; i++) {
        sb.append(String.format("%-" + width[i] + "s  ", c[i]));
      }
      sb.append(c[head.length - 1].replace('\n', ' ')).append('\n');
    }
    return sb.toString();
  }
}
