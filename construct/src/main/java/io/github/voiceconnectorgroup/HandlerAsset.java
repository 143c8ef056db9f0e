package io.github.voiceconnectorgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.assets.AssetOptions;

/**
 * The handler's Lambda deployment ZIP, shipped in this jar with its SHA-256 (computed at build
 * time), staged as a content-addressed file so CDK can point an asset at it.
 *
 * <p>The file is written once, atomically, to {@code
 * <java.io.tmpdir>/voice-connector-group-handler-<user>/<sha256>.zip} and reused by later synths
 * while its content has that hash. The asset hash is that SHA-256, so CDK never hashes the ZIP
 * itself. The directory must be the user's own and writable by no one else (it is made so when
 * missing, and refused otherwise), so that no other user can replace the ZIP between its check and
 * CDK's copy.
 */
final class HandlerAsset {

  static final String ZIP_RESOURCE =
      "/io/github/voiceconnectorgroup/handler/voice-connector-group-handler.zip";
  static final String SHA256_RESOURCE = ZIP_RESOURCE + ".sha256";
  static final String STAGING_DIRECTORY_NAME = "voice-connector-group-handler";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** The staged ZIP of this JVM; every stack of every app in the process shares it. */
  private static Staged defaultStaged;

  /** A staged copy of the handler ZIP. */
  record Staged(Path zip, String sha256) {}

  private HandlerAsset() {}

  /**
   * A new Lambda code object for the staged handler ZIP; each function needs its own, since an
   * asset code binds to one stack.
   */
  static Code code() {
    Staged staged = stageInTemporaryDirectory();
    return Code.fromAsset(
        staged.zip().toString(), AssetOptions.builder().assetHash(staged.sha256()).build());
  }

  static synchronized Staged stageInTemporaryDirectory() {
    if (defaultStaged == null || !Files.isRegularFile(defaultStaged.zip())) {
      defaultStaged = stage(stagingDirectory());
    }
    return defaultStaged;
  }

  /**
   * {@code <java.io.tmpdir>/voice-connector-group-handler-<user>}: one per user. A directory of
   * that name made first by another user is refused, never used.
   */
  static Path stagingDirectory() {
    String user = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(
        System.getProperty("java.io.tmpdir"),
        user.isEmpty() ? STAGING_DIRECTORY_NAME : STAGING_DIRECTORY_NAME + "-" + user);
  }

  /**
   * Stages the ZIP into the directory unless a file of the right name and content is there.
   *
   * @throws IllegalStateException if the directory is not this user's own or others can write to it
   */
  static Staged stage(Path directory) {
    String sha256 = shippedSha256();
    URL zipUrl = resource(ZIP_RESOURCE);
    Path target = directory.resolve(sha256 + ".zip");
    try {
      createPrivateDirectory(directory);
      requireOwnPrivateDirectory(directory);
      // Check the content, not just the name: a synth that stopped half-way leaves no partial file
      // (the rename is atomic), but a damaged disk or a hand edit might. Hashing takes
      // milliseconds.
      if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          && sha256.equals(sha256Of(target))) {
        return new Staged(target, sha256);
      }
      URLConnection connection = zipUrl.openConnection();
      Path temporary = Files.createTempFile(directory, sha256, ".zip.tmp");
      try {
        String written = copyAndHash(connection, temporary);
        if (!written.equals(sha256)) {
          throw new IllegalStateException(
              "handler ZIP "
                  + ZIP_RESOURCE
                  + " has SHA-256 "
                  + written
                  + " but "
                  + SHA256_RESOURCE
                  + " says "
                  + sha256
                  + "; the jar is damaged");
        }
        makeReadable(temporary);
        moveIntoPlace(temporary, target);
      } finally {
        Files.deleteIfExists(temporary);
      }
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

  private static String copyAndHash(URLConnection connection, Path target) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = new DigestInputStream(connection.getInputStream(), digest);
        OutputStream out = Files.newOutputStream(target)) {
      in.transferTo(out);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Creates the directory (and its parents) if missing, the directory itself owner-only. */
  private static void createPrivateDirectory(Path directory) throws IOException {
    if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.createDirectories(directory.toAbsolutePath().getParent());
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectory(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(directory);
      }
    } catch (FileAlreadyExistsException e) {
      // Another synth made it at the same moment.
    }
  }

  /**
   * Refuses a directory another user could write to, where the ZIP could be replaced after its
   * check: one owned by another user, a symbolic link (to anywhere), or one its group or others may
   * write. Nor can another user rename the checked directory away: the temporary directory has the
   * sticky bit. File systems without POSIX permissions (Windows, whose temporary directory is per
   * user) are not checked.
   */
  private static void requireOwnPrivateDirectory(Path directory) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(
            directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    PosixFileAttributes attributes = view.readAttributes();
    UserPrincipal user = currentUser(directory.toAbsolutePath().getParent());
    boolean othersMayWrite =
        attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
            || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    if (!attributes.isDirectory() || !attributes.owner().equals(user) || othersMayWrite) {
      String kind =
          attributes.isSymbolicLink()
              ? "a symbolic link"
              : attributes.isDirectory() ? "a directory" : "a file";
      throw new IllegalStateException(
          "cannot stage the handler ZIP in "
              + directory.toAbsolutePath()
              + ": it is "
              + kind
              + " owned by "
              + attributes.owner().getName()
              + " with mode "
              + PosixFilePermissions.toString(attributes.permissions())
              + "; allowed: a directory owned by "
              + user.getName()
              + " that no group or other user can write to. Remove it, or run the app with"
              + " -Djava.io.tmpdir set to a directory of your own");
    }
  }

  /** This process's user as the file system records it: the owner of a file it creates. */
  private static UserPrincipal currentUser(Path directory) throws IOException {
    Path probe = Files.createTempFile(directory, STAGING_DIRECTORY_NAME, ".owner");
    try {
      return Files.getOwner(probe);
    } finally {
      Files.delete(probe);
    }
  }

  /** Temporary files are owner-only; the asset CDK copies from it need not be. */
  private static void makeReadable(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    // Concurrent synths may race here; they write identical bytes, so the last rename wins.
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
