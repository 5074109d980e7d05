import * as assert from "assert";
import * as aws from "../../components/aws";
import { VpcFlowLog } from "../../components";
import {
  asyncError,
  invokes,
  registrations,
  resource,
  settle,
  TYPES,
  useWorld,
  valueOf,
} from "../mocks";
import { quoting } from "./messages";

/** An existing VPC in eu-west-1 (another Region than the default one, to see it in the ARNs). */
function existingVpc() {
  return useWorld({
    region: "eu-west-1",
    vpcs: [{ id: "vpc-0abc", cidrBlock: "10.9.0.0/16" }],
  });
}

describe("VpcFlowLog: a flow log for a VPC this package did not make", () => {
  it("records REJECT traffic to a log group kept 90 days, with a role only that VPC's account and Region may use", async () => {
    existingVpc();
    const log = new VpcFlowLog("audit", { vpcId: "vpc-0abc", tags: { team: "core" } });
    await settle();
    const group = resource(TYPES.logGroup, "audit");
    assert.deepStrictEqual(group.inputs, {
      retentionInDays: 90,
      tags: { team: "core", Name: "audit" },
    });
    const groupArn = `arn:aws:logs:eu-west-1:123456789012:log-group:${group.outputs?.name}`;
    const role = resource(TYPES.role, "audit");
    assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" },
    });
    const policy = resource(TYPES.rolePolicy, "audit");
    assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement[0].Resource, [
      groupArn,
      `${groupArn}:*`,
    ]);
    const flowLog = resource(TYPES.flowLog, "audit");
    assert.deepStrictEqual(flowLog.inputs, {
      vpcId: "vpc-0abc",
      trafficType: "REJECT",
      logDestinationType: "cloud-watch-logs",
      logDestination: groupArn,
      iamRoleArn: role.outputs?.arn,
      tags: { team: "core", Name: "audit" },
    });
    assert.ok(flowLog.dependencyUrns.includes(policy.urn as string));
    for (const r of [group, role, policy, flowLog]) {
      assert.strictEqual(r.parent, "audit", r.name);
    }
    assert.strictEqual(await valueOf(log.flowLogId), flowLog.id);
    assert.strictEqual(await valueOf(log.logGroupArn), groupArn);
    // The VPC's ARN (account and Region) was looked up once.
    assert.strictEqual(invokes("aws:ec2/getVpc:getVpc").length, 1);
  });

  it("serves a VPC made in the same program (an id known only at deployment)", async () => {
    useWorld();
    const vpc = new aws.ec2.Vpc("theirs", { cidrBlock: "10.1.0.0/16" });
    new VpcFlowLog("theirs-log", { vpcId: vpc.id, trafficType: "ALL" });
    await settle();
    const flowLog = resource(TYPES.flowLog, "theirs-log");
    assert.strictEqual(flowLog.inputs.vpcId, resource(TYPES.vpc, "theirs").id);
    assert.strictEqual(flowLog.inputs.trafficType, "ALL");
  });

  it("delivers to S3 with no log group and no role", async () => {
    existingVpc();
    const log = new VpcFlowLog("to-s3", {
      vpcId: "vpc-0abc",
      s3BucketArn: "arn:aws:s3:::audit-logs/vpc/",
    });
    await settle();
    assert.deepStrictEqual(
      registrations().map((r) => `${r.type} ${r.name}`),
      ["lambda-networking:index:VpcFlowLog to-s3", `${TYPES.flowLog} to-s3`],
    );
    assert.strictEqual(await valueOf(log.logGroupArn), undefined);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ["no vpcId", {}, "vpcId is required: pass the id of the VPC to record."],
    [
      "a traffic type in the wrong case",
      { vpcId: "vpc-0abc", trafficType: "reject" },
      'trafficType must be "ALL", "ACCEPT" or "REJECT" (got the string "reject").',
    ],
    [
      "a retention CloudWatch Logs does not offer",
      { vpcId: "vpc-0abc", retentionInDays: 100 },
      "retentionInDays must be one of the periods CloudWatch Logs offers: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, or 0 to keep the records forever (got the number 100).",
    ],
    [
      "enabled, which only PrivateNetwork's flowLogs has",
      { vpcId: "vpc-0abc", enabled: false },
      "enabled is not an argument here; the arguments are vpcId, trafficType, retentionInDays, kmsKeyId, s3BucketArn and tags.",
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} before registering anything`, () => {
      existingVpc();
      assert.throws(() => new VpcFlowLog("audit", args as never), {
        name: "ArgumentError",
        message: `VpcFlowLog "audit": ${message}`,
      });
      assert.deepStrictEqual(registrations(), []);
    });
  }

  it("names a VPC id that cannot be looked up, before any child", async () => {
    existingVpc();
    new VpcFlowLog("audit", { vpcId: "vpc-typo" });
    assert.match(
      (await asyncError()).message,
      quoting(
        'VpcFlowLog "audit": vpcId: vpc-typo was not found ',
        "no matching EC2 VPC found",
        "; it must exist in the provider's region and account: check the id, and the provider's region and credentials.",
      ),
    );
    assert.deepStrictEqual(
      registrations().map((r) => r.type),
      ["lambda-networking:index:VpcFlowLog"],
    );
  });
});
