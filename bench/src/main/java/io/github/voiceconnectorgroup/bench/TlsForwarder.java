package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS listener on 127.0.0.1 that forwards each connection's plain bytes to a local HTTP server,
 * so a client that only speaks HTTPS (the CDK's Node.js handler PUTs its response with {@code
 * https}) can reach a plain-HTTP recorder. Its certificate is self-signed, made at start with the
 * JDK's keytool and thrown away with the key store directory.
 */
public final class TlsForwarder implements AutoCloseable {

  private static final char[] STORE_PASSWORD = "bench-only".toCharArray();

  private final SSLServerSocket serverSocket;
  private final InetSocketAddress target;
  private final Path keyStore;
  private final ExecutorService connections = Executors.newCachedThreadPool(TlsForwarder::daemon);

  private TlsForwarder(SSLServerSocket serverSocket, InetSocketAddress target, Path keyStore) {
    this.serverSocket = serverSocket;
    this.target = target;
    this.keyStore = keyStore;
  }

  /**
   * Makes a throwaway certificate for 127.0.0.1 and starts forwarding.
   *
   * @param target the plain-HTTP server to forward to
   * @param port the port to listen on at 127.0.0.1; 443 for clients that ignore a URL's port (the
   *     CDK's Node.js handlers do), which takes root or CAP_NET_BIND_SERVICE; 0 for any free port
   * @param workDir where the PKCS#12 key store is written (also usable as a trust store)
   * @return a running forwarder
   * @throws IOException when keytool or the socket fails
   */
  public static TlsForwarder start(InetSocketAddress target, int port, Path workDir)
      throws IOException {
    Path keyStore = workDir.resolve("tls-forwarder.p12");
    Files.deleteIfExists(keyStore);
    runKeytool(keyStore);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, STORE_PASSWORD);
      }
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      SSLServerSocket socket;
      try {
        socket =
            (SSLServerSocket)
                context
                    .getServerSocketFactory()
                    .createServerSocket(port, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IOException(
            "cannot listen on 127.0.0.1:"
                + port
                + " ("
                + e.getMessage()
                + "); port 443 needs root or CAP_NET_BIND_SERVICE and must be free",
            e);
      }
      TlsForwarder forwarder = new TlsForwarder(socket, target, keyStore);
      Thread acceptor = new Thread(forwarder::acceptLoop, "tls-forwarder-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return forwarder;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS set-up for the forwarder failed", e);
    }
  }

  private static void runKeytool(Path keyStore) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "bench",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                new String(STORE_PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (process.waitFor() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
  }

  /**
   * The HTTPS form of a URL on the target: same path and query, this listener's port.
   *
   * @param plainUrl an {@code http://} URL served by the target
   * @return the {@code https://127.0.0.1[:<port>]} URL that reaches it through this forwarder
   */
  public String httpsUrlFor(String plainUrl) {
    URI uri = URI.create(plainUrl);
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    int port = serverSocket.getLocalPort();
    return "https://127.0.0.1" + (port == 443 ? "" : ":" + port) + pathAndQuery;
  }

  /**
   * The key store holding the self-signed certificate; a Java client can use it as its trust store.
   *
   * @return PKCS#12 file
   */
  public Path keyStore() {
    return keyStore;
  }

  /**
   * The key store's password.
   *
   * @return password of {@link #keyStore()}
   */
  public String keyStorePassword() {
    return new String(STORE_PASSWORD);
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket client = serverSocket.accept();
        connections.execute(() -> forward(client));
      } catch (IOException e) {
        if (!serverSocket.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private void forward(Socket client) {
    try (client;
        Socket upstream = new Socket(target.getAddress(), target.getPort())) {
      // Forward each piece at once: Nagle's algorithm would hold a request's body behind its
      // headers until the peer's delayed ACK, a stall the direct connection would not have.
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      connections.execute(() -> pump(upstream, client));
      pump(client, upstream);
    } catch (IOException e) {
      // A peer closed mid-exchange: the request is lost and the benchmark's wait times out.
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException | UnsupportedOperationException e) {
      // The other direction ends the exchange.
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "tls-forwarder-connection");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    connections.shutdownNow();
  }
}
