package io.github.voiceconnectorgroup;

import io.github.voiceconnectorgroup.contract.VoiceConnectorGroupRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.IConstruct;

/**
 * {@link VoiceConnectorGroupHandlerSettings} with defaults filled in, so that two sets of settings
 * that make the same function compare equal; their rules, in the project's message format.
 */
record HandlerSettings(
    IRole role,
    boolean roleGrantsPermissions,
    IVpc vpc,
    SubnetSelection vpcSubnets,
    List<ISecurityGroup> securityGroups,
    ILogGroup logGroup,
    RetentionDays logRetention,
    IKey logEncryptionKey,
    LoggingFormat loggingFormat,
    ApplicationLogLevel applicationLogLevel,
    SystemLogLevel systemLogLevel,
    Tracing tracing) {

  /** The name of the group property, the prefix of every setting's name in messages. */
  static final String FIELD = "handlerSettings";

  /** Logs of a handler that runs a few times per deployment; a month covers an investigation. */
  static final RetentionDays DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;

  static final String LAMBDA_PRINCIPAL = "lambda.amazonaws.com";

  /** The settings of a stack that was given none. */
  static final HandlerSettings DEFAULTS = of(VoiceConnectorGroupHandlerSettings.builder().build());

  static HandlerSettings of(VoiceConnectorGroupHandlerSettings settings) {
    Objects.requireNonNull(settings, FIELD);
    return new HandlerSettings(
        settings.getRole(),
        Boolean.TRUE.equals(settings.getRoleGrantsPermissions()),
        settings.getVpc(),
        settings.getVpcSubnets(),
        settings.getSecurityGroups() == null
            ? List.of()
            : List.copyOf(settings.getSecurityGroups()),
        settings.getLogGroup(),
        settings.getLogGroup() == null && settings.getLogRetention() == null
            ? DEFAULT_LOG_RETENTION
            : settings.getLogRetention(),
        settings.getLogEncryptionKey(),
        settings.getLoggingFormat(),
        settings.getApplicationLogLevel(),
        settings.getSystemLogLevel(),
        settings.getTracing());
  }

  /** Every setting by its name in messages, in the order of the props. */
  private Map<String, Object> byName() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("role", role);
    settings.put("roleGrantsPermissions", roleGrantsPermissions);
    settings.put("vpc", vpc);
    settings.put("vpcSubnets", vpcSubnets);
    settings.put("securityGroups", securityGroups);
    settings.put("logGroup", logGroup);
    settings.put("logRetention", logRetention);
    settings.put("logEncryptionKey", logEncryptionKey);
    settings.put("loggingFormat", loggingFormat);
    settings.put("applicationLogLevel", applicationLogLevel);
    settings.put("systemLogLevel", systemLogLevel);
    settings.put("tracing", tracing);
    return settings;
  }

  /**
   * What is wrong with the settings given at {@code path}, every problem at once.
   *
   * @param path the construct path of the group or of {@code configureHandler}'s scope
   */
  List<String> violations(String path) {
    List<String> violations = new ArrayList<>();
    if (roleGrantsPermissions && role == null) {
      violations.add(
          violation(path, "roleGrantsPermissions", true, "only with " + FIELD + ".role"));
    }
    if (role instanceof Role given) {
      Set<String> principals = assumingPrincipals(given);
      if (principals != null && !principals.contains(LAMBDA_PRINCIPAL)) {
        violations.add(
            VoiceConnectorGroupRules.violation(
                path,
                FIELD + ".role",
                shown(describe(given) + " (assumed by " + String.join(", ", principals) + ")"),
                "a role that " + LAMBDA_PRINCIPAL + " can assume"));
      }
    }
    if (vpc == null) {
      if (vpcSubnets != null) {
        violations.add(violation(path, "vpcSubnets", vpcSubnets, "only with " + FIELD + ".vpc"));
      }
      if (!securityGroups.isEmpty()) {
        violations.add(
            violation(path, "securityGroups", securityGroups, "only with " + FIELD + ".vpc"));
      }
    } else if (selectsPublicSubnets()) {
      violations.add(
          violation(
              path,
              vpcSubnets == null ? "vpc" : "vpcSubnets",
              vpcSubnets == null ? vpc : vpcSubnets,
              "private subnets with a route to the internet through NAT (a Lambda function in a"
                  + " public subnet has no public address, so it cannot reach Amazon Chime SDK"
                  + " Voice)"));
    }
    if (logGroup != null) {
      if (logRetention != null) {
        violations.add(
            violation(
                path,
                "logRetention",
                logRetention,
                "only without " + FIELD + ".logGroup (set the retention of the log group given)"));
      }
      if (logEncryptionKey != null) {
        violations.add(
            violation(
                path,
                "logEncryptionKey",
                logEncryptionKey,
                "only without " + FIELD + ".logGroup (set the key of the log group given)"));
      }
    }
    if (loggingFormat != LoggingFormat.JSON) {
      if (applicationLogLevel != null) {
        violations.add(
            violation(
                path,
                "applicationLogLevel",
                applicationLogLevel,
                "only with " + FIELD + ".loggingFormat JSON"));
      }
      if (systemLogLevel != null) {
        violations.add(
            violation(
                path,
                "systemLogLevel",
                systemLogLevel,
                "only with " + FIELD + ".loggingFormat JSON"));
      }
    }
    return violations;
  }

  /**
   * How the settings given at {@code path} differ from these, set at {@code origin}: one message
   * per setting, naming both paths.
   */
  List<String> conflicts(String origin, HandlerSettings given, String path) {
    List<String> conflicts = new ArrayList<>();
    Map<String, Object> fixed = byName();
    given
        .byName()
        .forEach(
            (name, value) -> {
              Object existing = fixed.get(name);
              if (!Objects.equals(value, existing)) {
                conflicts.add(
                    VoiceConnectorGroupRules.violation(
                        path,
                        FIELD + "." + name,
                        shown(describe(value)),
                        describe(existing)
                            + ", as the stack's one handler was set up at "
                            + origin
                            + " (a stack has one handler: give its settings once, with"
                            + " VoiceConnectorGroup.configureHandler before the stack's first"
                            + " group or with its first group)"));
              }
            });
    return conflicts;
  }

  boolean activeTracing() {
    return tracing == Tracing.ACTIVE;
  }

  private boolean selectsPublicSubnets() {
    List<String> publicSubnets = subnetIds(vpc.getPublicSubnets());
    List<String> selected =
        vpc.selectSubnets(vpcSubnets == null ? SubnetSelection.builder().build() : vpcSubnets)
            .getSubnetIds();
    return selected.stream().anyMatch(publicSubnets::contains);
  }

  private static List<String> subnetIds(List<ISubnet> subnets) {
    return subnets.stream().map(ISubnet::getSubnetId).toList();
  }

  /**
   * The principals that may assume the role, as its trust policy names them, or {@code null} when
   * that is not known at synth time.
   */
  @SuppressWarnings("unchecked")
  private static Set<String> assumingPrincipals(Role role) {
    Object document = Stack.of(role).resolve(role.getAssumeRolePolicy());
    if (!(document instanceof Map<?, ?> map)
        || !(map.get("Statement") instanceof List<?> statements)) {
      return null;
    }
    Set<String> principals = new LinkedHashSet<>();
    for (Object statement : statements) {
      if (!(statement instanceof Map<?, ?> entry)
          || !(entry.get("Principal") instanceof Map<?, ?> principal)) {
        return null;
      }
      for (Object value : principal.values()) {
        Collection<Object> names =
            value instanceof Collection<?> list ? (Collection<Object>) list : List.of(value);
        for (Object name : names) {
          if (!(name instanceof String text) || Token.isUnresolved(text)) {
            return null;
          }
          principals.add(text);
        }
      }
    }
    return principals;
  }

  private static String violation(String path, String name, Object value, String allowed) {
    return VoiceConnectorGroupRules.violation(
        path, FIELD + "." + name, shown(describe(value)), allowed);
  }

  /** A value shown as it is, not quoted as the contract quotes strings. */
  private static Object shown(String text) {
    return new Object() {
      @Override
      public String toString() {
        return text;
      }
    };
  }

  /** Constructs by path, subnet selections by what they select, enums by name. */
  static String describe(Object value) {
    if (value == null) {
      return "default";
    }
    if (value instanceof IConstruct construct) {
      return construct.getNode().getPath();
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    if (value instanceof List<?> list) {
      return list.isEmpty()
          ? "default"
          : "[" + String.join(", ", list.stream().map(HandlerSettings::describe).toList()) + "]";
    }
    if (value instanceof SubnetSelection selection) {
      List<String> parts = new ArrayList<>();
      if (selection.getSubnetType() != null) {
        parts.add("subnetType " + selection.getSubnetType().name());
      }
      if (selection.getSubnetGroupName() != null) {
        parts.add("subnetGroupName " + selection.getSubnetGroupName());
      }
      if (selection.getAvailabilityZones() != null) {
        parts.add("availabilityZones " + selection.getAvailabilityZones());
      }
      if (selection.getSubnets() != null) {
        parts.add("subnets " + subnetIds(selection.getSubnets()));
      }
      if (selection.getOnePerAz() != null) {
        parts.add("onePerAz " + selection.getOnePerAz());
      }
      if (selection.getSubnetFilters() != null) {
        parts.add(selection.getSubnetFilters().size() + " subnet filters");
      }
      return "{" + String.join(", ", parts) + "}";
    }
    return String.valueOf(value);
  }
}
