package io.github.voiceconnectorgroup.bench;

import io.github.voiceconnectorgroup.testsupport.JavaLambdaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/** A running Lambda function process, Java or Node.js, as the invoke benchmark sees it. */
interface FunctionProcess extends AutoCloseable {

  /** {@link System#nanoTime()} just before the process started. */
  long startedAtNanos();

  /** Wall-clock time just before the process started. */
  Instant startedAt();

  /** CPU time (user + system) the process has used so far, in clock ticks (10 ms). */
  Duration cpuTime();

  /** Process id. */
  long pid();

  /**
   * On-CPU time of the process's live threads in nanoseconds, for short spans (see {@link
   * ProcessTreeMonitor#readThreadCpuNanos}).
   */
  default Duration threadCpuTime() {
    Long nanos = ProcessTreeMonitor.readThreadCpuNanos(pid());
    if (nanos == null) {
      throw new IllegalStateException("function process " + pid() + " has exited:\n" + logs());
    }
    return Duration.ofNanos(nanos);
  }

  /** The process's output so far. */
  String logs();

  @Override
  void close();

  static FunctionProcess of(JavaLambdaProcess process) {
    return new FunctionProcess() {
      @Override
      public long startedAtNanos() {
        return process.startedAtNanos();
      }

      @Override
      public Instant startedAt() {
        return process.startedAt();
      }

      @Override
      public long pid() {
        return process.pid();
      }

      @Override
      public Duration cpuTime() {
        return process
            .cpuTime()
            .orElseThrow(
                () -> new IllegalStateException("Java function has exited:\n" + process.logs()));
      }

      @Override
      public String logs() {
        return process.logs();
      }

      @Override
      public void close() {
        process.close();
      }
    };
  }

  static FunctionProcess of(NodeLambdaProcess process) {
    return new FunctionProcess() {
      @Override
      public long startedAtNanos() {
        return process.startedAtNanos();
      }

      @Override
      public Instant startedAt() {
        return process.startedAt();
      }

      @Override
      public long pid() {
        return process.process().pid();
      }

      @Override
      public Duration cpuTime() {
        return Duration.ofNanos(process.cpuNanos());
      }

      @Override
      public String logs() {
        try {
          return process.output();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void close() {
        process.close();
      }
    };
  }
}
