package io.github.voiceconnectorgroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Settings of the one handler function a stack's voice connector groups share: its role, VPC
 * placement, log group, log format and tracing. Every setting is optional; without them the
 * construct makes its own role and log group and runs the function outside any VPC.
 *
 * <p>A stack has one handler, so it has one set of settings: give them once, with {@link
 * VoiceConnectorGroup#configureHandler} before the stack's first group or as {@link
 * VoiceConnectorGroupProps#getHandlerSettings()} of its first group. Giving equal settings again is
 * fine; different ones fail the synth with an error that names both construct paths and each
 * setting that differs. Settings are equal when each is equal: the same role, VPC, security group,
 * log group and key objects, equal subnet selections and the same enum values.
 *
 * <p>Memory (1769 MB) and timeout (3 minutes) are not settings: they are tuned to the handler's own
 * waits (a new group may stay invisible for 60 s, throttled calls are retried, a group is emptied
 * before it is deleted, and every answer reaches CloudFormation before the timeout), and the
 * function's 6-minute event age plus its timeout must stay below the custom resource's shortest
 * service timeout of 10 minutes.
 */
public interface VoiceConnectorGroupHandlerSettings {

  /**
   * An existing role for the function, for accounts whose application stacks may not create roles.
   * It must be assumable by {@code lambda.amazonaws.com}; for a {@code Role} of this app that is
   * checked at synth time.
   *
   * <p>The construct attaches to it the statements the handler needs (a policy in this stack),
   * unless {@link #getRoleGrantsPermissions()} says the role already grants them.
   *
   * @return the role, or {@code null} for the default
   * @default a role made for the function, with only the handler's statements
   */
  default IRole getRole() {
    return null;
  }

  /**
   * Whether {@link #getRole()} already grants what the handler needs, so that the construct
   * attaches nothing to it (no policy is added to the stack, not even by Lambda's own X-Ray or VPC
   * wiring). The role then needs: {@code logs:CreateLogStream} and {@code logs:PutLogEvents} on the
   * log group; {@code chime:CreateVoiceConnectorGroup} on {@code
   * arn:<partition>:chime:*:<account>:vc/*}; {@code chime:UpdateVoiceConnectorGroup}, {@code
   * chime:GetVoiceConnectorGroup}, {@code chime:DeleteVoiceConnectorGroup}, {@code
   * chime:ListVoiceConnectorGroups}, {@code chime:ListPhoneNumbers}, {@code
   * chime:AssociatePhoneNumbersWithVoiceConnectorGroup} and {@code
   * chime:DisassociatePhoneNumbersFromVoiceConnectorGroup} on {@code *}; in a VPC also {@code
   * ec2:CreateNetworkInterface}, {@code ec2:DescribeNetworkInterfaces}, {@code
   * ec2:DescribeSubnets}, {@code ec2:DeleteNetworkInterface}, {@code ec2:AssignPrivateIpAddresses}
   * and {@code ec2:UnassignPrivateIpAddresses} on {@code *}; with active tracing also {@code
   * xray:PutTraceSegments} and {@code xray:PutTelemetryRecords} on {@code *}.
   *
   * @return whether the role grants them, or {@code null} for the default; only with a role
   * @default {@code false}: the statements are attached to the role
   */
  default Boolean getRoleGrantsPermissions() {
    return null;
  }

  /**
   * The VPC to run the function in. Amazon Chime SDK Voice has only a public endpoint ({@code
   * voice-chime.<region>.amazonaws.com}, no VPC endpoint), and the handler answers CloudFormation
   * at a public S3 URL: the subnets need a route to the internet, through a NAT gateway. Without
   * one, the handler's calls time out and it answers FAILED shortly before its 3-minute timeout (if
   * even that answer cannot leave the VPC, CloudFormation waits for the service timeout).
   *
   * @return the VPC, or {@code null} for the default
   * @default none: the function runs outside any VPC
   */
  default IVpc getVpc() {
    return null;
  }

  /**
   * The subnets of {@link #getVpc()} to place the function in; only with a VPC, and never public
   * subnets (a Lambda function gets no public address there).
   *
   * @return the selection, or {@code null} for the default
   * @default the VPC's private subnets with egress, as Lambda chooses
   */
  default SubnetSelection getVpcSubnets() {
    return null;
  }

  /**
   * The security groups of the function's network interfaces; only with a VPC. They must allow
   * outbound HTTPS (443) to the internet.
   *
   * @return the security groups, or {@code null} for the default
   * @default a security group made for the function, allowing all outbound traffic
   */
  default List<ISecurityGroup> getSecurityGroups() {
    return null;
  }

  /**
   * An existing log group for the function's logs; not together with {@link #getLogRetention()} or
   * {@link #getLogEncryptionKey()}, which are the log group's own.
   *
   * @return the log group, or {@code null} for the default
   * @default a log group made for the function, deleted with the stack
   */
  default ILogGroup getLogGroup() {
    return null;
  }

  /**
   * How long the log group the construct makes keeps the logs; not with {@link #getLogGroup()}.
   *
   * @return the retention, or {@code null} for the default
   * @default {@link RetentionDays#ONE_MONTH}
   */
  default RetentionDays getLogRetention() {
    return null;
  }

  /**
   * The KMS key that encrypts the log group the construct makes; not with {@link #getLogGroup()}.
   * CloudWatch Logs must be allowed to use it: for a {@code Key} of this app the construct adds
   * that statement to the key policy ({@code logs.<region>.amazonaws.com}, for log groups of this
   * account and Region); the policy of an imported key must already have it, or the log group
   * cannot be created.
   *
   * @return the key, or {@code null} for the default
   * @default none: CloudWatch Logs' own encryption
   */
  default IKey getLogEncryptionKey() {
    return null;
  }

  /**
   * The format of the function's logs. With {@link LoggingFormat#JSON}, Lambda writes its own lines
   * (START, END, REPORT) as JSON and the handler's lines are JSON objects too, each carrying the
   * request type, the resource's logical id, the group id and the outcome, for log pipelines that
   * parse them.
   *
   * @return the format, or {@code null} for the default
   * @default {@link LoggingFormat#TEXT}, as Lambda's default
   */
  default LoggingFormat getLoggingFormat() {
    return null;
  }

  /**
   * The lowest level of the handler's own log lines that Lambda keeps; only with {@link
   * LoggingFormat#JSON}.
   *
   * @return the level, or {@code null} for the default
   * @default Lambda's default, {@code INFO}
   */
  default ApplicationLogLevel getApplicationLogLevel() {
    return null;
  }

  /**
   * The lowest level of Lambda's own log lines that it keeps; only with {@link LoggingFormat#JSON}.
   *
   * @return the level, or {@code null} for the default
   * @default Lambda's default, {@code INFO}
   */
  default SystemLogLevel getSystemLogLevel() {
    return null;
  }

  /**
   * X-Ray tracing of the function: {@link Tracing#ACTIVE} traces every invocation (and grants the
   * function's role {@code xray:PutTraceSegments} and {@code xray:PutTelemetryRecords}), {@link
   * Tracing#DISABLED} none.
   *
   * @return the tracing mode, or {@code null} for the default
   * @default not set: Lambda's {@code PassThrough}
   */
  default Tracing getTracing() {
    return null;
  }

  /**
   * A builder of {@link VoiceConnectorGroupHandlerSettings}.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds immutable {@link VoiceConnectorGroupHandlerSettings}. */
  final class Builder {
    private IRole role;
    private Boolean roleGrantsPermissions;
    private IVpc vpc;
    private SubnetSelection vpcSubnets;
    private List<ISecurityGroup> securityGroups;
    private ILogGroup logGroup;
    private RetentionDays logRetention;
    private IKey logEncryptionKey;
    private LoggingFormat loggingFormat;
    private ApplicationLogLevel applicationLogLevel;
    private SystemLogLevel systemLogLevel;
    private Tracing tracing;

    private Builder() {}

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getRole()}.
     *
     * @param role a role {@code lambda.amazonaws.com} can assume
     * @return this builder
     */
    public Builder role(IRole role) {
      this.role = role;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getRoleGrantsPermissions()}.
     *
     * @param roleGrantsPermissions whether the role already grants the handler's statements
     * @return this builder
     */
    public Builder roleGrantsPermissions(Boolean roleGrantsPermissions) {
      this.roleGrantsPermissions = roleGrantsPermissions;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getVpc()}.
     *
     * @param vpc a VPC whose subnets route to the internet through NAT
     * @return this builder
     */
    public Builder vpc(IVpc vpc) {
      this.vpc = vpc;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getVpcSubnets()}.
     *
     * @param vpcSubnets non-public subnets of the VPC
     * @return this builder
     */
    public Builder vpcSubnets(SubnetSelection vpcSubnets) {
      this.vpcSubnets = vpcSubnets;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getSecurityGroups()}.
     *
     * @param securityGroups security groups that allow outbound HTTPS
     * @return this builder
     */
    public Builder securityGroups(List<? extends ISecurityGroup> securityGroups) {
      this.securityGroups =
          securityGroups == null
              ? null
              : Collections.unmodifiableList(new ArrayList<>(securityGroups));
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getLogGroup()}.
     *
     * @param logGroup an existing log group
     * @return this builder
     */
    public Builder logGroup(ILogGroup logGroup) {
      this.logGroup = logGroup;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getLogRetention()}.
     *
     * @param logRetention the retention of the log group the construct makes
     * @return this builder
     */
    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getLogEncryptionKey()}.
     *
     * @param logEncryptionKey the key of the log group the construct makes
     * @return this builder
     */
    public Builder logEncryptionKey(IKey logEncryptionKey) {
      this.logEncryptionKey = logEncryptionKey;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getLoggingFormat()}.
     *
     * @param loggingFormat {@link LoggingFormat#JSON} or {@link LoggingFormat#TEXT}
     * @return this builder
     */
    public Builder loggingFormat(LoggingFormat loggingFormat) {
      this.loggingFormat = loggingFormat;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getApplicationLogLevel()}.
     *
     * @param applicationLogLevel the handler's lowest kept level; needs JSON logs
     * @return this builder
     */
    public Builder applicationLogLevel(ApplicationLogLevel applicationLogLevel) {
      this.applicationLogLevel = applicationLogLevel;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getSystemLogLevel()}.
     *
     * @param systemLogLevel Lambda's lowest kept level; needs JSON logs
     * @return this builder
     */
    public Builder systemLogLevel(SystemLogLevel systemLogLevel) {
      this.systemLogLevel = systemLogLevel;
      return this;
    }

    /**
     * Sets {@link VoiceConnectorGroupHandlerSettings#getTracing()}.
     *
     * @param tracing {@link Tracing#ACTIVE} to trace every invocation
     * @return this builder
     */
    public Builder tracing(Tracing tracing) {
      this.tracing = tracing;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public VoiceConnectorGroupHandlerSettings build() {
      return new Values(
          role,
          roleGrantsPermissions,
          vpc,
          vpcSubnets,
          securityGroups,
          logGroup,
          logRetention,
          logEncryptionKey,
          loggingFormat,
          applicationLogLevel,
          systemLogLevel,
          tracing);
    }

    private record Values(
        IRole role,
        Boolean roleGrantsPermissions,
        IVpc vpc,
        SubnetSelection vpcSubnets,
        List<ISecurityGroup> securityGroups,
        ILogGroup logGroup,
        RetentionDays logRetention,
        IKey logEncryptionKey,
        LoggingFormat loggingFormat,
        ApplicationLogLevel applicationLogLevel,
        SystemLogLevel systemLogLevel,
        Tracing tracing)
        implements VoiceConnectorGroupHandlerSettings {

      @Override
      public IRole getRole() {
        return role;
      }

      @Override
      public Boolean getRoleGrantsPermissions() {
        return roleGrantsPermissions;
      }

      @Override
      public IVpc getVpc() {
        return vpc;
      }

      @Override
      public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
      }

      @Override
      public List<ISecurityGroup> getSecurityGroups() {
        return securityGroups;
      }

      @Override
      public ILogGroup getLogGroup() {
        return logGroup;
      }

      @Override
      public RetentionDays getLogRetention() {
        return logRetention;
      }

      @Override
      public IKey getLogEncryptionKey() {
        return logEncryptionKey;
      }

      @Override
      public LoggingFormat getLoggingFormat() {
        return loggingFormat;
      }

      @Override
      public ApplicationLogLevel getApplicationLogLevel() {
        return applicationLogLevel;
      }

      @Override
      public SystemLogLevel getSystemLogLevel() {
        return systemLogLevel;
      }

      @Override
      public Tracing getTracing() {
        return tracing;
      }
    }
  }
}
