package io.github.voiceconnectorgroup.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.bench.InvokeBench.Cold;
import io.github.voiceconnectorgroup.bench.InvokeBench.EventCalls;
import io.github.voiceconnectorgroup.bench.InvokeBench.Subject;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.LambdaFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Collects the figures of one run and writes them as RESULTS.md and one chart. */
final class Report {

  /**
   * One synth case as hyperfine measured it, with its memory and template.
   *
   * @param wallS median wall time
   * @param cpuS median user + system time
   * @param peakMib median peak memory
   * @param template the template of its last run
   */
  record Synth(double wallS, double cpuS, double peakMib, TemplateStats template) {}

  private final String command;
  private final String environment;
  private final Map<String, Synth> synth = new LinkedHashMap<>();
  private final Map<String, Long> artifacts = new LinkedHashMap<>();
  private Map<String, Double> staging = Map.of();
  private List<Cold> colds = List.of();
  private Map<String, List<EventCalls>> calls = Map.of();
  private Subject ours;
  private LambdaFunction oursFunction;
  private LambdaFunction baselineFunction;
  private long baselineZipped;
  private long baselineSdk;

  Report(String command, Path node) throws IOException, InterruptedException {
    this.command = command;
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(line -> line.startsWith("model name"))
            .map(line -> line.substring(line.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("unknown CPU");
    this.environment =
        "%d CPUs (%s), %s %s; synth on Java %s with jsii on Node.js %s; baseline handler on Node.js %s"
            .formatted(
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                version("node"),
                version(node.toString()));
  }

  /** Reads hyperfine's exports (one per round), each case's peak memory and last template. */
  @SuppressWarnings("unchecked")
  void synth(Path dir, String templateName) throws IOException {
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    try (Stream<Path> rounds = Files.list(dir)) {
      for (Path round : rounds.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (Object entry :
            (List<Object>) JSON.std.mapFrom(Files.readString(round)).get("results")) {
          Map<String, Object> run = (Map<String, Object>) entry;
          String name = (String) run.get("command");
          wall.computeIfAbsent(name, k -> new ArrayList<>()).add(number(run.get("median")));
          cpu.computeIfAbsent(name, k -> new ArrayList<>())
              .add(number(run.get("user")) + number(run.get("system")));
        }
      }
    }
    for (String name : wall.keySet()) {
      // The first line is the warm-up run's.
      List<String> peaks = Files.readAllLines(dir.resolve(name + ".mem"));
      synth.put(
          name,
          new Synth(
              median(wall.get(name)),
              median(cpu.get(name)),
              median(peaks.stream().skip(1).map(b -> Double.parseDouble(b) / (1 << 20)).toList()),
              TemplateStats.of(dir.resolve(name).resolve(templateName))));
    }
  }

  void staging(Map<String, Double> medians) {
    this.staging = medians;
  }

  void artifact(String label, long bytes) {
    artifacts.put(label, bytes);
  }

  void ours(Subject subject, LambdaFunction function, LambdaFunction baseline) {
    this.ours = subject;
    this.oursFunction = function;
    this.baselineFunction = baseline;
  }

  /** The baseline's asset zipped as the CLI uploads it, and the SDK its runtime provides. */
  void baselineArtifact(Path asset, Path nodeModules) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> files = Files.walk(asset)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(asset.relativize(file).toString()));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    baselineZipped = bytes.size();
    try (Stream<Path> files = Files.walk(nodeModules)) {
      baselineSdk =
          files
              .filter(f -> !nodeModules.relativize(f).toString().startsWith("node-linux-"))
              .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
              .mapToLong(f -> f.toFile().length())
              .sum();
    }
  }

  void colds(List<Cold> samples) {
    this.colds = samples;
  }

  void calls(Map<String, List<EventCalls>> byHandler) {
    this.calls = byHandler;
  }

  String markdown() {
    Subject node = colds.stream().map(Cold::subject).filter(s -> s.jvm() == null).findFirst().get();
    Map<String, Double> o = coldMedians(ours);
    Map<String, Double> b = coldMedians(node);
    // The group counts are bench/run's: those both variants ran, and a larger one for ours.
    List<Integer> counts = counts("baseline");
    int lo = counts.get(0);
    int hi = counts.get(counts.size() - 1);
    int large = counts("construct").stream().filter(n -> !counts.contains(n)).reduce(hi, Math::max);
    String each = counts.stream().map(String::valueOf).collect(Collectors.joining(" / "));
    TemplateStats o1 = template("construct-" + lo);
    TemplateStats oHi = template("construct-" + hi);
    TemplateStats b1 = template("baseline-" + lo);
    TemplateStats bHi = template("baseline-" + hi);
    double policyPerGroup = (bHi.rolePolicyChars() - b1.rolePolicyChars()) / (double) (hi - lo);
    long overLimitFrom =
        (long) ((TemplateStats.ROLE_POLICY_LIMIT_CHARS - b1.rolePolicyChars()) / policyPerGroup)
            + lo
            + 1;
    StringBuilder md = new StringBuilder();
    md.append(
        """
        # Benchmark results: VoiceConnectorGroup vs. AwsCustomResource

        Produced by `%s` on %s (%s). Medians unless marked; ratios are ours / baseline. How each \
        figure is measured: [README.md](README.md).

        - **ours**: `VoiceConnectorGroup`, one Java handler per stack; invokes: handler `%s` on %s \
        (the template asks for %s).
        - **baseline**: an `AwsCustomResource` per group with hand-written Create/Update/Delete SDK \
        calls (`BenchStack.BASELINE`).
        - Every group has two voice connector items; stacks are bound to one account in us-east-1.

        ![Synth wall time against group count](synth-time.png)

        | what | ours | baseline | ratio |
        |---|---:|---:|---:|
        """
            .formatted(
                command,
                LocalDate.now(ZoneOffset.UTC),
                environment,
                ours.label(),
                ours.runtime(),
                oursFunction.runtime()));
    synthRow(md, counts, "synth wall time, " + each + " groups (s)", Synth::wallS, "%.2f");
    synthRow(md, counts, "synth CPU time, " + each + " groups (s)", Synth::cpuS, "%.2f");
    synthRow(md, counts, "synth peak memory, " + each + " groups (MiB)", Synth::peakMib, "%.0f");
    row(
        md,
        "template bytes per additional group",
        (oHi.bytes() - o1.bytes()) / (hi - lo),
        (bHi.bytes() - b1.bytes()) / (hi - lo));
    cells(
        md,
        "Lambda functions / IAM statements, " + hi + " groups",
        oHi.lambdaFunctions() + " / " + oHi.iamStatements(),
        bHi.lambdaFunctions() + " / " + bHi.iamStatements(),
        "");
    cells(
        md,
        fmt(
            "handler role policy, %d / %d groups (characters; IAM's limit %,d)",
            lo, hi, TemplateStats.ROLE_POLICY_LIMIT_CHARS),
        fmt("%,d / %,d", o1.rolePolicyChars(), oHi.rolePolicyChars()),
        fmt("%,d / %,d", b1.rolePolicyChars(), bHi.rolePolicyChars()),
        "");
    cells(
        md,
        large + " groups",
        fmt(
            "%d function(s), %,d-character policy, %.2f s synth",
            template("construct-" + large).lambdaFunctions(),
            template("construct-" + large).rolePolicyChars(),
            synth.get("construct-" + large).wallS()),
        "over IAM's limit from " + overLimitFrom + " groups",
        "");
    row(md, "cold invoke, process start to response received (ms)", o.get("wall"), b.get("wall"));
    row(md, "cold invoke CPU time, user + sys (ms)", o.get("cpu"), b.get("cpu"));
    row(
        md,
        fmt(
            "cold invoke in Lambda at %d / %d MB, CPU-bound estimate (ms)",
            oursFunction.memorySizeMb(), baselineFunction.memorySizeMb()),
        lambdaEstimate(o, oursFunction),
        lambdaEstimate(b, baselineFunction));
    row(md, "warm invoke (ms)", o.get("warm"), b.get("warm"));
    cells(
        md,
        "handler artifact (bytes)",
        fmt("%,d", artifacts.get(ours.label())),
        fmt("%,d + %,d of SDK in the Node.js runtime", baselineZipped, baselineSdk),
        "");
    row(
        md,
        "staging the handler on a repeated synth (first group, ms)",
        staging.get("construct"),
        staging.get("baseline"));
    cells(
        md,
        "API calls for Create / Update / Delete",
        callCounts(calls.get(ours.label())),
        callCounts(calls.get(node.label())),
        "");

    md.append(
        """

        ## Cold start by handler and runtime

        Each handler ZIP on each runtime, beside the floor on the same runtime (`bench/floor`: the \
        handler's SDK client, one CreateVoiceConnectorGroup call, one SUCCESS PUT; the aim is \
        ours / floor at most 1.10) and the `AwsCustomResource` baseline on Node.js. Ratios are of \
        this run's medians.

        | handler | runtime | cold: start to answer (ms) | / floor | / baseline | CPU (ms) \
        | / floor | / baseline | init (ms) | warm (ms) | artifact (bytes) | API calls C / U / D |
        |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
        """);
    for (Subject subject : colds.stream().map(Cold::subject).distinct().toList()) {
      Map<String, Double> m = coldMedians(subject);
      List<EventCalls> events = calls.get(subject.label());
      // Ratios for the handlers whose calls were counted: not the floor, no-op or baseline.
      Map<String, Double> f =
          events == null || subject.jvm() == null
              ? null
              : colds.stream()
                  .map(Cold::subject)
                  .filter(s -> s.label().equals(BenchmarkMain.FLOOR))
                  .filter(s -> subject.jvm().equals(s.jvm()))
                  .findFirst()
                  .map(this::coldMedians)
                  .orElseThrow();
      Long bytes =
          subject.jvm() == null ? Long.valueOf(baselineZipped) : artifacts.get(subject.label());
      cells(
          md,
          subject.label(),
          subject.runtime(),
          fmt("%,.0f", m.get("wall")),
          f == null ? "" : fmt("%.2f", m.get("wall") / f.get("wall")),
          f == null ? "" : fmt("%.2f", m.get("wall") / b.get("wall")),
          fmt("%,.0f", m.get("cpu")),
          f == null ? "" : fmt("%.2f", m.get("cpu") / f.get("cpu")),
          f == null ? "" : fmt("%.2f", m.get("cpu") / b.get("cpu")),
          fmt("%,.0f", m.get("init")),
          fmt("%.1f", m.get("warm")),
          bytes == null ? "" : fmt("%,d", bytes),
          events == null ? "" : callCounts(events));
    }
    md.append("\nAPI calls by operation (one group, two voice connectors; Update renames it):\n\n");
    calls.forEach(
        (label, events) ->
            events.forEach(
                e ->
                    md.append(
                        fmt(
                            "- %s %s: %s, %s%s%n",
                            label,
                            e.requestType(),
                            e.calls(),
                            e.status(),
                            e.reason().isEmpty() ? "" : " (" + e.reason() + ")"))));
    return md.toString();
  }

  /** Median synth wall time against group count, one line per variant. */
  void chart(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title("Synth wall time vs. group count (median, fresh JVM + jsii)")
            .xAxisTitle("voice connector groups in the stack")
            .yAxisTitle("synth wall time (s)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#");
    for (BenchStack variant : BenchStack.values()) {
      List<Integer> counts = counts(variant.label());
      chart
          .addSeries(
              variant == BenchStack.CONSTRUCT ? "VoiceConnectorGroup (ours)" : "AwsCustomResource",
              counts.stream().mapToDouble(Integer::doubleValue).toArray(),
              counts.stream()
                  .mapToDouble(n -> synth.get(variant.label() + "-" + n).wallS())
                  .toArray())
          .setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private void synthRow(
      StringBuilder md,
      List<Integer> counts,
      String what,
      Function<Synth, Double> figure,
      String f) {
    List<String> o = new ArrayList<>();
    List<String> b = new ArrayList<>();
    List<String> r = new ArrayList<>();
    for (int count : counts) {
      double ours = figure.apply(synth.get("construct-" + count));
      double base = figure.apply(synth.get("baseline-" + count));
      o.add(fmt(f, ours));
      b.add(fmt(f, base));
      r.add(fmt("%.2f", ours / base));
    }
    cells(md, what, String.join(" / ", o), String.join(" / ", b), String.join(" / ", r));
  }

  private static void row(StringBuilder md, String what, double ours, double base) {
    cells(md, what, fmt("%,.0f", ours), fmt("%,.0f", base), fmt("%.2f", ours / base));
  }

  private static void cells(StringBuilder md, String... cells) {
    md.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private List<Integer> counts(String variant) {
    return synth.keySet().stream()
        .filter(name -> name.startsWith(variant + "-"))
        .map(name -> Integer.parseInt(name.substring(variant.length() + 1)))
        .sorted()
        .toList();
  }

  private TemplateStats template(String name) {
    return synth.get(name).template();
  }

  /** Lambda gives a function CPU in proportion to its memory: 1,769 MB is one vCPU. */
  private static double lambdaEstimate(Map<String, Double> cold, LambdaFunction function) {
    return Math.max(
        cold.get("wall"), cold.get("cpu") * 1769 / Math.min(function.memorySizeMb(), 1769));
  }

  private Map<String, Double> coldMedians(Subject subject) {
    List<Cold> mine = colds.stream().filter(c -> c.subject().equals(subject)).toList();
    return Map.of(
        "wall", median(mine.stream().map(Cold::wallMs).toList()),
        "init", median(mine.stream().map(Cold::initMs).toList()),
        "cpu", median(mine.stream().map(Cold::cpuMs).toList()),
        "warm", median(mine.stream().flatMap(c -> c.warmMs().stream()).toList()));
  }

  private static String callCounts(List<EventCalls> events) {
    String counts =
        events.stream().map(e -> Long.toString(e.total())).collect(Collectors.joining(" / "));
    String failed =
        events.stream()
            .filter(e -> !"SUCCESS".equals(e.status()))
            .map(e -> e.requestType() + " " + e.status())
            .collect(Collectors.joining(", "));
    return failed.isEmpty() ? counts : counts + " (" + failed + ")";
  }

  /**
   * The median; the mean of the two middle values for an even count.
   *
   * @param values at least one
   * @return their median
   */
  static double median(Collection<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values is empty; allowed: at least one sample");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  private static String fmt(String format, Object... values) {
    return String.format(Locale.ROOT, format, values);
  }

  private static String version(String executable) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
    String version = new String(process.getInputStream().readAllBytes()).trim();
    process.waitFor();
    return version;
  }
}
