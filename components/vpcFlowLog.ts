import * as pulumi from "@pulumi/pulumi";
import { checkArgs, defineOutputs, failureOf, initializing } from "./component";
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

/**
 * A flow log for a VPC this package did not make, built as PrivateNetwork builds its own: REJECT
 * traffic to a new CloudWatch Logs group kept 90 days by default, with a role only the VPC's flow
 * logs may assume and write access to that group alone; or to an S3 bucket.
 */
export class VpcFlowLog extends pulumi.ComponentResource<FlowLogResources> {
  declare public readonly flowLogId: pulumi.Output<string>;
  /** The log group's ARN; undefined when the records go to S3. */
  declare public readonly logGroupArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: VpcFlowLogArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const plan = checkArgs(CLASS, name, validateVpcFlowLogArgs, args);
    const given = withoutNulls(args);
    checkedArgs.set(given, plan);
    super(`lambda-networking:index:${CLASS}`, name, given, opts);
    defineOutputs(this as VpcFlowLog, this.getData(), {
      flowLogId: (s) => s.flowLog.id,
      logGroupArn: (s) => s.logGroup?.arn,
    });
  }

  protected async initialize(
    args: VpcFlowLogArgs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<FlowLogResources> {
    return initializing(CLASS, name as string, this, async () => {
      const plan = checkedArgs.get(args) as FlowLogTo;
      // The role's trust is limited to flow logs of the VPC's account and Region, which its ARN
      // names (looked up: an id alone does not say them).
      const fail = failureOf(CLASS, name as string, this);
      const arnOf = async (id: string) =>
        (await lookedUp(fail, "vpcId", id, () => lookUpVpc(id, this))).arn;
      const id = plainValue(args.vpcId);
      const arn = id !== undefined ? await arnOf(id) : pulumi.output(args.vpcId).apply(arnOf);
      const checks = {
        partition: await partitionOf(this, fail),
        fail,
        at: (field: string) => field,
      };
      const checked = checkFlowLogArns(plan, checks);
      return createFlowLog(this, name as string, { id: args.vpcId, arn }, checked, args.tags);
    });
  }
}

/** The plan each constructor checked, for its `initialize`. */
const checkedArgs = new WeakMap<object, FlowLogTo>();
