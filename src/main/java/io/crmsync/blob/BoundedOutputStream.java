package io.crmsync.blob;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes on at most {@code max} bytes; one more is a {@link BlobSpool.MismatchException}. */
public final class BoundedOutputStream extends FilterOutputStream {
  private long left;

  public BoundedOutputStream(OutputStream out, long max) {
    super(out);
    this.left = max;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > left) {
      throw new BlobSpool.MismatchException("more than " + left + " further bytes: longer than announced");
    }
    left -= len;
    out.write(b, off, len);
  }
}
