package io.github.voiceconnectorgroup.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Size and shape of one synthesized template: bytes, Lambda functions, IAM statements, and the
 * aggregate inline policy size of its largest role (IAM allows 10,240 characters per role, not
 * counting whitespace).
 *
 * @param bytes template file size as the CDK wrote it
 * @param minifiedBytes size of the same JSON without whitespace
 * @param resources number of resources
 * @param lambdaFunctions {@code AWS::Lambda::Function} resources
 * @param iamStatements statements in all {@code AWS::IAM::Policy} documents and role inline
 *     policies (trust policies excluded)
 * @param largestRolePolicyChars characters of the inline policies of the role with the most,
 *     whitespace removed and pseudo parameters resolved as IAM would see them
 * @param unresolvedReferences references in those policies that could not be resolved locally and
 *     were counted as {@value #UNRESOLVED_PLACEHOLDER_CHARS} characters each
 */
public record TemplateStats(
    long bytes,
    long minifiedBytes,
    int resources,
    int lambdaFunctions,
    int iamStatements,
    long largestRolePolicyChars,
    int unresolvedReferences) {

  /** IAM's limit on a role's aggregate inline policy size, in characters without whitespace. */
  public static final int ROLE_POLICY_LIMIT_CHARS = 10_240;

  /** Characters counted for a reference (Ref, GetAtt) resolved only at deploy time. */
  public static final int UNRESOLVED_PLACEHOLDER_CHARS = 64;

  /**
   * Reads a template file.
   *
   * @param template the {@code *.template.json} file
   * @return its statistics
   * @throws IOException when it cannot be read or parsed
   */
  @SuppressWarnings("unchecked")
  public static TemplateStats of(Path template) throws IOException {
    String text = Files.readString(template);
    Map<String, Object> root = JSON.std.mapFrom(text);
    Map<String, Object> resources = (Map<String, Object>) root.getOrDefault("Resources", Map.of());
    int functions = 0;
    int statements = 0;
    long largestRole = 0;
    int unresolved = 0;
    for (Map.Entry<String, Object> entry : resources.entrySet()) {
      Map<String, Object> resource = (Map<String, Object>) entry.getValue();
      String type = (String) resource.get("Type");
      Map<String, Object> properties =
          (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
      if ("AWS::Lambda::Function".equals(type)) {
        functions++;
      } else if ("AWS::IAM::Policy".equals(type)) {
        statements += statementCount(properties.get("PolicyDocument"));
      } else if ("AWS::IAM::Role".equals(type)) {
        for (Object policy : (List<Object>) properties.getOrDefault("Policies", List.of())) {
          statements += statementCount(((Map<String, Object>) policy).get("PolicyDocument"));
        }
        PolicySize size = rolePolicySize(entry.getKey(), properties, resources);
        if (size.chars > largestRole) {
          largestRole = size.chars;
          unresolved = size.unresolved;
        }
      }
    }
    return new TemplateStats(
        Files.size(template),
        JSON.std.asString(root).length(),
        resources.size(),
        functions,
        statements,
        largestRole,
        unresolved);
  }

  @SuppressWarnings("unchecked")
  private static int statementCount(Object policyDocument) {
    if (!(policyDocument instanceof Map)) {
      return 0;
    }
    Object statement = ((Map<String, Object>) policyDocument).get("Statement");
    return statement instanceof List ? ((List<Object>) statement).size() : 1;
  }

  private record PolicySize(long chars, int unresolved) {}

  @SuppressWarnings("unchecked")
  private static PolicySize rolePolicySize(
      String roleId, Map<String, Object> roleProperties, Map<String, Object> resources)
      throws IOException {
    long chars = 0;
    int[] unresolved = {0};
    for (Object policy : (List<Object>) roleProperties.getOrDefault("Policies", List.of())) {
      chars += documentChars(((Map<String, Object>) policy).get("PolicyDocument"), unresolved);
    }
    Map<String, Object> refToRole = Map.of("Ref", roleId);
    for (Object value : resources.values()) {
      Map<String, Object> resource = (Map<String, Object>) value;
      if (!"AWS::IAM::Policy".equals(resource.get("Type"))) {
        continue;
      }
      Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
      List<Object> roles = (List<Object>) properties.getOrDefault("Roles", List.of());
      if (roles.contains(refToRole)) {
        chars += documentChars(properties.get("PolicyDocument"), unresolved);
      }
    }
    return new PolicySize(chars, unresolved[0]);
  }

  private static long documentChars(Object document, int[] unresolved) throws IOException {
    String json = JSON.std.asString(resolve(document, unresolved));
    return json.chars().filter(c -> !Character.isWhitespace(c)).count();
  }

  /** Resolves what IAM would see: pseudo parameters and joins; other references as placeholders. */
  @SuppressWarnings("unchecked")
  private static Object resolve(Object value, int[] unresolved) {
    if (value instanceof List) {
      return ((List<Object>) value).stream().map(v -> resolve(v, unresolved)).toList();
    }
    if (!(value instanceof Map)) {
      return value;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    if (map.size() == 1) {
      Object ref = map.get("Ref");
      if (ref != null) {
        String pseudo = pseudoParameter((String) ref);
        if (pseudo != null) {
          return pseudo;
        }
        unresolved[0]++;
        return "x".repeat(UNRESOLVED_PLACEHOLDER_CHARS);
      }
      Object join = map.get("Fn::Join");
      if (join != null) {
        List<Object> args = (List<Object>) join;
        StringBuilder joined = new StringBuilder();
        List<Object> parts = (List<Object>) args.get(1);
        for (int i = 0; i < parts.size(); i++) {
          if (i > 0) {
            joined.append((String) args.get(0));
          }
          joined.append(resolve(parts.get(i), unresolved));
        }
        return joined.toString();
      }
      String key = map.keySet().iterator().next();
      if (key.startsWith("Fn::")) {
        unresolved[0]++;
        return "x".repeat(UNRESOLVED_PLACEHOLDER_CHARS);
      }
    }
    Map<String, Object> resolved = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> resolved.put(k, resolve(v, unresolved)));
    return resolved;
  }

  private static String pseudoParameter(String name) {
    switch (name) {
      case "AWS::Partition":
        return "aws";
      case "AWS::AccountId":
        return BenchStack.ACCOUNT;
      case "AWS::Region":
        return BenchStack.REGION;
      case "AWS::URLSuffix":
        return "amazonaws.com";
      default:
        return null;
    }
  }
}
