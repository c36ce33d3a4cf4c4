package io.crmsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodiesTest {

  /** An endless body (a chunked request that never ends) counting what is read from it. */
  private static final class Endless extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Arrays.fill(b, off, off + len, (byte) 'x');
      read += len;
      return len;
    }
  }

  @Test
  void endlessBodyIsCutOffOneBytePastTheLimit() throws Exception {
    Endless in = new Endless();
    assertThat(Bodies.readAtMost(in, 100_000)).isNull();
    assertThat(in.read).isEqualTo(100_001);
  }

  @Test
  void bodyOfExactlyTheLimitIsRead() throws Exception {
    byte[] body = new byte[20_000];
    assertThat(Bodies.readAtMost(new ByteArrayInputStream(body), 20_000)).hasSize(20_000);
    assertThat(Bodies.readAtMost(new ByteArrayInputStream(body), 19_999)).isNull();
    assertThat(Bodies.readAtMost(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
  }

  @Test
  void announcedLengthOverTheLimitIsSeenBeforeReading() {
    assertThat(Bodies.announcedLarger("1001", 1000)).isTrue();
    assertThat(Bodies.announcedLarger("1000", 1000)).isFalse();
    assertThat(Bodies.announcedLarger("99999999999999999999999", 1000)).isTrue();
    assertThat(Bodies.announcedLarger(null, 1000)).isFalse();
    assertThat(Bodies.announcedLarger("-5", 1000)).isFalse();
  }
}
