package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Polls {@code /proc} for a process and all its descendants: the peak of their summed resident
 * memory, and the CPU time (user + system) each has used, as last seen.
 *
 * <p>Polling misses whatever a process does after the last sample; at a 20 ms interval that is
 * small next to synth times. CPU time comes in clock ticks (10 ms on Linux).
 */
public final class ProcessTreeMonitor implements AutoCloseable {

  private static final long CLOCK_TICK_NANOS = 10_000_000L;

  /** Walking the process table costs CPU that the measured process would miss; keep it rare. */
  private static final long POLL_INTERVAL_MS = 20;

  private final ProcessHandle root;
  private final Thread poller;
  private final Map<Long, Long> cpuTicksByPid = new HashMap<>();
  private volatile boolean running = true;
  private long peakRssKb;
  private int peakProcessCount;

  private ProcessTreeMonitor(ProcessHandle root) {
    this.root = root;
    this.poller = new Thread(this::pollUntilClosed, "process-tree-monitor-" + root.pid());
    this.poller.setDaemon(true);
  }

  /**
   * Starts polling a process tree.
   *
   * @param root the process whose tree is watched
   * @return a running monitor; close it once the process has exited
   */
  public static ProcessTreeMonitor start(ProcessHandle root) {
    ProcessTreeMonitor monitor = new ProcessTreeMonitor(root);
    monitor.sample();
    monitor.poller.start();
    return monitor;
  }

  private void pollUntilClosed() {
    while (running) {
      sample();
      try {
        Thread.sleep(POLL_INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Takes one sample now; also called by the polling thread. */
  public synchronized void sample() {
    List<ProcessHandle> tree =
        Stream.concat(Stream.of(root), root.descendants()).collect(Collectors.toList());
    long rss = 0;
    int alive = 0;
    for (ProcessHandle process : tree) {
      long pid = process.pid();
      Long rssKb = readRssKb(pid);
      if (rssKb == null) {
        continue;
      }
      alive++;
      rss += rssKb;
      Long ticks = readCpuTicks(pid);
      if (ticks != null) {
        cpuTicksByPid.merge(pid, ticks, Math::max);
      }
    }
    if (rss > peakRssKb) {
      peakRssKb = rss;
    }
    if (alive > peakProcessCount) {
      peakProcessCount = alive;
    }
  }

  /**
   * Peak of the summed resident set sizes of the tree's processes.
   *
   * @return bytes
   */
  public synchronized long peakRssBytes() {
    return peakRssKb * 1024;
  }

  /**
   * Most processes seen alive at once in the tree.
   *
   * @return count
   */
  public synchronized int peakProcessCount() {
    return peakProcessCount;
  }

  /**
   * CPU time (user + system) the tree's processes had used at the last sample.
   *
   * @return nanoseconds, in steps of one clock tick
   */
  public synchronized long cpuNanos() {
    return cpuTicksByPid.values().stream().mapToLong(Long::longValue).sum() * CLOCK_TICK_NANOS;
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    try {
      poller.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Long readRssKb(long pid) {
    String status = readProcFile(Path.of("/proc", Long.toString(pid), "status"));
    if (status == null) {
      return null;
    }
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).replace("kB", "").trim());
      }
    }
    // Zombies have no VmRSS line.
    return null;
  }

  /**
   * CPU ticks (utime + stime) of one live process.
   *
   * @param pid process id
   * @return clock ticks, or null when the process is gone
   */
  static Long readCpuTicks(long pid) {
    String stat = readProcFile(Path.of("/proc", Long.toString(pid), "stat"));
    if (stat == null) {
      return null;
    }
    // Fields after the parenthesised command name, which may itself hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * On-CPU time of a live process's current threads, from the scheduler's per-thread accounting in
   * nanoseconds; threads that have already exited are not counted, so use it for differences over
   * spans in which no thread ends.
   *
   * @param pid process id
   * @return nanoseconds, or null when the process is gone
   */
  static Long readThreadCpuNanos(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long total = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : threads.toList()) {
        String schedstat = readProcFile(thread.resolve("schedstat"));
        if (schedstat != null) {
          total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        }
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (!Files.exists(tasks)) {
        return null;
      }
      throw new UncheckedIOException(e);
    }
    return total;
  }

  private static String readProcFile(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (!Files.exists(file.getParent())) {
        return null;
      }
      throw new UncheckedIOException(e);
    }
  }
}
