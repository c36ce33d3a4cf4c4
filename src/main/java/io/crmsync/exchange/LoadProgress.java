package io.crmsync.exchange;

/**
 * How far the initial load (or reload) of one table has come on the sending side: rows the peer
 * acknowledged, the table's rows when the load began (null until its first batch was built) and
 * when that was (epoch milliseconds).
 */
public record LoadProgress(String table, long done, Long total, Long startedAt) {

  public LoadProgress {
    if (table == null || done < 0) {
      throw new IllegalArgumentException("a load needs a table and a non-negative count");
    }
  }

  /** Rows to load: the count at the start, or more if rows were added meanwhile; null if unknown. */
  public Long expected() {
    return total == null ? null : Math.max(total, done);
  }

  /** Percent done, 0 to 100; 0 while the total is unknown, 100 for an empty table. */
  public int percent() {
    Long all = expected();
    if (all == null) {
      return 0;
    }
    return all == 0 ? 100 : (int) Math.min(100, done * 100 / all);
  }

  /** Rows per second since the load began; 0 before the first acknowledgement. */
  public double rate(long now) {
    if (startedAt == null || done == 0 || now <= startedAt) {
      return 0;
    }
    return done * 1000.0 / (now - startedAt);
  }

  /** Seconds left at the rate so far; null while there is no rate or no total. */
  public Long secondsLeft(long now) {
    double rate = rate(now);
    Long all = expected();
    if (rate <= 0 || all == null) {
      return null;
    }
    return (long) Math.ceil((all - done) / rate);
  }
}
