package io.github.voiceconnectorgroup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateStatsTest {

  @TempDir Path dir;

  @Test
  void countsFunctionsStatementsAndThePoliciesOfTheRoleWithTheMost() throws IOException {
    Path template = dir.resolve("t.template.json");
    Files.writeString(
        template,
        """
        {"Resources": {
          "Role": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Statement": [{"Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "inline", "PolicyDocument": {"Statement": [{"Action": "a:B", "Resource": "*"}]}}]}},
          "P1": {"Type": "AWS::IAM::Policy", "Properties": {"Roles": [{"Ref": "Role"}],
            "PolicyDocument": {"Statement": [{"Action": "c:D", "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":x"]]}}]}}},
          "P2": {"Type": "AWS::IAM::Policy", "Properties": {"Roles": [{"Ref": "Other"}],
            "PolicyDocument": {"Statement": [{"Action": "e:F", "Resource": {"Fn::GetAtt": ["T", "Arn"]}}]}}},
          "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}}
        }}
        """);

    TemplateStats stats = TemplateStats.of(template);

    assertThat(stats.bytes()).isEqualTo(Files.size(template));
    assertThat(stats.lambdaFunctions()).isEqualTo(1);
    // Trust policies are not counted: 1 inline + 1 (P1) + 1 (P2).
    assertThat(stats.iamStatements()).isEqualTo(3);
    // Role's inline policy plus P1, the partition resolved and no whitespace; P2 would weigh more
    // (a reference counts as REFERENCE_CHARS) but attaches to a role of another template.
    String expected =
        "{\"Statement\":[{\"Action\":\"a:B\",\"Resource\":\"*\"}]}"
            + "{\"Statement\":[{\"Action\":\"c:D\",\"Resource\":\"arn:aws:x\"}]}";
    assertThat(stats.rolePolicyChars()).isEqualTo(expected.length());
  }

  @Test
  void aDeployTimeReferenceCountsAsAFixedNumberOfCharacters() throws IOException {
    Path template = dir.resolve("t.template.json");
    Files.writeString(
        template,
        """
        {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}},
          "P": {"Type": "AWS::IAM::Policy", "Properties": {"Roles": [{"Ref": "R"}],
            "PolicyDocument": {"Statement": {"Resource": {"Fn::GetAtt": ["T", "Arn"]}}}}}}}
        """);

    TemplateStats stats = TemplateStats.of(template);

    String withPlaceholder =
        "{\"Statement\":{\"Resource\":\"" + "x".repeat(TemplateStats.REFERENCE_CHARS) + "\"}}";
    assertThat(stats.rolePolicyChars()).isEqualTo(withPlaceholder.length());
    assertThat(stats.iamStatements()).isEqualTo(1);
  }
}
