package io.github.voiceconnectorgroup.examples;

import io.github.voiceconnectorgroup.VoiceConnectorGroup;
import io.github.voiceconnectorgroup.VoiceConnectorGroupHandlerSettings;
import io.github.voiceconnectorgroup.VoiceConnectorItem;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The example's stack for a regulated account: the handler runs in private subnets of a VPC (with a
 * NAT gateway, since Amazon Chime SDK Voice has only a public endpoint), writes JSON logs to a
 * KMS-encrypted log group kept for a year, and is traced by X-Ray. Given a pre-approved role's ARN,
 * it runs with that role and the stack creates no role for it.
 */
public class ConfiguredHandlerStack extends Stack {

  /**
   * Creates the stack.
   *
   * @param scope the app
   * @param id the stack id
   * @param props the stack's props
   * @param handlerRoleArn the ARN of a role that already grants what the handler needs (see the
   *     README's IAM section), or {@code null} to let the construct make one
   */
  public ConfiguredHandlerStack(
      Construct scope, String id, StackProps props, String handlerRoleArn) {
    super(scope, id, props);

    // Two AZs of the Region as the deployment finds them, so synth needs no AZ lookup.
    Vpc vpc =
        Vpc.Builder.create(this, "Vpc")
            .availabilityZones(List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())))
            .natGateways(1)
            .build();
    vpc.addFlowLog("FlowLog");

    VoiceConnectorGroupHandlerSettings.Builder settings =
        VoiceConnectorGroupHandlerSettings.builder()
            .vpc(vpc)
            .vpcSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .logRetention(RetentionDays.ONE_YEAR)
            .logEncryptionKey(
                Key.Builder.create(this, "HandlerLogKey")
                    .description("Encrypts the voice connector group handler's logs")
                    .enableKeyRotation(true)
                    .build())
            .loggingFormat(LoggingFormat.JSON)
            .applicationLogLevel(ApplicationLogLevel.INFO)
            .tracing(Tracing.ACTIVE);
    if (handlerRoleArn != null) {
      settings
          .role(Role.fromRoleArn(this, "ApprovedHandlerRole", handlerRoleArn))
          .roleGrantsPermissions(true);
    }
    // Once per stack, before its first group.
    VoiceConnectorGroup.configureHandler(this, settings.build());

    CfnVoiceConnector connector =
        CfnVoiceConnector.Builder.create(this, "VoiceConnector")
            .name("example-configured-handler")
            .requireEncryption(true)
            .awsRegion(getRegion())
            .build();
    VoiceConnectorGroup group =
        VoiceConnectorGroup.Builder.create(this, "VoiceConnectorGroup")
            .name("example-configured-handler-group")
            .voiceConnectorItems(List.of(VoiceConnectorItem.fromVoiceConnector(connector, 1)))
            .build();

    CfnOutput.Builder.create(this, "VoiceConnectorGroupId")
        .description("Id of the voice connector group")
        .value(group.getVoiceConnectorGroupId())
        .build();
  }
}
