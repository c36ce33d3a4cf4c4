package io.crmsync.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final FailureLimiter limiter = new FailureLimiter(3, 60_000, now::get);

  @Test
  void theFailureThatReachesTheLimitStartsALockout() {
    assertThat(limiter.failed("10.0.0.1")).isFalse();
    assertThat(limiter.failed("10.0.0.1")).isFalse();
    assertThat(limiter.lockedFor("10.0.0.1")).isZero();
    assertThat(limiter.failed("10.0.0.1")).isTrue();
    assertThat(limiter.lockedFor("10.0.0.1")).isEqualTo(60_000);
  }

  @Test
  void otherSourcesAreNotLockedOut() {
    for (int i = 0; i < 3; i++) {
      limiter.failed("10.0.0.1");
    }
    assertThat(limiter.lockedFor("10.0.0.2")).isZero();
    assertThat(limiter.failed("10.0.0.2")).isFalse();
  }

  @Test
  void failuresSpreadOverMoreThanAMinuteDoNotLockOut() {
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.failed("10.0.0.1")).isFalse();
      now.addAndGet(30_001);
    }
    assertThat(limiter.lockedFor("10.0.0.1")).isZero();
  }

  @Test
  void lockoutEndsAfterItsTimeAndCountingStartsAfresh() {
    for (int i = 0; i < 3; i++) {
      limiter.failed("10.0.0.1");
    }
    now.addAndGet(59_000);
    assertThat(limiter.lockedFor("10.0.0.1")).isEqualTo(1_000);
    now.addAndGet(1_000);
    assertThat(limiter.lockedFor("10.0.0.1")).isZero();
    assertThat(limiter.failed("10.0.0.1")).isFalse();
    assertThat(limiter.lockedFor("10.0.0.1")).isZero();
  }

  @Test
  void failuresWhileLockedNeitherExtendNorReportTheLockoutAgain() {
    for (int i = 0; i < 3; i++) {
      limiter.failed("10.0.0.1");
    }
    now.addAndGet(10_000);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.failed("10.0.0.1")).isFalse();
    }
    assertThat(limiter.lockedFor("10.0.0.1")).isEqualTo(50_000);
  }

  @Test
  void trackedSourcesAreBoundedAndStaleOnesForgotten() {
    for (int i = 0; i < FailureLimiter.MAX_SOURCES + 100; i++) {
      limiter.failed("addr-" + i);
    }
    assertThat(limiter.tracked()).isEqualTo(FailureLimiter.MAX_SOURCES);
    now.addAndGet(FailureLimiter.WINDOW_MILLIS + 1);
    limiter.failed("late");
    assertThat(limiter.tracked()).isEqualTo(1);
  }
}
