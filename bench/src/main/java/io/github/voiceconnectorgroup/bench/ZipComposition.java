package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What takes the room in a ZIP: compressed bytes per path prefix (packages for classes, the jar
 * name under {@code lib/}), largest first.
 *
 * @param totalCompressedBytes compressed size of all entries
 * @param compressedBytesByPrefix compressed size per prefix, largest first
 * @param entries number of file entries
 */
public record ZipComposition(
    long totalCompressedBytes, Map<String, Long> compressedBytesByPrefix, int entries) {

  /**
   * Reads a ZIP's directory.
   *
   * @param zip the file
   * @param depth path components that make a prefix, e.g. 4 for {@code
   *     software/amazon/awssdk/services}
   * @return the composition
   * @throws IOException when the file is not a readable ZIP
   */
  public static ZipComposition of(Path zip, int depth) throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    long total = 0;
    int files = 0;
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      for (ZipEntry entry : Collections.list(entries)) {
        if (entry.isDirectory()) {
          continue;
        }
        files++;
        total += entry.getCompressedSize();
        sizes.merge(prefix(entry.getName(), depth), entry.getCompressedSize(), Long::sum);
      }
    }
    Map<String, Long> largestFirst = new LinkedHashMap<>();
    sizes.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
    return new ZipComposition(total, largestFirst, files);
  }

  private static String prefix(String name, int depth) {
    List<String> parts = List.of(name.split("/"));
    if (parts.size() == 1) {
      return "(top-level files)";
    }
    return String.join("/", parts.subList(0, Math.min(depth, parts.size() - 1))) + "/";
  }
}
