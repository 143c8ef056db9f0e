package io.github.voiceconnectorgroup.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedCreateTest {

  private static final String P = "VoiceConnectorGroup-CreateFailed-";
  private static final Instant FROM = Instant.parse("2026-11-30T10:00:00.123Z");
  private static final Instant UNTIL = Instant.parse("2026-11-30T10:03:00.456Z");

  @Test
  void definiteFailureRoundTrips() {
    String id = FailedCreate.definite("req-1").physicalResourceId(P);

    assertThat(id).isEqualTo("VoiceConnectorGroup-CreateFailed-req-1");
    assertThat(FailedCreate.parse(P, id)).contains(FailedCreate.definite("req-1"));
    assertThat(FailedCreate.parse(P, id).orElseThrow().isInDoubt()).isFalse();
  }

  @Test
  void inDoubtFailureRoundTripsWithItsWindow() {
    String id = FailedCreate.inDoubt("a-b-c", FROM, UNTIL).physicalResourceId(P);

    assertThat(id).startsWith(P + "InDoubt-");
    FailedCreate parsed = FailedCreate.parse(P, id).orElseThrow();
    assertThat(parsed.isInDoubt()).isTrue();
    assertThat(parsed.from()).isEqualTo(FROM);
    assertThat(parsed.until()).isEqualTo(UNTIL);
    assertThat(parsed.requestId()).isEqualTo("a-b-c");
  }

  @Test
  void groupIdsAreNotFailedCreates() {
    assertThat(FailedCreate.parse(P, "obmgetfdqcrknrlxfld2s")).isEmpty();
    assertThat(FailedCreate.parse(P, null)).isEmpty();
  }

  @Test
  void damagedWindowIsTakenAsDefinite() {
    assertThat(FailedCreate.parse(P, P + "InDoubt-x-y-req"))
        .hasValueSatisfying(failed -> assertThat(failed.isInDoubt()).isFalse());
  }

  @Test
  void longRequestIdIsShortenedToFitCloudFormationsLimit() {
    String id = FailedCreate.inDoubt("r".repeat(5000), FROM, UNTIL).physicalResourceId(P);

    assertThat(id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
  }
}
