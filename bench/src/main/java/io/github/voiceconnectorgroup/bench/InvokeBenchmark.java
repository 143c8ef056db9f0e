package io.github.voiceconnectorgroup.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader;
import io.github.voiceconnectorgroup.testsupport.JavaLambdaProcess;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Invokes each variant's handler, as synthesized, for CloudFormation events against local
 * stand-ins: a Chime SDK Voice endpoint, the Lambda Runtime API, and an HTTPS ResponseURL (a TLS
 * forwarder in front of a recorder; CloudFormation's pre-signed S3 URLs are HTTPS, so both handlers
 * pay for TLS as they would in Lambda).
 *
 * <p>The construct's Java handler runs under the real runtime interface client ({@link
 * JavaLambdaProcess}); the baseline's Node.js handler, taken from its asset, runs under {@code
 * bench/node/bootstrap.js} with the AWS SDK v3 client installed from npm.
 */
public final class InvokeBenchmark implements AutoCloseable {

  private static final Duration RESPONSE_WAIT = Duration.ofMinutes(2);

  /** The CDK's Node.js handler drops the ResponseURL's port and always connects to 443. */
  private static final int HTTPS_PORT = 443;

  private final Path workDir;
  private final Path node;
  private final Path nodeBootstrap;
  private final Path nodeModules;
  private final ChimeSdkVoiceStandIn chime;
  private final ResponseUrlRecorder recorder;
  private final TlsForwarder tls;
  private final String responseUrl;
  private int processCount;

  /**
   * Starts the shared stand-ins.
   *
   * @param workDir scratch directory for task directories, logs and the TLS key store
   * @param node the {@code node} executable
   * @param nodeBootstrap {@code bench/node/bootstrap.js}
   * @param nodeModules the {@code node_modules} directory holding the AWS SDK v3 client
   * @throws IOException when a stand-in cannot start
   */
  public InvokeBenchmark(Path workDir, Path node, Path nodeBootstrap, Path nodeModules)
      throws IOException {
    this.workDir = Files.createDirectories(workDir);
    this.node = node;
    this.nodeBootstrap = nodeBootstrap;
    this.nodeModules = nodeModules;
    this.chime = ChimeSdkVoiceStandIn.start(BenchStack.REGION, BenchStack.ACCOUNT);
    this.recorder = ResponseUrlRecorder.start();
    URI plain = URI.create(recorder.url());
    this.tls =
        TlsForwarder.start(
            new InetSocketAddress(plain.getHost(), plain.getPort()), HTTPS_PORT, this.workDir);
    this.responseUrl = tls.httpsUrlFor(recorder.url());
    chime.registerVoiceConnectors(BenchStack.voiceConnectorIds(0).toArray(String[]::new));
  }

  /**
   * Measures cold invokes (a fresh process each) and warm invokes (further events to the same
   * process), alternating the variants run by run.
   *
   * @param assemblies each variant's cloud assembly of a one-group stack, by variant name
   * @param coldRuns fresh processes per variant
   * @param warmPerRun warm invokes after each cold one
   * @return every sample, in the order taken
   * @throws IOException when a function cannot start or answers wrongly
   * @throws InterruptedException when interrupted
   */
  public List<InvokeSample> measure(Map<String, Path> assemblies, int coldRuns, int warmPerRun)
      throws IOException, InterruptedException {
    List<InvokeSample> samples = new ArrayList<>();
    for (int run = 1; run <= coldRuns; run++) {
      for (Map.Entry<String, Path> variant : assemblies.entrySet()) {
        Deployed deployed = Deployed.of(variant.getKey(), variant.getValue());
        try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(deployed.arn());
            FunctionProcess function = start(deployed, runtime)) {
          Map<String, Object> event = deployed.event("Create", null, null, responseUrl);
          Outcome cold = invoke(runtime, function, deployed, event);
          double wallMs = millis(function.startedAt(), cold.putReceivedAt);
          double initMs =
              (runtime.firstPollAtNanos().orElseThrow() - function.startedAtNanos()) / 1e6;
          double cpuMs = function.cpuTime().toNanos() / 1e6;
          samples.add(new InvokeSample(deployed.variant, true, wallMs, initMs, cpuMs));
          System.out.printf(
              "invoke %-9s cold run %d: %6.0f ms to response (init %5.0f ms), cpu %5.0f ms%n",
              deployed.variant, run, wallMs, initMs, cpuMs);
          for (int warm = 1; warm <= warmPerRun; warm++) {
            Duration cpuBefore = function.threadCpuTime();
            Instant queuedAt = Instant.now();
            Outcome outcome = invoke(runtime, function, deployed, event);
            samples.add(
                new InvokeSample(
                    deployed.variant,
                    false,
                    millis(queuedAt, outcome.putReceivedAt),
                    0,
                    function.threadCpuTime().minus(cpuBefore).toNanos() / 1e6));
          }
        }
      }
    }
    return samples;
  }

  /**
   * Cold invokes of one variant whose ResponseURL is plain HTTP, to show what TLS costs the first
   * response; not part of the comparison, since S3's pre-signed URLs are HTTPS.
   *
   * @param variant the variant's name
   * @param assembly its cloud assembly of a one-group stack
   * @param runs fresh processes
   * @return process start to response PUT received, per run, in ms
   * @throws IOException when the function cannot start or answers wrongly
   */
  public List<Double> coldWithPlainHttpResponseUrl(String variant, Path assembly, int runs)
      throws IOException {
    Deployed deployed = Deployed.of(variant, assembly);
    List<Double> result = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(deployed.arn());
          FunctionProcess function = start(deployed, runtime)) {
        Outcome outcome =
            invoke(
                runtime, function, deployed, deployed.event("Create", null, null, recorder.url()));
        result.add(millis(function.startedAt(), outcome.putReceivedAt));
      }
    }
    return result;
  }

  /**
   * Cold starts of {@link NoOpHandler} with the construct's function settings (memory,
   * environment): the floor of any Java handler here, from process start to the runtime's first
   * poll (init) and to the posted response.
   *
   * @param constructAssembly the construct's cloud assembly, for its function settings
   * @param runs fresh processes
   * @return per run, {init ms, response ms}
   * @throws IOException when the function cannot start
   */
  public List<double[]> javaFloor(Path constructAssembly, int runs) throws IOException {
    Deployed deployed = Deployed.of("construct", constructAssembly);
    Path task = workDir.resolve("noop-task");
    SynthBenchmark.deleteRecursively(task);
    String classFile = NoOpHandler.class.getName().replace('.', '/') + ".class";
    Path target = task.resolve(classFile);
    Files.createDirectories(target.getParent());
    try (var in = NoOpHandler.class.getClassLoader().getResourceAsStream(classFile)) {
      Files.copy(in, target);
    }
    List<double[]> result = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Path dir = workDir.resolve("noop-" + run);
      SynthBenchmark.deleteRecursively(dir);
      try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(deployed.arn());
          JavaLambdaProcess process =
              JavaLambdaProcess.builder()
                  .code(task)
                  .handler(NoOpHandler.class.getName() + "::handleRequest")
                  .runtimeApi(runtime)
                  .workDirectory(dir)
                  .functionName("NoOp")
                  .memorySizeMb(deployed.function.memorySizeMb())
                  .region(BenchStack.REGION)
                  .environment(deployed.function.environment())
                  .start()) {
        LambdaRuntimeApiStandIn.InvocationResult outcome =
            runtime.invoke("{}", Duration.ofSeconds(30), RESPONSE_WAIT);
        if (outcome.outcome() != LambdaRuntimeApiStandIn.Outcome.RESPONSE) {
          throw new IOException(
              "no-op handler ended " + outcome.outcome() + ":\n" + process.logs());
        }
        double init = (runtime.firstPollAtNanos().orElseThrow() - process.startedAtNanos()) / 1e6;
        double response = (outcome.completedAtNanos() - process.startedAtNanos()) / 1e6;
        result.add(new double[] {init, response});
        System.out.printf(
            "invoke no-op Java handler cold run %d: %5.0f ms to response (init %5.0f ms)%n",
            run, response, init);
      }
    }
    return result;
  }

  /**
   * Runs one extra, unmeasured cold Create of a Java handler with class-load logging and counts the
   * classes it loaded before answering, by origin; shows where a JVM cold start goes.
   *
   * @param variant the variant's name
   * @param assembly its cloud assembly of a one-group stack
   * @return classes loaded by origin, largest first; empty when the handler is not Java
   * @throws IOException when the function cannot start or the log cannot be read
   */
  public Map<String, Long> classLoadProfile(String variant, Path assembly) throws IOException {
    Deployed deployed = Deployed.of(variant, assembly);
    if (!deployed.function.runtime().startsWith("java")) {
      return Map.of();
    }
    Path log = workDir.resolve(variant + "-class-load.log");
    Files.deleteIfExists(log);
    try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(deployed.arn());
        FunctionProcess function = start(deployed, runtime, "-Xlog:class+load=info:file=" + log)) {
      invoke(runtime, function, deployed, deployed.event("Create", null, null, responseUrl));
    }
    Map<String, Long> byOrigin = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      int start = line.lastIndexOf("] ");
      if (start < 0) {
        continue;
      }
      String className = line.substring(start + 2).split(" ", 2)[0];
      byOrigin.merge(origin(className), 1L, Long::sum);
    }
    Map<String, Long> largestFirst = new LinkedHashMap<>();
    byOrigin.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
    return largestFirst;
  }

  private static String origin(String className) {
    if (className.startsWith("java.")
        || className.startsWith("javax.")
        || className.startsWith("jdk.")
        || className.startsWith("sun.")
        || className.startsWith("com.sun.")) {
      return "JDK";
    }
    if (className.startsWith("software.amazon.awssdk.")) {
      return "AWS SDK for Java v2";
    }
    if (className.startsWith("com.amazonaws.services.lambda.")) {
      return "Lambda runtime interface client";
    }
    if (className.startsWith("com.fasterxml.jackson.")) {
      return "Jackson";
    }
    if (className.startsWith("io.github.voiceconnectorgroup.")) {
      return "handler";
    }
    if (className.startsWith("org.slf4j.")) {
      return "SLF4J";
    }
    return "other";
  }

  /**
   * Runs Create, then Update (a new group name), then Delete through each variant's handler and
   * counts the API calls each event makes.
   *
   * @param assemblies each variant's cloud assembly of a one-group stack, by variant name
   * @return one entry per variant and event
   * @throws IOException when a function cannot start
   * @throws InterruptedException when interrupted
   */
  public List<LifecycleCalls> lifecycle(Map<String, Path> assemblies)
      throws IOException, InterruptedException {
    List<LifecycleCalls> result = new ArrayList<>();
    for (Map.Entry<String, Path> variant : assemblies.entrySet()) {
      Deployed deployed = Deployed.of(variant.getKey(), variant.getValue());
      try (LambdaRuntimeApiStandIn runtime = LambdaRuntimeApiStandIn.start(deployed.arn());
          FunctionProcess function = start(deployed, runtime)) {
        Map<String, Object> create = deployed.event("Create", null, null, responseUrl);
        LifecycleCallsWithId created = countCalls(runtime, function, deployed, create);
        result.add(created.calls());
        String physicalId = created.physicalResourceId();
        Map<String, Object> renamed = renamed(deployed.properties);
        Map<String, Object> update =
            deployed.event("Update", physicalId, deployed.properties, responseUrl);
        update.put("ResourceProperties", renamed);
        result.add(countCalls(runtime, function, deployed, update).calls());
        Map<String, Object> delete = deployed.event("Delete", physicalId, null, responseUrl);
        delete.put("ResourceProperties", renamed);
        result.add(countCalls(runtime, function, deployed, delete).calls());
      }
    }
    return result;
  }

  private LifecycleCallsWithId countCalls(
      LambdaRuntimeApiStandIn runtime,
      FunctionProcess function,
      Deployed deployed,
      Map<String, Object> event)
      throws IOException {
    chime.clearRequests();
    Outcome outcome = invoke(runtime, function, deployed, event, false);
    Map<String, Long> calls =
        chime.requests().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.operation().modelName(), TreeMap::new, Collectors.counting()));
    Map<String, Object> response = outcome.response;
    String reason = response.get("Reason") == null ? "" : response.get("Reason").toString();
    return new LifecycleCallsWithId(
        new LifecycleCalls(
            deployed.variant,
            (String) event.get("RequestType"),
            calls,
            (String) response.get("Status"),
            reason),
        (String) response.get("PhysicalResourceId"));
  }

  private record LifecycleCallsWithId(LifecycleCalls calls, String physicalResourceId) {}

  private record Outcome(Instant putReceivedAt, Map<String, Object> response) {}

  private Outcome invoke(
      LambdaRuntimeApiStandIn runtime,
      FunctionProcess function,
      Deployed deployed,
      Map<String, Object> event)
      throws IOException {
    return invoke(runtime, function, deployed, event, true);
  }

  private Outcome invoke(
      LambdaRuntimeApiStandIn runtime,
      FunctionProcess function,
      Deployed deployed,
      Map<String, Object> event,
      boolean requireSuccess)
      throws IOException {
    int before = recorder.accepted().size();
    event.put("RequestId", UUID.randomUUID().toString());
    LambdaRuntimeApiStandIn.Invocation invocation =
        runtime.enqueue(JSON.std.asString(event), Duration.ofSeconds(deployed.timeoutSeconds));
    ResponseUrlRecorder.RecordedRequest put;
    try {
      put = recorder.awaitAccepted(before + 1, RESPONSE_WAIT).get(before);
    } catch (AssertionError e) {
      throw new IOException(
          deployed.variant
              + " handler sent no response: "
              + e.getMessage()
              + "\n"
              + function.logs(),
          e);
    }
    LambdaRuntimeApiStandIn.InvocationResult result = invocation.await(RESPONSE_WAIT);
    Map<String, Object> response = put.json();
    if (requireSuccess
        && (result.outcome() != LambdaRuntimeApiStandIn.Outcome.RESPONSE
            || !"SUCCESS".equals(response.get("Status")))) {
      throw new IOException(
          deployed.variant
              + " handler answered "
              + response
              + " (runtime outcome "
              + result.outcome()
              + ")\n"
              + function.logs());
    }
    return new Outcome(put.receivedAt(), response);
  }

  private FunctionProcess start(Deployed deployed, LambdaRuntimeApiStandIn runtime)
      throws IOException {
    return start(deployed, runtime, "");
  }

  private FunctionProcess start(
      Deployed deployed, LambdaRuntimeApiStandIn runtime, String extraJvmOptions)
      throws IOException {
    Path dir = workDir.resolve(deployed.variant + "-" + (++processCount));
    SynthBenchmark.deleteRecursively(dir);
    Files.createDirectories(dir);
    CloudAssemblyReader.LambdaFunction function = deployed.function;
    if (function.runtime().startsWith("java")) {
      Map<String, String> environment = new LinkedHashMap<>(function.environment());
      // The JVM reads JAVA_TOOL_OPTIONS, so the trust store joins the function's own options.
      String trust =
          "-Djavax.net.ssl.trustStore="
              + tls.keyStore()
              + " -Djavax.net.ssl.trustStorePassword="
              + tls.keyStorePassword()
              + " -Djavax.net.ssl.trustStoreType=PKCS12"
              + (extraJvmOptions.isEmpty() ? "" : " " + extraJvmOptions);
      environment.merge("JAVA_TOOL_OPTIONS", trust, (own, added) -> own + " " + added);
      JavaLambdaProcess process =
          JavaLambdaProcess.builder()
              .code(deployed.asset)
              .handler(function.handler())
              .runtimeApi(runtime)
              .workDirectory(dir)
              .functionName(function.logicalId())
              .memorySizeMb(function.memorySizeMb())
              .region(BenchStack.REGION)
              .environment(environment)
              .chimeSdkVoiceEndpoint(chime.endpoint())
              .start();
      return FunctionProcess.of(process);
    }
    if (function.runtime().startsWith("nodejs")) {
      Path task = dir.resolve("task");
      JavaLambdaProcess.unpack(deployed.asset, task);
      Map<String, String> environment = new LinkedHashMap<>(function.environment());
      environment.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
      environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
      environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySizeMb()));
      environment.put("AWS_REGION", BenchStack.REGION);
      environment.put("AWS_DEFAULT_REGION", BenchStack.REGION);
      environment.put("AWS_ACCESS_KEY_ID", JavaLambdaProcess.FAKE_ACCESS_KEY_ID);
      environment.put("AWS_SECRET_ACCESS_KEY", JavaLambdaProcess.FAKE_SECRET_ACCESS_KEY);
      environment.put("AWS_SESSION_TOKEN", JavaLambdaProcess.FAKE_SESSION_TOKEN);
      environment.put("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", chime.endpoint().toString());
      // The ResponseURL's certificate is self-signed; only this process skips the check.
      environment.put("NODE_TLS_REJECT_UNAUTHORIZED", "0");
      NodeLambdaProcess process =
          NodeLambdaProcess.start(
              node,
              nodeBootstrap,
              task,
              function.handler(),
              nodeModules,
              environment,
              dir.resolve("function.log"));
      return FunctionProcess.of(process);
    }
    throw new IllegalStateException(
        "function "
            + function.logicalId()
            + " has runtime "
            + function.runtime()
            + "; allowed: java*, nodejs*");
  }

  /** Renames the group in a custom resource's properties, whichever variant wrote them. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> renamed(Map<String, Object> properties) throws IOException {
    Map<String, Object> copy = new LinkedHashMap<>(properties);
    if (copy.get("Name") instanceof String name) {
      copy.put("Name", name + "-renamed");
    }
    for (String call : List.of("Create", "Update")) {
      if (copy.get(call) instanceof String json) {
        Map<String, Object> sdkCall = JSON.std.mapFrom(json);
        Map<String, Object> parameters = (Map<String, Object>) sdkCall.get("parameters");
        parameters.put("Name", parameters.get("Name") + "-renamed");
        copy.put(call, JSON.std.asString(sdkCall));
      }
    }
    return copy;
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }

  @Override
  public void close() throws IOException {
    tls.close();
    recorder.close();
    chime.close();
  }

  /** The handler function and its custom resource, read from one variant's cloud assembly. */
  private static final class Deployed {
    final String variant;
    final CloudAssemblyReader.LambdaFunction function;
    final Path asset;
    final CloudAssemblyReader.Resource customResource;
    final Map<String, Object> properties;
    final int timeoutSeconds;

    private Deployed(
        String variant,
        CloudAssemblyReader.LambdaFunction function,
        Path asset,
        CloudAssemblyReader.Resource customResource) {
      this.variant = variant;
      this.function = function;
      this.asset = asset;
      this.customResource = customResource;
      this.timeoutSeconds = function.timeoutSeconds();
      Map<String, Object> props = new LinkedHashMap<>(customResource.properties());
      props.put("ServiceToken", arn());
      this.properties = CloudFormationValues.asDelivered(props);
    }

    static Deployed of(String variant, Path assembly) {
      CloudAssemblyReader.Stack stack = CloudAssemblyReader.read(assembly).stacks().get(0);
      for (CloudAssemblyReader.LambdaFunction function : stack.lambdaFunctions()) {
        List<CloudAssemblyReader.Resource> served = stack.customResourcesServedBy(function);
        if (!served.isEmpty()) {
          return new Deployed(variant, function, stack.codeAsset(function), served.get(0));
        }
      }
      throw new IllegalStateException(
          "no function in "
              + assembly
              + " serves a custom resource; the "
              + variant
              + " stack is wrong");
    }

    String arn() {
      return "arn:aws:lambda:"
          + BenchStack.REGION
          + ":"
          + BenchStack.ACCOUNT
          + ":function:"
          + function.logicalId();
    }

    Map<String, Object> event(
        String requestType,
        String physicalResourceId,
        Map<String, Object> oldProperties,
        String responseUrl) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("RequestType", requestType);
      event.put("ServiceToken", arn());
      event.put("ResponseURL", responseUrl);
      event.put(
          "StackId",
          "arn:aws:cloudformation:"
              + BenchStack.REGION
              + ":"
              + BenchStack.ACCOUNT
              + ":stack/VoiceConnectorGroupBench/"
              + UUID.nameUUIDFromBytes(variant.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      event.put("RequestId", UUID.randomUUID().toString());
      event.put("LogicalResourceId", customResource.logicalId());
      event.put("ResourceType", customResource.type());
      event.put("ResourceProperties", properties);
      if (physicalResourceId != null) {
        event.put("PhysicalResourceId", physicalResourceId);
      }
      if (oldProperties != null) {
        event.put("OldResourceProperties", oldProperties);
      }
      return event;
    }
  }
}
