package io.github.voiceconnectorgroup.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader;
import io.github.voiceconnectorgroup.testsupport.CloudFormationEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudFormation events the invoke benchmark sends (built by test support's {@link
 * CloudFormationEvent}) for one custom resource as its template declares it.
 *
 * @param functionArn the handler function's ARN, the resource's {@code ServiceToken}
 * @param resource the custom resource
 * @param responseUrl where the handler must PUT its answer
 */
record Events(String functionArn, CloudAssemblyReader.Resource resource, String responseUrl) {

  /**
   * A Create of the resource with its template properties.
   *
   * @return the event
   */
  Map<String, Object> create() {
    return addressed(CloudFormationEvent.create(properties()));
  }

  /**
   * An Update that renames the group.
   *
   * @param physicalResourceId what the Create answered
   * @return the event
   */
  Map<String, Object> rename(String physicalResourceId) {
    return addressed(
        CloudFormationEvent.update(physicalResourceId, renamed(properties()), properties()));
  }

  /**
   * A Delete of the renamed group.
   *
   * @param physicalResourceId what the Update answered
   * @return the event
   */
  Map<String, Object> delete(String physicalResourceId) {
    return addressed(CloudFormationEvent.delete(physicalResourceId, renamed(properties())));
  }

  private Map<String, Object> addressed(CloudFormationEvent event) {
    return event
        .withServiceToken(functionArn)
        .withResponseUrl(responseUrl)
        .withStackId(
            "arn:aws:cloudformation:"
                + BenchStack.REGION
                + ":"
                + BenchStack.ACCOUNT
                + ":stack/"
                + BenchStack.STACK_NAME
                + "/"
                + UUID.nameUUIDFromBytes(functionArn.getBytes(StandardCharsets.UTF_8)))
        .withLogicalResourceId(resource.logicalId())
        .withResourceType(resource.type())
        .toMap();
  }

  private Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>(resource.properties());
    properties.put("ServiceToken", functionArn);
    return asDelivered(properties);
  }

  /**
   * Template properties as a handler receives them: CloudFormation turns every number and boolean
   * into a string, at any depth. Intrinsic functions must already be resolved.
   *
   * @param properties resolved properties
   * @return the delivered form
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asDelivered(Map<String, Object> properties) {
    return (Map<String, Object>) deliver(properties, "");
  }

  @SuppressWarnings("unchecked")
  private static Object deliver(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      String only = map.size() == 1 ? (String) map.keySet().iterator().next() : "";
      if (only.equals("Ref") || only.startsWith("Fn::")) {
        throw new IllegalArgumentException(
            "property " + path + " is the unresolved intrinsic " + map + "; allowed: plain values");
      }
      Map<String, Object> delivered = new LinkedHashMap<>();
      ((Map<String, Object>) map)
          .forEach((k, v) -> delivered.put(k, deliver(v, path.isEmpty() ? k : path + "." + k)));
      return delivered;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> deliver(v, path + "[]")).toList();
    }
    return value instanceof Number || value instanceof Boolean ? value.toString() : value;
  }

  /** A new group name, in the construct's Name or in the baseline's SDK call parameters. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> renamed(Map<String, Object> properties) {
    Map<String, Object> copy = new LinkedHashMap<>(properties);
    if (copy.get("Name") instanceof String name) {
      copy.put("Name", name + "-renamed");
    }
    for (String call : List.of("Create", "Update")) {
      if (copy.get(call) instanceof String json) {
        try {
          Map<String, Object> sdkCall = JSON.std.mapFrom(json);
          Map<String, Object> parameters = (Map<String, Object>) sdkCall.get("parameters");
          parameters.put("Name", parameters.get("Name") + "-renamed");
          copy.put(call, JSON.std.asString(sdkCall));
        } catch (IOException e) {
          throw new UncheckedIOException("property " + call + " is not JSON: " + json, e);
        }
      }
    }
    return copy;
  }
}
