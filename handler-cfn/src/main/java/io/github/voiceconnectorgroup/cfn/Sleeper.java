package io.github.voiceconnectorgroup.cfn;

import java.time.Duration;

/** Waits; tests pass one that moves their clock instead. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the current thread. */
  Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

  /**
   * Waits that long.
   *
   * @param duration how long
   * @throws InterruptedException when the thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}
