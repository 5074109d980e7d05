import * as assert from "assert";
import {
  checkFlowLogs,
  flowLogDeliveryPolicy,
  flowLogTrustPolicy,
} from "../../components/lib/flowLogs";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("lib/flowLogs", () => {
  describe("checkFlowLogs", () => {
    it("defaults to REJECT traffic in CloudWatch Logs, kept 90 days", () => {
      assert.deepStrictEqual(checkFlowLogs(undefined), {
        destination: "cloudWatchLogs",
        trafficType: "REJECT",
        retentionInDays: 90,
      });
      assert.deepStrictEqual(checkFlowLogs({}), checkFlowLogs(undefined));
    });

    it("takes each option: traffic type, retention (0 keeps forever), a KMS key, an S3 bucket, off", () => {
      assert.deepStrictEqual(
        checkFlowLogs({ trafficType: "ALL", retentionInDays: 0, kmsKeyId: KEY }),
        {
          destination: "cloudWatchLogs",
          trafficType: "ALL",
          retentionInDays: 0,
          kmsKeyId: KEY,
        },
      );
      assert.deepStrictEqual(
        checkFlowLogs({ trafficType: "ACCEPT", s3BucketArn: "arn:aws:s3:::logs" }),
        { destination: "s3", trafficType: "ACCEPT", s3BucketArn: "arn:aws:s3:::logs" },
      );
      assert.deepStrictEqual(checkFlowLogs({ enabled: false }), { destination: "none" });
      // A folder in the bucket; an ARN known only at deployment is not judged now.
      assert.strictEqual(
        checkFlowLogs({ s3BucketArn: "arn:aws-cn:s3:::logs/vpc/" }).destination,
        "s3",
      );
      assert.strictEqual(
        checkFlowLogs({ kmsKeyId: Promise.resolve("alias/logs") }).destination,
        "cloudWatchLogs",
      );
      assert.deepStrictEqual(checkFlowLogs({ enabled: true, retentionInDays: 3653 }), {
        destination: "cloudWatchLogs",
        trafficType: "REJECT",
        retentionInDays: 3653,
      });
    });

    const bad: [string, unknown, string][] = [
      [
        "a traffic type AWS does not know",
        { trafficType: "DENY" },
        'ArgumentError: flowLogs.trafficType must be "ALL", "ACCEPT" or "REJECT" (got the string "DENY").',
      ],
      [
        "a retention CloudWatch Logs does not offer",
        { retentionInDays: 45 },
        "ArgumentError: flowLogs.retentionInDays must be one of the periods CloudWatch Logs offers: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, or 0 to keep the records forever (got the number 45).",
      ],
      [
        "a log-group setting with an S3 destination",
        { s3BucketArn: "arn:aws:s3:::logs", kmsKeyId: KEY },
        "ArgumentError: flowLogs.kmsKeyId applies to the CloudWatch Logs group, and s3BucketArn delivers to S3 instead: set the bucket's lifecycle and encryption on the bucket, or drop s3BucketArn.",
      ],
      [
        "a KMS key alias where the log group needs the key's ARN",
        { kmsKeyId: "alias/logs" },
        `ArgumentError: flowLogs.kmsKeyId must be a KMS key's ARN, like arn:aws:kms:us-east-1:123456789012:key/<key id> (got the string "alias/logs"): give the key's ARN, not an alias or a key id.`,
      ],
      [
        "a bucket name where its ARN belongs",
        { s3BucketArn: "my-flow-logs" },
        `ArgumentError: flowLogs.s3BucketArn must be an S3 bucket's ARN, like arn:aws:s3:::my-bucket or arn:aws:s3:::my-bucket/folder/ (got the string "my-flow-logs"): give the bucket's ARN (bucket.arn), not its name.`,
      ],
      [
        "settings beside enabled: false",
        { enabled: false, trafficType: "ALL" },
        "ArgumentError: flowLogs: trafficType has no effect with enabled: false; remove it, or the enabled: false.",
      ],
      [
        "a key that does not exist",
        { retention: 30 },
        "ArgumentError: flowLogs.retention is not an argument here; the arguments are enabled, trafficType, retentionInDays, kmsKeyId and s3BucketArn.",
      ],
      [
        "the string 90 for a number",
        { retentionInDays: "90" },
        'ArgumentError: flowLogs.retentionInDays must be a number (got the string "90"); write 90 without quotes.',
      ],
    ];
    for (const [what, args, message] of bad) {
      it(`refuses ${what}, naming the argument`, () => {
        assert.throws(
          () => checkFlowLogs(args as never),
          (e: Error) => `${e.name}: ${e.message}` === message || assert.fail(e.message),
        );
      });
    }
  });

  it("lets only flow logs of the VPC's own account and Region assume the role", () => {
    assert.deepStrictEqual(
      JSON.parse(flowLogTrustPolicy("arn:aws-cn:ec2:cn-north-1:123456789012:vpc/vpc-0abc")),
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": "123456789012" },
              ArnLike: {
                "aws:SourceArn": "arn:aws-cn:ec2:cn-north-1:123456789012:vpc-flow-log/*",
              },
            },
          },
        ],
      },
    );
  });

  it("lets the role write only to its log group and the group's streams, and list groups (which takes only *)", () => {
    const group = "arn:aws:logs:us-east-1:123456789012:log-group:net-flow-logs-1a2b3c4";
    assert.deepStrictEqual(JSON.parse(flowLogDeliveryPolicy(group)), {
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
          Resource: [group, `${group}:*`],
        },
        { Sid: "ListLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      ],
    });
  });
});
