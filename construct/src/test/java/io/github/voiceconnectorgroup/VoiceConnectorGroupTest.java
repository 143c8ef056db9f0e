package io.github.voiceconnectorgroup;

import static io.github.voiceconnectorgroup.TestStacks.oneItem;
import static io.github.voiceconnectorgroup.TestStacks.onlyResource;
import static io.github.voiceconnectorgroup.TestStacks.properties;
import static io.github.voiceconnectorgroup.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

class VoiceConnectorGroupTest {

  @Test
  void propertiesArePassedAsTheHandlerExpects() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .name("Contact center")
        .voiceConnectorItems(
            List.of(
                VoiceConnectorItem.of("abcdef1ghij2klmno3pqr4", 1),
                VoiceConnectorItem.of("stuvw5xyz6abcdef7ghij8", 2)))
        .build();

    Template template = Template.fromStack(stack);
    String functionId = onlyResource(template, "AWS::Lambda::Function").getKey();
    template.hasResourceProperties(
        "Custom::VoiceConnectorGroup",
        Match.objectEquals(
            Map.of(
                "ServiceToken",
                Map.of("Fn::GetAtt", List.of(functionId, "Arn")),
                "ServiceTimeout",
                "900",
                "Name",
                "Contact center",
                "VoiceConnectorItems",
                List.of(
                    Map.of("VoiceConnectorId", "abcdef1ghij2klmno3pqr4", "Priority", 1),
                    Map.of("VoiceConnectorId", "stuvw5xyz6abcdef7ghij8", "Priority", 2)))));
  }

  @Test
  void constructorWithPropsMatchesBuilder() {
    Stack withProps = stack();
    new VoiceConnectorGroup(
        withProps,
        "Group",
        VoiceConnectorGroupProps.builder()
            .name("Props")
            .voiceConnectorItems(oneItem())
            .phoneNumbers(List.of("+12065550100"))
            .forceAssociate(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .serviceTimeout(Duration.minutes(20))
            .build());
    Stack withBuilder = stack();
    VoiceConnectorGroup.Builder.create(withBuilder, "Group")
        .name("Props")
        .voiceConnectorItems(oneItem())
        .phoneNumbers(List.of("+12065550100"))
        .forceAssociate(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .serviceTimeout(Duration.minutes(20))
        .build();

    assertThat(Template.fromStack(withBuilder).toJSON())
        .isEqualTo(Template.fromStack(withProps).toJSON());
  }

  @Test
  void declaredPhoneNumbersAndForceAssociateReachTheTemplate() {
    Stack stack = stack();
    VoiceConnectorGroup group =
        VoiceConnectorGroup.Builder.create(stack, "Group")
            .voiceConnectorItems(oneItem())
            .phoneNumbers(List.of("+12065550100"))
            .forceAssociate(true)
            .build();
    group.addPhoneNumbers("+12065550101");

    Template.fromStack(stack)
        .hasResourceProperties(
            "Custom::VoiceConnectorGroup",
            Map.of(
                "PhoneNumbers", List.of("+12065550100", "+12065550101"), "ForceAssociate", true));
    assertThat(group.getPhoneNumbers()).containsExactly("+12065550100", "+12065550101");
  }

  @Test
  void undeclaredPhoneNumbersAreAbsentNotEmpty() {
    Stack undeclared = stack();
    VoiceConnectorGroup.Builder.create(undeclared, "Group").voiceConnectorItems(oneItem()).build();
    Stack declaredEmpty = stack();
    VoiceConnectorGroup.Builder.create(declaredEmpty, "Group")
        .voiceConnectorItems(oneItem())
        .phoneNumbers(List.of())
        .build();

    Template.fromStack(undeclared)
        .hasResourceProperties(
            "Custom::VoiceConnectorGroup",
            Map.of("PhoneNumbers", Match.absent(), "ForceAssociate", Match.absent()));
    Template.fromStack(declaredEmpty)
        .hasResourceProperties("Custom::VoiceConnectorGroup", Map.of("PhoneNumbers", List.of()));
  }

  @Test
  void attributesComeFromTheCustomResource() {
    Stack stack = stack();
    VoiceConnectorGroup group =
        VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();
    String logicalId = stack.getLogicalId((CfnResource) group.getNode().getDefaultChild());

    assertThat(stack.resolve(group.getVoiceConnectorGroupId()))
        .isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "VoiceConnectorGroupId")));
    assertThat(stack.resolve(group.getVoiceConnectorGroupArn()))
        .isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "VoiceConnectorGroupArn")));
    assertThat(Template.fromStack(stack).findResources("Custom::VoiceConnectorGroup"))
        .containsOnlyKeys(logicalId);
  }

  @Test
  void twoGroupsShareOneFunction() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "First").voiceConnectorItems(oneItem()).build();
    VoiceConnectorGroup.Builder.create(stack, "Second").voiceConnectorItems(oneItem()).build();

    Template template = Template.fromStack(stack);
    template.resourceCountIs("Custom::VoiceConnectorGroup", 2);
    template.resourceCountIs("AWS::Lambda::Function", 1);
    template.resourceCountIs("AWS::IAM::Role", 1);
    template.resourceCountIs("AWS::IAM::Policy", 1);
    template.resourceCountIs("AWS::Logs::LogGroup", 1);
    String functionId = onlyResource(template, "AWS::Lambda::Function").getKey();
    template.allResourcesProperties(
        "Custom::VoiceConnectorGroup",
        Map.of("ServiceToken", Map.of("Fn::GetAtt", List.of(functionId, "Arn"))));
  }

  @Test
  void groupsInNestedConstructsShareTheStacksFunction() {
    Stack stack = stack();
    software.constructs.Construct nested = new software.constructs.Construct(stack, "Nested");
    VoiceConnectorGroup.Builder.create(stack, "Top").voiceConnectorItems(oneItem()).build();
    VoiceConnectorGroup.Builder.create(nested, "Inner").voiceConnectorItems(oneItem()).build();

    assertThat(stack.getNode().tryFindChild(VoiceConnectorGroupProvider.ID)).isNotNull();
    Template.fromStack(stack).resourceCountIs("AWS::Lambda::Function", 1);
  }

  @Test
  void twoHundredGroupsKeepOneFunctionAndAConstantPolicy() {
    Stack single = stack();
    VoiceConnectorGroup.Builder.create(single, "Group0").voiceConnectorItems(oneItem()).build();
    Stack many = stack();
    for (int i = 0; i < 200; i++) {
      VoiceConnectorGroup.Builder.create(many, "Group" + i)
          .voiceConnectorItems(List.of(VoiceConnectorItem.of("connector" + i, 1)))
          .build();
    }

    Template singleTemplate = Template.fromStack(single);
    Template manyTemplate = Template.fromStack(many);
    manyTemplate.resourceCountIs("Custom::VoiceConnectorGroup", 200);
    manyTemplate.resourceCountIs("AWS::Lambda::Function", 1);
    manyTemplate.resourceCountIs("AWS::IAM::Policy", 1);
    assertThat(properties(onlyResource(manyTemplate, "AWS::IAM::Policy").getValue()))
        .isEqualTo(properties(onlyResource(singleTemplate, "AWS::IAM::Policy").getValue()));
    assertThat(onlyResource(manyTemplate, "AWS::Lambda::Function").getValue())
        .isEqualTo(onlyResource(singleTemplate, "AWS::Lambda::Function").getValue());
  }

  @Test
  void handlerFunctionSettings() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();

    Template template = Template.fromStack(stack);
    String logGroupId = onlyResource(template, "AWS::Logs::LogGroup").getKey();
    String roleId = onlyResource(template, "AWS::IAM::Role").getKey();
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Runtime",
            "java21",
            "Architectures",
            List.of("arm64"),
            "Handler",
            "io.github.voiceconnectorgroup.handler.VoiceConnectorGroupHandler::handleRequest",
            "MemorySize",
            1769,
            "Timeout",
            180,
            "Role",
            Map.of("Fn::GetAtt", List.of(roleId, "Arn")),
            "LoggingConfig",
            Map.of("LogGroup", Map.of("Ref", logGroupId)),
            "Environment",
            Match.absent()));
    template.hasResourceProperties(
        "AWS::Lambda::EventInvokeConfig",
        Map.of("MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 360));
    template.hasResource(
        "AWS::Logs::LogGroup",
        Map.of("Properties", Map.of("RetentionInDays", 30), "DeletionPolicy", "Delete"));
    // No logRetention custom resource and no provider framework functions.
    template.resourceCountIs("Custom::LogRetention", 0);
    template.resourceCountIs("AWS::Lambda::Function", 1);
  }

  @Test
  void functionCodeIsTheShippedHandlerZip() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();

    Map<String, Object> code =
        TestStacks.<Map<String, Object>>cast(
            properties(onlyResource(Template.fromStack(stack), "AWS::Lambda::Function").getValue())
                .get("Code"));
    assertThat(code)
        .containsEntry("S3Bucket", "cdk-hnb659fds-assets-123456789012-us-east-1")
        .containsEntry("S3Key", HandlerAssetTest.expectedAssetHash() + ".zip");
  }

  @Test
  void rolePolicyGrantsOnlyTheHandlersCalls() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();

    Template template = Template.fromStack(stack);
    String logGroupId = onlyResource(template, "AWS::Logs::LogGroup").getKey();
    template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    template.hasResourceProperties(
        "AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent(), "Policies", Match.absent()));
    template.hasResourceProperties(
        "AWS::IAM::Policy",
        Map.of(
            "PolicyDocument",
            Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(
                    Map.of(
                        "Effect", "Allow",
                        "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        "Resource", Map.of("Fn::GetAtt", List.of(logGroupId, "Arn"))),
                    Map.of(
                        "Effect", "Allow",
                        "Action", "chime:CreateVoiceConnectorGroup",
                        "Resource",
                            Map.of(
                                "Fn::Join",
                                List.of(
                                    "",
                                    List.of(
                                        "arn:",
                                        Map.of("Ref", "AWS::Partition"),
                                        ":chime:*:123456789012:vc/*")))),
                    Map.of(
                        "Effect", "Allow",
                        "Action",
                            List.of(
                                "chime:UpdateVoiceConnectorGroup",
                                "chime:GetVoiceConnectorGroup",
                                "chime:DeleteVoiceConnectorGroup",
                                "chime:ListVoiceConnectorGroups",
                                "chime:ListPhoneNumbers",
                                "chime:AssociatePhoneNumbersWithVoiceConnectorGroup",
                                "chime:DisassociatePhoneNumbersFromVoiceConnectorGroup"),
                        "Resource", "*")))));
  }

  @Test
  void removalPolicyDefaultsToDestroy() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();

    Template.fromStack(stack)
        .hasResource(
            "Custom::VoiceConnectorGroup",
            Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete"));
  }

  @Test
  void removalPolicyRetainKeepsTheGroup() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(oneItem())
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();

    Template.fromStack(stack)
        .hasResource(
            "Custom::VoiceConnectorGroup",
            Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
  }

  @Test
  void applyRemovalPolicyReachesTheCustomResource() {
    Stack stack = stack();
    VoiceConnectorGroup group =
        VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();

    group.applyRemovalPolicy(RemovalPolicy.RETAIN);

    Template.fromStack(stack)
        .hasResource("Custom::VoiceConnectorGroup", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void serviceTimeoutIsPassedToTheCustomResource() {
    Stack stack = stack();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(oneItem())
        .serviceTimeout(Duration.minutes(20))
        .build();

    Template.fromStack(stack)
        .hasResourceProperties("Custom::VoiceConnectorGroup", Map.of("ServiceTimeout", "1200"));
  }

  @Test
  void defaultNameIsDerivedFromThePathAndFitsTheApi() {
    Stack stack = stack();
    VoiceConnectorGroup group =
        VoiceConnectorGroup.Builder.create(stack, "Group").voiceConnectorItems(oneItem()).build();
    software.constructs.Construct deep = new software.constructs.Construct(stack, "x".repeat(300));
    VoiceConnectorGroup deepGroup =
        VoiceConnectorGroup.Builder.create(deep, "Group!").voiceConnectorItems(oneItem()).build();
    Stack again = stack();
    VoiceConnectorGroup sameGroup =
        VoiceConnectorGroup.Builder.create(again, "Group").voiceConnectorItems(oneItem()).build();

    assertThat(group.getName()).startsWith("TestStackGroup").matches("[a-zA-Z0-9 _.-]{1,256}");
    assertThat(deepGroup.getName()).matches("[a-zA-Z0-9 _.-]{1,256}").isNotEqualTo(group.getName());
    assertThat(sameGroup.getName()).isEqualTo(group.getName());
    Template.fromStack(stack)
        .hasResourceProperties("Custom::VoiceConnectorGroup", Map.of("Name", group.getName()));
  }

  @Test
  void voiceConnectorItemsReferenceNativeVoiceConnectorsWithGetAtt() {
    Stack stack = stack();
    CfnVoiceConnector primary =
        CfnVoiceConnector.Builder.create(stack, "Primary")
            .name("primary")
            .requireEncryption(true)
            .awsRegion("us-east-1")
            .build();
    CfnVoiceConnector secondary =
        CfnVoiceConnector.Builder.create(stack, "Secondary")
            .name("secondary")
            .requireEncryption(true)
            .awsRegion("us-west-2")
            .build();
    VoiceConnectorGroup.Builder.create(stack, "Group")
        .voiceConnectorItems(
            List.of(
                VoiceConnectorItem.fromVoiceConnector(primary, 1),
                VoiceConnectorItem.fromVoiceConnector(secondary, 2)))
        .build();

    Template.fromStack(stack)
        .hasResourceProperties(
            "Custom::VoiceConnectorGroup",
            Map.of(
                "VoiceConnectorItems",
                List.of(
                    Map.of(
                        "VoiceConnectorId",
                        Map.of(
                            "Fn::GetAtt", List.of(stack.getLogicalId(primary), "VoiceConnectorId")),
                        "Priority",
                        1),
                    Map.of(
                        "VoiceConnectorId",
                        Map.of(
                            "Fn::GetAtt",
                            List.of(stack.getLogicalId(secondary), "VoiceConnectorId")),
                        "Priority",
                        2))));
  }

  @Test
  void voiceConnectorInAnotherRegionsStackIsReferencedAcrossRegions(@TempDir Path outdir)
      throws IOException {
    // CloudFormation's schema has no AWS::Chime::VoiceConnector in us-west-2, and the CDK's
    // template validation says so. These flags make that a finding in the report file, read below,
    // instead of a warning printed by the synth.
    App app =
        App.Builder.create()
            .outdir(outdir.toString())
            .context(
                Map.of(
                    "@aws-cdk/core:validateAgainstDefaultRules", true,
                    "@aws-cdk/core:failSynthOnValidationErrors", false))
            .build();
    Stack west =
        new Stack(
            app,
            "West",
            StackProps.builder()
                .env(Environment.builder().account(TestStacks.ACCOUNT).region("us-west-2").build())
                .crossRegionReferences(true)
                .build());
    CfnVoiceConnector failover =
        CfnVoiceConnector.Builder.create(west, "Failover")
            .name("failover")
            .requireEncryption(true)
            .awsRegion("us-west-2")
            .build();
    Stack east =
        new Stack(
            app,
            "East",
            StackProps.builder()
                .env(Environment.builder().account(TestStacks.ACCOUNT).region("us-east-1").build())
                .crossRegionReferences(true)
                .build());
    VoiceConnectorGroup.Builder.create(east, "Group")
        .voiceConnectorItems(
            List.of(
                VoiceConnectorItem.of("abcdef1ghij2klmno3pqr4", 1),
                VoiceConnectorItem.fromVoiceConnector(failover, 2)))
        .build();

    Map<String, Object> groupProperties =
        properties(
            onlyResource(Template.fromStack(east), "Custom::VoiceConnectorGroup").getValue());
    List<Map<String, Object>> items = TestStacks.cast(groupProperties.get("VoiceConnectorItems"));
    // Read in us-east-1 by the CDK's cross-Region export reader, from what the West stack writes.
    Map<String, Object> connectorId = TestStacks.cast(items.get(1).get("VoiceConnectorId"));
    List<String> getAtt = TestStacks.cast(connectorId.get("Fn::GetAtt"));
    assertThat(Template.fromStack(east).findResources("Custom::CrossRegionExportReader"))
        .containsOnlyKeys(getAtt.get(0));
    assertThat(east.getDependencies()).contains(west);
    assertThat(Files.readString(outdir.resolve("validation-report.json")))
        .contains("\"ruleName\": \"F3006\"")
        .contains("Resource type 'AWS::Chime::VoiceConnector' does not exist in 'us-west-2'")
        .contains("\"constructPath\": \"West/Failover\"");
  }

  @Test
  void synthIsRepeatable(@TempDir Path directory) throws Exception {
    // Two JVMs, so that neither the staged ZIP nor CDK's asset cache of the first synth is seen by
    // the second.
    Path first = directory.resolve("first");
    Path second = directory.resolve("second");
    Path firstStaging = SynthInFreshJvm.run(first);
    Path secondStaging = SynthInFreshJvm.run(second);

    assertThat(Files.readString(second.resolve("TestStack.template.json")))
        .isEqualTo(Files.readString(first.resolve("TestStack.template.json")));
    assertThat(assetFiles(second)).isEqualTo(assetFiles(first)).hasSize(1);
    String asset = assetFiles(first).get(0);
    assertThat(asset).isEqualTo("asset." + HandlerAssetTest.expectedAssetHash() + ".zip");
    assertThat(Files.mismatch(first.resolve(asset), second.resolve(asset))).isEqualTo(-1L);
    // Each JVM staged into a directory of its own, and left nothing of it behind.
    assertThat(secondStaging).isNotEqualTo(firstStaging);
    assertThat(firstStaging).doesNotExist();
    assertThat(secondStaging).doesNotExist();
  }

  private static List<String> assetFiles(Path outdir) throws IOException {
    try (var files = Files.list(outdir)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith("asset."))
          .sorted()
          .toList();
    }
  }
}
