package io.github.voiceconnectorgroup.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@link SynthOnce} in fresh JVMs, alternating the variants so that both see the same machine
 * load, and measures wall time, CPU time and the peak memory of each process tree.
 */
public final class SynthBenchmark {

  private final Path workDir;
  private final String classpath;
  private final Optional<Path> gnuTime;
  private final Map<String, TemplateStats> templates = new LinkedHashMap<>();

  /**
   * Prepares the benchmark.
   *
   * @param workDir scratch directory for cloud assemblies and logs
   * @param classpath classpath of the synth JVMs (this module and its runtime dependencies)
   * @param gnuTime GNU time, which reports the CPU time of the JVM and the children it reaped; when
   *     absent, CPU time comes from polling {@code /proc}
   */
  public SynthBenchmark(Path workDir, String classpath, Optional<Path> gnuTime) {
    this.workDir = workDir;
    this.classpath = classpath;
    this.gnuTime = gnuTime;
  }

  /**
   * Synthesizes each variant at each group count {@code runs} times, plus one repeated synth per
   * run of the smallest stack into the same output directory (to time staging of an asset that is
   * already there). One unmeasured synth per variant first fills jsii's cache.
   *
   * @param variants variant names in the order they alternate
   * @param groupCounts group counts per variant
   * @param runs measured runs per variant and count
   * @return every sample, in the order taken
   * @throws IOException when a synth fails
   * @throws InterruptedException when interrupted
   */
  public List<SynthSample> run(
      List<String> variants, Map<String, List<Integer>> groupCounts, int runs)
      throws IOException, InterruptedException {
    for (String variant : variants) {
      synth(variant, 1, 0, workDir.resolve("warmup-" + variant), false);
    }
    List<Integer> allCounts =
        groupCounts.values().stream().flatMap(List::stream).distinct().sorted().toList();
    List<SynthSample> samples = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (int groups : allCounts) {
        for (String variant : variants) {
          if (!groupCounts.get(variant).contains(groups)) {
            continue;
          }
          Path outdir = workDir.resolve(variant + "-" + groups + "-run" + run);
          SynthSample sample = synth(variant, groups, run, outdir, false);
          samples.add(sample);
          System.out.printf(
              "synth %-9s %3d groups run %d: wall %6.0f ms, cpu %6.0f ms, peak %4d MiB%n",
              variant, groups, run, sample.wallMs(), sample.cpuMs(), sample.peakRssBytes() >> 20);
          String key = variant + "/" + groups;
          if (!templates.containsKey(key)) {
            templates.put(
                key, TemplateStats.of(outdir.resolve("VoiceConnectorGroupBench.template.json")));
          }
          if (groups == allCounts.get(0)) {
            SynthSample again = synth(variant, groups, run, outdir, true);
            samples.add(again);
            System.out.printf(
                "synth %-9s %3d groups run %d (repeated): wall %6.0f ms, first group %5.0f ms%n",
                variant, groups, run, again.wallMs(), again.firstGroupMs());
          }
        }
      }
    }
    return samples;
  }

  /**
   * Template statistics, one per variant and count, keyed {@code variant/groups}.
   *
   * @return statistics of the first run's templates
   */
  public Map<String, TemplateStats> templates() {
    return templates;
  }

  private SynthSample synth(String variant, int groups, int run, Path outdir, boolean repeated)
      throws IOException, InterruptedException {
    if (!repeated) {
      deleteRecursively(outdir);
    }
    Files.createDirectories(outdir);
    Path timeFile = outdir.resolve("..").normalize().resolve(outdir.getFileName() + ".time");
    Path log = outdir.resolve("..").normalize().resolve(outdir.getFileName() + ".log");
    List<String> command = new ArrayList<>();
    gnuTime.ifPresent(
        time -> command.addAll(List.of(time.toString(), "-f", "%U %S", "-o", timeFile.toString())));
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classpath,
            SynthOnce.class.getName(),
            variant,
            Integer.toString(groups),
            outdir.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    long start = System.nanoTime();
    Process process = builder.start();
    int exit;
    long peakRss;
    long polledCpu;
    try (ProcessTreeMonitor monitor = ProcessTreeMonitor.start(process.toHandle())) {
      exit = process.waitFor();
      peakRss = monitor.peakRssBytes();
      polledCpu = monitor.cpuNanos();
    }
    double wallMs = (System.nanoTime() - start) / 1e6;
    String output = Files.readString(log);
    if (exit != 0) {
      throw new IOException(
          "synth of " + variant + " with " + groups + " groups exited " + exit + ":\n" + output);
    }
    double cpuMs = polledCpu / 1e6;
    if (gnuTime.isPresent()) {
      String[] userSys = Files.readString(timeFile).trim().split("\\s+");
      double reported = (Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1])) * 1000;
      // GNU time misses a child the JVM did not reap; polling misses a process's last moments.
      cpuMs = Math.max(reported, cpuMs);
    }
    Map<String, Object> phases = phases(output);
    return new SynthSample(
        variant,
        groups,
        run,
        repeated,
        wallMs,
        cpuMs,
        peakRss,
        ((Number) phases.get("firstGroupMs")).doubleValue(),
        ((Number) phases.get("otherGroupsMs")).doubleValue(),
        ((Number) phases.get("synthMs")).doubleValue());
  }

  private static Map<String, Object> phases(String output) throws IOException {
    for (String line : output.split("\n")) {
      if (line.startsWith(SynthOnce.RESULT_PREFIX)) {
        return JSON.std.mapFrom(line.substring(SynthOnce.RESULT_PREFIX.length()));
      }
    }
    throw new IOException("no " + SynthOnce.RESULT_PREFIX + "line in synth output:\n" + output);
  }

  /**
   * Deletes a directory tree if it exists.
   *
   * @param dir the directory
   * @throws IOException when a file cannot be deleted
   */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
