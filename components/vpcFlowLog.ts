import * as pulumi from "@pulumi/pulumi";
import { checkArgs, initializing, noInputs, defineOutputs, failureOf } from "./component";
import { checkFlowLogArns, createFlowLog, FlowLogResources } from "./flowLogResources";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { ArgumentError } from "./lib/errors";
import { checkFlowLogs, FLOW_LOG_SHAPES, FlowLogPlan, FlowLogSettings } from "./lib/flowLogs";
import { plainValue } from "./lib/plain";
import { lookedUp, lookUpVpc, partitionOf } from "./lookups";
import { Tags, validateTags } from "./tags";

/** Where and what a VPC's flow log records: the settings of PrivateNetwork's `flowLogs`. */
export interface VpcFlowLogArgs extends FlowLogSettings {
  /** The VPC to record: one this package did not make (an existing VPC, awsx's, another stack's). */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const CLASS = "VpcFlowLog";

const SHAPES: ArgSpec<VpcFlowLogArgs> = {
  vpcId: "stringInput",
  trafficType: FLOW_LOG_SHAPES.trafficType,
  retentionInDays: FLOW_LOG_SHAPES.retentionInDays,
  kmsKeyId: FLOW_LOG_SHAPES.kmsKeyId,
  s3BucketArn: FLOW_LOG_SHAPES.s3BucketArn,
  tags: "tags",
};

type FlowLogTo = Exclude<FlowLogPlan, { destination: "none" }>;

/** Checks the arguments alone, before anything is registered. */
export function validateVpcFlowLogArgs(given: VpcFlowLogArgs): FlowLogTo {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  if (args.vpcId === undefined) {
    throw new ArgumentError("vpcId is required: pass the id of the VPC to record.");
  }
  validateTags(args.tags);
  const settings: FlowLogSettings = {
    trafficType: args.trafficType,
    retentionInDays: args.retentionInDays,
    kmsKeyId: args.kmsKeyId,
    s3BucketArn: args.s3BucketArn,
  };
  return checkFlowLogs(settings, "") as FlowLogTo;
}

/** A VpcFlowLog's arguments, resolved once before anything is registered. */
interface ResolvedVpcFlowLog {
  readonly plan: FlowLogTo;
  readonly vpcId: pulumi.Input<string>;
  readonly tags: Tags | undefined;
}

function resolveVpcFlowLogArgs(given: VpcFlowLogArgs): ResolvedVpcFlowLog {
  const plan = validateVpcFlowLogArgs(given);
  const args = withoutNulls(given);
  return { plan, vpcId: args.vpcId, tags: args.tags };
}

/**
 * A flow log for a VPC this package did not make, built as PrivateNetwork builds its own: REJECT
 * traffic to a new CloudWatch Logs group kept 90 days by default, with a role only the VPC's flow
 * logs may assume and write access to that group alone; or to an S3 bucket.
 */
export class VpcFlowLog extends pulumi.ComponentResource {
  declare public readonly flowLogId: pulumi.Output<string>;
  /** The log group's ARN; undefined when the records go to S3. */
  declare public readonly logGroupArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: VpcFlowLogArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const resolved = checkArgs(CLASS, name, resolveVpcFlowLogArgs, args);
    super(`lambda-networking:index:${CLASS}`, name, noInputs(), opts);
    const built = initializing(CLASS, name, this, () => this.build(name, resolved));
    defineOutputs(this as VpcFlowLog, built, {
      flowLogId: (s) => s.flowLog.id,
      logGroupArn: (s) => s.logGroup?.arn,
    });
  }

  private async build(name: string, r: ResolvedVpcFlowLog): Promise<FlowLogResources> {
    // The role's trust is limited to flow logs of the VPC's account and Region, which its ARN
    // names (looked up: an id alone does not say them).
    const fail = failureOf(CLASS, name, this);
    const arnOf = async (id: string) =>
      (await lookedUp(fail, "vpcId", id, () => lookUpVpc(id, this))).arn;
    const id = plainValue(r.vpcId);
    const arn = id !== undefined ? await arnOf(id) : pulumi.output(r.vpcId).apply(arnOf);
    const checks = {
      partition: await partitionOf(this, fail),
      fail,
      at: (field: string) => field,
    };
    const checked = checkFlowLogArns(r.plan, checks);
    return createFlowLog(this, name, { id: r.vpcId, arn }, checked, r.tags);
  }
}
