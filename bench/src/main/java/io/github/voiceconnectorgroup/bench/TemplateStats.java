package io.github.voiceconnectorgroup.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Size and shape of one synthesized template.
 *
 * @param bytes the template file as the CDK wrote it
 * @param lambdaFunctions {@code AWS::Lambda::Function} resources
 * @param iamStatements statements of all identity policies ({@code AWS::IAM::Policy} and role
 *     inline policies; trust policies excluded)
 * @param rolePolicyChars the aggregate inline policy size of the role with the most, as IAM counts
 *     it against its {@value #ROLE_POLICY_LIMIT_CHARS}-character limit: whitespace removed, pseudo
 *     parameters resolved, other deploy-time references counted as {@value #REFERENCE_CHARS}
 *     characters
 */
public record TemplateStats(
    long bytes, int lambdaFunctions, int iamStatements, long rolePolicyChars) {

  /** IAM's limit on a role's aggregate inline policy size, in characters without whitespace. */
  public static final int ROLE_POLICY_LIMIT_CHARS = 10_240;

  /** Characters counted for a reference (Ref, GetAtt) that only a deployment resolves. */
  static final int REFERENCE_CHARS = 64;

  /**
   * Reads a template file.
   *
   * @param template the {@code *.template.json} file
   * @return its statistics
   * @throws IOException when it cannot be read or parsed
   */
  @SuppressWarnings("unchecked")
  public static TemplateStats of(Path template) throws IOException {
    Map<String, Object> resources =
        (Map<String, Object>) JSON.std.mapFrom(Files.readString(template)).get("Resources");
    int functions = 0;
    int statements = 0;
    Map<String, Long> policyCharsByRole = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : resources.entrySet()) {
      Map<String, Object> resource = (Map<String, Object>) entry.getValue();
      Map<String, Object> properties =
          (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
      switch ((String) resource.get("Type")) {
        case "AWS::Lambda::Function" -> functions++;
        case "AWS::IAM::Role" -> {
          for (Object policy : (List<Object>) properties.getOrDefault("Policies", List.of())) {
            Object document = ((Map<String, Object>) policy).get("PolicyDocument");
            statements += statementCount(document);
            policyCharsByRole.merge(entry.getKey(), chars(document), Long::sum);
          }
        }
        case "AWS::IAM::Policy" -> {
          Object document = properties.get("PolicyDocument");
          statements += statementCount(document);
          for (Object role : (List<Object>) properties.getOrDefault("Roles", List.of())) {
            if (role instanceof Map<?, ?> ref && ref.get("Ref") instanceof String roleId) {
              policyCharsByRole.merge(roleId, chars(document), Long::sum);
            }
          }
        }
        default -> {}
      }
    }
    long largest =
        policyCharsByRole.entrySet().stream()
            .filter(role -> resources.containsKey(role.getKey())) // roles of this template only
            .mapToLong(Map.Entry::getValue)
            .max()
            .orElse(0);
    return new TemplateStats(Files.size(template), functions, statements, largest);
  }

  @SuppressWarnings("unchecked")
  private static int statementCount(Object document) {
    Object statement = ((Map<String, Object>) document).get("Statement");
    return statement instanceof List<?> list ? list.size() : 1;
  }

  private static long chars(Object document) throws IOException {
    return JSON.std.asString(resolve(document)).chars().filter(c -> c > ' ').count();
  }

  /** What IAM sees: pseudo parameters and joins resolved, other references as placeholders. */
  @SuppressWarnings("unchecked")
  private static Object resolve(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(TemplateStats::resolve).toList();
    }
    if (!(value instanceof Map<?, ?>)) {
      return value;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    if (map.size() == 1 && map.get("Fn::Join") instanceof List<?> join) {
      StringJoiner joined = new StringJoiner((String) join.get(0));
      ((List<?>) join.get(1)).forEach(part -> joined.add(String.valueOf(resolve(part))));
      return joined.toString();
    }
    String only = map.size() == 1 ? map.keySet().iterator().next() : "";
    if (only.equals("Ref") || only.startsWith("Fn::")) {
      return switch (String.valueOf(map.get("Ref"))) {
        case "AWS::Partition" -> "aws";
        case "AWS::AccountId" -> BenchStack.ACCOUNT;
        case "AWS::Region" -> BenchStack.REGION;
        case "AWS::URLSuffix" -> "amazonaws.com";
        default -> "x".repeat(REFERENCE_CHARS);
      };
    }
    Map<String, Object> resolved = new LinkedHashMap<>();
    map.forEach((k, v) -> resolved.put(k, resolve(v)));
    return resolved;
  }
}
