package io.github.voiceconnectorgroup;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The one handler function of a stack that serves every {@code Custom::VoiceConnectorGroup} in it,
 * with its role and log group. Its permissions do not depend on how many groups use it.
 */
final class VoiceConnectorGroupProvider extends Construct {

  /** The construct id under the stack; changing it would replace the function in every stack. */
  static final String ID = "VoiceConnectorGroupProvider";

  /** Id of the warning that a stack holds more groups than an account may by default. */
  static final String QUOTA_WARNING = "@voiceconnectorgroup/group-quota";

  /**
   * A JVM cold start is CPU-bound and Lambda's CPU share grows with memory: 1769 MB is one full
   * vCPU. The function runs a few times per deployment, so the cost stays negligible.
   */
  static final int MEMORY_MIB = 1769;

  /**
   * Long enough for the SDK's retries of throttling and for emptying a group of its phone numbers
   * before deletion; short enough that, with {@link #MAX_EVENT_AGE}, the handler has always
   * answered before the shortest allowed service timeout.
   */
  static final Duration TIMEOUT = Duration.minutes(3);

  /**
   * CloudFormation invokes asynchronously. Lambda keeps retrying a throttled event (a stack of many
   * groups on an account with little concurrency) for this long, then drops it; with {@link
   * #TIMEOUT} it stays under the shortest allowed service timeout, so the handler never acts on an
   * event CloudFormation has given up on.
   */
  static final Duration MAX_EVENT_AGE = Duration.minutes(6);

  /** Logs of a handler that runs a few times per deployment; a month covers an investigation. */
  static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

  private final Function function;
  private int groups;

  private VoiceConnectorGroupProvider(Stack stack) {
    super(stack, ID);

    LogGroup logGroup =
        LogGroup.Builder.create(this, "LogGroup")
            .retention(LOG_RETENTION)
            // The log group lives as long as the function; CloudFormation deletes it last.
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

    Role role =
        Role.Builder.create(this, "ServiceRole")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("Manages Amazon Chime SDK Voice connector groups for CloudFormation")
            .build();
    // Instead of AWSLambdaBasicExecutionRole (logs on *): writes to this function's log group only.
    logGroup.grantWrite(role);
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("chime:CreateVoiceConnectorGroup"))
            // A create names its voice connectors (at least one, checked at synth time), which may
            // be in any Region of this account.
            .resources(
                List.of(
                    stack.formatArn(
                        ArnComponents.builder()
                            .service("chime")
                            .region("*")
                            .resource("vc")
                            .resourceName("*")
                            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                            .build())))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(
                List.of(
                    "chime:UpdateVoiceConnectorGroup",
                    "chime:GetVoiceConnectorGroup",
                    "chime:DeleteVoiceConnectorGroup",
                    "chime:ListVoiceConnectorGroups",
                    "chime:ListPhoneNumbers",
                    "chime:AssociatePhoneNumbersWithVoiceConnectorGroup",
                    "chime:DisassociatePhoneNumbersFromVoiceConnectorGroup"))
            // IAM has no resource type for voice connector groups or phone number lists. Update is
            // here because a delete first empties the group with an update that names no voice
            // connector, which IAM authorizes against "*" only. List finds a group made by a
            // create whose answer was lost.
            .resources(List.of("*"))
            .build());

    this.function =
        Function.Builder.create(this, "Function")
            .description("Custom::VoiceConnectorGroup handler (Amazon Chime SDK Voice)")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .handler(VoiceConnectorGroupContract.HANDLER)
            .code(HandlerAsset.code(this))
            .memorySize(MEMORY_MIB)
            .timeout(TIMEOUT)
            .retryAttempts(0)
            .maxEventAge(MAX_EVENT_AGE)
            .logGroup(logGroup)
            .role(role)
            .build();
    acknowledgeUnavoidableFindings(stack);
    if (Token.isUnresolved(stack.getRegion())) {
      Annotations.of(stack)
          .addInfo(
              "the stack has no Region, so whether its Region has the Amazon Chime SDK Voice"
                  + " endpoint is not checked at synth time; allowed: "
                  + String.join(", ", VoiceConnectorGroup.SUPPORTED_REGIONS));
    }
  }

  /**
   * Acknowledges, for policy validation plugins such as cdk-nag, the findings this construct cannot
   * avoid, each with its reason; users' own resources are still checked in full.
   */
  private void acknowledgeUnavoidableFindings(Stack stack) {
    // cdk-nag names a finding after the resolved ARN, with placeholders for what is still a token.
    String partition =
        Token.isUnresolved(stack.getPartition()) ? "<AWS::Partition>" : stack.getPartition();
    String account =
        Token.isUnresolved(stack.getAccount()) ? "<AWS::AccountId>" : stack.getAccount();
    Validations.of(this)
        .acknowledge(
            Acknowledgment.builder()
                .id("AwsSolutions-IAM5[Resource::*]")
                .reason(
                    "Voice connector groups and phone numbers have no IAM resource type; Get,"
                        + " Update (emptying before delete), Delete, ListVoiceConnectorGroups,"
                        + " ListPhoneNumbers, AssociatePhoneNumbersWithVoiceConnectorGroup and"
                        + " DisassociatePhoneNumbersFromVoiceConnectorGroup accept only *.")
                .build(),
            Acknowledgment.builder()
                .id(
                    "AwsSolutions-IAM5[Resource::arn:"
                        + partition
                        + ":chime:*:"
                        + account
                        + ":vc/*]")
                .reason(
                    "CreateVoiceConnectorGroup is limited to this account's voice connectors; they"
                        + " are chosen by the template and may be in any Region.")
                .build(),
            Acknowledgment.builder()
                .id("AwsSolutions-L1")
                .reason("The handler is built and tested for the java21 managed runtime.")
                .build());
  }

  /**
   * The provider of the group's stack, created on first use; counts the group, and warns once when
   * the stack holds more groups than an account may by default.
   */
  static VoiceConnectorGroupProvider forGroup(VoiceConnectorGroup group) {
    Stack stack = Stack.of(group);
    IConstruct existing = stack.getNode().tryFindChild(ID);
    VoiceConnectorGroupProvider provider;
    if (existing == null) {
      provider = new VoiceConnectorGroupProvider(stack);
    } else if (existing instanceof VoiceConnectorGroupProvider found) {
      provider = found;
    } else {
      throw new IllegalStateException(
          stack.getNode().getPath()
              + ": the construct id "
              + ID
              + " is reserved for the voice connector group handler, but holds a "
              + existing.getClass().getName());
    }
    provider.groups++;
    if (provider.groups == VoiceConnectorGroupRules.DEFAULT_ACCOUNT_GROUP_QUOTA + 1) {
      Annotations.of(stack)
          .addWarningV2(
              QUOTA_WARNING,
              "this stack defines more than "
                  + VoiceConnectorGroupRules.DEFAULT_ACCOUNT_GROUP_QUOTA
                  + " voice connector groups, an account's default quota: the deployment fails"
                  + " unless the account's quota was raised (Service Quotas or AWS Support)");
    }
    return provider;
  }

  /** The function's ARN, the custom resources' service token. */
  String getServiceToken() {
    return function.getFunctionArn();
  }
}
