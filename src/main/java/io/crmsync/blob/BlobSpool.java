package io.crmsync.blob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Large values on this machine's disk while they travel, one file per content (named by its
 * SHA-256). A file appears only complete and verified: it is written under a temporary name,
 * its hash and length checked, then renamed.
 */
public final class BlobSpool {
  private static volatile Path dir;

  private BlobSpool() {}

  /** Sets the spool folder (at program start). */
  public static void init(Path folder) throws IOException {
    dir = Files.createDirectories(folder);
  }

  private static Path dir() {
    Path d = dir;
    if (d == null) {
      throw new IllegalStateException("crm-sync: the large-value spool folder is not set up");
    }
    return d;
  }

  public static Path path(BlobRef ref) {
    return dir().resolve(ref.sha256());
  }

  /** Whether the value is here, complete. */
  public static boolean has(BlobRef ref) {
    try {
      return Files.size(path(ref)) == ref.length();
    } catch (IOException e) {
      return false;
    }
  }

  /** Something that writes a value's bytes. */
  public interface Source {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Stores the bytes {@code source} writes if they are the value {@code ref} names; otherwise
   * stores nothing and fails with a {@link MismatchException}.
   */
  public static void put(BlobRef ref, Source source) throws IOException {
    Path target = path(ref);
    Path temp = Files.createTempFile(dir(), ".in-", ".tmp");
    try {
      MessageDigest sha = sha256();
      long length;
      try (CountingOutputStream counter = new CountingOutputStream(Files.newOutputStream(temp));
          DigestOutputStream out = new DigestOutputStream(counter, sha)) {
        source.writeTo(out);
        out.flush();
        length = counter.count;
      }
      String got = HexFormat.of().formatHex(sha.digest());
      if (length != ref.length() || !got.equals(ref.sha256())) {
        throw new MismatchException(
            "large value " + ref.sha256().substring(0, 12) + "… arrived as " + length + " bytes with hash "
                + got.substring(0, 12) + "…, expected " + ref.length() + " bytes");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Stores the bytes of a stream, checked as in {@link #put(BlobRef, Source)}. */
  public static void put(BlobRef ref, InputStream in) throws IOException {
    put(ref, out -> in.transferTo(out));
  }

  /** The value's bytes; the stream closes itself once all of them were read. */
  public static InputStream open(BlobRef ref) throws IOException {
    try {
      return new SelfClosing(Files.newInputStream(path(ref)), ref.length());
    } catch (NoSuchFileException e) {
      throw new IOException("large value " + ref.text() + " has not arrived", e);
    }
  }

  /** Deletes the spool files of values that were applied or handed on (best effort). */
  public static void discard(Iterable<BlobRef> refs) {
    for (BlobRef ref : refs) {
      try {
        Files.deleteIfExists(path(ref));
      } catch (IOException e) {
        // Left for purge(): a spool file is only ever a copy.
      }
    }
  }

  /** Deletes spool files not used for {@code maxAgeMillis}; returns how many. */
  public static int purge(long maxAgeMillis) throws IOException {
    Path d = dir;
    if (d == null) {
      return 0;
    }
    long cutoff = System.currentTimeMillis() - maxAgeMillis;
    int n = 0;
    try (Stream<Path> files = Files.list(d)) {
      for (Path p : files.toList()) {
        if (Files.getLastModifiedTime(p).toMillis() < cutoff && Files.deleteIfExists(p)) {
          n++;
        }
      }
    }
    return n;
  }

  /** A value that did not arrive intact. */
  public static final class MismatchException extends IOException {
    public MismatchException(String message) {
      super(message);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Closes the file when the last byte was read: JDBC drivers read exactly the length given. */
  private static final class SelfClosing extends FilterInputStream {
    private long remaining;

    SelfClosing(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0 && --remaining <= 0) {
        close();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, len);
      if (n > 0) {
        remaining -= n;
      }
      if (remaining <= 0 || n < 0) {
        close();
      }
      return n;
    }
  }
}
