/**
 * The waits the components add on AWS: each child waits only for what AWS needs before it can be
 * created (and, on destroy, what must outlive it), so `pulumi up` and `pulumi destroy` take the
 * critical path of the resources themselves (scripts/deployTime.ts models both).
 */
import * as assert from "assert";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";
import { PrivateNetwork, VpcFunction } from "../../components";
import { addedWaits, estimateDeployTime } from "../../scripts/deployTime";
import { runStack } from "../sampleRuns";
import { registrations, resource, settle, TYPES, useWorld, valueOf } from "../mocks";

const code = new pulumi.asset.AssetArchive({
  "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;"),
});

/** A network with NAT and endpoints, and `count` functions whose environment names a queue. */
function typicalNetwork(count: number) {
  const queue = new sqs.Queue("jobs");
  const network = new PrivateNetwork("net", {
    availabilityZoneCount: 2,
    natGateways: "single",
    endpoints: [{ service: "s3" }, { service: "sqs" }],
  });
  const functions = [...Array(count).keys()].map(
    (i) =>
      new VpcFunction(`fn${i}`, {
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        functionArgs: {
          runtime: "nodejs22.x",
          handler: "index.handler",
          code,
          environment: { variables: { QUEUE: queue.url } },
        },
      }),
  );
  return { queue, network, functions };
}

const dependencies = (type: string, name: string) =>
  [...new Set(resource(type, name).dependencies)].sort();

describe("dependency edges", () => {
  it("a function's children wait for what AWS needs, not for the function's other arguments", async () => {
    useWorld();
    typicalNetwork(1);
    await settle();
    // Nothing to wait for: the role and log group need no other resource.
    assert.deepStrictEqual(dependencies(TYPES.role, "fn0-role"), []);
    assert.deepStrictEqual(dependencies(TYPES.logGroup, "fn0-logs"), []);
    // The policy names the VPC and the log group.
    assert.deepStrictEqual(dependencies(TYPES.rolePolicy, "fn0-vpc-access"), [
      "fn0-logs",
      "fn0-role",
      "net-vpc",
    ]);
    // The group: its VPC, and the ENI permission it must be deleted before (Lambda releases
    // the ENIs that hold the group with that permission); not the gateway endpoints, whose
    // prefix lists exist before them.
    assert.deepStrictEqual(dependencies(TYPES.securityGroup, "fn0-sg"), [
      "fn0-vpc-access",
      "net-vpc",
    ]);
    // The function alone waits for the queue its environment names.
    assert.deepStrictEqual(dependencies(TYPES.function, "fn0"), [
      "fn0-logs",
      "fn0-role",
      "fn0-sg",
      "fn0-vpc-access",
      "jobs",
      "net-private-us-east-1a",
      "net-private-us-east-1b",
      "net-vpc",
    ]);
  });

  it("a network's Elastic IP waits for nothing; its NAT gateway for the internet gateway", async () => {
    useWorld();
    typicalNetwork(0);
    await settle();
    assert.deepStrictEqual(dependencies(TYPES.eip, "net-nat-us-east-1a"), []);
    assert.deepStrictEqual(dependencies(TYPES.natGateway, "net-nat-us-east-1a"), [
      "net-igw",
      "net-nat-us-east-1a",
      "net-public-us-east-1a",
    ]);
  });

  it("roleArn is the created role's: reading it never holds up the function's deletion", async () => {
    useWorld();
    const { functions } = typicalNetwork(1);
    new iam.RolePolicyAttachment("reads-queue", {
      role: functions[0].roleName,
      policyArn: "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess",
    });
    const arn = await valueOf(functions[0].roleArn);
    new lambda.Permission("by-role", {
      action: "lambda:InvokeFunction",
      function: "other",
      principal: functions[0].roleArn,
    });
    await settle();
    assert.strictEqual(arn, resource(TYPES.role, "fn0-role").outputs?.arn);
    assert.deepStrictEqual(dependencies("aws:lambda/permission:Permission", "by-role"), [
      "fn0-role",
    ]);
  });
});

describe("modelled deploy and destroy time (scripts/deployTime.ts)", () => {
  /** Within 1% of the floor: only the waits AWS requires. */
  const withinOnePercent = (label: string, resources: Parameters<typeof estimateDeployTime>[0]) => {
    const t = estimateDeployTime(resources);
    const added = addedWaits(resources)
      .map((w) => `${w.phase}: ${w.waiter} after ${w.waitsFor}`)
      .join(", ");
    assert.ok(t.deploySeconds <= t.floorDeploySeconds * 1.01, `${label} deploy: ${added}`);
    assert.ok(t.destroySeconds <= t.floorDestroySeconds * 1.01, `${label} destroy: ${added}`);
    // A model that saw nothing slow would pass trivially: NAT, endpoints and functions are there.
    assert.ok(t.floorDeploySeconds >= 90, `${label}: ${t.floorDeploySeconds}`);
    assert.ok(t.floorDestroySeconds >= 1200, `${label}: ${t.floorDestroySeconds}`);
    return t;
  };

  it("a typical network with five functions is within 1% of its floor", async () => {
    useWorld();
    typicalNetwork(5);
    await settle();
    const t = withinOnePercent("network", registrations());
    // The NAT gateway is the slowest way through (VPC, public subnet, NAT, private route).
    assert.deepStrictEqual(t.deployPath, [
      "net-vpc",
      "net-public-us-east-1a",
      "net-nat-us-east-1a",
      "net-private-us-east-1a",
    ]);
  });

  for (const stack of ["dev", "prod", "shared"]) {
    it(`the sample's ${stack} stack is within 1% of its floor`, async () => {
      const run = await runStack(stack);
      withinOnePercent(stack, run.registrations);
    });
  }
});
