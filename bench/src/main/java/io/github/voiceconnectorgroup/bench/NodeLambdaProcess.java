package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js Lambda function run locally: {@code node bench/node/bootstrap.js} speaking the Runtime
 * API to a local stand-in, the function's code in {@code LAMBDA_TASK_ROOT}, and the AWS SDK v3 from
 * {@code NODE_PATH} as the managed runtime bundles it.
 */
public final class NodeLambdaProcess implements AutoCloseable {

  private final Process process;
  private final long startedAtNanos;
  private final Instant startedAt;
  private final Path log;

  private NodeLambdaProcess(Process process, long startedAtNanos, Instant startedAt, Path log) {
    this.process = process;
    this.startedAtNanos = startedAtNanos;
    this.startedAt = startedAt;
    this.log = log;
  }

  /**
   * Starts the function.
   *
   * @param node the {@code node} executable
   * @param bootstrap the bootstrap script
   * @param taskRoot the function's unpacked code
   * @param handler the function's Handler, {@code file.export}
   * @param nodePath directory of the packages the runtime provides ({@code node_modules})
   * @param environment the function's environment, Runtime API address, Region, credentials and
   *     endpoints included
   * @param log file that receives stdout and stderr
   * @return the running process
   * @throws IOException when it cannot start
   */
  public static NodeLambdaProcess start(
      Path node,
      Path bootstrap,
      Path taskRoot,
      String handler,
      Path nodePath,
      Map<String, String> environment,
      Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(node.toString(), bootstrap.toString())
            .directory(taskRoot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("_HANDLER", handler);
    env.put("NODE_PATH", nodePath.toString());
    env.putAll(environment);
    Files.createDirectories(log.getParent());
    long startedAtNanos = System.nanoTime();
    Instant startedAt = Instant.now();
    Process process = builder.start();
    return new NodeLambdaProcess(process, startedAtNanos, startedAt, log);
  }

  /**
   * When {@link ProcessBuilder#start()} was called.
   *
   * @return {@link System#nanoTime()} just before the process started
   */
  public long startedAtNanos() {
    return startedAtNanos;
  }

  /**
   * Wall-clock time when {@link ProcessBuilder#start()} was called.
   *
   * @return the instant just before the process started
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * The operating system process.
   *
   * @return the process
   */
  public Process process() {
    return process;
  }

  /**
   * CPU time (user + system) the process has used so far.
   *
   * @return nanoseconds, in steps of one clock tick
   */
  public long cpuNanos() {
    Long ticks = ProcessTreeMonitor.readCpuTicks(process.pid());
    if (ticks == null) {
      throw new IllegalStateException("node process " + process.pid() + " has exited; see " + log);
    }
    return ticks * 10_000_000L;
  }

  /**
   * The function's output so far.
   *
   * @return stdout and stderr
   * @throws IOException when the log cannot be read
   */
  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
