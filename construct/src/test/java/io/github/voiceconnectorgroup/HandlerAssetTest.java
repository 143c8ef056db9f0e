package io.github.voiceconnectorgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
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
  void stagingWritesAContentAddressedCopy() throws IOException {
    HandlerAsset.Staged staged = HandlerAsset.stage(directory);

    assertThat(staged.zip()).isEqualTo(directory.resolve(staged.sha256() + ".zip"));
    assertThat(Files.readAllBytes(staged.zip())).isEqualTo(shippedZip());
    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(staged.zip());
    }
  }

  @Test
  void stagingReusesAFileWithTheRightContent() throws IOException {
    Path zip = HandlerAsset.stage(directory).zip();
    FileTime old = FileTime.fromMillis(0);
    Files.setLastModifiedTime(zip, old);

    HandlerAsset.Staged again = HandlerAsset.stage(directory);

    assertThat(again.zip()).isEqualTo(zip);
    assertThat(Files.getLastModifiedTime(zip)).isEqualTo(old);
  }

  @Test
  void stagingReplacesATruncatedFile() throws IOException {
    Path zip = directory.resolve(HandlerAsset.shippedSha256() + ".zip");
    Files.write(zip, new byte[] {1, 2, 3});

    HandlerAsset.stage(directory);

    assertThat(Files.readAllBytes(zip)).isEqualTo(shippedZip());
  }

  @Test
  void stagingReplacesAFileOfTheRightSizeWithOtherContent() throws IOException {
    Path zip = directory.resolve(HandlerAsset.shippedSha256() + ".zip");
    byte[] planted = shippedZip();
    planted[planted.length / 2] ^= 0x5a;
    Files.write(zip, planted);

    HandlerAsset.stage(directory);

    assertThat(Files.readAllBytes(zip)).isEqualTo(shippedZip());
  }

  @Test
  void stagingDirectoryIsTheUsersOwnAndMadeOwnerOnly() throws IOException {
    assertThat(HandlerAsset.stagingDirectory().getFileName().toString())
        .isEqualTo(
            HandlerAsset.STAGING_DIRECTORY_NAME
                + "-"
                + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_"));

    Path fresh = directory.resolve("parent").resolve("staging");
    HandlerAsset.stage(fresh);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
        .isEqualTo("rwx------");
  }

  @Test
  void stagingRefusesADirectoryOthersCanWrite() throws IOException {
    Path shared = Files.createDirectory(directory.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    String user = Files.getOwner(shared).getName();

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> HandlerAsset.stage(shared));

    assertThat(refused)
        .hasMessage(
            "cannot stage the handler ZIP in %s: it is a directory owned by %s with mode"
                + " rwxrwxrwx; allowed: a directory owned by %s that no group or other user can"
                + " write to. Remove it, or run the app with -Djava.io.tmpdir set to a directory"
                + " of your own",
            shared, user, user);
    assertThat(shared).isEmptyDirectory();
  }

  @Test
  void stagingRefusesAPrivateDirectoryOfAnotherUser() throws IOException {
    Path theirs = Files.createDirectory(directory.resolve("theirs"));
    Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
    UserPrincipal nobody =
        theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    try {
      Files.setOwner(theirs, nobody);
    } catch (FileSystemException e) {
      assumeTrue(false, "giving a directory to another user takes root: " + e);
    }

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> HandlerAsset.stage(theirs));

    assertThat(refused)
        .hasMessageContaining(theirs + ": it is a directory owned by nobody with mode rwx------");
    assertThat(theirs).isEmptyDirectory();
  }

  @Test
  void stagingRefusesASymbolicLinkEvenToADirectoryOfTheUsersOwn() throws IOException {
    Path own = Files.createDirectory(directory.resolve("own"));
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
    Path link = Files.createSymbolicLink(directory.resolve("link"), own);

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> HandlerAsset.stage(link));

    assertThat(refused).hasMessageContaining(link + ": it is a symbolic link owned by");
    assertThat(own).isEmptyDirectory();
  }

  @Test
  void concurrentStagingLeavesOneCompleteFile() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HandlerAsset.Staged>> results =
          IntStream.range(0, 8)
              .mapToObj(i -> pool.submit(() -> HandlerAsset.stage(directory)))
              .toList();
      for (Future<HandlerAsset.Staged> result : results) {
        assertThat(Files.readAllBytes(result.get().zip())).isEqualTo(shippedZip());
      }
    } finally {
      pool.shutdownNow();
    }
    try (var files = Files.list(directory)) {
      assertThat(files).hasSize(1);
    }
  }
}
