package io.github.voiceconnectorgroup.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Values parsed from JSON (maps, lists, scalars), as the tests change them. */
public final class JsonValues {

  private JsonValues() {}

  /**
   * A mutable deep copy: maps keep their order, scalars are shared.
   *
   * @param value a map, a list or a scalar
   * @return the copy
   */
  public static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }
}
