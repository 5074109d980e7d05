import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PrivateNetwork, PrivateNetworkArgs, VpcFunction } from "../../components";
import { ipv6SubnetBlockForZone } from "../../components/lib/cidr";
import { resource, resourcesOfType, settle, TYPES, useWorld, valueOf } from "../mocks";

const EIGW = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway";

async function build(args: PrivateNetworkArgs) {
  useWorld();
  const net = new PrivateNetwork("net", { ...args, ipv6: true });
  await settle();
  return net;
}

const zonesOf = (n: number) =>
  ["a", "b", "c", "d", "e", "f"].slice(0, n).map((l) => `us-east-1${l}`);

describe("PrivateNetwork ipv6", () => {
  it("lays /64s out by zone letter and tier in the VPC's /56", () => {
    const vpc = "2600:1f18:abcd:ef00::/56";
    assert.strictEqual(
      ipv6SubnetBlockForZone(vpc, "us-east-1a", "private"),
      "2600:1f18:abcd:ef00::/64",
    );
    assert.strictEqual(
      ipv6SubnetBlockForZone(vpc, "us-east-1c", "private"),
      "2600:1f18:abcd:ef02::/64",
    );
    assert.strictEqual(
      ipv6SubnetBlockForZone(vpc, "us-east-1b", "public"),
      "2600:1f18:abcd:ef81::/64",
    );
    assert.strictEqual(
      ipv6SubnetBlockForZone(vpc, "eu-west-3h", "public"),
      "2600:1f18:abcd:ef87::/64",
    );
    assert.throws(
      () => ipv6SubnetBlockForZone("2600:1f18:abcd::/48", "us-east-1a", "private"),
      /not a \/56/,
    );
    assert.throws(
      () => ipv6SubnetBlockForZone("nope", "us-east-1a", "private"),
      /not a CIDR block/,
    );
  });

  for (const [natGateways, count] of [
    ["none", 2],
    ["none", 3],
    ["none", 6],
    ["perAz", 2],
    ["single", 3],
    ["perAz", 6],
    ["regional", 3],
    ["instances", 2],
  ] as const) {
    it(`${natGateways} over ${count} zones: exact blocks and ::/0 routes`, async () => {
      const zones = zonesOf(count);
      const net = await build({
        natGateways,
        availabilityZoneNames: zones,
        excludeAvailabilityZoneIds: [],
      });
      const vpc = resource(TYPES.vpc, "net-vpc");
      assert.strictEqual(vpc.inputs.assignGeneratedIpv6CidrBlock, true);
      const block = vpc.outputs?.ipv6CidrBlock as string;
      assert.match(block, /^2600:1f18:[0-9a-f]{1,4}:[0-9a-f]{1,2}00::\/56$/);
      assert.strictEqual(await valueOf(net.vpcIpv6CidrBlock), block);
      const privateBlocks = zones.map((z) => ipv6SubnetBlockForZone(block, z, "private"));
      assert.deepStrictEqual(await valueOf(net.privateSubnetIpv6CidrBlocks), privateBlocks);
      zones.forEach((zone, i) => {
        const subnet = resource(TYPES.subnet, `net-private-${zone}`).inputs;
        assert.strictEqual(subnet.ipv6CidrBlock, privateBlocks[i]);
        // Left at false (the provider's default), so a change of the block is made in place.
        assert.strictEqual(subnet.assignIpv6AddressOnCreation, undefined);
      });
      const publicSubnets = resourcesOfType(TYPES.subnet).filter((s) =>
        s.name.startsWith("net-public-"),
      );
      for (const s of publicSubnets) {
        const zone = s.name.slice("net-public-".length);
        assert.strictEqual(s.inputs.ipv6CidrBlock, ipv6SubnetBlockForZone(block, zone, "public"));
      }
      const ipv6Routes = resourcesOfType(TYPES.route).filter(
        (r) => r.inputs.destinationIpv6CidrBlock,
      );
      // The egress-only gateway comes with ipv6 whatever the NAT strategy: IPv6 destinations
      // need no NAT, and nothing can come in through it.
      const gateways = resourcesOfType(EIGW);
      assert.deepStrictEqual(
        gateways.map((g) => [g.name, g.inputs]),
        [["net-eigw", { vpcId: vpc.id, tags: { Name: "net-eigw" } }]],
      );
      const expected: [string, Record<string, unknown>][] = zones.map((zone) => [
        `net-private-${zone}-ipv6`,
        {
          routeTableId: resource(TYPES.routeTable, `net-private-${zone}`).id,
          destinationIpv6CidrBlock: "::/0",
          egressOnlyGatewayId: gateways[0].id,
        },
      ]);
      if (publicSubnets.length > 0) {
        expected.push([
          "net-public-ipv6",
          {
            routeTableId: resource(TYPES.routeTable, "net-public").id,
            destinationIpv6CidrBlock: "::/0",
            gatewayId: resource(TYPES.internetGateway, "net-igw").id,
          },
        ]);
      }
      assert.deepStrictEqual(ipv6Routes.map((r) => [r.name, r.inputs]).sort(), expected.sort());
    });
  }

  // With no NAT, the function still reaches IPv6 destinations: ::/0 through the egress-only
  // gateway, the IPv6 rule of its "Network" egress.
  for (const [natGateways, internet] of [
    ["perAz", true],
    ["none", true],
  ] as const) {
    it(`tells a function in the network (${natGateways}) its IPv6 block and ::/0 egress`, async () => {
      const net = await build({ natGateways, availabilityZoneCount: 2 });
      new VpcFunction("fn", {
        vpcId: net.vpcId,
        subnetIds: net.privateSubnetIds,
        ipv6AllowedForDualStack: true,
        functionArgs: {
          runtime: "nodejs22.x",
          handler: "index.handler",
          role: "arn:aws:iam::123456789012:role/r",
        },
      });
      await settle();
      const block = resource(TYPES.vpc, "net-vpc").outputs?.ipv6CidrBlock as string;
      const egress = resource(TYPES.securityGroup, "fn-sg").inputs.egress as {
        cidrBlocks: string[];
        ipv6CidrBlocks: string[];
      }[];
      assert.deepStrictEqual(egress[0].ipv6CidrBlocks, [block]);
      assert.deepStrictEqual(
        egress.some((r) => r.ipv6CidrBlocks.includes("::/0")),
        internet,
      );
    });
  }

  it("takes the VPC's /56 from an IPAM pool, and lays the subnets out in it the same way", async () => {
    const pool = pulumi.output(Promise.resolve("ipam-pool-07f2466c7158b50c4"));
    const net = await build({ ipv6IpamPoolId: pool, availabilityZoneCount: 2 });
    const vpc = resource(TYPES.vpc, "net-vpc");
    assert.strictEqual(vpc.inputs.ipv6IpamPoolId, "ipam-pool-07f2466c7158b50c4");
    assert.strictEqual(vpc.inputs.ipv6NetmaskLength, 56);
    assert.strictEqual(vpc.inputs.assignGeneratedIpv6CidrBlock, undefined);
    const block = vpc.outputs?.ipv6CidrBlock as string;
    assert.match(block, /^2001:db8:[0-9a-f]{4}:[0-9a-f]{2}00::\/56$/);
    assert.strictEqual(await valueOf(net.vpcIpv6CidrBlock), block);
    assert.deepStrictEqual(await valueOf(net.privateSubnetIpv6CidrBlocks), [
      ipv6SubnetBlockForZone(block, "us-east-1a", "private"),
      ipv6SubnetBlockForZone(block, "us-east-1b", "private"),
    ]);
  });

  it("refuses an ipv6 that is not a boolean", () => {
    useWorld();
    assert.throws(
      () => new PrivateNetwork("net", { ipv6: "yes" as never }),
      /PrivateNetwork "net".*ipv6/,
    );
  });
});
