package io.github.voiceconnectorgroup.bench;

import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader;
import java.nio.file.Path;

/**
 * The handler function's settings as a variant's template declares them.
 *
 * @param variant {@code construct} or {@code baseline}
 * @param runtime Lambda runtime, e.g. {@code java21}
 * @param memorySizeMb memory size; Lambda's CPU share is proportional (1,769 MB is one vCPU)
 * @param timeoutSeconds function timeout
 * @param architectures instruction set architectures
 */
public record FunctionSettings(
    String variant, String runtime, int memorySizeMb, int timeoutSeconds, String architectures) {

  /** Memory size at which Lambda gives a function one full vCPU. */
  public static final double MB_PER_VCPU = 1769.0;

  /**
   * Reads the settings of the function that serves the stack's custom resources.
   *
   * @param variant the variant's name
   * @param assembly its cloud assembly
   * @return the settings
   */
  public static FunctionSettings of(String variant, Path assembly) {
    CloudAssemblyReader.Stack stack = CloudAssemblyReader.read(assembly).stacks().get(0);
    for (CloudAssemblyReader.LambdaFunction function : stack.lambdaFunctions()) {
      if (!stack.customResourcesServedBy(function).isEmpty()) {
        return new FunctionSettings(
            variant,
            function.runtime(),
            function.memorySizeMb(),
            function.timeoutSeconds(),
            String.join(",", function.architectures()));
      }
    }
    throw new IllegalStateException("no function in " + assembly + " serves a custom resource");
  }

  /**
   * The function's CPU share in Lambda.
   *
   * @return vCPUs, at most a few
   */
  public double vcpuShare() {
    return memorySizeMb / MB_PER_VCPU;
  }
}
