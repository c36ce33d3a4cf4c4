package io.crmsync.core;

import java.util.UUID;

/** Global record ids: UUIDs in their canonical text form. */
public final class GlobalIds {
  private GlobalIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Returns the id if it is a canonical UUID, else throws with a clear message. */
  public static String check(String gid) {
    if (gid == null || gid.length() != 36 || !UUID.fromString(gid).toString().equals(gid)) {
      throw new IllegalArgumentException("not a global record id: " + gid);
    }
    return gid;
  }
}
