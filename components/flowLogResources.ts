import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { flowLogDeliveryPolicy, FlowLogPlan, flowLogTrustPolicy } from "./lib/flowLogs";
import { stackScope } from "./component";
import { NAME_RULES, TAG_RULES } from "./lib/limits";
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
      { ...common, logDestinationType: "s3", logDestination: plan.s3BucketArn },
      opts,
    );
    return { flowLog, logGroup: undefined };
  }
  // Auto-named after `name` where that fits the service's names, else a fixed name that does.
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
