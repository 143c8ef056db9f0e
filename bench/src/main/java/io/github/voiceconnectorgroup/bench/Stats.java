package io.github.voiceconnectorgroup.bench;

import java.util.Collection;
import java.util.List;

/** Small statistics over benchmark samples. */
public final class Stats {

  private Stats() {}

  /**
   * The median; the mean of the two middle values for an even count.
   *
   * @param values samples, at least one
   * @return their median
   */
  public static double median(Collection<? extends Number> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values is empty; allowed: at least one sample");
    }
    List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /**
   * The smallest sample.
   *
   * @param values samples, at least one
   * @return the minimum
   */
  public static double min(Collection<? extends Number> values) {
    return values.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
  }

  /**
   * The largest sample.
   *
   * @param values samples, at least one
   * @return the maximum
   */
  public static double max(Collection<? extends Number> values) {
    return values.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
  }
}
