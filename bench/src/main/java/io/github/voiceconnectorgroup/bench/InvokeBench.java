package io.github.voiceconnectorgroup.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader;
import io.github.voiceconnectorgroup.testsupport.JavaLambdaProcess;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Runs handler functions as their templates declare them, for CloudFormation events, against
 * test/support's stand-ins: the Chime SDK Voice endpoint, the Lambda Runtime API and the
 * ResponseURL. Java handlers run under the real runtime interface client ({@link
 * JavaLambdaProcess}), the baseline's Node.js handler under {@code bench/node/bootstrap.js}.
 *
 * <p>The ResponseURL is HTTPS, as S3's pre-signed URLs are: the JDK's HTTPS server on an
 * unprivileged port of 127.0.0.1, with a throwaway certificate that only the benchmark's processes
 * trust, records each PUT.
 */
final class InvokeBench implements AutoCloseable {

  private static final Duration WAIT = Duration.ofMinutes(2);

  /**
   * A JVM to run Java handlers on.
   *
   * @param label as shown in results
   * @param java the {@code java} executable
   * @param options added to the runtime's JVM options
   */
  record Jvm(String label, Path java, List<String> options) {}

  /**
   * A handler function to run.
   *
   * @param label the handler's label in results
   * @param code its code: a ZIP or a directory
   * @param handler its Handler setting
   * @param jvm the JVM for a Java handler; null for the Node.js baseline
   * @param template the function and custom resource it stands in for
   */
  record Subject(String label, Path code, String handler, Jvm jvm, Deployment template) {
    String runtime() {
      return jvm == null ? "Node.js" : jvm.label;
    }
  }

  /**
   * The handler function and the custom resource it serves, read from a cloud assembly.
   *
   * @param function the function's settings
   * @param resource the first custom resource it serves
   * @param asset its code asset
   */
  record Deployment(
      CloudAssemblyReader.LambdaFunction function,
      CloudAssemblyReader.Resource resource,
      Path asset) {

    static Deployment of(Path assembly) {
      CloudAssemblyReader.Stack stack = CloudAssemblyReader.read(assembly).stacks().get(0);
      for (CloudAssemblyReader.LambdaFunction function : stack.lambdaFunctions()) {
        List<CloudAssemblyReader.Resource> served = stack.customResourcesServedBy(function);
        if (!served.isEmpty()) {
          return new Deployment(function, served.get(0), stack.codeAsset(function));
        }
      }
      throw new IllegalStateException("no function in " + assembly + " serves a custom resource");
    }

    String arn() {
      return "arn:aws:lambda:%s:%s:function:%s"
          .formatted(BenchStack.REGION, BenchStack.ACCOUNT, function.logicalId());
    }
  }

  /**
   * One fresh process: its first event and the warm ones after it.
   *
   * @param subject what ran
   * @param wallMs process start to the answer (the response PUT; for a handler that sends none, the
   *     Runtime API response)
   * @param initMs process start to its first poll for an event
   * @param cpuMs CPU time (user + system) of the process up to the answer
   * @param warmMs event queued to answer, for each further event
   */
  record Cold(Subject subject, double wallMs, double initMs, double cpuMs, List<Double> warmMs) {}

  /**
   * What one lifecycle event did against the Chime SDK Voice stand-in.
   *
   * @param requestType Create, Update or Delete
   * @param calls API calls by operation
   * @param status the answer's Status
   * @param reason the answer's Reason, or empty
   */
  record EventCalls(String requestType, Map<String, Long> calls, String status, String reason) {
    long total() {
      return calls.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private record Running(long pid, long startedAtNanos, Supplier<String> logs, Runnable stop)
      implements AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }

  /** A response PUT, or the Runtime API's result for a handler that sends none. */
  private record Answer(long atNanos, Map<String, Object> response) {}

  private final Path work;
  private final Path node;
  private final Path nodeBootstrap;
  private final Path nodeModules;
  private final String trustOptions;
  private final ChimeSdkVoiceStandIn chime;
  private final HttpsServer responseServer;
  private final List<Answer> puts = new CopyOnWriteArrayList<>();
  private final String responseUrl;
  private int processes;

  /**
   * Starts the stand-ins; {@code keyStore} holds the ResponseURL's key and certificate, which the
   * handlers trust through {@code trustStore} (both PKCS#12 with the password {@code changeit}).
   */
  InvokeBench(
      Path work, Path node, Path nodeBootstrap, Path nodeModules, Path keyStore, Path trustStore)
      throws IOException, GeneralSecurityException {
    this.work = Files.createDirectories(work);
    this.node = node;
    this.nodeBootstrap = nodeBootstrap;
    this.nodeModules = nodeModules;
    this.trustOptions =
        "-Djavax.net.ssl.trustStore=%s -Djavax.net.ssl.trustStorePassword=changeit"
            .formatted(trustStore);
    this.chime = ChimeSdkVoiceStandIn.start(BenchStack.REGION, BenchStack.ACCOUNT);
    chime.registerVoiceConnectors(BenchStack.voiceConnectorIds(0).toArray(String[]::new));
    char[] password = "changeit".toCharArray();
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(KeyStore.getInstance(keyStore.toFile(), password), password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    this.responseServer =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    responseServer.setHttpsConfigurator(new HttpsConfigurator(tls));
    responseServer.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean put = exchange.getRequestMethod().equals("PUT");
            if (put) {
              puts.add(new Answer(System.nanoTime(), JSON.std.mapFrom(body)));
            }
            exchange.sendResponseHeaders(put ? 200 : 405, -1);
          }
        });
    responseServer.start();
    this.responseUrl =
        "https://127.0.0.1:%d/cloudformation-custom-resource-response/bench?X-Amz-Signature=0"
            .formatted(responseServer.getAddress().getPort());
  }

  /** Starts a fresh process, sends it a Create, then {@code warm} more. */
  Cold cold(Subject subject, int warm) throws IOException {
    Events events = events(subject);
    try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(events.functionArn());
        Running function = start(subject, runtime, List.of())) {
      Answer first = invoke(runtime, function, subject, events.create(), true);
      forgetGroups();
      double cpuMs =
          ProcessHandle.of(function.pid())
                  .flatMap(p -> p.info().totalCpuDuration())
                  .orElseThrow(() -> new IOException("process ended:\n" + function.logs().get()))
                  .toNanos()
              / 1e6;
      List<Double> warmMs = new ArrayList<>();
      for (int i = 0; i < warm; i++) {
        long queued = System.nanoTime();
        warmMs.add(
            (invoke(runtime, function, subject, events.create(), true).atNanos - queued) / 1e6);
        forgetGroups();
      }
      return new Cold(
          subject,
          (first.atNanos - function.startedAtNanos()) / 1e6,
          (runtime.firstPollAtNanos().orElseThrow() - function.startedAtNanos()) / 1e6,
          cpuMs,
          warmMs);
    }
  }

  /** Sends Create, an Update that renames the group, and Delete, counting each one's calls. */
  List<EventCalls> lifecycle(Subject subject) throws IOException {
    Events events = events(subject);
    List<EventCalls> result = new ArrayList<>();
    try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(events.functionArn());
        Running function = start(subject, runtime, List.of())) {
      String physicalId = null;
      for (String type : List.of("Create", "Update", "Delete")) {
        Map<String, Object> event =
            switch (type) {
              case "Create" -> events.create();
              case "Update" -> events.rename(physicalId);
              default -> events.delete(physicalId);
            };
        chime.clearRequests();
        Map<String, Object> response = invoke(runtime, function, subject, event, false).response;
        physicalId = (String) response.get("PhysicalResourceId");
        result.add(
            new EventCalls(
                type,
                chime.requests().stream()
                    .collect(
                        Collectors.groupingBy(
                            r -> r.operation().modelName(), TreeMap::new, Collectors.counting())),
                (String) response.get("Status"),
                String.valueOf(response.getOrDefault("Reason", ""))));
      }
    }
    forgetGroups();
    return result;
  }

  /**
   * Builds an ahead-of-time cache of the runtime interface client, as the java25 managed runtime
   * ships one: a training run of {@code noOp} (a handler that does nothing, on a JDK 25 or later),
   * then the cache's creation. It holds the runtime's and the JDK's classes, never a function's.
   */
  Path runtimeAotCache(Jvm jvm, Subject noOp) throws IOException, InterruptedException {
    String name = "runtime-" + jvm.label.replaceAll("\\W+", "-");
    Path configuration = work.resolve(name + ".aotconf");
    Path cache = work.resolve(name + ".aot");
    Files.deleteIfExists(configuration);
    Events events = events(noOp);
    try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(events.functionArn());
        Running function =
            start(
                noOp,
                runtime,
                List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration))) {
      invoke(runtime, function, noOp, events.create(), true);
    }
    List<String> create = new ArrayList<>(List.of(jvm.java.toString()));
    // The collector the runtime runs with, so that the cache's heap objects load.
    create.add("-XX:+UseSerialGC");
    String classpath =
        JavaLambdaProcess.runtimeInterfaceClientClasspath().stream()
            .map(Path::toString)
            .collect(Collectors.joining(":"));
    create.addAll(
        List.of(
            "-XX:AOTMode=create",
            "-XX:AOTConfiguration=" + configuration,
            "-XX:AOTCache=" + cache,
            "-cp",
            classpath));
    Path log = work.resolve(name + ".aot.log");
    Process process =
        new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (process.waitFor() != 0 || !Files.exists(cache)) {
      throw new IOException("creating " + cache + " failed:\n" + Files.readString(log));
    }
    return cache;
  }

  /** Each Create makes a group: remove them, so that an account quota never refuses the next. */
  private void forgetGroups() {
    chime.groups().forEach(group -> chime.deleteGroupOutOfBand(group.id()));
  }

  private Events events(Subject subject) {
    return new Events(subject.template.arn(), subject.template.resource, responseUrl);
  }

  private Answer invoke(
      LambdaRuntimeApiStandIn runtime,
      Running function,
      Subject subject,
      Map<String, Object> event,
      boolean requireSuccess)
      throws IOException {
    boolean answersCloudFormation = !subject.handler.startsWith(NoOpHandler.class.getName());
    int before = puts.size();
    LambdaRuntimeApiStandIn.Invocation invocation =
        runtime.enqueue(
            JSON.std.asString(event),
            Duration.ofSeconds(subject.template.function().timeoutSeconds()));
    long deadline = System.nanoTime() + WAIT.toNanos();
    // Done when the runtime has the result and, for a custom resource handler, the PUT arrived.
    while (!invocation.result().isDone()
        || (answersCloudFormation
            && puts.size() <= before
            && invocation.await(WAIT).outcome() == LambdaRuntimeApiStandIn.Outcome.RESPONSE)) {
      if (!ProcessHandle.of(function.pid()).map(ProcessHandle::isAlive).orElse(false)
          || System.nanoTime() > deadline) {
        throw new IOException(
            "%s on %s did not answer:%n%s"
                .formatted(subject.label, subject.runtime(), function.logs().get()));
      }
      LockSupport.parkNanos(1_000_000);
    }
    LambdaRuntimeApiStandIn.InvocationResult result = invocation.await(WAIT);
    Answer answer = new Answer(result.completedAtNanos(), Map.of("Status", "SUCCESS"));
    if (answersCloudFormation && puts.size() > before) {
      answer = puts.get(before);
    }
    if (result.outcome() != LambdaRuntimeApiStandIn.Outcome.RESPONSE
        || (requireSuccess && !"SUCCESS".equals(answer.response.get("Status")))) {
      throw new IOException(
          "%s on %s answered %s (runtime outcome %s):%n%s"
              .formatted(
                  subject.label,
                  subject.runtime(),
                  answer.response,
                  result.outcome(),
                  function.logs().get()));
    }
    return answer;
  }

  private Running start(Subject subject, LambdaRuntimeApiStandIn runtime, List<String> jvmOptions)
      throws IOException {
    Path dir = work.resolve("process-" + (++processes));
    BenchmarkMain.deleteRecursively(dir);
    CloudAssemblyReader.LambdaFunction function = subject.template.function();
    if (subject.jvm != null) {
      Map<String, String> environment = new LinkedHashMap<>(function.environment());
      environment.merge("JAVA_TOOL_OPTIONS", trustOptions, (own, added) -> own + " " + added);
      JavaLambdaProcess.Builder builder =
          JavaLambdaProcess.builder()
              .code(subject.code)
              .handler(subject.handler)
              .javaExecutable(subject.jvm.java)
              .runtimeApi(runtime)
              .workDirectory(dir)
              .functionName(function.logicalId())
              .memorySizeMb(function.memorySizeMb())
              .region(BenchStack.REGION)
              .environment(environment)
              .chimeSdkVoiceEndpoint(chime.endpoint());
      List<String> added = new ArrayList<>(subject.jvm.options);
      added.addAll(jvmOptions);
      if (!added.isEmpty()) {
        // The AOT options refuse an explicit -Xshare, which the defaults carry.
        List<String> options =
            new ArrayList<>(JavaLambdaProcess.defaultJvmOptions(function.memorySizeMb()));
        options.remove("-Xshare:auto");
        options.addAll(added);
        builder.jvmOptions(options);
      }
      JavaLambdaProcess process = builder.start();
      return new Running(process.pid(), process.startedAtNanos(), process::logs, process::close);
    }
    Path task = dir.resolve("task");
    JavaLambdaProcess.unpack(subject.code, task);
    Path log = dir.resolve("function.log");
    ProcessBuilder builder =
        new ProcessBuilder(node.toString(), nodeBootstrap.toString())
            .directory(task.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(function.environment());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("LAMBDA_TASK_ROOT", task.toString());
    env.put("_HANDLER", subject.handler);
    env.put("NODE_PATH", nodeModules.toString());
    env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySizeMb()));
    env.put("AWS_REGION", BenchStack.REGION);
    env.put("AWS_DEFAULT_REGION", BenchStack.REGION);
    env.put("AWS_ACCESS_KEY_ID", JavaLambdaProcess.FAKE_ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", JavaLambdaProcess.FAKE_SECRET_ACCESS_KEY);
    env.put("AWS_SESSION_TOKEN", JavaLambdaProcess.FAKE_SESSION_TOKEN);
    env.put("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", chime.endpoint().toString());
    // The ResponseURL's certificate is self-signed; only this process skips the check.
    env.put("NODE_TLS_REJECT_UNAUTHORIZED", "0");
    long startedAtNanos = System.nanoTime();
    Process process = builder.start();
    return new Running(
        process.pid(),
        startedAtNanos,
        () -> {
          try {
            return Files.readString(log);
          } catch (IOException e) {
            return "(log unreadable: " + e + ")";
          }
        },
        () -> {
          process.destroyForcibly();
          process.onExit().join();
        });
  }

  @Override
  public void close() {
    responseServer.stop(0);
    chime.close();
  }
}
