package io.github.voiceconnectorgroup;

import static io.github.voiceconnectorgroup.TestStacks.oneItem;
import static io.github.voiceconnectorgroup.TestStacks.onlyResource;
import static io.github.voiceconnectorgroup.TestStacks.properties;
import static io.github.voiceconnectorgroup.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PermissionsBoundary;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

class VoiceConnectorGroupHandlerSettingsTest {

  private static final String APPROVED_ROLE_ARN =
      "arn:aws:iam::123456789012:role/approved/voice-connector-group-handler";

  private static VoiceConnectorGroup group(
      Stack stack, String id, VoiceConnectorGroupHandlerSettings settings) {
    return VoiceConnectorGroup.Builder.create(stack, id)
        .voiceConnectorItems(oneItem())
        .handlerSettings(settings)
        .build();
  }

  private static Role lambdaRole(Stack stack) {
    return Role.Builder.create(stack, "ApprovedRole")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .build();
  }

  private static Map<String, Object> functionProperties(Template template) {
    return properties(onlyResource(template, "AWS::Lambda::Function").getValue());
  }

  @SuppressWarnings("unchecked")
  private static List<Object> policyStatements(Template template) {
    Map<String, Object> document =
        (Map<String, Object>)
            properties(onlyResource(template, "AWS::IAM::Policy").getValue()).get("PolicyDocument");
    return (List<Object>) document.get("Statement");
  }

  private static Map<String, Object> statement(List<String> actions, Object resource) {
    return Map.of(
        "Effect",
        "Allow",
        "Action",
        actions.size() == 1 ? actions.get(0) : actions,
        "Resource",
        resource);
  }

  @Test
  void givenRoleGetsTheHandlersStatementsInAPolicyOfTheConstruct() {
    Stack stack = stack();
    Role approved = lambdaRole(stack);
    group(stack, "Group", VoiceConnectorGroupHandlerSettings.builder().role(approved).build());

    Template template = Template.fromStack(stack);
    String roleId = stack.getLogicalId((CfnElement) approved.getNode().getDefaultChild());
    template.resourceCountIs("AWS::IAM::Role", 1);
    String policyId = onlyResource(template, "AWS::IAM::Policy").getKey();
    assertThat(policyId).startsWith("VoiceConnectorGroupProviderPolicy");
    template.hasResourceProperties(
        "AWS::IAM::Policy", Map.of("Roles", List.of(Map.of("Ref", roleId))));
    assertThat(policyStatements(template))
        .hasSize(3)
        .contains(
            statement(
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                Map.of(
                    "Fn::GetAtt",
                    List.of(onlyResource(template, "AWS::Logs::LogGroup").getKey(), "Arn"))));
    assertThat(functionProperties(template))
        .containsEntry("Role", Map.of("Fn::GetAtt", List.of(roleId, "Arn")));
    template.hasResource(
        "AWS::Lambda::Function", Map.of("DependsOn", Match.arrayWith(List.of(roleId, policyId))));
  }

  @Test
  void roleThatGrantsThePermissionsGetsNothingAttached() {
    Stack stack = stack();
    IRole approved = Role.fromRoleArn(stack, "ApprovedRole", APPROVED_ROLE_ARN);
    group(
        stack,
        "Group",
        VoiceConnectorGroupHandlerSettings.builder()
            .role(approved)
            .roleGrantsPermissions(true)
            .tracing(Tracing.ACTIVE)
            .vpc(Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build())
            .build());

    Template template = Template.fromStack(stack);
    template.resourceCountIs("AWS::IAM::Policy", 0);
    template.resourceCountIs("AWS::IAM::Role", 0);
    assertThat(functionProperties(template))
        .containsEntry("Role", APPROVED_ROLE_ARN)
        .containsEntry("TracingConfig", Map.of("Mode", "Active"));
  }

  @Test
  void immutableRoleIsRefusedUnlessItGrantsThePermissions() {
    Stack stack = stack();
    IRole immutable =
        Role.fromRoleArn(
            stack,
            "ApprovedRole",
            APPROVED_ROLE_ARN,
            FromRoleArnOptions.builder().mutable(false).build());

    assertThatThrownBy(
            () ->
                group(
                    stack,
                    "Group",
                    VoiceConnectorGroupHandlerSettings.builder().role(immutable).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TestStack/Group: handlerSettings.role TestStack/ApprovedRole (immutable); allowed: a"
                + " role the construct may attach the handler's statements to, or"
                + " roleGrantsPermissions(true) when the role already grants them");
  }

  @Test
  void roleLambdaCannotAssumeIsRefused() {
    Stack stack = stack();
    Role ec2Role =
        Role.Builder.create(stack, "Ec2Role")
            .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
            .build();

    assertThatThrownBy(
            () ->
                group(
                    stack,
                    "Group",
                    VoiceConnectorGroupHandlerSettings.builder().role(ec2Role).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TestStack/Group: handlerSettings.role TestStack/Ec2Role (assumed by"
                + " ec2.amazonaws.com); allowed: a role that lambda.amazonaws.com can assume");
    assertThat(stack.getNode().tryFindChild(VoiceConnectorGroupProvider.ID)).isNull();
  }

  @Test
  void settingsOnlyMeaningfulWithAnotherAreRefusedAllAtOnce() {
    Stack stack = stack();
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
    SecurityGroup securityGroup =
        SecurityGroup.Builder.create(stack, "HandlerSecurityGroup").vpc(vpc).build();
    LogGroup logGroup = LogGroup.Builder.create(stack, "Logs").build();
    Key key = Key.Builder.create(stack, "Key").enableKeyRotation(true).build();

    assertThatThrownBy(
            () ->
                group(
                    stack,
                    "Group",
                    VoiceConnectorGroupHandlerSettings.builder()
                        .roleGrantsPermissions(true)
                        .vpcSubnets(
                            SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .build())
                        .securityGroups(List.of(securityGroup))
                        .logGroup(logGroup)
                        .logRetention(RetentionDays.ONE_WEEK)
                        .logEncryptionKey(key)
                        .applicationLogLevel(ApplicationLogLevel.DEBUG)
                        .systemLogLevel(SystemLogLevel.WARN)
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            String.join(
                "\n",
                "TestStack/Group: handlerSettings.roleGrantsPermissions true; allowed: only with"
                    + " handlerSettings.role",
                "TestStack/Group: handlerSettings.vpcSubnets {subnetType PRIVATE_WITH_EGRESS};"
                    + " allowed: only with handlerSettings.vpc",
                "TestStack/Group: handlerSettings.securityGroups [TestStack/HandlerSecurityGroup];"
                    + " allowed: only with handlerSettings.vpc",
                "TestStack/Group: handlerSettings.logRetention ONE_WEEK; allowed: only without"
                    + " handlerSettings.logGroup (set the retention of the log group given)",
                "TestStack/Group: handlerSettings.logEncryptionKey TestStack/Key; allowed: only"
                    + " without handlerSettings.logGroup (set the key of the log group given)",
                "TestStack/Group: handlerSettings.applicationLogLevel DEBUG; allowed: only with"
                    + " handlerSettings.loggingFormat JSON",
                "TestStack/Group: handlerSettings.systemLogLevel WARN; allowed: only with"
                    + " handlerSettings.loggingFormat JSON"));
  }

  @Test
  void publicSubnetsAreRefused() {
    Stack stack = stack();
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();

    assertThatThrownBy(
            () ->
                VoiceConnectorGroup.configureHandler(
                    stack,
                    VoiceConnectorGroupHandlerSettings.builder()
                        .vpc(vpc)
                        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TestStack: handlerSettings.vpcSubnets {subnetType PUBLIC}; allowed: private subnets"
                + " with a route to the internet through NAT (a Lambda function in a public subnet"
                + " has no public address, so it cannot reach Amazon Chime SDK Voice)");
  }

  @Test
  void vpcPlacementUsesTheSubnetsAndSecurityGroupsGiven() {
    Stack stack = stack();
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
    SecurityGroup securityGroup =
        SecurityGroup.Builder.create(stack, "HandlerSecurityGroup").vpc(vpc).build();
    group(
        stack,
        "Group",
        VoiceConnectorGroupHandlerSettings.builder()
            .vpc(vpc)
            .vpcSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .securityGroups(List.of(securityGroup))
            .build());

    Template template = Template.fromStack(stack);
    List<Object> privateSubnets =
        vpc.getPrivateSubnets().stream()
            .map(subnet -> stack.resolve(subnet.getSubnetId()))
            .toList();
    assertThat(functionProperties(template))
        .containsEntry(
            "VpcConfig",
            Map.of(
                "SubnetIds",
                privateSubnets,
                "SecurityGroupIds",
                List.of(stack.resolve(securityGroup.getSecurityGroupId()))));
    assertThat(policyStatements(template))
        .contains(statement(VoiceConnectorGroupProvider.VPC_ACTIONS, "*"));
    template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
  }

  @Test
  void existingLogGroupIsUsedAndWrittenTo() {
    Stack stack = stack();
    LogGroup logs =
        LogGroup.Builder.create(stack, "OrganisationLogs")
            .retention(RetentionDays.ONE_YEAR)
            .build();
    group(stack, "Group", VoiceConnectorGroupHandlerSettings.builder().logGroup(logs).build());

    Template template = Template.fromStack(stack);
    String logsId = stack.getLogicalId((CfnElement) logs.getNode().getDefaultChild());
    template.resourceCountIs("AWS::Logs::LogGroup", 1);
    assertThat(functionProperties(template))
        .containsEntry("LoggingConfig", Map.of("LogGroup", Map.of("Ref", logsId)));
    assertThat(policyStatements(template))
        .contains(
            statement(
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                Map.of("Fn::GetAtt", List.of(logsId, "Arn"))));
  }

  @Test
  void logRetentionAndKeyApplyToTheLogGroupTheConstructMakes() {
    Stack stack = stack();
    Key key = Key.Builder.create(stack, "LogKey").enableKeyRotation(true).build();
    group(
        stack,
        "Group",
        VoiceConnectorGroupHandlerSettings.builder()
            .logRetention(RetentionDays.ONE_YEAR)
            .logEncryptionKey(key)
            .build());

    Template template = Template.fromStack(stack);
    String keyId = stack.getLogicalId((CfnElement) key.getNode().getDefaultChild());
    template.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Map.of("RetentionInDays", 365, "KmsKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
    template.hasResourceProperties(
        "AWS::KMS::Key",
        Map.of(
            "KeyPolicy",
            Map.of(
                "Statement",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Principal",
                                Map.of("Service", "logs.us-east-1.amazonaws.com"),
                                "Condition",
                                Map.of(
                                    "ArnLike",
                                    Map.of(
                                        "kms:EncryptionContext:aws:logs:arn",
                                        Map.of(
                                            "Fn::Join",
                                            List.of(
                                                "",
                                                List.of(
                                                    "arn:",
                                                    Map.of("Ref", "AWS::Partition"),
                                                    ":logs:us-east-1:123456789012:log-group:*"))))))))))));
  }

  @Test
  void jsonLogsWithLevels() {
    Stack stack = stack();
    group(
        stack,
        "Group",
        VoiceConnectorGroupHandlerSettings.builder()
            .loggingFormat(LoggingFormat.JSON)
            .applicationLogLevel(ApplicationLogLevel.DEBUG)
            .systemLogLevel(SystemLogLevel.WARN)
            .build());

    Template template = Template.fromStack(stack);
    assertThat(functionProperties(template))
        .containsEntry(
            "LoggingConfig",
            Map.of(
                "LogFormat",
                "JSON",
                "ApplicationLogLevel",
                "DEBUG",
                "SystemLogLevel",
                "WARN",
                "LogGroup",
                Map.of("Ref", onlyResource(template, "AWS::Logs::LogGroup").getKey())));
  }

  @Test
  void activeTracingGrantsXrayToTheHandlersRole() {
    Stack stack = stack();
    group(
        stack,
        "Group",
        VoiceConnectorGroupHandlerSettings.builder().tracing(Tracing.ACTIVE).build());

    Template template = Template.fromStack(stack);
    assertThat(functionProperties(template))
        .containsEntry("TracingConfig", Map.of("Mode", "Active"));
    assertThat(policyStatements(template))
        .contains(statement(VoiceConnectorGroupProvider.XRAY_ACTIONS, "*"));
  }

  @Test
  void memoryAndTimeoutStayTheConstructsWhateverTheSettings() {
    Stack stack = stack();
    group(
        stack,
        "Group",
        VoiceConnectorGroupHandlerSettings.builder()
            .role(lambdaRole(stack))
            .loggingFormat(LoggingFormat.JSON)
            .build());

    assertThat(functionProperties(Template.fromStack(stack)))
        .containsEntry("MemorySize", 1769)
        .containsEntry("Timeout", 180);
  }

  @Test
  void differentSettingsForTheSameStackAreRefusedNamingBothPaths() {
    Stack stack = stack();
    Role approved = lambdaRole(stack);
    VoiceConnectorGroup.configureHandler(
        stack,
        VoiceConnectorGroupHandlerSettings.builder()
            .role(approved)
            .loggingFormat(LoggingFormat.JSON)
            .build());

    assertThatThrownBy(
            () ->
                group(
                    stack,
                    "Group",
                    VoiceConnectorGroupHandlerSettings.builder()
                        .loggingFormat(LoggingFormat.TEXT)
                        .tracing(Tracing.ACTIVE)
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            String.join(
                "\n",
                "TestStack/Group: handlerSettings.role default; allowed: TestStack/ApprovedRole, as"
                    + " the stack's one handler was set up at TestStack (a stack has one handler:"
                    + " give its settings once, with VoiceConnectorGroup.configureHandler before the"
                    + " stack's first group or with its first group)",
                "TestStack/Group: handlerSettings.loggingFormat TEXT; allowed: JSON, as the stack's"
                    + " one handler was set up at TestStack (a stack has one handler: give its"
                    + " settings once, with VoiceConnectorGroup.configureHandler before the stack's"
                    + " first group or with its first group)",
                "TestStack/Group: handlerSettings.tracing ACTIVE; allowed: default, as the stack's"
                    + " one handler was set up at TestStack (a stack has one handler: give its"
                    + " settings once, with VoiceConnectorGroup.configureHandler before the stack's"
                    + " first group or with its first group)"));
  }

  @Test
  void configuringAfterAGroupWithDefaultsIsRefused() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "First").voiceConnectorItems(oneItem()).build();

    assertThatThrownBy(
            () ->
                VoiceConnectorGroup.configureHandler(
                    stack,
                    VoiceConnectorGroupHandlerSettings.builder().tracing(Tracing.ACTIVE).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "TestStack: handlerSettings.tracing ACTIVE; allowed: default, as the stack's one"
                + " handler was set up at TestStack/First (");
  }

  @Test
  void equalSettingsGivenAgainAreFine() {
    Stack stack = stack();
    Role approved = lambdaRole(stack);
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
    Supplier<VoiceConnectorGroupHandlerSettings> settings =
        () ->
            VoiceConnectorGroupHandlerSettings.builder()
                .role(approved)
                .vpc(vpc)
                .vpcSubnets(
                    SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .logRetention(RetentionDays.ONE_MONTH)
                .loggingFormat(LoggingFormat.JSON)
                .build();
    VoiceConnectorGroup.configureHandler(stack, settings.get());
    VoiceConnectorGroup.configureHandler(stack, settings.get());
    group(stack, "First", settings.get());
    // Without settings, a group takes the stack's.
    VoiceConnectorGroup.Builder.create(stack, "Second").voiceConnectorItems(oneItem()).build();
    group(stack, "Third", settings.get());

    Template template = Template.fromStack(stack);
    template.resourceCountIs("AWS::Lambda::Function", 1);
    template.resourceCountIs("Custom::VoiceConnectorGroup", 3);
    assertThat(functionProperties(template)).containsKey("VpcConfig");
  }

  @Test
  void configureHandlerAloneAddsNoFunction() {
    Stack stack = stack();
    VoiceConnectorGroup.configureHandler(
        stack,
        VoiceConnectorGroupHandlerSettings.builder().loggingFormat(LoggingFormat.JSON).build());

    Template.fromStack(stack).resourceCountIs("AWS::Lambda::Function", 0);
  }

  @Test
  void permissionsBoundaryReachesTheHandlersRole() {
    Stack stack = stack();
    PermissionsBoundary.of(stack)
        .apply(ManagedPolicy.fromManagedPolicyName(stack, "Boundary", "application-boundary"));
    VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();

    Template template = Template.fromStack(stack);
    assertThat(onlyResource(template, "AWS::IAM::Role").getKey())
        .startsWith("VoiceConnectorGroupProviderServiceRole");
    template.hasResourceProperties(
        "AWS::IAM::Role",
        Map.of(
            "PermissionsBoundary",
            Map.of(
                "Fn::Join",
                List.of(
                    "",
                    List.of(
                        "arn:",
                        Map.of("Ref", "AWS::Partition"),
                        ":iam::123456789012:policy/application-boundary")))));
  }
}
