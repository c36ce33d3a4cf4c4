package io.crmsync.security;

import io.crmsync.settings.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The server's master key for {@link Secrets}: {@code crmsync.secret.key} (Base64 of 32 bytes) if
 * configured, else the key file {@code crmsync.secret.keyFile} (default
 * {@code ~/.crmsync/secret.key}), generated once with permissions 600 when it does not exist.
 */
public final class MasterKey {
  private static final Logger LOG = Logger.getLogger(MasterKey.class.getName());
  static final String KEY = Settings.SECRET_KEY;
  static final String KEY_FILE = Settings.SECRET_KEY_FILE;

  private MasterKey() {}

  /** The configured or stored key; generates the key file the first time. */
  static byte[] load() {
    var configured = Settings.get(KEY);
    if (configured.isPresent()) {
      return decode(configured.get(), KEY);
    }
    Path file =
        Path.of(
            Settings.get(KEY_FILE, Path.of(System.getProperty("user.home"), ".crmsync", "secret.key").toString()));
    try {
      return fromFile(file);
    } catch (IOException e) {
      throw new IllegalStateException(
          "crm-sync: cannot read or create the master key file " + file + " (" + e
              + "): set " + KEY + " or " + KEY_FILE, e);
    }
  }

  /** Reads the key file, creating it with a new random key if it does not exist. */
  static byte[] fromFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      create(file);
    }
    LOG.info(() -> "crm-sync: stored secrets are encrypted with the master key in " + file);
    return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  private static void create(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path tmp = Files.createTempFile(dir, ".secret", ".tmp");
    try {
      restrict(tmp);
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      // A link fails if the file exists: of two programs starting at once, one key wins and both
      // read it, instead of one overwriting a key the other already used.
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException another) {
        return;
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        try {
          Files.move(tmp, file);
        } catch (FileAlreadyExistsException another) {
          return;
        }
      }
      LOG.warning(
          () -> "crm-sync: generated a new master key for stored secrets in " + file
              + ": back it up with the database, and give every cluster member the same key ("
              + KEY + " or " + KEY_FILE + ")");
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the ACL of the (user's) directory.
    }
  }

  private static byte[] decode(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("crm-sync: the master key in " + source + " is not Base64");
    }
    if (key.length != 32) {
      throw new IllegalStateException(
          "crm-sync: the master key in " + source + " must be 32 bytes (Base64 of 32 random bytes), not "
              + key.length);
    }
    return key;
  }
}
