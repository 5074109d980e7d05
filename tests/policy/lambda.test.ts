/**
 * The policy pack's tests. Lambda functions: in a VPC, across zones, not in public subnets, within
 * the Hyperplane ENI budget.
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { isMandatory } from "../../policy/runner";
import { registrations } from "../mocks";
import { findingsOf, only, vpc, subnet, routeTable, fn } from "./helpers";

describe("policy pack", () => {
  describe("lambda-in-vpc", () => {
    const outside = () =>
      new aws.lambda.Function("outside", {
        role: "arn:aws:iam::123456789012:role/r",
        runtime: "nodejs22.x",
        handler: "i.h",
      });

    it("flags a function without vpcConfig, as advisory", async () => {
      assert.deepStrictEqual(only(await findingsOf(outside), "lambda-in-vpc"), [
        {
          policy: "lambda-in-vpc",
          enforcementLevel: "advisory",
          resource: "outside",
          message:
            "Lambda function outside runs outside a VPC, so it cannot reach private resources and its network access is not under your control: give it a vpcConfig with private subnets in two or more zones (with lambda-networking: VpcFunction), or add it to this policy's exemptFunctionNames if it stays in the Lambda service VPC on purpose, invoked through a Lambda interface endpoint.",
        },
      ]);
    });

    it("leaves exempt functions and VPC functions alone", async () => {
      const config = { "lambda-in-vpc": { exemptFunctionNames: ["outside"] } };
      assert.deepStrictEqual(only(await findingsOf(outside, config), "lambda-in-vpc"), []);
      const inVpc = () => {
        const v = vpc();
        fn("inside", [
          subnet(v, "a", "us-east-1a", "10.0.0.0/24"),
          subnet(v, "b", "us-east-1b", "10.0.1.0/24"),
        ]);
      };
      assert.deepStrictEqual(only(await findingsOf(inVpc), "lambda-in-vpc"), []);
    });
  });

  describe("lambda-multi-az and lambda-not-in-public-subnet", () => {
    it("flags a function whose subnets are all in one zone", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        fn("one-zone", [
          subnet(v, "a1", "us-east-1a", "10.0.0.0/24"),
          subnet(v, "a2", "us-east-1a", "10.0.1.0/24"),
        ]);
      });
      assert.deepStrictEqual(only(findings, "lambda-multi-az"), [
        {
          policy: "lambda-multi-az",
          enforcementLevel: "mandatory",
          resource: "one-zone",
          message:
            "Lambda function one-zone runs in 1 Availability Zone (us-east-1a), fewer than 2: a zone outage stops it. Add subnets in other zones.",
        },
      ]);
    });

    it("flags a function in a subnet routed to an internet gateway or mapping public IPs", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        const igw = new aws.ec2.InternetGateway("igw", { vpcId: v.id });
        const web = subnet(v, "web", "us-east-1a", "10.0.0.0/24");
        const table = routeTable(v, "public", [web]);
        new aws.ec2.Route("to-igw", {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          gatewayId: igw.id,
        });
        fn("exposed", [web, subnet(v, "ips", "us-east-1b", "10.0.1.0/24", true)]);
      });
      assert.deepStrictEqual(
        only(findings, "lambda-not-in-public-subnet").map((f) => f.message),
        [
          "Lambda function exposed is in public subnet web (its route table sends 0.0.0.0/0 to an internet gateway); a function there gets no public IP and so no internet. Use private subnets, with NAT if it needs the internet.",
          "Lambda function exposed is in public subnet ips (it maps public IPs on launch); a function there gets no public IP and so no internet. Use private subnets, with NAT if it needs the internet.",
        ],
      );
      assert.deepStrictEqual(only(findings, "lambda-multi-az"), []);
    });

    it("flags a function in a subnet without an association, whose VPC's main table goes to the internet", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        const igw = new aws.ec2.InternetGateway("igw", { vpcId: v.id });
        // The VPC's main route table, managed in the stack, routed to the internet gateway.
        new aws.ec2.DefaultRouteTable("main", {
          defaultRouteTableId: v.defaultRouteTableId,
          routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        });
        fn("on-main", [
          subnet(v, "plain-a", "us-east-1a", "10.0.0.0/24"),
          subnet(v, "plain-b", "us-east-1b", "10.0.1.0/24"),
        ]);
        // Another VPC whose main table is made by MainRouteTableAssociation.
        const w = vpc("w");
        const wIgw = new aws.ec2.InternetGateway("w-igw", { vpcId: w.id });
        const wMain = new aws.ec2.RouteTable("w-main", {
          vpcId: w.id,
          routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: wIgw.id }],
        });
        new aws.ec2.MainRouteTableAssociation("w-main", { vpcId: w.id, routeTableId: wMain.id });
        fn("on-w-main", [
          subnet(w, "w-a", "us-east-1a", "10.0.0.0/24"),
          subnet(w, "w-b", "us-east-1b", "10.0.1.0/24"),
        ]);
      });
      assert.deepStrictEqual(
        only(findings, "lambda-not-in-public-subnet").map((f) => f.message.split(";")[0]),
        [
          "Lambda function on-main is in public subnet plain-a (its route table sends 0.0.0.0/0 to an internet gateway)",
          "Lambda function on-main is in public subnet plain-b (its route table sends 0.0.0.0/0 to an internet gateway)",
          "Lambda function on-w-main is in public subnet w-a (its route table sends 0.0.0.0/0 to an internet gateway)",
          "Lambda function on-w-main is in public subnet w-b (its route table sends 0.0.0.0/0 to an internet gateway)",
        ],
      );
    });

    it("says nothing about the zones of subnets that are not in the stack, but one subnet is one zone", async () => {
      const findings = await findingsOf(() => {
        for (const [name, subnetIds] of Object.entries({
          elsewhere: ["subnet-1", "subnet-2"],
          single: ["subnet-1"],
        })) {
          new aws.lambda.Function(name, {
            role: "arn:aws:iam::123456789012:role/r",
            runtime: "nodejs22.x",
            handler: "i.h",
            vpcConfig: { subnetIds, securityGroupIds: ["sg-1"] },
          });
        }
      });
      assert.deepStrictEqual(
        findings.filter(isMandatory).map((f) => [f.policy, f.message]),
        [
          [
            "lambda-multi-az",
            "Lambda function single runs in 1 subnet, so at most 1 Availability Zone, fewer than 2: a zone outage stops it. Add subnets in other zones.",
          ],
        ],
      );
    });
  });

  describe("hyperplane-eni-budget", () => {
    const fleet = () => {
      const v = vpc();
      const subnets = [
        subnet(v, "a", "us-east-1a", "10.0.0.0/24"),
        subnet(v, "b", "us-east-1b", "10.0.1.0/24"),
      ];
      fn("f1", subnets, ["sg-1"]);
      fn("f2", subnets, ["sg-2"]);
      fn("f3", subnets, ["sg-1"]);
    };

    it("counts distinct combinations per VPC against the quota", async () => {
      const findings = await findingsOf(fleet, { "hyperplane-eni-budget": { quota: 3 } });
      assert.deepStrictEqual(
        only(findings, "hyperplane-eni-budget").map((f) => f.message),
        [
          `VPC ${registrations().find((r) => r.type === "aws:ec2/vpc:Vpc")?.id}: its functions use 4 distinct subnet and security-group combinations, each a Hyperplane ENI, over the quota of 3. Share security groups and subnets between functions, or raise the quota with AWS and in this policy's config.`,
        ],
      );
      assert.deepStrictEqual(only(await findingsOf(fleet), "hyperplane-eni-budget"), []);
    });
  });
});
