package io.github.voiceconnectorgroup.testsupport;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code context} of the repository's {@code cdk.json}, for tests that synthesize an app in
 * process.
 *
 * <p>The CDK CLI passes these feature flags to the app; an {@code App} built in a test gets none
 * unless it is given them, and would then synthesize (and validate) differently from {@code cdk
 * synth}.
 */
public final class CdkJsonContext {

  private CdkJsonContext() {}

  /**
   * Reads the context of the nearest {@code cdk.json} in the working directory or above it.
   *
   * @return the context entries, as the CLI would pass them
   * @throws IllegalStateException if no {@code cdk.json} is found
   */
  public static Map<String, Object> load() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path cdkJson = dir.resolve("cdk.json");
      if (Files.isRegularFile(cdkJson)) {
        return load(cdkJson);
      }
    }
    throw new IllegalStateException(
        "no cdk.json in " + Path.of("").toAbsolutePath() + " or any directory above it");
  }

  /**
   * Reads the context of the given {@code cdk.json}.
   *
   * @param cdkJson the file
   * @return the context entries, empty when it has none
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> load(Path cdkJson) {
    try {
      Object context = JSON.std.mapFrom(Files.readString(cdkJson)).get("context");
      return context == null ? Map.of() : Map.copyOf((Map<String, Object>) context);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + cdkJson, e);
    }
  }
}
