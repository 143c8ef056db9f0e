package io.github.voiceconnectorgroup.e2e;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Resource;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Stack;
import io.github.voiceconnectorgroup.testsupport.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a custom resource's template properties into the {@code ResourceProperties} CloudFormation
 * would deliver: every intrinsic function resolved, every scalar a string.
 *
 * <p>Intrinsics are resolved generically: each distinct one (a {@code Fn::GetAtt} of a voice
 * connector in the same stack, a cross-Region export reader's attribute, an import) stands for a
 * voice connector made elsewhere in the deployment, so it becomes a fresh voice connector id that
 * is registered with the Chime SDK Voice stand-in. The same intrinsic always resolves to the same
 * id.
 */
final class TemplateValues {

  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChimeSdkVoiceStandIn chime;
  private final Map<String, String> resolved = new LinkedHashMap<>();

  TemplateValues(ChimeSdkVoiceStandIn chime) {
    this.chime = chime;
  }

  /**
   * The resource's properties as CloudFormation sends them, with {@code ServiceToken} set to the
   * function's ARN.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> resourceProperties(Stack stack, Resource resource, String functionArn) {
    Map<String, Object> properties = new LinkedHashMap<>();
    resource
        .properties()
        .forEach(
            (name, value) ->
                properties.put(
                    name, name.equals("ServiceToken") ? functionArn : resolve(stack, value, name)));
    return (Map<String, Object>) JsonValues.deepCopy(properties);
  }

  private Object resolve(Stack stack, Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      if (map.size() == 1) {
        String key = String.valueOf(map.keySet().iterator().next());
        if (key.equals("Ref") || key.startsWith("Fn::")) {
          return voiceConnectorIdFor(stack, map);
        }
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), resolve(stack, v, path + "." + k)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        copy.add(resolve(stack, list.get(i), path + "[" + i + "]"));
      }
      return copy;
    }
    if (value == null) {
      throw new IllegalStateException("property " + path + " is null in the template");
    }
    // CloudFormation passes numbers and booleans to custom resources as strings.
    return value instanceof String text ? text : String.valueOf(value);
  }

  private String voiceConnectorIdFor(Stack stack, Map<?, ?> intrinsic) {
    String key = stack.artifactId() + " " + canonicalJson(intrinsic);
    return resolved.computeIfAbsent(
        key,
        k -> {
          String id = randomVoiceConnectorId();
          chime.registerVoiceConnectors(id);
          return id;
        });
  }

  /** An id shaped like a Chime voice connector id: 22 lower-case letters and digits. */
  static String randomVoiceConnectorId() {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 22; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  private static String canonicalJson(Object value) {
    try {
      return JSON.std.asString(sorted(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), sorted(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(TemplateValues::sorted).toList();
    }
    return value;
  }
}
