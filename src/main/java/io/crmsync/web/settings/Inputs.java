package io.crmsync.web.settings;

import java.util.Map;

/**
 * Form rows with a {@code <label for>}, the input, and the input's error message right below it
 * (linked with {@code aria-describedby}, so screen readers read it with the input).
 */
final class Inputs {
  private final Map<String, String> errors;

  Inputs(Map<String, String> errors) {
    this.errors = errors;
  }

  /** A labelled input; {@code attrs} is trusted markup (type, min, required ...). */
  String row(String name, String label, String value, String attrs) {
    return "<div class=\"row\"><label for=\"" + name + "\">" + Html.esc(label) + "</label>"
        + "<input id=\"" + name + "\" name=\"" + name + "\" value=\"" + Html.esc(value) + "\" " + attrs + invalid(name) + ">"
        + error(name) + "</div>\n";
  }

  /** A password input: never filled with a value, so a password never comes back in a page. */
  String password(String name, String label, String hint) {
    return "<div class=\"row\"><label for=\"" + name + "\">" + Html.esc(label) + "</label>"
        + "<input id=\"" + name + "\" name=\"" + name + "\" type=\"password\" autocomplete=\"new-password\" value=\"\""
        + invalid(name) + ">" + (hint == null ? "" : "<small>" + Html.esc(hint) + "</small>") + error(name) + "</div>\n";
  }

  /** A labelled select; {@code options} maps values to labels. */
  String select(String name, String label, String value, Map<String, String> options, String attrs) {
    StringBuilder b = new StringBuilder("<div class=\"row\"><label for=\"").append(name).append("\">")
        .append(Html.esc(label)).append("</label><select id=\"").append(name).append("\" name=\"").append(name)
        .append("\" ").append(attrs).append(invalid(name)).append(">");
    options.forEach((v, l) -> b.append("<option value=\"").append(Html.esc(v)).append('"')
        .append(Html.flag(v.equals(value), "selected")).append('>').append(Html.esc(l)).append("</option>"));
    return b.append("</select>").append(error(name)).append("</div>\n").toString();
  }

  String error(String name) {
    String m = errors.get(name);
    return m == null ? "" : "<p class=\"error\" id=\"" + name + "-error\">" + Html.esc(m) + "</p>";
  }

  String invalid(String name) {
    return errors.containsKey(name) ? " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"" : "";
  }

  /** The message that belongs to no single input, if any (key ""). */
  String general() {
    String m = errors.get("");
    return m == null ? "" : "<p class=\"error\" role=\"alert\" id=\"form-error\">" + Html.esc(m) + "</p>\n";
  }
}
