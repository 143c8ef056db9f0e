package io.github.voiceconnectorgroup.handler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never touches the network: it reads the request body and answers every
 * request with the service's reply to a successful CreateVoiceConnectorGroup. Used only to warm up
 * the request path during init ({@link ColdStart}).
 */
final class CannedHttpClient implements SdkHttpClient {

  private static final byte[] CREATED_GROUP =
      ("{\"VoiceConnectorGroup\":{"
              + "\"VoiceConnectorGroupId\":\"00000000-0000-4000-8000-000000000000\","
              + "\"Name\":\"warm-up\","
              + "\"VoiceConnectorItems\":[{\"VoiceConnectorId\":\"abcdefghijklmnopqrstuv\","
              + "\"Priority\":1}],"
              + "\"CreatedTimestamp\":\"2024-01-01T00:00:00Z\","
              + "\"UpdatedTimestamp\":\"2024-01-01T00:00:00Z\","
              + "\"VoiceConnectorGroupArn\":"
              + "\"arn:aws:chime:us-east-1:111122223333:vcg/00000000-0000-4000-8000-000000000000\"}}")
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        if (request.contentStreamProvider().isPresent()) {
          ContentStreamProvider content = request.contentStreamProvider().get();
          try (InputStream in = content.newStream()) {
            in.readAllBytes();
          }
        }
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(201)
                    .statusText("Created")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", Integer.toString(CREATED_GROUP.length))
                    .putHeader("x-amzn-RequestId", "warm-up")
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(CREATED_GROUP)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public String clientName() {
    return "CannedWarmUp";
  }

  @Override
  public void close() {}
}
