import * as aws from "../../components/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { lookUpSubnet, lookUpSubnetWithRoutes } from "../../components/lookups";
import { classifiedRoute, isPrivateEgressRoute, publicReason } from "../../components/lib/subnets";
import { settle, TWO_SUBNET_VPC, useWorld } from "../mocks";

describe("look-ups", () => {
  it("are forgotten between program runs for explicit providers too, not only the default one", async () => {
    useWorld(TWO_SUBNET_VPC);
    const provider = new aws.Provider("explicit", { region: "us-east-1" });
    const parent = new pulumi.ComponentResource("test:index:Parent", "p", {}, { provider });
    assert.strictEqual((await lookUpSubnet("subnet-a", parent)).availabilityZone, "us-east-1a");
    // The next run: the same subnet id, now in zone b (a world a test chose).
    useWorld({
      ...TWO_SUBNET_VPC,
      subnets: TWO_SUBNET_VPC.subnets.map((s) => ({ ...s, availabilityZone: "us-east-1b" })),
    });
    assert.strictEqual((await lookUpSubnet("subnet-a", parent)).availabilityZone, "us-east-1b");
    await settle();
  });

  it("keep every route's target, so the one classifier names it (transit gateway, firewall endpoint)", async () => {
    const targets = [
      { transitGatewayId: "tgw-0123", kind: "transit-gateway" },
      // A Gateway Load Balancer (firewall) endpoint: the provider reports it as vpcEndpointId.
      { gatewayId: "vpce-0fw", kind: "vpc-endpoint" },
      { vpcPeeringConnectionId: "pcx-0123", kind: "vpc-peering" },
    ];
    for (const { kind, ...target } of targets) {
      useWorld({
        ...TWO_SUBNET_VPC,
        routeTables: [
          {
            id: "rtb-1",
            vpcId: "vpc-1",
            subnetIds: ["subnet-a"],
            routes: [{ cidrBlock: "0.0.0.0/0", ...target }],
          },
        ],
      });
      const parent = new pulumi.ComponentResource("test:index:Parent", "p", {});
      const subnet = await lookUpSubnetWithRoutes("subnet-a", parent);
      const route = (subnet.routes ?? []).find((r) => r.cidrBlock === "0.0.0.0/0");
      assert.ok(route, JSON.stringify(subnet.routes));
      assert.strictEqual(classifiedRoute(route).target.kind, kind);
      assert.ok(isPrivateEgressRoute(route));
      assert.strictEqual(publicReason(subnet), undefined);
      await settle();
    }
  });
});
