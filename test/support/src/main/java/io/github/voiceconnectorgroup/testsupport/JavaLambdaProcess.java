package io.github.voiceconnectorgroup.testsupport;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs a Java Lambda function in a child process the way the managed Java runtime does.
 *
 * <p>The function's code asset (a zip or jar file, or a directory) is unpacked into a task
 * directory, which becomes the process's working directory and {@code LAMBDA_TASK_ROOT}. The main
 * class is the real runtime interface client, {@code
 * com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>}, with only the client and
 * its own jars on the class path: as in Lambda, the client loads the handler from the task
 * directory and its {@code lib/*.jar} through its own class loader. The process gets a clean
 * environment: the function's variables, the reserved ones Lambda sets ({@code
 * AWS_LAMBDA_RUNTIME_API}, {@code LAMBDA_TASK_ROOT}, {@code _HANDLER}, {@code
 * AWS_LAMBDA_FUNCTION_NAME}, {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, {@code
 * AWS_LAMBDA_FUNCTION_VERSION}, {@code AWS_REGION}, ...), fixed fake credentials, and any extra
 * variables such as {@code AWS_ENDPOINT_URL_CHIME_SDK_VOICE}. {@code JAVA_TOOL_OPTIONS} among the
 * function's variables takes effect as in Lambda, since the JVM reads it.
 *
 * <p>Standard output and error go to a log file. {@link #startedAtNanos()} is taken just before the
 * process starts, so that callers can measure a cold start up to the response.
 *
 * <p>The client normally unpacks its native library to one fixed file under {@code /tmp}, which
 * processes starting at the same instant would overwrite under each other (each Lambda sandbox has
 * its own {@code /tmp}). Each process here gets its own copy through the client's {@code
 * ...NativeClient.JNI} system property, and its own {@code java.io.tmpdir}.
 */
public final class JavaLambdaProcess implements AutoCloseable {

  /** The runtime interface client's main class. */
  public static final String RUNTIME_MAIN_CLASS =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /** Access key id given to the function; the local stand-ins accept any credentials. */
  public static final String FAKE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";

  /** Secret access key given to the function. */
  public static final String FAKE_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  /** Session token given to the function, as Lambda passes temporary credentials. */
  public static final String FAKE_SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

  private static final String NATIVE_LIBRARY_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  /**
   * Classes whose jars make up the runtime interface client's class path: the client itself,
   * aws-lambda-java-core, aws-lambda-java-serialization and the SDK's utils-lite and annotations.
   */
  private static final List<String> RUNTIME_CLASSPATH_MARKERS =
      List.of(
          RUNTIME_MAIN_CLASS,
          "com.amazonaws.services.lambda.runtime.Context",
          "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
          "software.amazon.awssdk.utilslite.SdkInternalThreadLocal",
          "software.amazon.awssdk.annotations.SdkProtectedApi");

  private final Process process;
  private final long startedAtNanos;
  private final Instant startedAt;
  private final Path taskDirectory;
  private final Path logFile;
  private final List<String> command;
  private final Thread killOnExit;

  private JavaLambdaProcess(
      Process process,
      long startedAtNanos,
      Instant startedAt,
      Path taskDirectory,
      Path logFile,
      List<String> command) {
    this.process = process;
    this.startedAtNanos = startedAtNanos;
    this.startedAt = startedAt;
    this.taskDirectory = taskDirectory;
    this.logFile = logFile;
    this.command = command;
    // A test JVM that ends without closing this (a crash, a fork timeout) must not leave it
    // running.
    this.killOnExit = new Thread(process::destroyForcibly, "kill-lambda-process-" + process.pid());
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts describing a function process.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@link System#nanoTime()} just before the process started.
   *
   * @return the start time, comparable with the Runtime API stand-in's times
   */
  public long startedAtNanos() {
    return startedAtNanos;
  }

  /**
   * The wall-clock time just before the process started.
   *
   * @return the start instant
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * The directory the code asset was unpacked into ({@code LAMBDA_TASK_ROOT}).
   *
   * @return the task directory
   */
  public Path taskDirectory() {
    return taskDirectory;
  }

  /**
   * The file that receives the process's standard output and error.
   *
   * @return the log file
   */
  public Path logFile() {
    return logFile;
  }

  /**
   * Everything the process has written so far.
   *
   * @return its standard output and error, interleaved
   */
  public String logs() {
    try {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the function's log " + logFile, e);
    }
  }

  /**
   * The command line the process was started with.
   *
   * @return the command and its arguments
   */
  public List<String> command() {
    return command;
  }

  /**
   * The operating system's process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Whether the process is still running.
   *
   * @return true while it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * CPU time (user and system) the process has used so far, where the operating system reports it.
   *
   * @return the CPU time, or empty when unknown (for instance after the process ended)
   */
  public Optional<Duration> cpuTime() {
    return process.info().totalCpuDuration();
  }

  /**
   * Waits for the process to end by itself.
   *
   * @param maxWait how long to wait
   * @return its exit code, or empty if it is still running
   */
  public Optional<Integer> awaitExit(Duration maxWait) {
    try {
      if (process.waitFor(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
        return Optional.of(process.exitValue());
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Stops the process: a polite signal first, then a forced kill after two seconds. */
  @Override
  public void close() {
    process.destroy();
    if (awaitExit(Duration.ofSeconds(2)).isEmpty()) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(5));
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to; nothing left to undo.
    }
  }

  /**
   * The runtime interface client's class path as resolved from this JVM's class path: the client's
   * jar and the jars of its dependencies.
   *
   * @return the jar files, client first
   * @throws IllegalStateException when one of them is not on this JVM's class path
   */
  public static List<Path> runtimeInterfaceClientClasspath() {
    Set<Path> jars = new LinkedHashSet<>();
    for (String className : RUNTIME_CLASSPATH_MARKERS) {
      Class<?> marker;
      try {
        marker = Class.forName(className, false, JavaLambdaProcess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            "class "
                + className
                + " of the Lambda runtime interface client's class path is missing; depend on "
                + "com.amazonaws:aws-lambda-java-runtime-interface-client",
            e);
      }
      jars.add(codeSource(marker));
    }
    return List.copyOf(jars);
  }

  /**
   * Unpacks a Lambda code asset into a directory, as Lambda does on deployment: a zip or jar file
   * is extracted, a directory is copied.
   *
   * @param asset the asset file or directory
   * @param target the directory to fill (created if missing)
   * @throws IOException when reading or writing fails, or an entry would land outside {@code
   *     target}
   */
  public static void unpack(Path asset, Path target) throws IOException {
    Files.createDirectories(target);
    Path root = target.toAbsolutePath().normalize();
    if (Files.isDirectory(asset)) {
      copyTree(asset, root);
      return;
    }
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(asset))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path destination = root.resolve(entry.getName()).normalize();
        if (!destination.startsWith(root)) {
          throw new IOException(
              "asset " + asset + " entry '" + entry.getName() + "' points outside " + root);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(destination);
        } else {
          Files.createDirectories(destination.getParent());
          Files.copy(zip, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                target.resolve(source.relativize(file).toString()),
                StandardCopyOption.REPLACE_EXISTING);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("cannot tell which jar holds " + type.getName(), e);
    }
  }

  /** Describes the function and starts its process. */
  public static final class Builder {
    private Path code;
    private String handler;
    private String runtimeApiAddress;
    private Path workDirectory;
    private String functionName = "function";
    private int memorySizeMb = 512;
    private String region = "us-east-1";
    private final Map<String, String> functionEnvironment = new LinkedHashMap<>();
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private List<String> jvmOptions;
    private List<Path> runtimeClasspath;
    private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");

    private Builder() {}

    /**
     * The function's code: a zip or jar file, or a directory, as the asset manifest names it.
     *
     * @param assetFileOrDirectory the code asset
     * @return this builder
     */
    public Builder code(Path assetFileOrDirectory) {
      this.code = assetFileOrDirectory;
      return this;
    }

    /**
     * The function's Handler string, {@code package.Class::method} or {@code package.Class}.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder handler(String handler) {
      this.handler = handler;
      return this;
    }

    /**
     * The Runtime API to poll.
     *
     * @param runtimeApi a running stand-in
     * @return this builder
     */
    public Builder runtimeApi(LambdaRuntimeApiStandIn runtimeApi) {
      return runtimeApiAddress(runtimeApi.address());
    }

    /**
     * The Runtime API to poll, as {@code host:port}.
     *
     * @param address the value of {@code AWS_LAMBDA_RUNTIME_API}
     * @return this builder
     */
    public Builder runtimeApiAddress(String address) {
      this.runtimeApiAddress = address;
      return this;
    }

    /**
     * A directory for this process's files: {@code task/} (the unpacked code), {@code tmp/}, {@code
     * runtime/} (the native library) and {@code function.log}. It should be empty.
     *
     * @param workDirectory the directory, created if missing
     * @return this builder
     */
    public Builder workDirectory(Path workDirectory) {
      this.workDirectory = workDirectory;
      return this;
    }

    /**
     * The function's name ({@code AWS_LAMBDA_FUNCTION_NAME}).
     *
     * @param functionName the name; {@code function} when not set
     * @return this builder
     */
    public Builder functionName(String functionName) {
      this.functionName = functionName;
      return this;
    }

    /**
     * The function's memory size ({@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}); it also bounds the
     * JVM's heap as Lambda does.
     *
     * @param memorySizeMb the memory size in MB; 512 when not set
     * @return this builder
     */
    public Builder memorySizeMb(int memorySizeMb) {
      if (memorySizeMb < 128 || memorySizeMb > 10240) {
        throw new IllegalArgumentException(
            "memorySizeMb " + memorySizeMb + " is not allowed: 128 to 10240");
      }
      this.memorySizeMb = memorySizeMb;
      return this;
    }

    /**
     * The Region ({@code AWS_REGION} and {@code AWS_DEFAULT_REGION}).
     *
     * @param region the Region; {@code us-east-1} when not set
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * The function's own environment variables, as its template declares them. Reserved names
     * Lambda sets itself are refused, as Lambda refuses them.
     *
     * @param variables the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> variables) {
      variables.forEach(
          (name, value) -> {
            if (isReserved(name)) {
              throw new IllegalArgumentException(
                  "environment variable "
                      + name
                      + " is reserved by Lambda and cannot be set on a function");
            }
            functionEnvironment.put(name, value);
          });
      return this;
    }

    /**
     * An extra variable that is not part of the function's configuration, set last (for instance a
     * local endpoint).
     *
     * @param name the variable's name
     * @param value its value
     * @return this builder
     */
    public Builder extraEnvironmentVariable(String name, String value) {
      extraEnvironment.put(name, value);
      return this;
    }

    /**
     * Points the function's Chime SDK Voice client at a local endpoint through {@code
     * AWS_ENDPOINT_URL_CHIME_SDK_VOICE}.
     *
     * @param endpoint the endpoint, e.g. a {@code ChimeSdkVoiceStandIn}'s URI
     * @return this builder
     */
    public Builder chimeSdkVoiceEndpoint(URI endpoint) {
      return extraEnvironmentVariable("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", endpoint.toString());
    }

    /**
     * JVM options placed before the main class. By default they approximate the managed Java
     * runtime: the heap capped at 85% of the memory size, the serial collector (the JVM's own
     * choice on a Lambda-sized machine), class data sharing, and tiered compilation stopped at
     * level 1 (the Java 17+ runtimes' default).
     *
     * @param options the options
     * @return this builder
     */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /**
     * The runtime's class path; {@link #runtimeInterfaceClientClasspath()} when not set.
     *
     * @param jars the jars
     * @return this builder
     */
    public Builder runtimeClasspath(List<Path> jars) {
      this.runtimeClasspath = List.copyOf(jars);
      return this;
    }

    /**
     * The {@code java} executable; this JVM's when not set.
     *
     * @param javaExecutable the executable
     * @return this builder
     */
    public Builder javaExecutable(Path javaExecutable) {
      this.javaExecutable = javaExecutable;
      return this;
    }

    /**
     * Unpacks the code and starts the process. It returns at once; the function is ready when it
     * first polls the Runtime API.
     *
     * @return the running process
     * @throws IOException when the code cannot be unpacked or the process cannot start
     */
    public JavaLambdaProcess start() throws IOException {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(runtimeApiAddress, "runtimeApiAddress");
      Objects.requireNonNull(workDirectory, "workDirectory");
      Path work = workDirectory.toAbsolutePath().normalize();
      Path task = work.resolve("task");
      Path tmp = Files.createDirectories(work.resolve("tmp"));
      Path runtimeDir = Files.createDirectories(work.resolve("runtime"));
      Path log = work.resolve("function.log");
      unpack(code, task);
      Path nativeLibrary = extractNativeLibrary(runtimeDir);

      List<Path> classpath =
          runtimeClasspath != null ? runtimeClasspath : runtimeInterfaceClientClasspath();
      List<String> command = new ArrayList<>();
      command.add(javaExecutable.toString());
      command.addAll(jvmOptions != null ? jvmOptions : defaultJvmOptions(memorySizeMb));
      command.add("-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary);
      command.add("-Djava.io.tmpdir=" + tmp);
      command.add("-classpath");
      command.add(
          String.join(
              System.getProperty("path.separator"),
              classpath.stream().map(Path::toString).toList()));
      command.add(RUNTIME_MAIN_CLASS);
      command.add(handler);

      ProcessBuilder builder = new ProcessBuilder(command);
      builder.directory(task.toFile());
      builder.redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.putAll(environment(task, runtimeDir, tmp));

      long startedAtNanos = System.nanoTime();
      Instant startedAt = Instant.now();
      Process process = builder.start();
      return new JavaLambdaProcess(
          process, startedAtNanos, startedAt, task, log, List.copyOf(command));
    }

    private Map<String, String> environment(Path task, Path runtimeDir, Path tmp) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
      env.put("LANG", "en_US.UTF-8");
      env.put("TZ", ":UTC");
      env.put("TMPDIR", tmp.toString());
      env.putAll(functionEnvironment);
      env.put("_HANDLER", handler);
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
      env.put("AWS_LAMBDA_RUNTIME_API", runtimeApiAddress);
      env.put("LAMBDA_TASK_ROOT", task.toString());
      env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
      env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memorySizeMb));
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
      env.put(
          "AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + Long.toHexString(System.nanoTime()));
      env.put("AWS_REGION", region);
      env.put("AWS_DEFAULT_REGION", region);
      env.put("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY_ID);
      env.put("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_ACCESS_KEY);
      env.put("AWS_SESSION_TOKEN", FAKE_SESSION_TOKEN);
      env.putAll(extraEnvironment);
      return env;
    }

    private Path extractNativeLibrary(Path runtimeDir) throws IOException {
      String resource = "/jni/" + nativeLibraryName();
      Path target = runtimeDir.resolve("libaws-lambda-jni.so");
      try (InputStream in = AWSLambda.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException(
              "the runtime interface client holds no native library " + resource + " for this OS");
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    }
  }

  private static final Set<String> RESERVED_VARIABLES =
      Set.of(
          "_HANDLER",
          "_X_AMZN_TRACE_ID",
          "AWS_DEFAULT_REGION",
          "AWS_REGION",
          "AWS_EXECUTION_ENV",
          "AWS_LAMBDA_FUNCTION_NAME",
          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
          "AWS_LAMBDA_FUNCTION_VERSION",
          "AWS_LAMBDA_INITIALIZATION_TYPE",
          "AWS_LAMBDA_LOG_GROUP_NAME",
          "AWS_LAMBDA_LOG_STREAM_NAME",
          "AWS_ACCESS_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_LAMBDA_RUNTIME_API",
          "LAMBDA_TASK_ROOT",
          "LAMBDA_RUNTIME_DIR");

  private static boolean isReserved(String name) {
    return RESERVED_VARIABLES.contains(name);
  }

  /**
   * The JVM options a process gets unless {@link Builder#jvmOptions} replaces them, approximating
   * the managed Java runtime's.
   *
   * @param memorySizeMb the function's memory size
   * @return the options
   */
  public static List<String> defaultJvmOptions(int memorySizeMb) {
    return List.of(
        "-XX:MaxHeapSize=" + (memorySizeMb * 85 / 100) + "m",
        "-XX:+UseSerialGC",
        "-Xshare:auto",
        "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1");
  }

  private static String nativeLibraryName() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String cpu =
        switch (arch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch_64";
          default ->
              throw new IllegalStateException(
                  "CPU architecture "
                      + arch
                      + " is not supported by the runtime interface client: x86_64 or aarch64");
        };
    return "libaws-lambda-jni." + (isMusl() ? "linux_musl-" : "linux-") + cpu + ".so";
  }

  private static boolean isMusl() {
    try (var libs = Files.list(Path.of("/lib"))) {
      return libs.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
    } catch (IOException e) {
      return false;
    }
  }
}
