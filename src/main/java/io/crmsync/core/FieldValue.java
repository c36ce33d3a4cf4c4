package io.crmsync.core;

import java.util.Objects;

/**
 * One field's value as it travels: the sender's field number, the encoded value (null for SQL
 * NULL), and its version (HLC and origin program).
 */
public record FieldValue(int number, String value, long hlc, String origin) {
  public FieldValue {
    if (number <= 0) {
      throw new IllegalArgumentException("field number must be positive: " + number);
    }
    if (hlc <= 0) {
      throw new IllegalArgumentException("field " + number + " has no version");
    }
    Objects.requireNonNull(origin, "origin");
  }
}
