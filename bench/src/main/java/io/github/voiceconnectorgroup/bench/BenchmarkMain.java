package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every benchmark side by side and writes {@code RESULTS.md} and {@code synth-time.png}. Run
 * through {@code bench/run}, which builds what this needs and passes the paths.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code --out DIR --work DIR --handler-zip FILE --node FILE --node-bootstrap FILE
   *     --node-modules DIR [--runs N] [--cold-runs N] [--warm N] [--time FILE] [--command TEXT]}
   * @throws Exception when a benchmark fails; nothing is written then
   */
  public static void main(String[] args) throws Exception {
    // The JDK HTTP server behind the stand-ins otherwise waits on Nagle + delayed ACK (~40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Map<String, String> options = parse(args);
    Path out = Path.of(required(options, "out"));
    Path work = Path.of(required(options, "work"));
    int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    int coldRuns = Integer.parseInt(options.getOrDefault("cold-runs", "5"));
    int warm = Integer.parseInt(options.getOrDefault("warm", "5"));
    Optional<Path> gnuTime = Optional.ofNullable(options.get("time")).map(Path::of);
    Files.createDirectories(work);

    List<String> variants = List.of("construct", "baseline");
    Map<String, List<Integer>> counts = new LinkedHashMap<>();
    counts.put("construct", List.of(1, 10, 50, 200));
    counts.put("baseline", List.of(1, 10, 50));

    SynthBenchmark synth =
        new SynthBenchmark(work.resolve("synth"), System.getProperty("java.class.path"), gnuTime);
    List<SynthSample> synthSamples = synth.run(variants, counts, runs);

    Map<String, Path> assemblies = new LinkedHashMap<>();
    for (String variant : variants) {
      assemblies.put(variant, work.resolve("synth").resolve(variant + "-1-run1"));
    }
    List<InvokeSample> invokeSamples;
    List<LifecycleCalls> lifecycle;
    Map<String, Long> classLoads;
    List<double[]> javaFloor;
    List<Double> oursPlainHttp;
    try (InvokeBenchmark invoke =
        new InvokeBenchmark(
            work.resolve("invoke"),
            Path.of(required(options, "node")),
            Path.of(required(options, "node-bootstrap")),
            Path.of(required(options, "node-modules")))) {
      invokeSamples = invoke.measure(assemblies, coldRuns, warm);
      lifecycle = invoke.lifecycle(assemblies);
      classLoads = invoke.classLoadProfile("construct", assemblies.get("construct"));
      javaFloor = invoke.javaFloor(assemblies.get("construct"), coldRuns);
      oursPlainHttp =
          invoke.coldWithPlainHttpResponseUrl("construct", assemblies.get("construct"), coldRuns);
    }

    ArtifactSizes artifacts =
        ArtifactSizes.measure(
            Path.of(required(options, "handler-zip")),
            assemblies,
            Path.of(required(options, "node-modules")),
            Stats.median(Sha256Probe.measure(Path.of(required(options, "handler-zip")), coldRuns)));

    Map<String, FunctionSettings> functions = new LinkedHashMap<>();
    assemblies.forEach(
        (variant, assembly) -> functions.put(variant, FunctionSettings.of(variant, assembly)));

    ResultsReport report =
        new ResultsReport(
            synthSamples,
            synth.templates(),
            invokeSamples,
            lifecycle,
            artifacts,
            functions,
            classLoads,
            javaFloor,
            oursPlainHttp,
            new ResultsReport.RunInfo(
                runs,
                coldRuns,
                warm,
                options.getOrDefault("command", "bench/run"),
                Environment.describe(Path.of(required(options, "node")))));
    Files.createDirectories(out);
    Files.writeString(out.resolve("RESULTS.md"), report.markdown());
    Files.writeString(out.resolve("samples.csv"), samplesCsv(synthSamples, invokeSamples));
    SynthTimeChart.write(
        out.resolve("synth-time.png"), report.synthSeries(), report.chartSubtitle());
    System.out.println(
        "wrote " + out.resolve("RESULTS.md") + " and " + out.resolve("synth-time.png"));
  }

  /** Every sample, so that other statistics can be drawn from the same run. */
  private static String samplesCsv(List<SynthSample> synth, List<InvokeSample> invokes) {
    StringBuilder csv =
        new StringBuilder(
            "kind,variant,groups,run,repeated_synth,cold,wall_ms,cpu_ms,peak_rss_bytes,init_ms,"
                + "first_group_ms,other_groups_ms,app_synth_ms\n");
    for (SynthSample s : synth) {
      csv.append(
          String.format(
              java.util.Locale.ROOT,
              "synth,%s,%d,%d,%b,,%.1f,%.1f,%d,,%.1f,%.1f,%.1f%n",
              s.variant(),
              s.groups(),
              s.run(),
              s.repeated(),
              s.wallMs(),
              s.cpuMs(),
              s.peakRssBytes(),
              s.firstGroupMs(),
              s.otherGroupsMs(),
              s.synthMs()));
    }
    for (InvokeSample s : invokes) {
      csv.append(
          String.format(
              java.util.Locale.ROOT,
              "invoke,%s,1,,,%b,%.1f,%.2f,,%.1f,,,%n",
              s.variant(),
              s.cold(),
              s.wallMs(),
              s.cpuMs(),
              s.initMs()));
    }
    return csv.toString();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "argument " + args[i] + " is not allowed: expected --name value pairs");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("option --" + name + " is missing; it is required");
    }
    return value;
  }

  /** The machine and tool versions, for the results' header. */
  static final class Environment {
    private Environment() {}

    static String describe(Path node) throws IOException, InterruptedException {
      String handlerNode = version(node.toString());
      String jsiiNode = version("node");
      String cpu = "unknown CPU";
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
      return String.format(
          "%d CPUs (%s), Java %s (%s), Node.js %s for the baseline's handler and %s for jsii, %s %s",
          Runtime.getRuntime().availableProcessors(),
          cpu,
          System.getProperty("java.version"),
          System.getProperty("java.vm.name"),
          handlerNode,
          jsiiNode,
          System.getProperty("os.name"),
          System.getProperty("os.arch"));
    }

    private static String version(String node) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      String version = new String(process.getInputStream().readAllBytes()).trim();
      process.waitFor();
      return version;
    }
  }
}
