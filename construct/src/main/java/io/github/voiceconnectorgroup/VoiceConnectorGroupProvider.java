package io.github.voiceconnectorgroup;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupContract;
import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The one handler function of a stack that serves every {@code Custom::VoiceConnectorGroup} in it,
 * with its role and log group. Its permissions do not depend on how many groups use it. Its {@link
 * HandlerSettings} are fixed by whichever comes first: {@code configureHandler} or the stack's
 * first group.
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
   * Long enough for the SDK's retries of throttling, for waiting out a new group's invisibility (60
   * s) and for emptying a group of its phone numbers before deletion; short enough that, with
   * {@link #MAX_EVENT_AGE}, the handler has always answered before the shortest allowed service
   * timeout.
   */
  static final Duration TIMEOUT =
      Duration.seconds(VoiceConnectorGroupContract.HANDLER_TIMEOUT_SECONDS);

  /**
   * CloudFormation invokes asynchronously. Lambda keeps retrying a throttled event (a stack of many
   * groups on an account with little concurrency) for this long, then drops it; with {@link
   * #TIMEOUT} it stays under the shortest allowed service timeout, so the handler never acts on an
   * event CloudFormation has given up on.
   */
  static final Duration MAX_EVENT_AGE = Duration.minutes(6);

  /** What Lambda needs to give a function network interfaces in a VPC. */
  static final List<String> VPC_ACTIONS =
      List.of(
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses");

  /** What active tracing needs. */
  static final List<String> XRAY_ACTIONS =
      List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

  private final HandlerSettings settings;

  /** The construct path where the settings were given, or the first group's. */
  private final String settingsOrigin;

  private Function function;
  private int groups;

  private VoiceConnectorGroupProvider(Stack stack, HandlerSettings settings, String origin) {
    super(stack, ID);
    this.settings = settings;
    this.settingsOrigin = origin;
  }

  /** The handler's function, its role and log group: made for the stack's first group. */
  private Function function() {
    if (function != null) {
      return function;
    }
    Stack stack = Stack.of(this);
    ILogGroup logGroup = settings.logGroup() != null ? settings.logGroup() : newLogGroup(stack);

    List<PolicyStatement> statements = handlerStatements(stack, logGroup);
    IRole functionRole;
    Policy givenRolePolicy = null;
    if (settings.role() == null) {
      Role role =
          Role.Builder.create(this, "ServiceRole")
              .assumedBy(new ServicePrincipal(HandlerSettings.LAMBDA_PRINCIPAL))
              .description("Manages Amazon Chime SDK Voice connector groups for CloudFormation")
              .build();
      statements.forEach(role::addToPolicy);
      // Lambda adds the X-Ray statements of active tracing to this role itself.
      functionRole = role;
    } else {
      if (!settings.roleGrantsPermissions()) {
        if (settings.activeTracing()) {
          statements.add(
              PolicyStatement.Builder.create()
                  .actions(XRAY_ACTIONS)
                  .resources(List.of("*"))
                  .build());
        }
        // A policy of this construct, not the role's default one: what it grants stays with the
        // handler, and so do the acknowledgments of its findings.
        givenRolePolicy = Policy.Builder.create(this, "Policy").statements(statements).build();
        settings.role().attachInlinePolicy(givenRolePolicy);
        CfnPolicy cfnPolicy = (CfnPolicy) givenRolePolicy.getNode().getDefaultChild();
        if (stack.resolve(cfnPolicy.getRoles()) == null) {
          throw new IllegalArgumentException(
              VoiceConnectorGroupRules.violation(
                  settingsOrigin,
                  HandlerSettings.FIELD + ".role",
                  new Shown(HandlerSettings.describe(settings.role()) + " (immutable)"),
                  "a role the construct may attach the handler's statements to, or"
                      + " roleGrantsPermissions(true) when the role already grants them"));
        }
      }
      // Lambda would add statements (X-Ray) to the role it is given: it gets a view that takes
      // none, so that nothing but this construct's policy, if any, touches the role.
      functionRole =
          Role.fromRoleArn(
              this,
              "GivenRole",
              settings.role().getRoleArn(),
              FromRoleArnOptions.builder().mutable(false).build());
    }

    Function.Builder builder =
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
            .role(functionRole);
    if (settings.vpc() != null) {
      builder.vpc(settings.vpc()).vpcSubnets(settings.vpcSubnets());
      if (!settings.securityGroups().isEmpty()) {
        builder.securityGroups(settings.securityGroups());
      }
    }
    if (settings.loggingFormat() != null) {
      builder.loggingFormat(settings.loggingFormat());
    }
    if (settings.applicationLogLevel() != null) {
      builder.applicationLogLevelV2(settings.applicationLogLevel());
    }
    if (settings.systemLogLevel() != null) {
      builder.systemLogLevelV2(settings.systemLogLevel());
    }
    if (settings.tracing() != null) {
      builder.tracing(settings.tracing());
    }
    function = builder.build();
    if (settings.role() != null) {
      // The role's own policies (and this construct's) before the function: Lambda checks a VPC
      // function's network interface permissions when it creates it.
      function.getNode().addDependency(settings.role());
      if (givenRolePolicy != null) {
        function.getNode().addDependency(givenRolePolicy);
      }
    }
    acknowledgeUnavoidableFindings(stack);
    if (Token.isUnresolved(stack.getRegion())) {
      Annotations.of(stack)
          .addInfo(
              "the stack has no Region, so whether its Region has the Amazon Chime SDK Voice"
                  + " endpoint is not checked at synth time; allowed: "
                  + String.join(", ", VoiceConnectorGroup.SUPPORTED_REGIONS));
    }
    return function;
  }

  private LogGroup newLogGroup(Stack stack) {
    IKey key = settings.logEncryptionKey();
    if (key != null) {
      // CloudWatch Logs encrypts with the key on behalf of log groups of this account and Region.
      // A key of this app gets the statement; an imported key's policy must have it already.
      key.addToResourcePolicy(
          PolicyStatement.Builder.create()
              .principals(
                  List.of(
                      // Chime SDK Voice is in the aws partition only.
                      new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
              .actions(
                  List.of(
                      "kms:Encrypt*",
                      "kms:Decrypt*",
                      "kms:ReEncrypt*",
                      "kms:GenerateDataKey*",
                      "kms:Describe*"))
              .resources(List.of("*"))
              .conditions(
                  Map.of(
                      "ArnLike",
                      Map.of(
                          "kms:EncryptionContext:aws:logs:arn",
                          stack.formatArn(
                              ArnComponents.builder()
                                  .service("logs")
                                  .resource("log-group")
                                  .resourceName("*")
                                  .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                  .build()))))
              .build(),
          true);
    }
    return LogGroup.Builder.create(this, "LogGroup")
        .retention(settings.logRetention())
        .encryptionKey(key)
        // The log group lives as long as the function; CloudFormation deletes it last.
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }

  /** What the handler calls, and, in a VPC, what Lambda needs for the function's interfaces. */
  private List<PolicyStatement> handlerStatements(Stack stack, ILogGroup logGroup) {
    List<PolicyStatement> statements = new ArrayList<>();
    // Instead of AWSLambdaBasicExecutionRole (logs on *): writes to this function's log group only.
    statements.add(
        PolicyStatement.Builder.create()
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(logGroup.getLogGroupArn()))
            .build());
    statements.add(
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
    statements.add(
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
    if (settings.vpc() != null) {
      // What AWSLambdaVPCAccessExecutionRole grants, without an AWS managed policy.
      statements.add(
          PolicyStatement.Builder.create().actions(VPC_ACTIONS).resources(List.of("*")).build());
    }
    return statements;
  }

  /** A value shown as it is in a message, not quoted as the contract quotes strings. */
  private record Shown(String text) {
    @Override
    public String toString() {
      return text;
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
                        + " DisassociatePhoneNumbersFromVoiceConnectorGroup accept only *."
                        + (settings.vpc() == null
                            ? ""
                            : " In a VPC, so do the network interface actions Lambda needs (those"
                                + " of AWSLambdaVPCAccessExecutionRole).")
                        + (settings.activeTracing()
                            ? " With active tracing, so do xray:PutTraceSegments and"
                                + " xray:PutTelemetryRecords."
                            : ""))
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
   * Fixes the stack's handler settings before its first group, or checks them against those already
   * fixed.
   *
   * @throws IllegalArgumentException when the settings break a rule, or differ from the stack's
   */
  static void configure(Construct scope, VoiceConnectorGroupHandlerSettings handlerSettings) {
    String path = scope.getNode().getPath();
    HandlerSettings given = HandlerSettings.of(handlerSettings);
    throwIfAny(given.violations(path));
    obtain(Stack.of(scope), given, path);
  }

  /**
   * The provider of the group's stack, created on first use; counts the groups the stack creates,
   * and warns once when it creates more than an account may hold by default.
   *
   * @param given the group's handler settings (already checked), or {@code null} for whatever the
   *     stack's handler has (the defaults when it has none yet)
   */
  static VoiceConnectorGroupProvider forGroup(VoiceConnectorGroup group, HandlerSettings given) {
    Stack stack = Stack.of(group);
    VoiceConnectorGroupProvider provider = obtain(stack, given, group.getNode().getPath());
    provider.function();
    if (group.adoptedGroupId() == null) {
      provider.groups++; // an adopted group holds its slot already
    }
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

  private static VoiceConnectorGroupProvider obtain(
      Stack stack, HandlerSettings given, String path) {
    IConstruct existing = stack.getNode().tryFindChild(ID);
    if (existing == null) {
      return new VoiceConnectorGroupProvider(
          stack, given != null ? given : HandlerSettings.DEFAULTS, path);
    }
    if (!(existing instanceof VoiceConnectorGroupProvider provider)) {
      throw new IllegalStateException(
          stack.getNode().getPath()
              + ": the construct id "
              + ID
              + " is reserved for the voice connector group handler, but holds a "
              + existing.getClass().getName());
    }
    if (given != null) {
      // Not AwsCustomResource's silent first-wins: a second, different configuration is an error.
      throwIfAny(provider.settings.conflicts(provider.settingsOrigin, given, path));
    }
    return provider;
  }

  private static void throwIfAny(List<String> violations) {
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", violations));
    }
  }

  /** The function's ARN, the custom resources' service token. */
  String getServiceToken() {
    return function().getFunctionArn();
  }
}
