package io.github.voiceconnectorgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.constructs.Construct;

/**
 * The handler's Lambda deployment ZIP, shipped in this jar with its SHA-256 (computed at build
 * time), staged as a file so CDK can point an asset at it.
 *
 * <p>Once per JVM, the ZIP is copied from the jar into a directory made for this process alone
 * ({@link Files#createTempDirectory}, owner-only), and deleted with its directory when the JVM
 * exits. No other user can reach that directory and no later synth reuses it, so nothing needs to
 * be checked about its owner or mode. It must outlive the stacks rather than be deleted after the
 * first function: CDK copies an asset from its source once per cloud assembly directory, so a
 * second app in the same JVM reads it again. The asset hash is the shipped SHA-256, so CDK never
 * hashes the ZIP itself.
 */
final class HandlerAsset {

  static final String ZIP_RESOURCE =
      "/io/github/voiceconnectorgroup/handler/voice-connector-group-handler.zip";
  static final String SHA256_RESOURCE = ZIP_RESOURCE + ".sha256";

  /** Prefix of the JVM's private staging directory under {@code java.io.tmpdir}. */
  static final String STAGING_DIRECTORY_PREFIX = "voice-connector-group-handler-";

  /**
   * The context key with which the CDK CLI disables asset staging ({@code cdk synth --no-staging},
   * as SAM's local invoke uses): the template then names the source file itself, which must stay.
   */
  static final String DISABLE_ASSET_STAGING_CONTEXT = "aws:cdk:disable-asset-staging";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** The staged ZIP of this JVM; every stack of every app in the process shares it. */
  private static Staged staged;

  /** A staged copy of the handler ZIP. */
  record Staged(Path zip, String sha256) {}

  private HandlerAsset() {}

  /**
   * A new Lambda code object for the staged handler ZIP; each function needs its own, since an
   * asset code binds to one stack.
   *
   * @param scope where the function is defined; its context says whether CDK stages assets
   */
  static Code code(Construct scope) {
    boolean keep =
        Boolean.parseBoolean(
            String.valueOf(scope.getNode().tryGetContext(DISABLE_ASSET_STAGING_CONTEXT)));
    Staged handler = stagedForThisJvm(!keep);
    return Code.fromAsset(
        handler.zip().toString(), AssetOptions.builder().assetHash(handler.sha256()).build());
  }

  /**
   * The ZIP staged for this JVM, staged on first use.
   *
   * @param deleteOnExit whether the staged copy is deleted when the JVM exits; once a caller asks
   *     to keep it, it is kept
   */
  static synchronized Staged stagedForThisJvm(boolean deleteOnExit) {
    if (staged == null) {
      staged = stage(newPrivateDirectory(), deleteOnExit);
    } else if (!deleteOnExit) {
      // The deletion hook cannot be withdrawn: stage a copy that stays.
      staged = stage(newPrivateDirectory(), false);
    }
    return staged;
  }

  private static Path newPrivateDirectory() {
    try {
      return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? Files.createTempDirectory(
              STAGING_DIRECTORY_PREFIX,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory(STAGING_DIRECTORY_PREFIX);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory to stage the handler ZIP in", e);
    }
  }

  /**
   * Copies the shipped ZIP into a directory as {@code <sha256>.zip}.
   *
   * @param directory an empty directory of this process
   * @param deleteOnExit whether the file and the directory are deleted when the JVM exits
   */
  static Staged stage(Path directory, boolean deleteOnExit) {
    String sha256 = shippedSha256();
    Path target = directory.resolve(sha256 + ".zip");
    if (deleteOnExit) {
      // Deleted in the reverse order of registration: the file, then its directory.
      directory.toFile().deleteOnExit();
      target.toFile().deleteOnExit();
    }
    // Not hashed again: that doubled the cost of staging in a fresh JVM, and the build checks
    // the shipped hash against the ZIP (HandlerAssetTest); Lambda refuses a damaged ZIP.
    try (InputStream in = resource(ZIP_RESOURCE).openStream();
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      in.transferTo(out);
      return new Staged(target, sha256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the handler ZIP into " + directory, e);
    }
  }

  static String shippedSha256() {
    try (InputStream in = resource(SHA256_RESOURCE).openStream()) {
      // Tolerate a "<hash>  <file name>" line as well as a bare hash.
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
      String sha256 = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      if (!SHA256_HEX.matcher(sha256).matches()) {
        throw new IllegalStateException(
            SHA256_RESOURCE + " holds '" + text + "', not a SHA-256 of 64 hex digits");
      }
      return sha256;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SHA256_RESOURCE, e);
    }
  }

  private static URL resource(String name) {
    URL url = HandlerAsset.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException(
          name + " is missing from the classpath; the voice-connector-group jar is incomplete");
    }
    return url;
  }
}
