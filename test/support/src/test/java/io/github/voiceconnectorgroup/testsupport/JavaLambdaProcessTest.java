package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn.InvocationResult;
import io.github.voiceconnectorgroup.testsupport.LambdaRuntimeApiStandIn.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a small handler, compiled and zipped here, under the real runtime interface client against
 * the Runtime API stand-in: one process serves every test, one after another, as a warm Lambda
 * execution environment would.
 */
class JavaLambdaProcessTest {

  private static final String HANDLER_SOURCE =
      """
      package sample;

      import com.amazonaws.services.lambda.runtime.Context;
      import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
      import java.io.InputStream;
      import java.io.OutputStream;
      import java.nio.charset.StandardCharsets;

      public class EchoHandler implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context)
            throws java.io.IOException {
          String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          if (event.contains("fail")) {
            throw new IllegalStateException("asked to fail");
          }
          if (event.contains("sleep")) {
            try {
              Thread.sleep(3_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          String reply = "{\\"event\\":" + event
              + ",\\"remainingMs\\":" + context.getRemainingTimeInMillis()
              + ",\\"function\\":\\"" + context.getFunctionName() + "\\""
              + ",\\"arn\\":\\"" + context.getInvokedFunctionArn() + "\\""
              + ",\\"greeting\\":\\"" + System.getenv("GREETING") + "\\""
              + ",\\"taskRoot\\":\\"" + System.getenv("LAMBDA_TASK_ROOT") + "\\""
              + ",\\"endpoint\\":\\"" + System.getenv("AWS_ENDPOINT_URL_CHIME_SDK_VOICE") + "\\""
              + ",\\"home\\":\\"" + System.getenv("HOME") + "\\"}";
          out.write(reply.getBytes(StandardCharsets.UTF_8));
        }
      }
      """;

  private static final String BROKEN_INIT_SOURCE =
      """
      package sample;

      import com.amazonaws.services.lambda.runtime.Context;
      import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
      import java.io.InputStream;
      import java.io.OutputStream;

      public class BrokenInitHandler implements RequestStreamHandler {
        static {
          if (System.getenv("AWS_LAMBDA_RUNTIME_API") != null) {
            throw new IllegalStateException("cannot start");
          }
        }

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) {}
      }
      """;

  @TempDir static Path work;
  private static LambdaRuntimeApiStandIn runtimeApi;
  private static JavaLambdaProcess function;

  @BeforeAll
  static void startFunction() throws IOException {
    Path zip = compileHandlerZip(work.resolve("build"));
    runtimeApi =
        LambdaRuntimeApiStandIn.start("arn:aws:lambda:us-east-1:123456789012:function:echo");
    function =
        JavaLambdaProcess.builder()
            .code(zip)
            .handler("sample.EchoHandler::handleRequest")
            .functionName("echo")
            .memorySizeMb(256)
            .environment(Map.of("GREETING", "hello"))
            .extraEnvironmentVariable("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "http://127.0.0.1:1")
            .runtimeApi(runtimeApi)
            .workDirectory(work.resolve("process"))
            .start();
  }

  @AfterAll
  static void stopFunction() {
    if (function != null) {
      function.close();
    }
    if (runtimeApi != null) {
      runtimeApi.close();
    }
  }

  @Test
  void responseCarriesTheEventContextAndEnvironment() {
    InvocationResult result =
        runtimeApi.invoke("{\"n\":1}", Duration.ofSeconds(30), Duration.ofSeconds(60));

    assertThat(result.outcome()).as(function.logs()).isEqualTo(Outcome.RESPONSE);
    assertThat(result.bodyAsString())
        .contains("\"event\":{\"n\":1}")
        .contains("\"function\":\"echo\"")
        .contains("\"arn\":\"arn:aws:lambda:us-east-1:123456789012:function:echo\"")
        .contains("\"greeting\":\"hello\"")
        .contains("\"taskRoot\":\"" + function.taskDirectory() + "\"")
        .contains("\"endpoint\":\"http://127.0.0.1:1\"")
        // The host's environment does not leak into the function.
        .contains("\"home\":\"null\"");
    assertThat(remainingMillis(result)).isBetween(1L, 30_000L);
    assertThat(runtimeApi.firstPollAtNanos()).isPresent();
    assertThat(function.startedAtNanos()).isLessThan(runtimeApi.firstPollAtNanos().getAsLong());
  }

  @Test
  void exceptionIsPostedAsAnErrorAndTheProcessServesTheNextEvent() {
    InvocationResult failed =
        runtimeApi.invoke("{\"fail\":true}", Duration.ofSeconds(30), Duration.ofSeconds(60));
    InvocationResult next =
        runtimeApi.invoke("{\"n\":2}", Duration.ofSeconds(30), Duration.ofSeconds(60));

    assertThat(failed.outcome()).as(function.logs()).isEqualTo(Outcome.ERROR);
    assertThat(failed.errorType()).isEqualTo("Runtime.UserException");
    assertThat(failed.bodyAsString())
        .contains("asked to fail")
        .contains("java.lang.IllegalStateException");
    assertThat(next.outcome()).isEqualTo(Outcome.RESPONSE);
    assertThat(function.isAlive()).isTrue();
  }

  @Test
  void invocationPastItsTimeoutEndsTimedOutAndTheLateResponseIsRecorded() {
    InvocationResult result =
        runtimeApi.invoke("{\"sleep\":true}", Duration.ofSeconds(1), Duration.ofSeconds(60));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.duration()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2_500));
    InvocationResult afterSleep =
        runtimeApi.invoke("{\"n\":3}", Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertThat(afterSleep.outcome()).isEqualTo(Outcome.RESPONSE);
    assertThat(runtimeApi.lateResults())
        .extracting(InvocationResult::requestId)
        .contains(result.requestId());
  }

  @Test
  void failingStaticInitIsPostedAsAnInitErrorAndTheProcessExits() throws IOException {
    try (LambdaRuntimeApiStandIn otherRuntimeApi = LambdaRuntimeApiStandIn.start();
        JavaLambdaProcess broken =
            JavaLambdaProcess.builder()
                .code(work.resolve("build/echo.zip"))
                .handler("sample.BrokenInitHandler::handleRequest")
                .runtimeApi(otherRuntimeApi)
                .workDirectory(work.resolve("broken"))
                .start()) {
      InvocationResult result =
          otherRuntimeApi.invoke("{}", Duration.ofSeconds(30), Duration.ofSeconds(60));

      assertThat(result.outcome()).as(broken.logs()).isEqualTo(Outcome.INIT_ERROR);
      assertThat(result.bodyAsString())
          .contains("sample.BrokenInitHandler")
          .contains("ExceptionInInitializerError");
      assertThat(otherRuntimeApi.initErrors()).hasSize(1);
      assertThat(otherRuntimeApi.initErrors().get(0).errorType()).startsWith("Runtime.");
      assertThat(broken.awaitExit(Duration.ofSeconds(30))).contains(1);
    }
  }

  @Test
  void aProcessReplacingAStoppedOneGetsTheNextEventOnceOpenPollsAreAbandoned() throws IOException {
    try (LambdaRuntimeApiStandIn otherRuntimeApi = LambdaRuntimeApiStandIn.start()) {
      JavaLambdaProcess first = startEcho(otherRuntimeApi, work.resolve("first"));
      try (first) {
        assertThat(
                otherRuntimeApi
                    .invoke("{\"n\":1}", Duration.ofSeconds(30), Duration.ofSeconds(60))
                    .outcome())
            .isEqualTo(Outcome.RESPONSE);
        awaitPolls(otherRuntimeApi, 2);
      }
      // The stopped process's last poll is still open on the server side.
      otherRuntimeApi.abandonOpenPolls();
      try (JavaLambdaProcess second = startEcho(otherRuntimeApi, work.resolve("second"))) {
        InvocationResult result =
            otherRuntimeApi.invoke("{\"n\":2}", Duration.ofSeconds(30), Duration.ofSeconds(60));

        assertThat(result.outcome()).as(second.logs()).isEqualTo(Outcome.RESPONSE);
        assertThat(result.bodyAsString()).contains("\"event\":{\"n\":2}");
      }
    }
  }

  private static JavaLambdaProcess startEcho(LambdaRuntimeApiStandIn api, Path dir)
      throws IOException {
    return JavaLambdaProcess.builder()
        .code(work.resolve("build/echo.zip"))
        .handler("sample.EchoHandler::handleRequest")
        .runtimeApi(api)
        .workDirectory(dir)
        .start();
  }

  private static void awaitPolls(LambdaRuntimeApiStandIn api, int count) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (api.pollCount() < count && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(api.pollCount()).as("polls").isGreaterThanOrEqualTo(count);
  }

  private static long remainingMillis(InvocationResult result) {
    String body = result.bodyAsString();
    int start = body.indexOf("\"remainingMs\":") + "\"remainingMs\":".length();
    return Long.parseLong(body.substring(start, body.indexOf(',', start)));
  }

  private static Path compileHandlerZip(Path dir) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src/sample"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path source = Files.writeString(sources.resolve("EchoHandler.java"), HANDLER_SOURCE);
    Path brokenSource =
        Files.writeString(sources.resolve("BrokenInitHandler.java"), BROKEN_INIT_SOURCE);
    String classpath =
        String.join(
            System.getProperty("path.separator"),
            JavaLambdaProcess.runtimeInterfaceClientClasspath().stream()
                .map(Path::toString)
                .toList());
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "-classpath",
            classpath,
            "-d",
            classes.toString(),
            source.toString(),
            brokenSource.toString());
    assertThat(status).as("javac exit status").isZero();
    Path zip = dir.resolve("echo.zip");
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (String name : List.of("sample/EchoHandler.class", "sample/BrokenInitHandler.class")) {
        out.putNextEntry(new ZipEntry(name));
        out.write(Files.readAllBytes(classes.resolve(name)));
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("readme.txt"));
      out.write("packaged for the test".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return zip;
  }
}
