/**
 * The policy pack's tests. VPC-wide: zone-local NAT and flow logs.
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { findingsOf, only, vpc, subnet, routeTable } from "./helpers";

describe("policy pack", () => {
  describe("nat-gateway-per-az", () => {
    function network(perAz: boolean) {
      return () => {
        const v = vpc();
        const publicA = subnet(v, "public-a", "us-east-1a", "10.0.128.0/24");
        const publicB = subnet(v, "public-b", "us-east-1b", "10.0.129.0/24");
        const natA = new aws.ec2.NatGateway("nat-a", {
          subnetId: publicA.id,
          allocationId: "eipalloc-1",
        });
        const natB = new aws.ec2.NatGateway("nat-b", {
          subnetId: publicB.id,
          allocationId: "eipalloc-2",
        });
        for (const [zone, nat] of [
          ["a", natA],
          ["b", perAz ? natB : natA],
        ] as const) {
          const table = routeTable(v, `private-${zone}`, [
            subnet(v, `private-${zone}`, `us-east-1${zone}`, `10.0.${zone === "a" ? 0 : 16}.0/20`),
          ]);
          new aws.ec2.Route(`private-${zone}`, {
            routeTableId: table.id,
            destinationCidrBlock: "0.0.0.0/0",
            natGatewayId: nat.id,
          });
        }
      };
    }

    it("flags a zone that leaves through another zone's NAT gateway", async () => {
      assert.deepStrictEqual(only(await findingsOf(network(false)), "nat-gateway-per-az"), [
        {
          policy: "nat-gateway-per-az",
          enforcementLevel: "advisory",
          resource: "private-b",
          message: `Route table private-b sends us-east-1b traffic to NAT gateway nat-a in us-east-1a: an outage there cuts those zones off, and cross-zone traffic is billed. Give each zone a NAT gateway and route each private route table to its own zone's (with lambda-networking: PrivateNetwork's natGateways: "perAz").`,
        },
      ]);
    });

    it("accepts zone-local NAT", async () => {
      assert.deepStrictEqual(only(await findingsOf(network(true)), "nat-gateway-per-az"), []);
    });

    it("accepts one regional NAT gateway for every zone: it is present in each", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        const nat = new aws.ec2.NatGateway("regional", {
          vpcId: v.id,
          availabilityMode: "regional",
          connectivityType: "public",
        });
        for (const zone of ["a", "b"]) {
          const table = routeTable(v, `private-${zone}`, [
            subnet(v, `private-${zone}`, `us-east-1${zone}`, `10.0.${zone === "a" ? 0 : 16}.0/20`),
          ]);
          new aws.ec2.Route(`private-${zone}`, {
            routeTableId: table.id,
            destinationCidrBlock: "0.0.0.0/0",
            natGatewayId: nat.id,
          });
        }
      });
      assert.deepStrictEqual(only(findings, "nat-gateway-per-az"), []);
    });
  });

  describe("vpc-flow-logs", () => {
    it("flags a VPC without a flow log, or with one of accepted traffic only", async () => {
      const findings = await findingsOf(() => {
        vpc("logged", true);
        vpc("rejects", "REJECT");
        vpc("accepts", "ACCEPT");
        vpc("silent", false);
      });
      assert.deepStrictEqual(
        only(findings, "vpc-flow-logs").map((f) => [f.resource, f.message]),
        [
          [
            "accepts",
            `VPC accepts's flow logs record only ACCEPT traffic, so rejected traffic leaves no record (Security Hub EC2.6 asks for it): set trafficType to "REJECT" or "ALL".`,
          ],
          [
            "silent",
            'VPC silent has no flow log, so rejected and accepted traffic leaves no record: add an aws.ec2.FlowLog for it with trafficType "REJECT" or "ALL".',
          ],
        ],
      );
    });
  });

  describe("nat-instance-source-dest-check-off", () => {
    function natInstanceStack(sourceDestCheck: boolean | undefined) {
      return () => {
        const v = vpc();
        const publicA = subnet(v, "public-a", "us-east-1a", "10.0.128.0/24");
        const nat = new aws.ec2.Instance("nat-a", {
          ami: "ami-0123456789abcdef0",
          instanceType: "t4g.nano",
          subnetId: publicA.id,
          ...(sourceDestCheck === undefined ? {} : { sourceDestCheck }),
        });
        // Not routed to: an ordinary instance, never flagged.
        new aws.ec2.Instance("app", {
          ami: "ami-0123456789abcdef0",
          instanceType: "t4g.nano",
          subnetId: publicA.id,
        });
        const table = routeTable(v, "private-a", [
          subnet(v, "private-a", "us-east-1a", "10.0.0.0/20"),
        ]);
        new aws.ec2.Route("private-a", {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          networkInterfaceId: nat.primaryNetworkInterfaceId,
        });
      };
    }

    it("flags a routed-to instance whose source/destination check is on (the default)", async () => {
      for (const check of [undefined, true]) {
        assert.deepStrictEqual(
          only(await findingsOf(natInstanceStack(check)), "nat-instance-source-dest-check-off"),
          [
            {
              policy: "nat-instance-source-dest-check-off",
              enforcementLevel: "advisory",
              resource: "nat-a",
              message:
                "Instance nat-a is the target of route private-a, but its source/destination check is on, so EC2 drops the traffic it forwards: set sourceDestCheck: false on it (AWS's NAT instance guide).",
            },
          ],
        );
      }
    });

    it("accepts a NAT instance with the check off", async () => {
      assert.deepStrictEqual(
        only(await findingsOf(natInstanceStack(false)), "nat-instance-source-dest-check-off"),
        [],
      );
    });
  });
  describe("private-ipv6-egress-only", () => {
    function stack(ipv6Target: "igw" | "eigw", publicIpv4: boolean) {
      return () => {
        const v = vpc();
        const igw = new aws.ec2.InternetGateway("igw", { vpcId: v.id });
        const eigw = new aws.ec2.EgressOnlyInternetGateway("eigw", { vpcId: v.id });
        const table = routeTable(v, "private-a", [
          subnet(v, "private-a", "us-east-1a", "10.0.0.0/20"),
        ]);
        if (publicIpv4) {
          new aws.ec2.Route("v4", {
            routeTableId: table.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: igw.id,
          });
        }
        new aws.ec2.Route("v6", {
          routeTableId: table.id,
          destinationIpv6CidrBlock: "::/0",
          ...(ipv6Target === "igw" ? { gatewayId: igw.id } : { egressOnlyGatewayId: eigw.id }),
        });
      };
    }

    it("flags a private table sending ::/0 to an internet gateway", async () => {
      const found = only(await findingsOf(stack("igw", false)), "private-ipv6-egress-only");
      assert.deepStrictEqual(
        found.map((f) => [f.enforcementLevel, f.resource]),
        [["advisory", "private-a"]],
      );
      assert.match(String(found[0].message), /egressOnlyGatewayId/);
    });

    it("passes ::/0 to an egress-only gateway, and a public table's ::/0 to the internet gateway", async () => {
      assert.deepStrictEqual(
        only(await findingsOf(stack("eigw", false)), "private-ipv6-egress-only"),
        [],
      );
      assert.deepStrictEqual(
        only(await findingsOf(stack("igw", true)), "private-ipv6-egress-only"),
        [],
      );
    });
  });
});
