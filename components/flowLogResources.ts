import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { flowLogDeliveryPolicy, FlowLogPlan, flowLogTrustPolicy } from "./lib/flowLogs";
import { checkedArn, stackScope } from "./component";
import { ARN_FORMS, ArnForm } from "./lib/arns";
import { NAME_RULES, TAG_RULES } from "../policy/rules/limits";
import { fittedName } from "./lib/naming";
import { childTags, Tags } from "./tags";

/** What a flow log is made of; the log group for a CloudWatch Logs destination only. */
export interface FlowLogResources {
  readonly flowLog: aws.ec2.FlowLog;
  readonly logGroup: aws.cloudwatch.LogGroup | undefined;
}

/**
 * A VPC's flow log, for PrivateNetwork and VpcFlowLog alike; every resource is named `name`. To
 * CloudWatch Logs: a log group with the retention asked, a role only VPC flow logs of the VPC's
 * account and Region may assume, its delivery policy on that group, then the flow log (after the
 * policy, so delivery never starts without it). To S3: the flow log alone.
 */
/** How the ARNs a flow log takes are checked: the provider's partition, and where they were given. */
export interface FlowLogChecks {
  readonly partition: string;
  readonly fail: (message: string) => Error;
  /** The argument a field was given as: `flowLogs.kmsKeyId`, or `kmsKeyId`. */
  readonly at: (field: string) => string;
}

/**
 * The plan with its KMS key and bucket checked against the provider's partition: at once when
 * plain (so a bad one fails before anything is registered), else once known, and the resources
 * that take them wait for the check.
 */
export function checkFlowLogArns<P extends FlowLogPlan>(plan: P, checks: FlowLogChecks): P {
  const arn = (form: ArnForm, field: string, input: pulumi.Input<string>) =>
    checkedArn(form, checks.at(field), input, checks.partition, checks.fail);
  if (plan.destination === "s3") {
    return { ...plan, s3BucketArn: arn(ARN_FORMS.s3Bucket, "s3BucketArn", plan.s3BucketArn) };
  }
  if (plan.destination === "cloudWatchLogs" && plan.kmsKeyId !== undefined) {
    return { ...plan, kmsKeyId: arn(ARN_FORMS.kmsKey, "kmsKeyId", plan.kmsKeyId) };
  }
  return plan;
}

export function createFlowLog(
  parent: pulumi.Resource,
  name: string,
  vpc: { readonly id: pulumi.Input<string>; readonly arn: pulumi.Input<string> },
  plan: Exclude<FlowLogPlan, { destination: "none" }>,
  userTags: Tags | undefined,
): FlowLogResources {
  const opts = { parent };
  const common = { vpcId: vpc.id, trafficType: plan.trafficType, tags: childTags(userTags, name) };
  if (plan.destination === "s3") {
    const flowLog = new aws.ec2.FlowLog(
      name,
      {
        ...common,
        logDestinationType: "s3",
        logDestination: plan.s3BucketArn,
      },
      opts,
    );
    return { flowLog, logGroup: undefined };
  }
  const { logGroup, role, delivery } = cloudWatchDelivery(parent, name, vpc, plan, userTags);
  const flowLog = new aws.ec2.FlowLog(
    name,
    {
      ...common,
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
    },
    { ...opts, dependsOn: [delivery] },
  );
  return { flowLog, logGroup };
}

/**
 * What a CloudWatch Logs destination needs: the group, the role flow logs assume, and its policy.
 * Each is auto-named after `name` where that fits the service's names, else a fixed name that does.
 */
function cloudWatchDelivery(
  parent: pulumi.Resource,
  name: string,
  vpc: { readonly arn: pulumi.Input<string> },
  plan: Extract<FlowLogPlan, { destination: "cloudWatchLogs" }>,
  userTags: Tags | undefined,
) {
  const opts = { parent };
  const scope = stackScope();
  const logGroup = new aws.cloudwatch.LogGroup(
    name,
    {
      name: fittedName(NAME_RULES.logGroup, name, scope),
      retentionInDays: plan.retentionInDays,
      kmsKeyId: plan.kmsKeyId,
      tags: childTags(userTags, name, TAG_RULES.logs),
    },
    opts,
  );
  const roleName = fittedName(NAME_RULES.iamRole, name, scope);
  const role = new aws.iam.Role(
    name,
    {
      name: roleName,
      assumeRolePolicy: pulumi.output(vpc.arn).apply(flowLogTrustPolicy),
      tags: childTags(userTags, name, TAG_RULES.iam),
    },
    { ...opts, deleteBeforeReplace: roleName !== undefined || undefined },
  );
  const delivery = new aws.iam.RolePolicy(
    name,
    {
      name: fittedName(NAME_RULES.iamRolePolicy, name, scope),
      role: role.id,
      policy: logGroup.arn.apply(flowLogDeliveryPolicy),
    },
    opts,
  );
  return { logGroup, role, delivery };
}
