/**
 * A VPC's flow log: what the `flowLogs` argument asks for, checked, and the IAM documents a
 * CloudWatch Logs destination needs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkNestedArgShapes, checkOneOf, withoutNulls } from "./args";
import { ArgumentError, listWords } from "./errors";
import { serviceTrustPolicy } from "./iamPolicy";
import { ARN_FORMS, checkArnOf } from "./arns";
import { plainValue } from "./plain";
import { checkLogGroupSettings, DEFAULT_LOG_RETENTION_DAYS, LOG_RETENTION_DAYS } from "./logGroups";

/** Which traffic a flow log records (@pulumi/aws ec2/flowLog.d.ts, `trafficType`'s valid values). */
export const FlowLogTrafficType = {
  All: "ALL",
  Accept: "ACCEPT",
  Reject: "REJECT",
} as const;
export type FlowLogTrafficType = (typeof FlowLogTrafficType)[keyof typeof FlowLogTrafficType];

/** Where and what a flow log records. */
export interface FlowLogSettings {
  /**
   * The traffic to record. REJECT is what Security Hub EC2.6 asks for, and the least ingested
   * (CloudWatch Logs bills flow logs per GB ingested).
   * @default "REJECT"
   */
  readonly trafficType?: FlowLogTrafficType;
  /**
   * Days CloudWatch Logs keeps the records: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
   * 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653; 0 keeps them forever.
   * @default 90
   */
  readonly retentionInDays?: number;
  /** The ARN of a KMS key to encrypt the log group with; its key policy must let CloudWatch Logs use it. */
  readonly kmsKeyId?: pulumi.Input<string>;
  /** The ARN of an S3 bucket to deliver to instead of CloudWatch Logs: no log group, no role. */
  readonly s3BucketArn?: pulumi.Input<string>;
}

export interface FlowLogsArgs extends FlowLogSettings {
  /**
   * false: no flow log.
   * @default true
   */
  readonly enabled?: boolean;
}

export const FLOW_LOG_SHAPES: ArgSpec<FlowLogsArgs> = {
  enabled: "boolean",
  trafficType: "string",
  retentionInDays: "number",
  kmsKeyId: "stringInput",
  s3BucketArn: "stringInput",
};

export { LOG_RETENTION_DAYS };

/** Flow logs keep their records as long as other logs the components make. */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = DEFAULT_LOG_RETENTION_DAYS;

/** A checked `flowLogs`: none, or where the records go and which. */
export type FlowLogPlan =
  | { readonly destination: "none" }
  | {
      readonly destination: "cloudWatchLogs";
      readonly trafficType: FlowLogTrafficType;
      readonly retentionInDays: number;
      readonly kmsKeyId?: pulumi.Input<string>;
    }
  | {
      readonly destination: "s3";
      readonly trafficType: FlowLogTrafficType;
      readonly s3BucketArn: pulumi.Input<string>;
    };

/**
 * Checks flow-log settings before anything is registered; on by default. `arg` is where they are
 * in the component's arguments: `flowLogs` (PrivateNetwork), or "" when they are the arguments
 * themselves (VpcFlowLog, whose caller checked their shapes).
 */
export function checkFlowLogs(given: FlowLogsArgs | undefined, arg = "flowLogs"): FlowLogPlan {
  const args = withoutNulls(given ?? {});
  const at = (field: string) => (arg === "" ? field : `${arg}.${field}`);
  if (arg !== "") {
    checkNestedArgShapes(arg, FLOW_LOG_SHAPES, args);
  }
  if (args.enabled === false) {
    const set = Object.keys(args).filter((k) => k !== "enabled");
    if (set.length > 0) {
      throw new ArgumentError(
        `${arg}: ${listWords(set)} ${set.length === 1 ? "has" : "have"} no effect with enabled: false; remove ${set.length === 1 ? "it" : "them"}, or the enabled: false.`,
      );
    }
    return { destination: "none" };
  }
  const trafficType =
    checkOneOf(at("trafficType"), args.trafficType, FlowLogTrafficType) ??
    FlowLogTrafficType.Reject;
  checkArnOf(ARN_FORMS.s3Bucket, at("s3BucketArn"), plainValue(args.s3BucketArn));
  if (args.s3BucketArn !== undefined) {
    const cloudWatchOnly = (["retentionInDays", "kmsKeyId"] as const).filter(
      (k) => args[k] !== undefined,
    );
    if (cloudWatchOnly.length > 0) {
      throw new ArgumentError(
        `${at(cloudWatchOnly[0])} applies to the CloudWatch Logs group, and s3BucketArn delivers to S3 instead: set the bucket's lifecycle and encryption on the bucket, or drop s3BucketArn.`,
      );
    }
    return { destination: "s3", trafficType, s3BucketArn: args.s3BucketArn };
  }
  return { destination: "cloudWatchLogs", trafficType, ...checkLogGroupSettings(at, args) };
}

/**
 * The role flow logs assume to write to CloudWatch Logs: trusted by vpc-flow-logs.amazonaws.com,
 * limited to flow logs of the VPC's own account (aws:SourceAccount) and Region (aws:SourceArn),
 * as AWS advises against the confused-deputy problem
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html). Both come from
 * the VPC's ARN, arn:<partition>:ec2:<region>:<account>:vpc/<id>.
 */
export function flowLogTrustPolicy(vpcArn: string): string {
  const [arn, partition, , region, account] = vpcArn.split(":");
  return serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
    StringEquals: { "aws:SourceAccount": account },
    ArnLike: { "aws:SourceArn": `${arn}:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
  });
}

/**
 * What the role may do: the actions AWS lists for publishing flow logs to CloudWatch Logs
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html), on the one log
 * group the component made and its streams; DescribeLogGroups on `*`, the only resource the
 * Service Authorization Reference lets it take (it has no resource type:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html),
 * so scoped to the group it was never granted.
 */
export function flowLogDeliveryPolicy(logGroupArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DeliverToTheGroup",
        Effect: "Allow",
        Action: [
          "logs:CreateLogGroup",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "logs:DescribeLogStreams",
        ],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
      {
        Sid: "ListLogGroups",
        Effect: "Allow",
        Action: "logs:DescribeLogGroups",
        Resource: "*",
      },
    ],
  });
}
