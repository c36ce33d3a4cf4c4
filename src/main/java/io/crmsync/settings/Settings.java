package io.crmsync.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * Configuration keys, read through MicroProfile Config where the server has it (system properties
 * and environment variables both work there), else from system properties and environment
 * variables directly ({@code crmsync.admin.user} or {@code CRMSYNC_ADMIN_USER}).
 */
public final class Settings {
  /** JNDI name of the CRM DataSource. */
  public static final String DATASOURCE = "crmsync.datasource";
  /** This program's name, told to its peers and shown in their change logs (run-program.sh sets it to PROGRAM_NAME). */
  public static final String PROGRAM_NAME = "crmsync.program.name";

  public static final String ADMIN_USER = "crmsync.admin.user";
  public static final String ADMIN_PASSWORD = "crmsync.admin.password";

  /** Failed administrator logins from one address in a minute before it is locked out. */
  public static final String ADMIN_MAX_FAILURES = "crmsync.admin.maxFailuresPerMinute";

  /** Seconds a locked-out address is refused administrator logins (429). */
  public static final String ADMIN_LOCKOUT_SECONDS = "crmsync.admin.lockoutSeconds";

  /** Base URL of this program as its peers reach it, for peer URLs; default: the request's. */
  public static final String PUBLIC_URL = "crmsync.public.url";

  /** If set, every LOCAL sync folder must lie inside this folder. */
  public static final String FOLDER_ROOT = "crmsync.folder.root";

  /** true: batch files acknowledged by the peer are moved to an archive subfolder, not deleted. */
  public static final String FOLDER_ARCHIVE = "crmsync.folder.archive";

  /** Connect and read timeout of FTP connections, in seconds. */
  public static final String FTP_TIMEOUT = "crmsync.ftp.timeoutSeconds";

  /** Largest batch accepted from a peer, in bytes: an HTTP request body or a batch file. */
  public static final String MAX_BATCH_BYTES = "crmsync.peer.maxBodyBytes";

  /** Trust store (PKCS12, or JKS by its .jks name) for FTPS servers with their own certificate authority. */
  public static final String FTP_TRUST_STORE = "crmsync.ftp.trustStore";

  public static final String FTP_TRUST_STORE_PASSWORD = "crmsync.ftp.trustStorePassword";

  /** Folder for large values while they travel; default: a folder per program in java.io.tmpdir. */
  public static final String BLOB_DIR = "crmsync.blob.dir";

  /** Largest accepted difference between a peer's clock and ours, in seconds. */
  public static final String MAX_CLOCK_SKEW = "crmsync.peer.maxClockSkewSeconds";

  /** Failed peer authentications from one address in a minute before it is locked out. */
  public static final String PEER_MAX_FAILURES = "crmsync.peer.maxFailuresPerMinute";

  /** Failed peer authentications for one sync, from any address, in a minute before lockout. */
  public static final String PEER_MAX_SYNC_FAILURES = "crmsync.peer.maxSyncFailuresPerMinute";

  /** Seconds a locked-out address or sync is refused with 429. */
  public static final String PEER_LOCKOUT_SECONDS = "crmsync.peer.lockoutSeconds";

  /** Base64 of the 32-byte master key that encrypts stored secrets. */
  public static final String SECRET_KEY = "crmsync.secret.key";

  /** File holding the master key when {@link #SECRET_KEY} is not set (created if missing). */
  public static final String SECRET_KEY_FILE = "crmsync.secret.keyFile";

  /** Days the change log is kept. */
  public static final String LOG_RETENTION_DAYS = "crmsync.log.retentionDays";

  private Settings() {}

  public static Optional<String> get(String key) {
    try {
      Optional<String> v =
          org.eclipse.microprofile.config.ConfigProvider.getConfig()
              .getOptionalValue(key, String.class);
      if (v.isPresent()) {
        return v;
      }
    } catch (LinkageError | RuntimeException noMicroProfile) {
      // Not every server has MicroProfile Config; fall back to the plain sources below.
    }
    String v = System.getProperty(key);
    if (v == null) {
      v = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
    }
    return Optional.ofNullable(v).filter(s -> !s.isEmpty());
  }

  public static String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public static int getInt(String key, int defaultValue) {
    return get(key).map(String::trim).map(Integer::parseInt).orElse(defaultValue);
  }
}
