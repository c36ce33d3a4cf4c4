package io.crmsync.security;

/**
 * Finding a passive sync by its password, so that an active program needs only the remote
 * program's address and the password. Each passive HTTP sync keeps a discovery key derived from
 * its password with PBKDF2, salted with its program's id (public, so the active side can derive
 * the same key, but different for every program, so no table of guesses serves two programs). The
 * active side signs a time and a nonce with that key; the passive side compares the signature with
 * each of its passive syncs' keys and answers the one that matches with its sync key, signed with
 * the same key. The password never travels, and the discovery key is not the key that signs and
 * seals exchanges.
 */
public final class Discovery {
  private Discovery() {}

  /** The discovery key of a password at the program {@code programId}. */
  public static String key(String password, String programId) {
    return PeerKeys.derive(password, "discover:" + programId);
  }
}
