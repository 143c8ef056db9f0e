package io.github.voiceconnectorgroup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.LambdaFunction;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Resource;
import io.github.voiceconnectorgroup.testsupport.CloudAssemblyReader.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a small cloud assembly laid out as the CDK writes one, with a nested stage. */
class CloudAssemblyReaderTest {

  private static final String HASH = "a".repeat(64);

  @TempDir Path assembly;

  @BeforeEach
  void writeAssembly() throws IOException {
    Files.writeString(
        assembly.resolve("manifest.json"),
        """
        {"version": "54.0.0", "artifacts": {
          "App.assets": {"type": "cdk:asset-manifest",
                         "properties": {"file": "App.assets.json"}},
          "App": {"type": "aws:cloudformation:stack",
                  "environment": "aws://123456789012/us-east-1",
                  "properties": {"templateFile": "App.template.json"},
                  "dependencies": ["App.assets"]},
          "Stage": {"type": "cdk:cloud-assembly",
                    "properties": {"directoryName": "assembly-Stage"}},
          "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}
        }}
        """);
    Files.writeString(
        assembly.resolve("App.assets.json"),
        """
        {"version": "54.0.0", "files": {"%s": {
          "source": {"path": "asset.%s.zip", "packaging": "file"},
          "destinations": {"123456789012-us-east-1": {
            "bucketName": "cdk-hnb659fds-assets-123456789012-us-east-1",
            "objectKey": "%s.zip"}}}}}
        """
            .formatted(HASH, HASH, HASH));
    Files.writeString(
        assembly.resolve("App.template.json"),
        """
        {"Resources": {
          "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Handler": "a.B::handle", "Runtime": "java21", "Timeout": 120, "MemorySize": 1024,
            "Architectures": ["arm64"],
            "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}"},
                     "S3Key": "%s.zip"},
            "Environment": {"Variables": {"PLAIN": "yes", "REF": {"Ref": "Other"}}}}},
          "Other": {"Type": "AWS::Lambda::Function", "Properties": {
            "Handler": "index.handler", "Runtime": "nodejs22.x",
            "Code": {"ZipFile": "exports.handler = async () => {}"}}},
          "First": {"Type": "Custom::Thing", "DeletionPolicy": "Retain", "Properties": {
            "ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}, "Name": "first"}},
          "Second": {"Type": "AWS::CloudFormation::CustomResource", "Properties": {
            "ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}}},
          "Elsewhere": {"Type": "Custom::Thing", "Properties": {
            "ServiceToken": {"Fn::GetAtt": ["Other", "Arn"]}}}
        }}
        """
            .formatted(HASH));
    Path stage = Files.createDirectories(assembly.resolve("assembly-Stage"));
    Files.writeString(
        stage.resolve("manifest.json"),
        """
        {"version": "54.0.0", "artifacts": {
          "StageStack": {"type": "aws:cloudformation:stack",
                         "environment": "aws://unknown-account/unknown-region",
                         "properties": {"templateFile": "StageStack.template.json",
                                        "stackName": "Stage-Stack"}}}}
        """);
    Files.writeString(stage.resolve("StageStack.template.json"), "{\"Resources\": {}}");
  }

  @Test
  void readsStacksOfTheAssemblyAndItsNestedStages() {
    CloudAssemblyReader reader = CloudAssemblyReader.read(assembly);

    assertThat(reader.stacks()).extracting(Stack::artifactId).containsExactly("App", "StageStack");
    Stack app = reader.stack("App");
    assertThat(app.region()).contains("us-east-1");
    assertThat(app.account()).contains("123456789012");
    Stack staged = reader.stack("Stage-Stack");
    assertThat(staged.artifactId()).isEqualTo("StageStack");
    assertThat(staged.region()).isEmpty();
    assertThat(staged.account()).isEmpty();
  }

  @Test
  void readsAFunctionsConfigurationWithLambdasDefaultsForWhatIsMissing() {
    Stack app = CloudAssemblyReader.read(assembly).stack("App");

    LambdaFunction function = app.lambdaFunctions().get(0);
    assertThat(function.logicalId()).isEqualTo("Fn");
    assertThat(function.handler()).isEqualTo("a.B::handle");
    assertThat(function.runtime()).isEqualTo("java21");
    assertThat(function.timeoutSeconds()).isEqualTo(120);
    assertThat(function.memorySizeMb()).isEqualTo(1024);
    assertThat(function.architectures()).containsExactly("arm64");
    assertThat(function.environment()).isEqualTo(Map.of("PLAIN", "yes"));
    assertThat(function.unresolvedEnvironment()).isEqualTo(Map.of("REF", Map.of("Ref", "Other")));

    LambdaFunction other = app.lambdaFunctions().get(1);
    assertThat(other.timeoutSeconds()).isEqualTo(3);
    assertThat(other.memorySizeMb()).isEqualTo(128);
    assertThat(other.architectures()).containsExactly("x86_64");
  }

  @Test
  void findsTheCustomResourcesWhoseServiceTokenIsTheFunctionsArn() {
    Stack app = CloudAssemblyReader.read(assembly).stack("App");
    LambdaFunction function = app.lambdaFunctions().get(0);

    List<Resource> served = app.customResourcesServedBy(function);

    assertThat(served).extracting(Resource::logicalId).containsExactly("First", "Second");
    assertThat(served.get(0).deletionPolicy()).contains("Retain");
    assertThat(served.get(0).properties()).containsEntry("Name", "first");
    assertThat(app.customResources()).hasSize(3);
  }

  @Test
  void findsTheCodeAssetThroughTheAssetManifest() {
    Stack app = CloudAssemblyReader.read(assembly).stack("App");

    assertThat(app.codeAsset(app.lambdaFunctions().get(0)))
        .isEqualTo(assembly.toAbsolutePath().normalize().resolve("asset." + HASH + ".zip"));
  }

  @Test
  void inlineCodeHasNoAsset() {
    Stack app = CloudAssemblyReader.read(assembly).stack("App");

    assertThatThrownBy(() -> app.codeAsset(app.lambdaFunctions().get(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("function Other of stack App has no code asset");
  }

  @Test
  void unknownStackNamesTheStacksThereAre() {
    CloudAssemblyReader reader = CloudAssemblyReader.read(assembly);

    assertThatThrownBy(() -> reader.stack("Missing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stack 'Missing' is not in the cloud assembly")
        .hasMessageContaining("[App, StageStack]");
  }
}
