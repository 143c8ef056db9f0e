package io.github.voiceconnectorgroup.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How CloudFormation hands a custom resource's properties to its handler. */
final class CloudFormationValues {

  private CloudFormationValues() {}

  /**
   * Converts template property values to what the handler receives: every number and boolean
   * becomes a string, at any depth. Intrinsic functions must already be resolved.
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
    if (value instanceof Map) {
      Map<String, Object> map = (Map<String, Object>) value;
      if (map.size() == 1) {
        String key = map.keySet().iterator().next();
        if (key.equals("Ref") || key.startsWith("Fn::")) {
          throw new IllegalArgumentException(
              "property "
                  + path
                  + " is the unresolved intrinsic "
                  + map
                  + "; allowed: plain values");
        }
      }
      Map<String, Object> delivered = new LinkedHashMap<>();
      map.forEach((k, v) -> delivered.put(k, deliver(v, path.isEmpty() ? k : path + "." + k)));
      return delivered;
    }
    if (value instanceof List) {
      List<Object> list = (List<Object>) value;
      return list.stream().map(v -> deliver(v, path + "[]")).toList();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return value;
  }
}
