package io.github.voiceconnectorgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerAssetTest {

  @TempDir Path directory;

  private static byte[] shippedZip() {
    try (InputStream in = HandlerAsset.class.getResourceAsStream(HandlerAsset.ZIP_RESOURCE)) {
      assertThat(in).as(HandlerAsset.ZIP_RESOURCE).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CDK turns a custom asset hash into the asset's id by hashing it once more. */
  static String expectedAssetHash() {
    return sha256(HandlerAsset.shippedSha256().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shippedSha256MatchesTheShippedZip() {
    assertThat(HandlerAsset.shippedSha256()).isEqualTo(sha256(shippedZip()));
  }

  @Test
  void shippedZipHoldsTheClassTheFunctionsHandlerSettingNames() throws IOException {
    String handlerClass =
        VoiceConnectorGroupContract.HANDLER
                .substring(0, VoiceConnectorGroupContract.HANDLER.indexOf("::"))
                .replace('.', '/')
            + ".class";
    List<String> entries = new ArrayList<>();
    try (ZipInputStream zip =
        new ZipInputStream(HandlerAsset.class.getResourceAsStream(HandlerAsset.ZIP_RESOURCE))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.add(entry.getName());
      }
    }
    // At the ZIP's root, where Lambda's Java runtime puts it on the class path.
    assertThat(entries).contains(handlerClass);
  }

  @Test
  void stagingCopiesTheShippedZipUnderItsSha256() throws IOException {
    HandlerAsset.Staged staged = HandlerAsset.stage(directory, false);

    assertThat(staged.sha256()).isEqualTo(HandlerAsset.shippedSha256());
    assertThat(staged.zip()).isEqualTo(directory.resolve(staged.sha256() + ".zip"));
    assertThat(Files.readAllBytes(staged.zip())).isEqualTo(shippedZip());
    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(staged.zip());
    }
  }

  @Test
  void stagingDirectoryIsFreshAndOwnerOnly() throws IOException {
    HandlerAsset.Staged staged = HandlerAsset.stagedForThisJvm(true);
    Path stagingDirectory = staged.zip().getParent();

    assertThat(stagingDirectory.getParent())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    assertThat(stagingDirectory.getFileName().toString())
        .startsWith(HandlerAsset.STAGING_DIRECTORY_PREFIX);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stagingDirectory)))
        .isEqualTo("rwx------");
    assertThat(HandlerAsset.stagedForThisJvm(true)).isSameAs(staged);
  }
}
