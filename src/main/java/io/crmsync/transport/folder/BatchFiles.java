package io.crmsync.transport.folder;

import io.crmsync.core.Batch;
import io.crmsync.security.Signatures;
import io.crmsync.transport.BatchJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a folder transport. A batch file {@code crmsync-<seq>.batch} is one header line
 * {@code crmsync-batch 1 <seq> <length> <signature>} and then the batch in the wire format; the
 * signature (HMAC-SHA256 with the key derived from the sync password) covers the kind, the number
 * and the SHA-256 of the body, so it is also the checksum. The ack file {@code crmsync-ack} is
 * {@code crmsync-ack 1 <seq> <from> <signature>}: the peer's last batch applied here.
 */
public final class BatchFiles {
  public static final String ACK_NAME = "crmsync-ack";
  /**
   * The one temporary name of every FTP upload into a folder: a server that hides dot files never
   * lists what an interrupted upload left, and with one name the next upload overwrites it.
   */
  public static final String FTP_UPLOAD_TEMP = ".crmsync-upload.tmp";
  private static final Pattern BATCH_NAME = Pattern.compile("crmsync-0*(\\d{1,18})\\.batch");
  private static final Pattern BATCH_HEADER =
      Pattern.compile("crmsync-batch 1 (\\d{1,18}) (\\d{1,12}) ([A-Za-z0-9+/=]{44})");
  private static final Pattern ACK =
      Pattern.compile("crmsync-ack 1 (\\d{1,18}) ([0-9a-fA-F-]{1,64}) ([A-Za-z0-9+/=]{44})\n?");
  private static final int MAX_HEADER = 200;

  private BatchFiles() {}

  /** A file the folder transport refuses: the reason says why. */
  public static final class BadFileException extends Exception {
    public BadFileException(String reason) {
      super(reason);
    }
  }

  public static String name(long seq) {
    return String.format("crmsync-%020d.batch", seq);
  }

  /** The sequence number of a batch file's name; empty for any other name (temp files too). */
  public static Optional<Long> seqOf(String name) {
    Matcher m = BATCH_NAME.matcher(name);
    return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  /**
   * Whether a name is a temporary file of an upload in progress or interrupted (LOCAL
   * {@code .<name>.tmp}, FTP {@link #FTP_UPLOAD_TEMP}, the folder probe); the writer deletes those.
   */
  public static boolean isTemporary(String name) {
    return name.startsWith(".crmsync-") && name.endsWith(".tmp");
  }

  public static byte[] encode(Batch batch, String key) {
    byte[] body = BatchJson.write(batch);
    String header =
        "crmsync-batch 1 " + batch.seq() + " " + body.length + " "
            + Signatures.signFile(key, "batch", batch.seq(), body) + "\n";
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    byte[] file = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, file, h.length, body.length);
    return file;
  }

  /**
   * The batch of a file named for {@code seq}, after checking its header, length, signature and
   * content; a truncated, corrupt, unsigned or foreign-signed file is a {@link BadFileException}.
   */
  public static Batch decode(byte[] file, long seq, String key) throws BadFileException {
    int nl = -1;
    for (int i = 0; i < Math.min(file.length, MAX_HEADER); i++) {
      if (file[i] == '\n') {
        nl = i;
        break;
      }
    }
    if (nl < 0) {
      throw new BadFileException("no crm-sync batch header (not a batch file, or written by another version)");
    }
    Matcher m = BATCH_HEADER.matcher(new String(file, 0, nl, StandardCharsets.US_ASCII));
    if (!m.matches()) {
      throw new BadFileException("malformed batch header");
    }
    if (Long.parseLong(m.group(1)) != seq) {
      throw new BadFileException("header names batch " + m.group(1) + ", the file name " + seq);
    }
    long length = Long.parseLong(m.group(2));
    byte[] body = Arrays.copyOfRange(file, nl + 1, file.length);
    if (body.length != length) {
      throw new BadFileException(
          "truncated or padded: " + body.length + " bytes of content, the header says " + length);
    }
    if (!Signatures.same(Signatures.signFile(key, "batch", seq, body), m.group(3))) {
      throw new BadFileException(
          "signature mismatch: the file is corrupt or was signed with another sync password");
    }
    Batch batch;
    try {
      batch = BatchJson.read(body);
    } catch (IllegalArgumentException e) {
      throw new BadFileException("invalid batch: " + e.getMessage());
    }
    if (batch.seq() != seq) {
      throw new BadFileException("content is batch " + batch.seq() + ", the file name " + seq);
    }
    return batch;
  }

  public static byte[] encodeAck(long seq, String from, String key) {
    byte[] text = ("crmsync-ack 1 " + seq + " " + from).getBytes(StandardCharsets.US_ASCII);
    String line =
        new String(text, StandardCharsets.US_ASCII) + " " + Signatures.signFile(key, "ack", seq, text) + "\n";
    return line.getBytes(StandardCharsets.US_ASCII);
  }

  /** The peer's acknowledged sequence number from its ack file. */
  public static long decodeAck(byte[] file, String key) throws BadFileException {
    Matcher m = ACK.matcher(new String(file, StandardCharsets.US_ASCII));
    if (file.length > MAX_HEADER || !m.matches()) {
      throw new BadFileException("malformed ack file");
    }
    long seq = Long.parseLong(m.group(1));
    byte[] text = ("crmsync-ack 1 " + seq + " " + m.group(2)).getBytes(StandardCharsets.US_ASCII);
    if (!Signatures.same(Signatures.signFile(key, "ack", seq, text), m.group(3))) {
      throw new BadFileException("ack file signed with another sync password");
    }
    return seq;
  }
}
