package io.github.voiceconnectorgroup.handler;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * Work done while the container initialises so that the first event does not pay for it. Nothing
 * here touches the network.
 */
final class ColdStart {

  /** Credentials of the warm-up client; its requests are signed but never sent. */
  static final StaticCredentialsProvider WARM_UP_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("warm-up", "warm-up"));

  /** Bounds the warm-up well inside Lambda's 10-second init phase. */
  private static final long WARM_UP_MILLIS = 3_000;

  private static final String SAMPLE_EVENT =
      "{\"RequestType\":\"Create\",\"ResponseURL\":\"https://localhost/\","
          + "\"StackId\":\"arn:aws:cloudformation:us-east-1:111122223333:stack/s/1\","
          + "\"RequestId\":\"1\",\"LogicalResourceId\":\"Group\","
          + "\"ResourceType\":\"Custom::VoiceConnectorGroup\","
          + "\"ResourceProperties\":{\"ServiceToken\":\"arn\",\"Name\":\"warm-up\","
          + "\"VoiceConnectorItems\":[{\"VoiceConnectorId\":\"abcdefghijklmnopqrstuv\","
          + "\"Priority\":\"1\"}]}}";

  private ColdStart() {}

  /**
   * Starts initialising the JVM's default TLS context on a background thread: its providers and
   * trust store, the HTTPS connection classes and a client hello, which the first API call and the
   * response PUT would otherwise load. These are JDK classes, so they load in parallel with the SDK
   * client being built on the calling thread.
   */
  static Thread startTlsWarmUp() {
    Thread thread = new Thread(ColdStart::warmUpTls, "tls-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Runs one Create through the real lifecycle on a worker thread, with a client built like the
   * container's but answered by {@link CannedHttpClient}: loads and links the request path
   * (marshalling, endpoint and auth resolution, signing, retries, time bounds, unmarshalling) and
   * the event and response JSON, which the first event would otherwise pay for.
   *
   * @param workers the pool the lifecycle runs on, so its thread exists before the first event
   * @return whether the warm-up went through; a failure only leaves more for the first event
   */
  static boolean warmUpLifecycle(ExecutorService workers) {
    try (ChimeSdkVoiceClient client =
        ChimeSdkVoiceClients.fromEnvironment(WARM_UP_CREDENTIALS, new CannedHttpClient())) {
      return warmUpLifecycle(workers, client);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** As {@link #warmUpLifecycle(ExecutorService)}, through the given (canned) client. */
  static boolean warmUpLifecycle(ExecutorService workers, ChimeSdkVoiceClient cannedClient) {
    try {
      CustomResourceEvent event =
          CustomResourceEvent.from(JSON.std.mapFrom(SAMPLE_EVENT.getBytes(StandardCharsets.UTF_8)));
      GroupProperties properties = GroupProperties.from(event.resourceProperties());
      VoiceConnectorGroupLifecycle lifecycle =
          new VoiceConnectorGroupLifecycle(cannedClient, message -> {});
      CallBudget budget =
          new CallBudget(Deadline.inMillis(WARM_UP_MILLIS, System::nanoTime), Duration.ZERO);
      VoiceConnectorGroupLifecycle.Outcome outcome =
          workers
              .submit(() -> lifecycle.create(properties, budget))
              .get(WARM_UP_MILLIS, TimeUnit.MILLISECONDS);
      CustomResourceResponse.success(outcome.physicalResourceId(), outcome.data()).body(event);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }

  private static void warmUpTls() {
    try {
      SSLContext context = SSLContext.getDefault();
      HttpsURLConnection.getDefaultSSLSocketFactory();
      // Opening (not connecting) loads the HTTPS URL handler and connection classes.
      new URL("https://localhost/").openConnection();
      context.createSSLEngine("localhost", 443);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      // Only a head start: the first real connection initialises whatever is left.
    }
    warmUpTlsHandshake();
  }

  /**
   * Runs a whole TLS handshake in memory, between a client and a server engine, and one record of
   * data: key exchange, certificate path validation and host name check (the JDK reads its own CA
   * list for that), signature verification, record encryption. The server's certificate is a
   * throwaway, self-signed for {@code localhost} with a key made here; the client trusts only it.
   *
   * @return whether the handshake completed
   */
  static boolean warmUpTlsHandshake() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X509Certificate certificate = selfSignedCertificate(keys, "localhost");
      char[] password = "warm-up".toCharArray();
      // JKS: PKCS12 would protect the key with thousands of PBKDF2 rounds.
      KeyStore keyStore = KeyStore.getInstance("JKS");
      keyStore.load(null, null);
      keyStore.setKeyEntry("server", keys.getPrivate(), password, new Certificate[] {certificate});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore, password);
      KeyStore trustStore = KeyStore.getInstance("JKS");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("server", certificate);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trustStore);
      SSLContext serverContext = SSLContext.getInstance("TLS");
      serverContext.init(keyManagers.getKeyManagers(), null, null);
      SSLContext clientContext = SSLContext.getInstance("TLS");
      clientContext.init(null, trustManagers.getTrustManagers(), null);

      SSLEngine client = clientContext.createSSLEngine("localhost", 443);
      client.setUseClientMode(true);
      SSLParameters parameters = client.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      client.setSSLParameters(parameters);
      SSLEngine server = serverContext.createSSLEngine();
      server.setUseClientMode(false);

      ByteBuffer toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
      ByteBuffer toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
      ByteBuffer clientData = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
      ByteBuffer serverData = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
      ByteBuffer nothing = ByteBuffer.allocate(0);
      client.beginHandshake();
      server.beginHandshake();
      for (int round = 0; round < 20 && !(isDone(client) && isDone(server)); round++) {
        exchange(client, nothing, toServer, server, serverData);
        exchange(server, nothing, toClient, client, clientData);
      }
      if (!(isDone(client) && isDone(server))) {
        return false;
      }
      serverData.clear();
      exchange(client, ByteBuffer.wrap(new byte[] {'{', '}'}), toServer, server, serverData);
      return serverData.position() == 2;
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return false;
    }
  }

  /** Wraps what {@code from} has to send and unwraps it at {@code to}. */
  private static void exchange(
      SSLEngine from, ByteBuffer data, ByteBuffer wire, SSLEngine to, ByteBuffer received)
      throws IOException {
    from.wrap(data, wire);
    runTasks(from);
    wire.flip();
    while (wire.hasRemaining()) {
      SSLEngineResult result = to.unwrap(wire, received);
      runTasks(to);
      if (result.bytesConsumed() == 0) {
        break;
      }
    }
    wire.compact();
  }

  private static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask(); task != null; ) {
      task.run();
      task = engine.getDelegatedTask();
    }
  }

  private static boolean isDone(SSLEngine engine) {
    SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
    return status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
        || status == SSLEngineResult.HandshakeStatus.FINISHED;
  }

  /**
   * A version 1 X.509 certificate for {@code commonName}, valid from a day ago to a day ahead,
   * signed with its own key (ECDSA with SHA-256). The JDK has no public API that makes one, so the
   * DER is written here.
   */
  private static X509Certificate selfSignedCertificate(KeyPair keys, String commonName)
      throws GeneralSecurityException {
    byte[] ecdsaWithSha256 = der(0x30, der(0x06, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02));
    byte[] commonNameOid = der(0x06, 0x55, 0x04, 0x03);
    byte[] name = der(0x30, der(0x31, der(0x30, commonNameOid, der(0x0C, ascii(commonName)))));
    DateTimeFormatter utcTime =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    Instant now = Instant.now();
    byte[] validity =
        der(
            0x30,
            der(0x17, ascii(utcTime.format(now.minus(Duration.ofDays(1))))),
            der(0x17, ascii(utcTime.format(now.plus(Duration.ofDays(1))))));
    byte[] serial = der(0x02, 0x01);
    byte[] toBeSigned =
        der(0x30, serial, ecdsaWithSha256, name, validity, name, keys.getPublic().getEncoded());
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(toBeSigned);
    byte[] signature = signer.sign();
    byte[] bitString = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bitString, 1, signature.length);
    byte[] encoded = der(0x30, toBeSigned, ecdsaWithSha256, der(0x03, bitString));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(encoded));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A DER element: tag, definite length, then the parts' bytes. */
  private static byte[] der(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    int length = content.size();
    ByteArrayOutputStream element = new ByteArrayOutputStream();
    element.write(tag);
    if (length < 0x80) {
      element.write(length);
    } else if (length < 0x100) {
      element.write(0x81);
      element.write(length);
    } else {
      element.write(0x82);
      element.write(length >> 8);
      element.write(length & 0xFF);
    }
    element.writeBytes(content.toByteArray());
    return element.toByteArray();
  }

  /** A DER element whose content is the given bytes. */
  private static byte[] der(int tag, int... content) {
    byte[] bytes = new byte[content.length];
    for (int i = 0; i < content.length; i++) {
      bytes[i] = (byte) content[i];
    }
    return der(tag, new byte[][] {bytes});
  }
}
