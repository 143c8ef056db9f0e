package software.amazon.awssdk.regions;

import software.amazon.awssdk.regions.servicemetadata.VoiceChimeServiceMetadata;

/**
 * Replaces, in the Lambda artifact only, the SDK's generated class of the same name, which builds
 * the metadata of every AWS service (over 300 classes, a tenth of the handler's cold start) when a
 * client is built, although the one client here only asks for Chime SDK Voice's ({@code
 * voice-chime}). Other prefixes get {@code null}, for which {@link ServiceMetadata#of(String)}
 * falls back to the SDK's default metadata, as it does for any service it does not know. The
 * artifact's build leaves the SDK's own class out (see the shade filters in the handler's pom).
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

  /** Creates the provider; the SDK's metadata loader makes one. */
  public GeneratedServiceMetadataProvider() {}

  /**
   * The metadata of a service.
   *
   * @param endpointPrefix the service's endpoint prefix
   * @return Chime SDK Voice's metadata for {@code voice-chime}, else {@code null}
   */
  @Override
  public ServiceMetadata serviceMetadata(String endpointPrefix) {
    return "voice-chime".equals(endpointPrefix) ? new VoiceChimeServiceMetadata() : null;
  }
}
