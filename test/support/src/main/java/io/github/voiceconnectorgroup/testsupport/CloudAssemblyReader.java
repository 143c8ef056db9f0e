package io.github.voiceconnectorgroup.testsupport;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a synthesized cloud assembly (the {@code cdk.out} directory): its CloudFormation stacks and
 * their templates, the Lambda functions a template declares (Handler, Runtime, Timeout, MemorySize,
 * plain Environment variables), the custom resources whose {@code ServiceToken} is a function's
 * ARN, and the function's code file found through the stack's {@code *.assets.json} asset manifest.
 *
 * <p>It reads only the documented cloud assembly files ({@code manifest.json}, templates and asset
 * manifests), the way the CDK CLI does, so it works on any app's output. Nested assemblies (CDK
 * stages) are read too.
 */
public final class CloudAssemblyReader {

  /** The CloudFormation resource type of a Lambda function. */
  public static final String LAMBDA_FUNCTION_TYPE = "AWS::Lambda::Function";

  private static final int LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;
  private static final int LAMBDA_DEFAULT_MEMORY_MB = 128;

  private final Path directory;
  private final List<Stack> stacks;

  private CloudAssemblyReader(Path directory, List<Stack> stacks) {
    this.directory = directory;
    this.stacks = stacks;
  }

  /**
   * Reads the cloud assembly in a directory.
   *
   * @param directory the assembly directory, holding {@code manifest.json}
   * @return the reader
   * @throws UncheckedIOException when a file cannot be read or parsed
   */
  public static CloudAssemblyReader read(Path directory) {
    Path root = directory.toAbsolutePath().normalize();
    List<Stack> stacks = new ArrayList<>();
    readAssembly(root, stacks);
    return new CloudAssemblyReader(root, List.copyOf(stacks));
  }

  /**
   * The assembly directory.
   *
   * @return its absolute path
   */
  public Path directory() {
    return directory;
  }

  /**
   * Every CloudFormation stack in the assembly, nested assemblies included, in manifest order.
   *
   * @return the stacks
   */
  public List<Stack> stacks() {
    return stacks;
  }

  /**
   * The stack with the given artifact id or stack name.
   *
   * @param artifactIdOrStackName the artifact id (the construct id for a top-level stack) or the
   *     CloudFormation stack name
   * @return the stack
   * @throws IllegalArgumentException when there is none, listing those there are
   */
  public Stack stack(String artifactIdOrStackName) {
    return stacks.stream()
        .filter(
            s ->
                s.artifactId().equals(artifactIdOrStackName)
                    || s.stackName().equals(artifactIdOrStackName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "stack '"
                        + artifactIdOrStackName
                        + "' is not in the cloud assembly "
                        + directory
                        + "; stacks there: "
                        + stacks.stream().map(Stack::artifactId).toList()));
  }

  private static void readAssembly(Path assemblyDir, List<Stack> stacks) {
    Map<String, Object> manifest = readJson(assemblyDir.resolve("manifest.json"));
    Map<String, Object> artifacts = map(manifest.get("artifacts"));
    Map<String, Path> assetManifests = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : artifacts.entrySet()) {
      Map<String, Object> artifact = map(entry.getValue());
      if ("cdk:asset-manifest".equals(artifact.get("type"))) {
        String file = (String) map(artifact.get("properties")).get("file");
        assetManifests.put(entry.getKey(), assemblyDir.resolve(file));
      }
    }
    for (Map.Entry<String, Object> entry : artifacts.entrySet()) {
      Map<String, Object> artifact = map(entry.getValue());
      Object type = artifact.get("type");
      Map<String, Object> properties = map(artifact.get("properties"));
      if ("aws:cloudformation:stack".equals(type)) {
        Path templateFile = assemblyDir.resolve((String) properties.get("templateFile"));
        String stackName = (String) properties.getOrDefault("stackName", entry.getKey());
        List<Path> manifests = new ArrayList<>();
        for (Object dependency : list(artifact.get("dependencies"))) {
          Path assets = assetManifests.get((String) dependency);
          if (assets != null) {
            manifests.add(assets);
          }
        }
        stacks.add(
            new Stack(
                entry.getKey(),
                stackName,
                (String) artifact.get("environment"),
                assemblyDir,
                templateFile,
                Collections.unmodifiableMap(readJson(templateFile)),
                List.copyOf(manifests)));
      } else if ("cdk:cloud-assembly".equals(type)) {
        readAssembly(assemblyDir.resolve((String) properties.get("directoryName")), stacks);
      }
    }
  }

  /**
   * One CloudFormation stack of the assembly.
   *
   * @param artifactId the artifact id in {@code manifest.json}
   * @param stackName the CloudFormation stack name
   * @param environment the target, {@code aws://<account>/<region>} (parts may be {@code
   *     unknown-account}/{@code unknown-region})
   * @param assemblyDirectory the directory of the (possibly nested) assembly holding the stack
   * @param templateFile the template's path
   * @param template the parsed template
   * @param assetManifests the {@code *.assets.json} files the stack depends on
   */
  public record Stack(
      String artifactId,
      String stackName,
      String environment,
      Path assemblyDirectory,
      Path templateFile,
      Map<String, Object> template,
      List<Path> assetManifests) {

    /**
     * The Region part of the environment.
     *
     * @return the Region, or empty when the stack is environment-agnostic
     */
    public Optional<String> region() {
      return environmentPart(1).filter(r -> !r.equals("unknown-region"));
    }

    /**
     * The account part of the environment.
     *
     * @return the account, or empty when the stack is environment-agnostic
     */
    public Optional<String> account() {
      return environmentPart(0).filter(a -> !a.equals("unknown-account"));
    }

    private Optional<String> environmentPart(int index) {
      if (environment == null || !environment.startsWith("aws://")) {
        return Optional.empty();
      }
      String[] parts = environment.substring("aws://".length()).split("/", 2);
      return parts.length > index ? Optional.of(parts[index]) : Optional.empty();
    }

    /**
     * Every resource of the template, in template order.
     *
     * @return the resources by logical id
     */
    public Map<String, Resource> resources() {
      Map<String, Resource> resources = new LinkedHashMap<>();
      map(template.get("Resources"))
          .forEach(
              (logicalId, definition) -> {
                Map<String, Object> body = map(definition);
                resources.put(
                    logicalId,
                    new Resource(
                        logicalId,
                        (String) body.get("Type"),
                        Collections.unmodifiableMap(map(body.get("Properties"))),
                        Collections.unmodifiableMap(body)));
              });
      return Collections.unmodifiableMap(resources);
    }

    /**
     * The resources of one type.
     *
     * @param type a CloudFormation type such as {@code AWS::Chime::VoiceConnector}
     * @return those resources, in template order
     */
    public List<Resource> resourcesOfType(String type) {
      return resources().values().stream().filter(r -> type.equals(r.type())).toList();
    }

    /**
     * The custom resources: type {@code Custom::*} or {@code AWS::CloudFormation::CustomResource}.
     *
     * @return those resources, in template order
     */
    public List<Resource> customResources() {
      return resources().values().stream().filter(Resource::isCustomResource).toList();
    }

    /**
     * Every {@value CloudAssemblyReader#LAMBDA_FUNCTION_TYPE} of the template.
     *
     * @return the functions, in template order
     */
    public List<LambdaFunction> lambdaFunctions() {
      return resourcesOfType(LAMBDA_FUNCTION_TYPE).stream().map(LambdaFunction::of).toList();
    }

    /**
     * The custom resources whose {@code ServiceToken} is the given function's ARN ({@code
     * Fn::GetAtt [<logical id>, Arn]}).
     *
     * @param function a function of this stack
     * @return those custom resources, in template order
     */
    public List<Resource> customResourcesServedBy(LambdaFunction function) {
      Map<String, Object> arnOfFunction =
          Map.of("Fn::GetAtt", List.of(function.logicalId(), "Arn"));
      return customResources().stream()
          .filter(r -> arnOfFunction.equals(r.properties().get("ServiceToken")))
          .toList();
    }

    /**
     * The attributes the template reads from a resource with {@code Fn::GetAtt [<logical id>,
     * <attribute>]}, anywhere in it (outputs, other resources' properties).
     *
     * @param resource a resource of this stack
     * @return the attribute names, in the order first met
     */
    public Set<String> attributesRead(Resource resource) {
      Set<String> attributes = new LinkedHashSet<>();
      collectAttributesRead(template, resource.logicalId(), attributes);
      return attributes;
    }

    private static void collectAttributesRead(
        Object node, String logicalId, Set<String> attributes) {
      if (node instanceof Map<?, ?> map) {
        if (map.get("Fn::GetAtt") instanceof List<?> getAtt
            && getAtt.size() == 2
            && logicalId.equals(getAtt.get(0))) {
          attributes.add(String.valueOf(getAtt.get(1)));
        }
        map.values().forEach(value -> collectAttributesRead(value, logicalId, attributes));
      } else if (node instanceof List<?> list) {
        list.forEach(value -> collectAttributesRead(value, logicalId, attributes));
      }
    }

    /**
     * The function's code as the CDK CLI would upload it: the asset whose destination object key is
     * the function's {@code Code.S3Key}, else the file its {@code aws:asset:path} metadata names.
     *
     * @param function a function of this stack
     * @return the asset's path (a file such as a zip or jar, or a directory the CLI would zip)
     * @throws IllegalStateException when the code is inline or no asset matches
     */
    public Path codeAsset(LambdaFunction function) {
      Object s3Key = function.code().get("S3Key");
      if (s3Key instanceof String key) {
        for (Path manifestFile : assetManifests) {
          Map<String, Object> files = map(readJson(manifestFile).get("files"));
          for (Object fileAsset : files.values()) {
            Map<String, Object> asset = map(fileAsset);
            for (Object destination : map(asset.get("destinations")).values()) {
              if (key.equals(map(destination).get("objectKey"))) {
                String path = (String) map(asset.get("source")).get("path");
                return assemblyDirectory.resolve(path);
              }
            }
          }
        }
      }
      Object assetPath =
          map(resources().get(function.logicalId()).definition().get("Metadata"))
              .get("aws:asset:path");
      if (assetPath instanceof String path) {
        return assemblyDirectory.resolve(path);
      }
      throw new IllegalStateException(
          "function "
              + function.logicalId()
              + " of stack "
              + artifactId
              + " has no code asset: Code "
              + function.code()
              + " matches no asset in "
              + assetManifests);
    }
  }

  /**
   * One resource of a template.
   *
   * @param logicalId its logical id
   * @param type its CloudFormation type
   * @param properties its {@code Properties} (empty when it has none)
   * @param definition the whole resource entry, with {@code DependsOn}, {@code DeletionPolicy},
   *     {@code Metadata} and the like
   */
  public record Resource(
      String logicalId,
      String type,
      Map<String, Object> properties,
      Map<String, Object> definition) {

    /**
     * Whether the resource is a custom resource.
     *
     * @return true for {@code Custom::*} and {@code AWS::CloudFormation::CustomResource}
     */
    public boolean isCustomResource() {
      return type != null
          && (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource"));
    }

    /**
     * The resource's {@code DeletionPolicy}.
     *
     * @return the policy, or empty when the template leaves CloudFormation's default ({@code
     *     Delete})
     */
    public Optional<String> deletionPolicy() {
      return Optional.ofNullable((String) definition.get("DeletionPolicy"));
    }
  }

  /**
   * The configuration of one {@value CloudAssemblyReader#LAMBDA_FUNCTION_TYPE}.
   *
   * @param logicalId the function's logical id
   * @param handler its {@code Handler}
   * @param runtime its {@code Runtime}, e.g. {@code java21}
   * @param timeoutSeconds its {@code Timeout}, or Lambda's default of 3 s
   * @param memorySizeMb its {@code MemorySize}, or Lambda's default of 128 MB
   * @param architectures its {@code Architectures}, or Lambda's default {@code x86_64}
   * @param environment its {@code Environment.Variables} whose values are plain strings
   * @param unresolvedEnvironment the variables whose values are intrinsic functions, unresolved
   * @param code its {@code Code}
   */
  public record LambdaFunction(
      String logicalId,
      String handler,
      String runtime,
      int timeoutSeconds,
      int memorySizeMb,
      List<String> architectures,
      Map<String, String> environment,
      Map<String, Object> unresolvedEnvironment,
      Map<String, Object> code) {

    static LambdaFunction of(Resource resource) {
      Map<String, Object> properties = resource.properties();
      Map<String, String> plain = new LinkedHashMap<>();
      Map<String, Object> unresolved = new LinkedHashMap<>();
      map(map(properties.get("Environment")).get("Variables"))
          .forEach(
              (name, value) -> {
                if (value instanceof String text) {
                  plain.put(name, text);
                } else {
                  unresolved.put(name, value);
                }
              });
      List<String> architectures = new ArrayList<>();
      for (Object architecture : list(properties.get("Architectures"))) {
        architectures.add((String) architecture);
      }
      return new LambdaFunction(
          resource.logicalId(),
          (String) properties.get("Handler"),
          (String) properties.get("Runtime"),
          intOr(properties.get("Timeout"), LAMBDA_DEFAULT_TIMEOUT_SECONDS, resource, "Timeout"),
          intOr(properties.get("MemorySize"), LAMBDA_DEFAULT_MEMORY_MB, resource, "MemorySize"),
          architectures.isEmpty() ? List.of("x86_64") : List.copyOf(architectures),
          Collections.unmodifiableMap(plain),
          Collections.unmodifiableMap(unresolved),
          Collections.unmodifiableMap(map(properties.get("Code"))));
    }
  }

  private static int intOr(Object value, int fallback, Resource resource, String field) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number) {
      return number.intValue();
    }
    if (value instanceof String text && text.matches("\\d+")) {
      return Integer.parseInt(text);
    }
    throw new IllegalStateException(
        "function " + resource.logicalId() + " " + field + " " + value + " is not a number");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?>) {
      return (Map<String, Object>) value;
    }
    throw new IllegalStateException("expected a JSON object, found " + value);
  }

  private static List<?> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> items) {
      return items;
    }
    throw new IllegalStateException("expected a JSON array, found " + value);
  }

  private static Map<String, Object> readJson(Path file) {
    Objects.requireNonNull(file);
    try {
      return JSON.std.mapFrom(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cloud assembly file " + file, e);
    }
  }
}
