package io.github.voiceconnectorgroup.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.voiceconnectorgroup.testsupport.CdkJsonContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.Stack;

/**
 * The AwsSolutions pack of cdk-nag finds nothing in the example stacks that is not acknowledged
 * with a reason (the construct acknowledges its handler's unavoidable findings itself).
 */
class ExampleAppNagTest {

  @Test
  void awsSolutionsPackFindsNothingUnacknowledged() {
    App app = App.Builder.create().context(CdkJsonContext.load()).build();
    ExampleApp.addStacks(app, Map.of("CDK_DEFAULT_ACCOUNT", "123456789012"));
    AwsSolutionsChecks checks = new AwsSolutionsChecks(app);

    List<Stack> stacks =
        app.getNode().getChildren().stream()
            .filter(Stack.class::isInstance)
            .map(Stack.class::cast)
            .toList();
    assertThat(stacks).hasSize(3);
    for (Stack stack : stacks) {
      PolicyValidationPluginReport report = checks.validateScope(stack);
      List<String> findings =
          report.getViolations().stream()
              .flatMap(
                  violation ->
                      violation.getViolatingResources().stream()
                          .map(r -> violation.getRuleName() + " at " + r.getConstructPath()))
              .toList();
      assertThat(findings).as(stack.getStackName()).isEmpty();
      assertThat(report.getSuccess()).as(stack.getStackName()).isTrue();
    }
  }
}
