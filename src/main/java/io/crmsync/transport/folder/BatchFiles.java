package io.crmsync.transport.folder;

import io.crmsync.blob.BlobRef;
import io.crmsync.core.Batch;
import io.crmsync.security.Seal;
import io.crmsync.security.Signatures;
import io.crmsync.transport.BatchJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a folder transport, version 2 (sealed). A batch file {@code crmsync-<seq>.batch} is
 * one header line {@code crmsync-batch 2 <seq> <length> <signature>} and then the batch in the
 * wire format, sealed ({@link Seal}); the signature (HMAC-SHA256 with the key derived from the sync
 * password) covers the kind, the number and the SHA-256 of the sealed body, so it is also the
 * checksum, and is checked before the body is opened. The ack file {@code crmsync-ack} is {@code
 * crmsync-ack 2 <sealed seq and writer, Base64>}: the peer's last batch applied here. Files of
 * version 1 (clear) are refused with a word to update the other program.
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
      Pattern.compile("crmsync-batch 2 (\\d{1,18}) (\\d{1,12}) ([A-Za-z0-9+/=]{44})");
  private static final Pattern ACK = Pattern.compile("crmsync-ack 2 ([A-Za-z0-9+/=]{20,160})\n?");
  private static final Pattern ACK_CONTENT = Pattern.compile("(\\d{1,18}) ([0-9a-fA-F-]{1,64})");
  /** Files of version 1 carried their batch in clear. */
  private static final String OLD_FORMAT =
      "written in the old clear format by an older version of crm-sync: update the other program";
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
    byte[] body = Seal.of(key).seal(BatchJson.write(batch), batchContext(batch.seq()));
    String header =
        "crmsync-batch 2 " + batch.seq() + " " + body.length + " "
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
    String head = new String(file, 0, nl, StandardCharsets.US_ASCII);
    if (head.startsWith("crmsync-batch 1 ")) {
      throw new BadFileException(OLD_FORMAT);
    }
    Matcher m = BATCH_HEADER.matcher(head);
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
      batch = BatchJson.read(Seal.of(key).open(body, batchContext(seq)));
    } catch (Seal.OpenException e) {
      throw new BadFileException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new BadFileException("invalid batch: " + e.getMessage());
    }
    if (batch.seq() != seq) {
      throw new BadFileException("content is batch " + batch.seq() + ", the file name " + seq);
    }
    return batch;
  }

  /** An ack file: the sequence number and the writer's program id, sealed (the tag authenticates it). */
  public static byte[] encodeAck(long seq, String from, String key) {
    byte[] sealed = Seal.of(key).seal((seq + " " + from).getBytes(StandardCharsets.US_ASCII), ACK_CONTEXT);
    return ("crmsync-ack 2 " + Base64.getEncoder().encodeToString(sealed) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The peer's acknowledged sequence number from its ack file. */
  public static long decodeAck(byte[] file, String key) throws BadFileException {
    String text = new String(file, StandardCharsets.US_ASCII);
    if (text.startsWith("crmsync-ack 1 ")) {
      throw new BadFileException("the ack file is " + OLD_FORMAT);
    }
    Matcher m = ACK.matcher(text);
    if (file.length > MAX_HEADER || !m.matches()) {
      throw new BadFileException("malformed ack file");
    }
    String content;
    try {
      content = new String(Seal.of(key).open(Base64.getDecoder().decode(m.group(1)), ACK_CONTEXT),
          StandardCharsets.US_ASCII);
    } catch (Seal.OpenException | IllegalArgumentException e) {
      throw new BadFileException("ack file sealed with another sync password, or damaged");
    }
    Matcher c = ACK_CONTENT.matcher(content);
    if (!c.matches()) {
      throw new BadFileException("malformed ack file");
    }
    return Long.parseLong(c.group(1));
  }

  private static final String ACK_CONTEXT = "crmsync ack";

  private static String batchContext(long seq) {
    return "crmsync batch " + seq;
  }

  /** What a large value's file is sealed for. */
  public static String blobContext(BlobRef ref) {
    return "crmsync blob " + ref.text();
  }
}
