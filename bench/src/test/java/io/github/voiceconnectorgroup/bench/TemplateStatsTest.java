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
  void countsFunctionsStatementsAndAggregatesPoliciesAttachedToTheLargestRole() throws IOException {
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
            "PolicyDocument": {"Statement": [{"Action": "e:F", "Resource": "*"}, {"Action": "g:H", "Resource": "*"}]}}},
          "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}}
        }}
        """);

    TemplateStats stats = TemplateStats.of(template);

    assertThat(stats.resources()).isEqualTo(4);
    assertThat(stats.lambdaFunctions()).isEqualTo(1);
    // Trust policies are not counted: 1 inline + 1 (P1) + 2 (P2).
    assertThat(stats.iamStatements()).isEqualTo(4);
    // Role's inline policy plus P1 with the partition resolved; P2 belongs to another role.
    String expected =
        "{\"Statement\":[{\"Action\":\"a:B\",\"Resource\":\"*\"}]}"
            + "{\"Statement\":[{\"Action\":\"c:D\",\"Resource\":\"arn:aws:x\"}]}";
    assertThat(stats.largestRolePolicyChars()).isEqualTo(expected.length());
    assertThat(stats.unresolvedReferences()).isZero();
  }
}
