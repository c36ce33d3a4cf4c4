package io.crmsync.web.settings;

import io.crmsync.exchange.Activity;
import java.util.List;
import java.util.Locale;

/**
 * The chart of a sync's last day as inline SVG, drawn here (no script, no style attribute, so the
 * page's Content-Security-Policy holds): records received and sent per minute on the left scale,
 * the average delay from edit to arrival per minute on the right one.
 */
final class ActivityChart {
  static final int WIDTH = 720;
  static final int HEIGHT = 190;
  private static final int LEFT = 48;
  private static final int RIGHT = 672;
  private static final int TOP = 12;
  private static final int BOTTOM = 160;
  private static final int MINUTES = (int) Activity.WINDOW_MINUTES;

  private ActivityChart() {}

  static String render(Texts tx, List<Activity.Minute> minutes, long now) {
    long last = now / 60_000;
    long first = last - MINUTES + 1;
    int[] received = new int[MINUTES];
    int[] sent = new int[MINUTES];
    long[] delay = new long[MINUTES];
    java.util.Arrays.fill(delay, -1);
    long totalReceived = 0;
    long totalSent = 0;
    for (Activity.Minute m : minutes) {
      int i = (int) (m.minute() - first);
      if (i >= 0 && i < MINUTES) {
        received[i] = m.received();
        sent[i] = m.sent();
        delay[i] = m.averageDelayMillis();
        totalReceived += m.received();
        totalSent += m.sent();
      }
    }
    int maxCount = 1;
    long maxDelay = 1;
    for (int i = 0; i < MINUTES; i++) {
      maxCount = Math.max(maxCount, Math.max(received[i], sent[i]));
      maxDelay = Math.max(maxDelay, delay[i]);
    }
    String title = tx.t("activity.chartTitle");
    StringBuilder b = new StringBuilder("<figure class=\"activity\"><svg class=\"activity-chart\" xmlns=\"http://www.w3.org/2000/svg\"")
        .append(" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
        .append(Html.esc(title)).append("\" data-received=\"").append(totalReceived).append("\" data-sent=\"")
        .append(totalSent).append("\" data-minutes=\"").append(minutes.size()).append("\"><title>")
        .append(Html.esc(title)).append("</title>");
    b.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
        .append(RIGHT - LEFT).append("\" height=\"").append(BOTTOM - TOP).append("\"/>");
    b.append(line("received", received, maxCount)).append(line("sent", sent, maxCount)).append(delayLine(delay, maxDelay));
    b.append(text("axis", LEFT - 4, TOP + 8, "end", tx.number(maxCount)))
        .append(text("axis", LEFT - 4, BOTTOM, "end", "0"))
        .append(text("axis delay-axis", RIGHT + 4, TOP + 8, "start", seconds(maxDelay)))
        .append(text("axis", LEFT, BOTTOM + 16, "start", tx.t("activity.dayAgo")))
        .append(text("axis", (LEFT + RIGHT) / 2, BOTTOM + 16, "middle", tx.t("activity.halfDayAgo")))
        .append(text("axis", RIGHT, BOTTOM + 16, "end", tx.t("activity.now")));
    b.append("</svg><figcaption><span class=\"key key-received\">").append(Html.esc(tx.t("activity.received", tx.number(totalReceived))))
        .append("</span> <span class=\"key key-sent\">").append(Html.esc(tx.t("activity.sent", tx.number(totalSent))))
        .append("</span> <span class=\"key key-delay\">").append(Html.esc(tx.t("activity.delay"))).append("</span>")
        .append("</figcaption></figure>");
    return b.toString();
  }

  private static double x(int minute) {
    return LEFT + (RIGHT - LEFT) * (minute + 0.5) / MINUTES;
  }

  private static double y(double value, double max) {
    return BOTTOM - (BOTTOM - TOP) * value / max;
  }

  /** A count per minute; runs of equal values collapse to their ends, so an idle day is short. */
  private static String line(String kind, int[] counts, int max) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      boolean keep = i == 0 || i == counts.length - 1 || counts[i] != counts[i - 1] || counts[i] != counts[i + 1];
      if (keep) {
        points.append(num(x(i))).append(',').append(num(y(counts[i], max))).append(' ');
      }
    }
    return "<polyline class=\"" + kind + "\" points=\"" + points.toString().trim() + "\"/>";
  }

  /** The average delay of each minute something arrived in, as dots. */
  private static String delayLine(long[] delay, long max) {
    StringBuilder b = new StringBuilder("<g class=\"delay\">");
    for (int i = 0; i < delay.length; i++) {
      if (delay[i] >= 0) {
        b.append("<circle cx=\"").append(num(x(i))).append("\" cy=\"").append(num(y(delay[i], max))).append("\" r=\"1.6\"/>");
      }
    }
    return b.append("</g>").toString();
  }

  private static String text(String cls, double x, double y, String anchor, String s) {
    return "<text class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">"
        + Html.esc(s) + "</text>";
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
