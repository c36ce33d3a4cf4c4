package io.crmsync.security;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
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

  /** Seals what is written to the returned stream into {@code out}; close it to write the last chunk. */
  public static OutputStream sealing(Seal seal, String context, OutputStream out) throws IOException {
    byte[] prefix = new byte[8];
    RANDOM.nextBytes(prefix);
    out.write(MAGIC);
    out.write(prefix);
    return new FilterOutputStream(out) {
      private final byte[] buffer = new byte[CHUNK];
      private int filled;
      private int index;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          if (filled == CHUNK) {
            chunk(false);
          }
          int n = Math.min(len, CHUNK - filled);
          System.arraycopy(b, off, buffer, filled, n);
          filled += n;
          off += n;
          len -= n;
        }
      }

      private void chunk(boolean last) throws IOException {
        byte[] sealed =
            seal.crypt(Cipher.ENCRYPT_MODE, nonce(prefix, index), aad(context, index, last), buffer, 0, filled);
        out.write(ByteBuffer.allocate(4).putInt(sealed.length | (last ? LAST : 0)).array());
        out.write(sealed);
        index++;
        filled = 0;
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          chunk(true);
          out.close();
        }
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
      throw new IOException("sealed value cut short");
    }
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a sealed value: the other program sends the old clear format (update the other program)");
    }
    return new InputStream() {
      private byte[] plain = new byte[0];
      private int pos;
      private int index;
      private boolean last;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (pos == plain.length) {
          if (last) {
            return -1;
          }
          next();
        }
        int n = Math.min(len, plain.length - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
      }

      private void next() throws IOException {
        int header;
        byte[] sealed;
        try {
          header = data.readInt();
          int length = header & ~LAST;
          if (length > CHUNK + Seal.TAG_BITS / 8 || length < Seal.TAG_BITS / 8) {
            throw new IOException("sealed value has a chunk of a bad length (" + length + ")");
          }
          sealed = new byte[length];
          data.readFully(sealed);
        } catch (EOFException e) {
          throw new IOException("sealed value cut short after chunk " + index);
        }
        last = (header & LAST) != 0;
        try {
          plain = seal.crypt(Cipher.DECRYPT_MODE, nonce(prefix, index), aad(context, index, last), sealed, 0, sealed.length);
        } catch (IllegalStateException e) {
          throw new IOException("sealed value does not open at chunk " + index
              + ": damaged, reordered, or sealed for another sync or value");
        }
        pos = 0;
        index++;
      }

      @Override
      public void close() throws IOException {
        data.close();
      }
    };
  }

  private static byte[] nonce(byte[] prefix, int index) {
    return ByteBuffer.allocate(Seal.NONCE_BYTES).put(prefix).putInt(index).array();
  }

  private static String aad(String context, int index, boolean last) {
    return context + "\nchunk " + index + (last ? " last" : "");
  }
}
