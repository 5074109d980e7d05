/** The pre-flight on IPv6: subnet /64s in their VPC's /56, and egress-only gateways' VPCs. */
import * as assert from "assert";
import { r, rules } from "./preflightHelpers";

const vpc56 = (name: string, block: string) =>
  r(
    "ec2/vpc:Vpc",
    name,
    { cidrBlock: "10.0.0.0/16", assignGeneratedIpv6CidrBlock: true },
    { ipv6CidrBlock: block },
  );
const v6subnet = (name: string, ipv6CidrBlock: string, vpcId = "vpc-id") =>
  r("ec2/subnet:Subnet", name, { vpcId, availabilityZone: "us-east-1a", ipv6CidrBlock });

describe("lib/preflight ipv6", () => {
  it("accepts /64s inside the VPC's /56 and ::/0 to its own egress-only gateway", () => {
    assert.deepStrictEqual(
      rules([
        vpc56("vpc", "2600:1f18:aa:bb00::/56"),
        v6subnet("a", "2600:1f18:aa:bb00::/64"),
        v6subnet("b", "2600:1f18:aa:bb01::/64"),
        r("ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "eigw", { vpcId: "vpc-id" }),
        r("ec2/routeTable:RouteTable", "rt", { vpcId: "vpc-id" }),
        r("ec2/route:Route", "v6", {
          routeTableId: "rt-id",
          destinationIpv6CidrBlock: "::/0",
          egressOnlyGatewayId: "eigw-id",
        }),
      ]),
      [],
    );
  });

  it("refuses a subnet block that is not a /64, outside the VPC's /56, or overlapping", () => {
    assert.deepStrictEqual(
      rules([
        vpc56("vpc", "2600:1f18:aa:bb00::/56"),
        v6subnet("wide", "2600:1f18:aa:bb00::/60"),
        v6subnet("inside", "2600:1f18:aa:bb01::/64"),
        v6subnet("outside", "2600:1f18:aa:cc00::/64"),
      ]),
      [
        "Subnet wide: subnet-ipv6-size",
        "Subnet wide: subnet-ipv6-overlap",
        "Subnet outside: subnet-ipv6-in-vpc",
      ],
    );
  });

  it("refuses ::/0 to an egress-only gateway of another VPC", () => {
    assert.deepStrictEqual(
      rules([
        vpc56("vpc", "2600:1f18:aa:bb00::/56"),
        r("ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "eigw", {
          vpcId: "other-vpc",
        }),
        r("ec2/routeTable:RouteTable", "rt", { vpcId: "vpc-id" }),
        r("ec2/route:Route", "v6", {
          routeTableId: "rt-id",
          destinationIpv6CidrBlock: "::/0",
          egressOnlyGatewayId: "eigw-id",
        }),
      ]),
      ["Route v6: egress-only-gateway-in-vpc"],
    );
  });
});
