package io.github.voiceconnectorgroup.bench.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.handler.ChimeSdkVoiceClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorGroup;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnectorItem;

/**
 * The cold-start floor of a Java handler of this resource: the handler's SDK and client ({@link
 * ChimeSdkVoiceClients#fromEnvironment()}), one CreateVoiceConnectorGroup call and one PUT of
 * SUCCESS to the ResponseURL. Nothing else: no Update or Delete, validation, deadline guard or
 * retried PUT.
 */
public final class FloorHandler implements RequestStreamHandler {

  private static final ChimeSdkVoiceClient CLIENT = ChimeSdkVoiceClients.fromEnvironment();

  /** Creates the handler, as the runtime interface client does. */
  public FloorHandler() {}

  @Override
  @SuppressWarnings("unchecked")
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Map<String, Object> event = JSON.std.mapFrom(input);
    Map<String, Object> properties = (Map<String, Object>) event.get("ResourceProperties");
    List<VoiceConnectorItem> items = new ArrayList<>();
    for (Object item :
        (List<Object>) properties.get(VoiceConnectorGroupContract.VOICE_CONNECTOR_ITEMS)) {
      Map<String, Object> fields = (Map<String, Object>) item;
      items.add(
          VoiceConnectorItem.builder()
              .voiceConnectorId((String) fields.get(VoiceConnectorGroupContract.VOICE_CONNECTOR_ID))
              .priority(Integer.valueOf((String) fields.get(VoiceConnectorGroupContract.PRIORITY)))
              .build());
    }
    VoiceConnectorGroup group =
        CLIENT
            .createVoiceConnectorGroup(
                request ->
                    request
                        .name((String) properties.get(VoiceConnectorGroupContract.NAME))
                        .voiceConnectorItems(items))
            .voiceConnectorGroup();
    byte[] body =
        JSON.std.asBytes(
            Map.of(
                "Status", "SUCCESS",
                "PhysicalResourceId", group.voiceConnectorGroupId(),
                "StackId", event.get("StackId"),
                "RequestId", event.get("RequestId"),
                "LogicalResourceId", event.get("LogicalResourceId"),
                "Data",
                    Map.of(
                        VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ID,
                        group.voiceConnectorGroupId(),
                        VoiceConnectorGroupContract.ATTRIBUTE_GROUP_ARN,
                        group.voiceConnectorGroupArn())));
    HttpURLConnection put =
        (HttpURLConnection) URI.create((String) event.get("ResponseURL")).toURL().openConnection();
    put.setRequestMethod("PUT");
    put.setDoOutput(true);
    put.setRequestProperty("Content-Type", ""); // what the URL is signed for
    put.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = put.getOutputStream()) {
      out.write(body);
    }
    int status = put.getResponseCode();
    put.getInputStream().close();
    if (status != 200) {
      throw new IOException("the ResponseURL answered HTTP " + status);
    }
    output.write("{}".getBytes(StandardCharsets.UTF_8));
  }
}
