package io.crmsync.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * A large value sealed as it streams, in chunks of at most 64 KiB, each authenticated on its own,
 * so that neither side holds the value in memory. A chunk's nonce is a random prefix of the value
 * and the chunk's number; its associated data names the value (its reference), the number and
 * whether it is the last: a chunk cut, dropped, swapped or taken from another value does not open,
 * and a value cut after a whole chunk is missing its last one.
 *
 * <p>Format, version 1: {@code CSB1}, the 8-byte prefix, then chunks: a 4-byte length (the top
 * bit marks the last chunk) and the ciphertext with its tag.
 */
public final class SealedStream {
  static final byte[] MAGIC = "CSB1".getBytes(StandardCharsets.US_ASCII);
  static final int CHUNK = 64 * 1024;
  private static final int LAST = 0x8000_0000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedStream() {}

  /** A sealed value that does not open: cut, damaged, reordered, or sealed for something else. */
  public static final class BrokenException extends IOException {
    public BrokenException(String message) {
      super(message);
    }
  }

  /** The length of the sealed form of a value of {@code length} bytes. */
  public static long sealedLength(long length) {
    long chunks = length == 0 ? 1 : (length + CHUNK - 1) / CHUNK;
    return MAGIC.length + 8 + chunks * (4 + Seal.TAG_BITS / 8) + length;
  }

  /** The sealed form of {@code plain}, produced chunk by chunk as it is read. */
  public static InputStream sealing(Seal seal, String context, InputStream plain) {
    byte[] prefix = new byte[8];
    RANDOM.nextBytes(prefix);
    return new Chunks(ByteBuffer.allocate(MAGIC.length + prefix.length).put(MAGIC).put(prefix).array()) {
      private final byte[] buffer = new byte[CHUNK];

      /** A byte read ahead to learn whether a full chunk was the last. */
      private int ahead = -1;

      /** Seals the next chunk; the last is the one after which the plain stream ends. */
      @Override
      void next() throws IOException {
        int filled = 0;
        if (ahead >= 0) {
          buffer[filled++] = (byte) ahead;
          ahead = -1;
        }
        filled += plain.readNBytes(buffer, filled, CHUNK - filled);
        if (filled == CHUNK) {
          ahead = plain.read();
        }
        seal(filled, ahead < 0);
      }

      private void seal(int filled, boolean isLast) {
        byte[] sealed =
            seal.crypt(Cipher.ENCRYPT_MODE, nonce(prefix, index), aad(context, index, isLast), buffer, 0, filled);
        serve(ByteBuffer.allocate(4 + sealed.length).putInt(sealed.length | (isLast ? LAST : 0)).put(sealed).array(),
            isLast);
      }

      @Override
      public void close() throws IOException {
        plain.close();
      }
    };
  }

  /** The plain content of a sealed value read from {@code in}; a bad or cut value fails with an IOException. */
  public static InputStream opening(Seal seal, String context, InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] magic = new byte[MAGIC.length];
    byte[] prefix = new byte[8];
    try {
      data.readFully(magic);
      data.readFully(prefix);
    } catch (EOFException e) {
      throw new BrokenException("sealed value cut short");
    }
    if (!Arrays.equals(magic, MAGIC)) {
      throw new BrokenException(NOT_SEALED);
    }
    return new Chunks(new byte[0]) {
      @Override
      void next() throws IOException {
        int header;
        byte[] sealed;
        try {
          header = data.readInt();
          int length = checkLength(header & ~LAST);
          sealed = new byte[length];
          data.readFully(sealed);
        } catch (EOFException e) {
          throw new BrokenException("sealed value cut short after chunk " + index);
        }
        boolean isLast = (header & LAST) != 0;
        serve(SealedStream.open(seal, context, prefix, index, isLast, sealed, 0, sealed.length), isLast);
      }

      @Override
      public void close() throws IOException {
        data.close();
      }
    };
  }

  /**
   * As {@link #opening}, for a writer that pushes the sealed bytes: what is written to the
   * returned stream is opened chunk by chunk into {@code plain}. Closing it fails unless the last
   * chunk came, and leaves {@code plain} open.
   */
  public static OutputStream openingTo(Seal seal, String context, OutputStream plain) {
    return new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
      private byte[] prefix;
      private int index;
      private boolean last;
      /** Bytes needed before the next part (the head, a length, a chunk) can be taken. */
      private int needed = MAGIC.length + 8;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        pending.write(b, off, len);
        if (pending.size() >= needed) {
          drain();
        }
      }

      /** Opens every complete chunk received so far. */
      private void drain() throws IOException {
        byte[] all = pending.toByteArray();
        int pos = 0;
        if (prefix == null) {
          if (all.length < MAGIC.length + 8) {
            return;
          }
          if (!Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BrokenException(NOT_SEALED);
          }
          prefix = Arrays.copyOfRange(all, MAGIC.length, MAGIC.length + 8);
          pos = MAGIC.length + 8;
          needed = 4;
        }
        while (all.length - pos >= 4) {
          int header = ByteBuffer.wrap(all, pos, 4).getInt();
          int length = checkLength(header & ~LAST);
          if (all.length - pos - 4 < length) {
            needed = 4 + length;
            break;
          }
          if (last) {
            throw new BrokenException("sealed value goes on after its last chunk");
          }
          last = (header & LAST) != 0;
          plain.write(open(seal, context, prefix, index++, last, all, pos + 4, length));
          pos += 4 + length;
          needed = 4;
        }
        pending.reset();
        pending.write(all, pos, all.length - pos);
      }

      /** Checks that the value came whole; {@code plain} stays open. */
      @Override
      public void close() throws IOException {
        if (!last || pending.size() > 0) {
          throw new BrokenException("sealed value cut short after chunk " + index);
        }
        plain.flush();
      }
    };
  }

  private static final String NOT_SEALED =
      "not a sealed value: the other program sends the old clear format (update the other program)";

  private static int checkLength(int length) throws IOException {
    if (length > CHUNK + Seal.TAG_BITS / 8 || length < Seal.TAG_BITS / 8) {
      throw new BrokenException("sealed value has a chunk of a bad length (" + length + ")");
    }
    return length;
  }

  private static byte[] open(Seal seal, String context, byte[] prefix, int index, boolean last, byte[] in, int off,
      int length) throws IOException {
    try {
      return seal.crypt(Cipher.DECRYPT_MODE, nonce(prefix, index), aad(context, index, last), in, off, length);
    } catch (IllegalStateException e) {
      throw new BrokenException("sealed value does not open at chunk " + index
          + ": damaged, reordered, or sealed for another sync or value");
    }
  }

  /** A stream served chunk by chunk: {@link #next} makes the next one, until the last was served. */
  private abstract static class Chunks extends InputStream {
    private byte[] chunk;
    private int pos;
    int index;
    private boolean last;

    Chunks(byte[] first) {
      this.chunk = first;
    }

    abstract void next() throws IOException;

    /** The next chunk to read; {@code isLast}: nothing comes after it. */
    void serve(byte[] next, boolean isLast) {
      chunk = next;
      pos = 0;
      index++;
      last = isLast;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (pos == chunk.length) {
        if (last) {
          return -1;
        }
        next();
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private static byte[] nonce(byte[] prefix, int index) {
    return ByteBuffer.allocate(Seal.NONCE_BYTES).put(prefix).putInt(index).array();
  }

  private static String aad(String context, int index, boolean last) {
    return context + "\nchunk " + index + (last ? " last" : "");
  }
}
