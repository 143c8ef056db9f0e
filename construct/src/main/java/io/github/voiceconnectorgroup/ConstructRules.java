package io.github.voiceconnectorgroup;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Token;

/**
 * The rules only the construct checks, on what never reaches the handler: the removal policy, the
 * service timeout and the stack's Region. Same message format as the contract's rules.
 */
final class ConstructRules {

  static final int MIN_SERVICE_TIMEOUT_MINUTES = 10;
  static final int MAX_SERVICE_TIMEOUT_MINUTES = 60;

  private ConstructRules() {}

  static List<String> violations(
      String path, RemovalPolicy removalPolicy, Duration serviceTimeout, String region) {
    List<String> violations = new ArrayList<>();
    if (removalPolicy == RemovalPolicy.SNAPSHOT) {
      violations.add(
          VoiceConnectorGroupRules.violation(
              path,
              "removalPolicy",
              removalPolicy,
              "DESTROY, RETAIN, RETAIN_ON_UPDATE_OR_DELETE (groups have no snapshots)"));
    }
    if (!serviceTimeout.isUnresolved()) {
      double minutes = serviceTimeout.toSeconds().doubleValue() / 60;
      if (minutes < MIN_SERVICE_TIMEOUT_MINUTES || minutes > MAX_SERVICE_TIMEOUT_MINUTES) {
        violations.add(
            VoiceConnectorGroupRules.violation(
                path,
                "serviceTimeout",
                serviceTimeout.toHumanString(),
                MIN_SERVICE_TIMEOUT_MINUTES
                    + " minutes (the handler's queueing and run time) to "
                    + MAX_SERVICE_TIMEOUT_MINUTES
                    + " minutes"));
      }
    }
    if (!Token.isUnresolved(region) && !VoiceConnectorGroup.SUPPORTED_REGIONS.contains(region)) {
      violations.add(
          VoiceConnectorGroupRules.violation(
              path,
              "stack region",
              region,
              "a Region with the Amazon Chime SDK Voice endpoint: "
                  + String.join(", ", VoiceConnectorGroup.SUPPORTED_REGIONS)));
    }
    return violations;
  }
}
