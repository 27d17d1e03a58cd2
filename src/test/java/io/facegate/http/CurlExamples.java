package io.facegate.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable examples of a Markdown page, by this convention: in a {@code ```bash} block, a
 * command that runs curl is an example (it starts at the line's margin; its lines continue while
 * they end in {@code \} or {@code |}, as in {@code printf ... | curl ...}). The lines after it, up
 * to a blank line or the next command, are the answer it shows; a {@code # NNN} comment in the
 * command or the answer gives the status it answers (200 when none does). Other lines of a block
 * (variable settings, comments) are not run; {@code unrun} lists the lines that look like a curl
 * command but do not follow the convention.
 */
record CurlExamples(List<Example> examples, List<Integer> unrun) {
  private static final Pattern STATUS = Pattern.compile("#\\s*([1-5]\\d\\d)\\b");
  private static final Pattern METHOD = Pattern.compile("-X\\s+([A-Z]+)");
  private static final Pattern URL = Pattern.compile("localhost:8080(/[^\\s'\"]*)");
  private static final Pattern SHOWN_FIELD = Pattern.compile("\"([a-z_0-9]+)\":");

  /**
   * One example: the command as written, the answer the page shows, the status it states, where on
   * the page it is (1-based line).
   */
  record Example(int line, String command, String shown, int status) {
    /** "METHOD /path" as the command sends it: -X, else POST with a form or body, else GET. */
    String request() {
      Matcher method = METHOD.matcher(command);
      String verb =
          method.find()
              ? method.group(1)
              : command.matches("(?s).*\\s(-F|-d|--data[a-z-]*)\\s.*") ? "POST" : "GET";
      Matcher url = URL.matcher(command);
      if (!url.find()) {
        throw new IllegalStateException("line " + line + ": no localhost:8080 URL in " + command);
      }
      return verb + " " + url.group(1).replaceFirst("\\?.*", "");
    }

    /** The JSON field names the shown answer uses. */
    Set<String> shownFields() {
      Set<String> fields = new TreeSet<>();
      Matcher field = SHOWN_FIELD.matcher(shown);
      while (field.find()) {
        fields.add(field.group(1));
      }
      return fields;
    }
  }

  static CurlExamples parse(String markdown) {
    List<Example> examples = new ArrayList<>();
    List<Integer> unrun = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    boolean inBash = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("```")) {
        inBash = !inBash && line.equals("```bash");
        continue;
      }
      if (!inBash || !startsCommand(lines, i)) {
        if (inBash && line.contains("curl ") && !line.startsWith("#")) {
          unrun.add(i + 1);
        }
        continue;
      }
      int first = i;
      StringBuilder command = new StringBuilder(lines[i]);
      while (continues(lines[i])) {
        command.append('\n').append(lines[++i]);
      }
      StringBuilder shown = new StringBuilder();
      while (i + 1 < lines.length
          && !lines[i + 1].isBlank()
          && !lines[i + 1].startsWith("```")
          && !startsCommand(lines, i + 1)) {
        shown.append(lines[++i]).append('\n');
        if (lines[i].contains("curl ") && !lines[i].startsWith("#")) {
          unrun.add(i + 1);
        }
      }
      Matcher status = STATUS.matcher(command + "\n" + shown);
      examples.add(
          new Example(
              first + 1,
              command.toString(),
              shown.toString(),
              status.find() ? Integer.parseInt(status.group(1)) : 200));
    }
    return new CurlExamples(examples, unrun);
  }

  /**
   * A line at the margin (not an indented answer line, not a comment) whose command, with its
   * continuation lines, runs curl.
   */
  private static boolean startsCommand(String[] lines, int i) {
    if (lines[i].isEmpty() || " \t#{".indexOf(lines[i].charAt(0)) >= 0) {
      return false;
    }
    for (int j = i; j < lines.length; j++) {
      if (lines[j].matches("(.*[\\s|(])?curl .*")) {
        return true;
      }
      if (!continues(lines[j])) {
        return false;
      }
    }
    return false;
  }

  private static boolean continues(String line) {
    return line.endsWith("\\") || line.endsWith("|");
  }
}
