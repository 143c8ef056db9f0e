package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Times one SHA-256 of a file in a fresh JVM, as a synth process computes it once (cold code, no
 * JIT yet): the cost of verifying a staged handler ZIP by its content on every synth.
 */
public final class Sha256Probe {

  /** Prefix of the one stdout line with the result. */
  public static final String RESULT_PREFIX = "BENCH-SHA256-MS ";

  private Sha256Probe() {}

  /**
   * Hashes the file once and prints the milliseconds it took.
   *
   * @param args the file
   * @throws IOException when the file cannot be read
   * @throws NoSuchAlgorithmException never on a standard JDK
   */
  public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
    long start = System.nanoTime();
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(Path.of(args[0])), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    digest.digest();
    System.out.println(RESULT_PREFIX + (System.nanoTime() - start) / 1e6);
  }

  /**
   * Runs the probe in fresh JVMs.
   *
   * @param file the file to hash
   * @param runs how many JVMs
   * @return milliseconds per run
   * @throws IOException when a JVM fails
   * @throws InterruptedException when interrupted
   */
  public static List<Double> measure(Path file, int runs) throws IOException, InterruptedException {
    List<Double> result = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Sha256Probe.class.getName(),
                  file.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0 || !output.contains(RESULT_PREFIX)) {
        throw new IOException("SHA-256 probe failed: " + output);
      }
      String line = output.substring(output.indexOf(RESULT_PREFIX) + RESULT_PREFIX.length());
      result.add(Double.parseDouble(line.trim().split("\\s+")[0]));
    }
    return result;
  }
}
