package io.github.voiceconnectorgroup.testsupport;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Compares a synthesized CloudFormation template with a committed JSON snapshot.
 *
 * <p>The template is rendered as pretty JSON with every object's keys sorted and every asset hash
 * (64 lower-case hex digits, as in an {@code S3Key} of {@code <hash>.zip} or a legacy asset
 * parameter name) replaced by {@link #ASSET_HASH_MARKER}, so the snapshot changes when the
 * template's structure changes, not when the handler's code does. Snapshots live in {@code
 * src/test/resources/snapshots/<name>.json} of the module under test. Running the tests with {@code
 * -Dsnapshot.update=true} rewrites them; otherwise a difference, or a missing snapshot, fails with
 * a unified diff.
 */
public final class TemplateSnapshot {

  /** The system property that, set to {@code true}, rewrites snapshots instead of comparing. */
  public static final String UPDATE_PROPERTY = "snapshot.update";

  /** What every asset hash is replaced with. */
  public static final String ASSET_HASH_MARKER = "<asset-hash>";

  private static final Pattern ASSET_HASH =
      Pattern.compile("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");
  private static final int DIFF_CONTEXT_LINES = 3;
  private static final JSON PRETTY_JSON = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

  private final Path directory;
  private final boolean update;

  private TemplateSnapshot(Path directory, boolean update) {
    this.directory = directory;
    this.update = update;
  }

  /**
   * Snapshots kept in {@code src/test/resources/snapshots} of the module whose tests are running
   * (Maven Surefire's {@code basedir}, else the working directory).
   *
   * @return the snapshot store of the current module
   */
  public static TemplateSnapshot forCurrentModule() {
    return in(Path.of(System.getProperty("basedir", "")).resolve("src/test/resources/snapshots"));
  }

  /**
   * Snapshots kept in the given directory.
   *
   * @param directory where the {@code <name>.json} files are
   * @return the snapshot store of that directory
   */
  public static TemplateSnapshot in(Path directory) {
    return in(directory, Boolean.getBoolean(UPDATE_PROPERTY));
  }

  static TemplateSnapshot in(Path directory, boolean update) {
    return new TemplateSnapshot(directory.toAbsolutePath().normalize(), update);
  }

  /**
   * Shorthand for {@code forCurrentModule().assertMatches(name, template)}.
   *
   * @param name the snapshot's file name without {@code .json}
   * @param template the template, e.g. {@code Template.fromStack(stack).toJSON()}
   */
  public static void assertMatchesSnapshot(String name, Map<String, ?> template) {
    forCurrentModule().assertMatches(name, template);
  }

  /**
   * Compares the template with the snapshot {@code <name>.json}, or rewrites the snapshot when
   * {@value #UPDATE_PROPERTY} was {@code true} as this store was made.
   *
   * @param name the snapshot's file name without {@code .json}
   * @param template the template, e.g. {@code Template.fromStack(stack).toJSON()}
   * @throws AssertionError when the snapshot is missing or differs, with a unified diff
   */
  public void assertMatches(String name, Map<String, ?> template) {
    Path file = snapshotFile(name);
    String actual = render(template);
    if (update) {
      write(file, actual);
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(
          "Template snapshot "
              + file
              + " does not exist; run the tests with -D"
              + UPDATE_PROPERTY
              + "=true to write it, then review and commit it.");
    }
    String expected = read(file);
    if (!expected.equals(actual)) {
      throw new AssertionError(
          "Template differs from snapshot "
              + file
              + "; if the change is intended, rerun with -D"
              + UPDATE_PROPERTY
              + "=true and commit the snapshot.\n"
              + unifiedDiff(file.getFileName().toString(), expected, actual));
    }
  }

  /**
   * Where the snapshot of the given name is kept.
   *
   * @param name the snapshot's file name without {@code .json}
   * @return the snapshot file's path
   */
  public Path snapshotFile(String name) {
    if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "snapshot name '" + name + "' is not allowed: use letters, digits, '.', '_' and '-'");
    }
    return directory.resolve(name + ".json");
  }

  /**
   * Renders the template as the snapshot text: normalized, pretty, with sorted keys, ending in a
   * newline.
   *
   * @param template the template
   * @return the JSON text that is compared with the snapshot
   */
  public static String render(Map<String, ?> template) {
    try {
      String json = PRETTY_JSON.asString(normalize(template));
      return json.replace("\r\n", "\n") + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the template as JSON", e);
    }
  }

  /**
   * Returns a copy of a JSON value with object keys sorted and asset hashes, in keys and in
   * strings, replaced by {@link #ASSET_HASH_MARKER}.
   *
   * @param value a JSON value made of maps, lists, strings, numbers, booleans and nulls
   * @return the normalized copy
   */
  public static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = replaceAssetHashes(String.valueOf(entry.getKey()));
        Object previous = sorted.put(key, normalize(entry.getValue()));
        if (previous != null) {
          // Two keys that differ only by an asset hash would silently overwrite each other.
          throw new IllegalArgumentException(
              "template keys collide once asset hashes are replaced: " + key);
        }
      }
      return sorted;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(normalize(element));
      }
      return copy;
    }
    if (value instanceof String text) {
      return replaceAssetHashes(text);
    }
    return value;
  }

  private static String replaceAssetHashes(String text) {
    return ASSET_HASH.matcher(text).replaceAll(ASSET_HASH_MARKER);
  }

  private static String unifiedDiff(String fileName, String expected, String actual) {
    List<String> expectedLines = expected.lines().toList();
    List<String> actualLines = actual.lines().toList();
    Patch<String> patch = DiffUtils.diff(expectedLines, actualLines);
    List<String> diff =
        UnifiedDiffUtils.generateUnifiedDiff(
            "snapshot/" + fileName,
            "synthesized/" + fileName,
            expectedLines,
            patch,
            DIFF_CONTEXT_LINES);
    return String.join("\n", diff);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + file, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      // A sibling, so the rename is atomic; written with the umask's mode, like any source file.
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + file, e);
    }
  }
}
