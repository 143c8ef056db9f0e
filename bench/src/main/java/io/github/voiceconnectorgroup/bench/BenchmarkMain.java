package io.github.voiceconnectorgroup.bench;

import io.github.voiceconnectorgroup.bench.InvokeBench.Cold;
import io.github.voiceconnectorgroup.bench.InvokeBench.Deployment;
import io.github.voiceconnectorgroup.bench.InvokeBench.EventCalls;
import io.github.voiceconnectorgroup.bench.InvokeBench.Jvm;
import io.github.voiceconnectorgroup.bench.InvokeBench.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs what {@code bench/run} does not run with hyperfine (staging under JMH, the handlers'
 * invokes), then writes {@code RESULTS.md} and {@code synth-time.png}.
 */
public final class BenchmarkMain {

  /** The label of the cold-start floor ({@code bench/floor}) in results. */
  static final String FLOOR = "floor";

  private static final String FLOOR_HANDLER =
      "io.github.voiceconnectorgroup.bench.floor.FloorHandler::handleRequest";

  private BenchmarkMain() {}

  /**
   * Runs the benchmarks and writes the report.
   *
   * @param args {@code --out DIR --work DIR --node FILE --node-bootstrap FILE --node-modules DIR
   *     --key-store FILE --trust-store FILE --floor ZIP --command TEXT --runs N --cold-runs N
   *     --warm N}, then {@code --handler LABEL=ZIP[@HANDLER]} and {@code --jdk JAVA_HOME}, each
   *     once or more; the first handler and a JDK matching the template's runtime (else the first
   *     JDK) are "ours" in the comparison with the baseline
   * @throws Exception when a benchmark fails; nothing is written then
   */
  public static void main(String[] args) throws Exception {
    Map<String, List<String>> options = parse(args);
    Path out = Path.of(one(options, "out"));
    Path work = Path.of(one(options, "work"));
    int runs = Integer.parseInt(one(options, "runs"));
    int coldRuns = Integer.parseInt(one(options, "cold-runs"));
    int warm = Integer.parseInt(one(options, "warm"));
    Report report = new Report(one(options, "command"), Path.of(one(options, "node")));

    Path synth = work.resolve("synth");
    report.synth(synth, BenchStack.STACK_NAME + ".template.json");
    report.staging(staging(work.resolve("staging"), runs));

    Deployment ours = Deployment.of(synth.resolve("construct-1"));
    Deployment baseline = Deployment.of(synth.resolve("baseline-1"));
    List<Jvm> jvms = new ArrayList<>();
    for (String home : options.getOrDefault("jdk", List.of())) {
      jvms.add(new Jvm(javaLabel(Path.of(home)), Path.of(home, "bin", "java"), List.of()));
    }
    Path noOpCode = noOpCode(work.resolve("no-op"));
    try (InvokeBench invoke =
        new InvokeBench(
            work.resolve("invoke"),
            Path.of(one(options, "node")),
            Path.of(one(options, "node-bootstrap")),
            Path.of(one(options, "node-modules")),
            Path.of(one(options, "key-store")),
            Path.of(one(options, "trust-store")))) {
      // The java25 managed runtime starts its client from an AOT cache of its own classes.
      for (Jvm jvm : List.copyOf(jvms)) {
        if (majorVersion(jvm) >= 25) {
          Subject training = new Subject("no-op", noOpCode, NoOpHandler.class.getName(), jvm, ours);
          Path cache = invoke.runtimeAotCache(jvm, training);
          jvms.add(
              jvms.indexOf(jvm) + 1,
              new Jvm(
                  jvm.label() + " + runtime AOT cache",
                  jvm.java(),
                  List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache)));
        }
      }
      List<Subject> subjects = new ArrayList<>();
      for (String handler : options.getOrDefault("handler", List.of())) {
        String[] labelAndZip = handler.split("=", 2);
        String[] zipAndClass = labelAndZip[1].split("@", 2);
        String handlerClass = zipAndClass.length > 1 ? zipAndClass[1] : ours.function().handler();
        Path zip = Path.of(zipAndClass[0]);
        report.artifact(labelAndZip[0], Files.size(zip));
        for (Jvm jvm : jvms) {
          subjects.add(new Subject(labelAndZip[0], zip, handlerClass, jvm, ours));
        }
      }
      Subject headline = headline(subjects, ours.function().runtime());
      Subject node =
          new Subject("baseline", baseline.asset(), baseline.function().handler(), null, baseline);
      subjects.add(node);
      Path floor = Path.of(one(options, "floor"));
      report.artifact(FLOOR, Files.size(floor));
      for (Jvm jvm : jvms) {
        subjects.add(new Subject(FLOOR, floor, FLOOR_HANDLER, jvm, ours));
        subjects.add(new Subject("no-op", noOpCode, NoOpHandler.class.getName(), jvm, ours));
      }
      report.ours(headline, ours.function(), baseline.function());
      report.baselineArtifact(baseline.asset(), Path.of(one(options, "node-modules")));

      // Untimed: the ResponseURL's server handles its first TLS handshake before any sample.
      invoke.cold(subjects.get(0), 0);
      List<Cold> colds = new ArrayList<>();
      for (int run = 1; run <= coldRuns; run++) {
        for (Subject subject : subjects) {
          Cold cold = invoke.cold(subject, warm);
          colds.add(cold);
          System.out.printf(
              "cold %-10s %-34s run %d: %5.0f ms (init %4.0f), cpu %5.0f ms%n",
              subject.label(), subject.runtime(), run, cold.wallMs(), cold.initMs(), cold.cpuMs());
        }
      }
      report.colds(colds);
      Map<String, List<EventCalls>> calls = new LinkedHashMap<>();
      for (Subject subject : subjects) {
        if (!List.of("no-op", FLOOR).contains(subject.label())
            && !calls.containsKey(subject.label())) {
          calls.put(subject.label(), invoke.lifecycle(subject));
        }
      }
      report.calls(calls);
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("RESULTS.md"), report.markdown());
    report.chart(out.resolve("synth-time.png"));
    System.out.println(
        "wrote " + out.resolve("RESULTS.md") + " and " + out.resolve("synth-time.png"));
  }

  /** The first handler on the JDK the template's runtime names, else on the first JDK. */
  private static Subject headline(List<Subject> subjects, String runtime) {
    String wanted = runtime.replace("java", "Java ");
    return subjects.stream()
        .filter(s -> s.label().equals(subjects.get(0).label()))
        .filter(s -> s.jvm().label().startsWith(wanted + "."))
        .reduce((first, second) -> second) // with the runtime's AOT cache, where there is one
        .orElse(subjects.get(0));
  }

  /** JMH: the first group of a synth in a fresh JVM, median of one sample per fork. */
  private static Map<String, Double> staging(Path outdir, int forks) throws Exception {
    deleteRecursively(outdir);
    Map<String, Double> medians = new LinkedHashMap<>();
    for (RunResult result :
        new Runner(
                new OptionsBuilder()
                    .include(StagingBenchmark.class.getName())
                    .forks(forks)
                    .jvmArgsAppend("-D" + StagingBenchmark.OUTDIR_PROPERTY + "=" + outdir)
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.SILENT)
                    .build())
            .run()) {
      double median =
          result.getAggregatedResult().getPrimaryResult().getStatistics().getPercentile(50);
      medians.put(result.getParams().getParam("variant"), median);
      System.out.printf("staging %-9s %5.0f ms%n", result.getParams().getParam("variant"), median);
    }
    return medians;
  }

  /** A task directory holding only {@link NoOpHandler}: the floor of any Java handler. */
  private static Path noOpCode(Path dir) throws IOException {
    String classFile = NoOpHandler.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve(classFile);
    Files.createDirectories(target.getParent());
    try (var in = NoOpHandler.class.getClassLoader().getResourceAsStream(classFile)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  private static String javaLabel(Path home) throws IOException {
    Properties release = new Properties();
    try (var in = Files.newInputStream(home.resolve("release"))) {
      release.load(in);
    }
    return "Java " + release.getProperty("JAVA_VERSION", "?").replace("\"", "");
  }

  private static int majorVersion(Jvm jvm) {
    return Integer.parseInt(jvm.label().replaceAll("^Java (\\d+).*", "$1"));
  }

  private static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options
          .computeIfAbsent(args[i].replaceFirst("^--", ""), k -> new ArrayList<>())
          .add(args[i + 1]);
    }
    return options;
  }

  private static String one(Map<String, List<String>> options, String name) {
    List<String> values = options.getOrDefault(name, List.of());
    if (values.size() != 1) {
      throw new IllegalArgumentException(
          "option --" + name + " is given " + values.size() + " times; allowed: once");
    }
    return values.get(0);
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
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
