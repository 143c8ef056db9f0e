package io.github.voiceconnectorgroup.bench;

import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sizes of what each variant deploys as its handler.
 *
 * @param handlerZipBytes the construct's handler ZIP as the handler module builds it
 * @param constructAssetBytes the construct's handler asset as staged in the cloud assembly
 * @param baselineAssetBytes the baseline's handler asset (a directory the CLI zips) as staged
 * @param baselineAssetZippedBytes the same directory zipped (deflate), as it would be uploaded
 * @param baselineSdkBytes the npm packages the baseline's handler needs from the Lambda runtime
 *     (AWS SDK v3 client and its dependencies), which Lambda provides rather than uploads
 * @param handlerZipComposition what takes the room in the construct's handler ZIP
 * @param freshJvmSha256Ms median time to SHA-256 the handler ZIP once in a fresh JVM
 */
public record ArtifactSizes(
    long handlerZipBytes,
    long constructAssetBytes,
    long baselineAssetBytes,
    long baselineAssetZippedBytes,
    long baselineSdkBytes,
    ZipComposition handlerZipComposition,
    double freshJvmSha256Ms) {

  /**
   * Measures the sizes.
   *
   * @param handlerZip the handler module's ZIP
   * @param assemblies each variant's cloud assembly, by variant name
   * @param nodeModules the installed npm packages
   * @param freshJvmSha256Ms median time to SHA-256 the handler ZIP once in a fresh JVM
   * @return the sizes
   * @throws IOException when a file cannot be read
   */
  public static ArtifactSizes measure(
      Path handlerZip, Map<String, Path> assemblies, Path nodeModules, double freshJvmSha256Ms)
      throws IOException {
    Path baselineAsset = asset(assemblies.get("baseline"));
    return new ArtifactSizes(
        Files.size(handlerZip),
        treeBytes(asset(assemblies.get("construct"))),
        treeBytes(baselineAsset),
        zippedBytes(baselineAsset),
        sdkBytes(nodeModules),
        ZipComposition.of(handlerZip, 4),
        freshJvmSha256Ms);
  }

  /** The installed packages less the Node.js binary package, which the runtime itself is. */
  private static long sdkBytes(Path nodeModules) throws IOException {
    long total = 0;
    try (Stream<Path> packages = Files.list(nodeModules)) {
      for (Path entry : packages.toList()) {
        String name = entry.getFileName().toString();
        if (!name.startsWith("node-linux-") && !name.startsWith(".")) {
          total += treeBytes(entry);
        }
      }
    }
    return total;
  }

  private static Path asset(Path assembly) {
    CloudAssemblyReader.Stack stack = CloudAssemblyReader.read(assembly).stacks().get(0);
    for (CloudAssemblyReader.LambdaFunction function : stack.lambdaFunctions()) {
      if (!stack.customResourcesServedBy(function).isEmpty()) {
        return stack.codeAsset(function);
      }
    }
    throw new IllegalStateException("no custom resource handler in " + assembly);
  }

  private static long zippedBytes(Path directory) throws IOException {
    if (Files.isRegularFile(directory)) {
      return Files.size(directory);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes);
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(directory.relativize(file).toString()));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return bytes.size();
  }

  private static long treeBytes(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return Files.size(path);
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files.filter(Files::isRegularFile).mapToLong(ArtifactSizes::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
