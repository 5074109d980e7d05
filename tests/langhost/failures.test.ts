/**
 * Failures as `pulumi up` meets them through Pulumi's language host: bad stack config, and look-ups
 * AWS refuses. Each must end the program within seconds, with one message per component that
 * names it and the argument. (Run this way, a refused look-up used to keep the host at full CPU
 * for about two minutes and over 2 GB before the error was shown, if it was shown at all.)
 */
import * as assert from "assert";
import * as path from "path";
import { ROOT } from "../sampleRuns";
import { runThroughHost } from "./hostRun";

const ACCESS_DENIED =
  "operation error EC2: DescribeVpcEndpointServices, https response error StatusCode: 403, RequestID: 5f1e2a3b, api error UnauthorizedOperation: You are not authorized to perform this operation.";
/** Well within the 20 s a user should wait for a failing look-up; a run takes about 4 s here. */
const WITHIN_MS = 20_000;
const FIXTURE = path.join(__dirname, "fixtures", "existing-subnets");

describe("failures through Pulumi's language host", function () {
  this.timeout(60_000);

  it("bad stack config: exits non-zero at once with the program's own message", async () => {
    const run = await runThroughHost({
      dir: ROOT,
      stack: "dev",
      preview: true,
      typeCheck: false,
      config: { "lambda-networking-sample:natGateways": "sometimes" },
    });
    assert.notStrictEqual(run.exitCode, 0);
    assert.ok(run.durationMs < WITHIN_MS, `${run.durationMs} ms`);
    assert.deepStrictEqual(run.errors, [
      'stack config "natGateways": "sometimes" is not one of none, single, perAz, regional, instances.',
    ]);
  });

  it("an endpoint-service look-up AWS denies: one message per component, within seconds", async () => {
    const run = await runThroughHost({
      dir: ROOT,
      stack: "dev",
      preview: false,
      typeCheck: false,
      failInvokes: { "aws:ec2/getVpcEndpointService:getVpcEndpointService": ACCESS_DENIED },
    });
    assert.notStrictEqual(run.exitCode, 0);
    assert.ok(run.durationMs < WITHIN_MS, `${run.durationMs} ms`);
    assert.deepStrictEqual([...run.errors].sort(), [
      `LambdaInterfaceEndpoint "invoke": the lambda endpoint service could not be looked up (${ACCESS_DENIED}); the deploying identity needs ec2:DescribeVpcEndpointServices.`,
      `PrivateNetwork "lambda": endpoints[0]: the s3 endpoint service could not be looked up (${ACCESS_DENIED}); the deploying identity needs ec2:DescribeVpcEndpointServices.`,
    ]);
    // Nothing of the network was registered: its checks come before its first child.
    assert.deepStrictEqual(
      run.registrations.filter((r) => r.parent === "lambda").map((r) => r.name),
      [],
    );
  });

  describe("a program on existing subnets (fixtures/existing-subnets)", () => {
    const world = {
      vpcs: [{ id: "vpc-app", cidrBlock: "10.1.0.0/16" }],
      subnets: [
        {
          id: "subnet-a",
          vpcId: "vpc-app",
          availabilityZone: "us-east-1a",
          cidrBlock: "10.1.0.0/20",
        },
        {
          id: "subnet-b",
          vpcId: "vpc-app",
          availabilityZone: "us-east-1b",
          cidrBlock: "10.1.16.0/20",
        },
      ],
      routeTables: [
        {
          id: "rtb-private",
          vpcId: "vpc-app",
          subnetIds: ["subnet-a", "subnet-b"],
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }],
        },
      ],
    };

    it("a subnet that does not exist: exits within seconds naming the component and argument", async () => {
      const run = await runThroughHost({
        dir: FIXTURE,
        stack: "test",
        preview: true,
        typeCheck: false,
        world,
        config: { "existing-subnets:subnetIds": JSON.stringify(["subnet-a", "subnet-gone"]) },
      });
      assert.notStrictEqual(run.exitCode, 0);
      assert.ok(run.durationMs < WITHIN_MS, `${run.durationMs} ms`);
      assert.deepStrictEqual(run.errors, [
        'VpcFunction "worker": subnetIds: subnet-gone was not found (no matching EC2 Subnet found (offline: subnet-gone is not in the world the offline check runs against; describe your account with "aws ec2 describe-subnets --subnet-ids subnet-gone" and pass the output with --world FILE)); it must exist in the provider\'s region and account: check the id, and the provider\'s region and credentials.',
      ]);
      // subnet-a was looked up and passed; nothing was registered below the component.
      assert.deepStrictEqual(
        run.registrations.filter((r) => r.parent === "worker"),
        [],
      );
    });
  });
});
