import * as assert from "assert";
import { PrivateNetwork, PrivateNetworkArgs } from "../../components";
import { planNow } from "./planNow";
import { renderText } from "../../scripts/render";
import {
  registrations,
  resource,
  asyncError,
  resourcesOfType,
  settle,
  TYPES,
  useWorld,
  valueOf,
} from "../mocks";

async function build(args: PrivateNetworkArgs, name = "net") {
  const network = new PrivateNetwork(name, args);
  await settle();
  return network;
}

const detailOf = (plan: ReturnType<typeof planNow>, type: string, name: string) =>
  plan.groups.flatMap((g) => g.resources).find((r) => r.type === type && r.name === name)?.detail;

const idOf = (type: string, name: string) => resource(type, name).id as string;
const A = "eipalloc-0123456789abcdef0";
const B = "eipalloc-0123456789abcdef1";

describe("PrivateNetwork NAT egress", () => {
  describe("static egress addresses", () => {
    it("gives the user's Elastic IPs to the NAT gateways in zone order and creates none", async () => {
      useWorld();
      const net = await build({
        natGateways: "perAz",
        // Given out of order: the zones are sorted by name, and so are the addresses' NATs.
        availabilityZoneNames: ["us-east-1d", "us-east-1b"],
        natElasticIpAllocationIds: [A, B],
      });
      assert.deepStrictEqual(resourcesOfType(TYPES.eip), []);
      for (const [zone, allocationId] of [
        ["us-east-1b", A],
        ["us-east-1d", B],
      ]) {
        const natName = `net-nat-${zone}`;
        assert.deepStrictEqual(resource(TYPES.natGateway, natName).inputs, {
          allocationId,
          subnetId: idOf(TYPES.subnet, `net-public-${zone}`),
          connectivityType: "public",
          tags: { Name: natName },
        });
        assert.deepStrictEqual(resource(TYPES.route, `net-private-${zone}`).inputs, {
          routeTableId: idOf(TYPES.routeTable, `net-private-${zone}`),
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: idOf(TYPES.natGateway, natName),
        });
      }
      const ips = await valueOf(net.natPublicIps);
      assert.deepStrictEqual(ips, [
        resource(TYPES.natGateway, "net-nat-us-east-1b").outputs?.publicIp,
        resource(TYPES.natGateway, "net-nat-us-east-1d").outputs?.publicIp,
      ]);
      assert.ok(ips.every((ip) => /^203\.0\.113\.\d+$/.test(ip)));
      // The user's addresses are billed while in use as the network's own would be:
      // 2 × (730 h × $0.045 NAT + 730 h × $0.005 IPv4) = $73.00
      assert.strictEqual(await valueOf(net.estimatedMonthlyCostUsd), 73);
    });

    it("takes allocation ids known only at deployment (another stack's outputs)", async () => {
      useWorld();
      const net = await build({
        natGateways: "single",
        natElasticIpAllocationIds: [Promise.resolve(A)],
      });
      assert.strictEqual(resource(TYPES.natGateway, "net-nat-us-east-1a").inputs.allocationId, A);
      assert.strictEqual((await valueOf(net.natPublicIps)).length, 1);
    });

    it("checks an allocation id known only at deployment once known, before the NAT gateway", async () => {
      useWorld();
      new PrivateNetwork("net", {
        natGateways: "single",
        availabilityZoneCount: 2,
        natElasticIpAllocationIds: [Promise.resolve("203.0.113.7")],
      });
      const error = await asyncError();
      assert.match(
        error.message,
        /^PrivateNetwork "net": natElasticIpAllocationIds\[0\] "203\.0\.113\.7" is not an allocation id: that is an address/,
      );
      // The NAT gateway waits for the check: it never reaches EC2 with the address.
      assert.deepStrictEqual(resourcesOfType(TYPES.natGateway), []);
    });

    it("shows the addresses of the Elastic IPs it creates, in zone order", async () => {
      useWorld();
      const net = await build({ natGateways: "perAz", availabilityZoneCount: 2 });
      assert.deepStrictEqual(await valueOf(net.natPublicIps), [
        resource(TYPES.eip, "net-nat-us-east-1a").outputs?.publicIp,
        resource(TYPES.eip, "net-nat-us-east-1b").outputs?.publicIp,
      ]);
      assert.deepStrictEqual(await valueOf(new PrivateNetwork("none", {}).natPublicIps), []);
    });

    it("releases created Elastic IPs on destroy unless retainNatElasticIps", async () => {
      useWorld();
      await build({ natGateways: "single" });
      assert.strictEqual(
        resource(TYPES.eip, "net-nat-us-east-1a").options?.retainOnDelete,
        undefined,
      );
      useWorld();
      await build({ natGateways: "perAz", availabilityZoneCount: 2, retainNatElasticIps: true });
      for (const zone of ["us-east-1a", "us-east-1b"]) {
        assert.strictEqual(resource(TYPES.eip, `net-nat-${zone}`).options?.retainOnDelete, true);
        // Only the addresses are kept: the NAT gateway goes, and so the address is free.
        assert.strictEqual(
          resource(TYPES.natGateway, `net-nat-${zone}`).options?.retainOnDelete,
          undefined,
        );
      }
    });

    // The mocked runtime replaces nothing itself: a replacement is two runs whose NAT gateway
    // differs in an input the provider replaces on (subnet_id is ForceNew in
    // terraform-provider-aws internal/service/ec2/vpc_nat_gateway.go) while its allocation stays.
    for (const [what, args] of [
      ["the user's", { natElasticIpAllocationIds: [A] }],
      ["a created", {}],
    ] as [string, PrivateNetworkArgs][]) {
      it(`deletes a NAT gateway before its replacement, which keeps ${what} Elastic IP`, async () => {
        const run = async (cidrBlock: string) => {
          useWorld();
          await build({ natGateways: "single", cidrBlock, ...args });
          const nat = resource(TYPES.natGateway, "net-nat-us-east-1a");
          const subnet = resource(TYPES.subnet, "net-public-us-east-1a");
          return { nat, subnetBlock: subnet.inputs.cidrBlock as string };
        };
        const before = await run("10.0.0.0/16");
        const after = await run("10.1.0.0/16");
        // A new VPC block re-addresses the public subnet (cidr_block is ForceNew for a subnet),
        // so the NAT gateway's subnet_id changes and it is replaced ...
        assert.notStrictEqual(before.subnetBlock, after.subnetBlock);
        // ... with the same address, which EC2 associates with one NAT gateway at a time.
        assert.strictEqual(after.nat.inputs.allocationId, before.nat.inputs.allocationId);
        assert.strictEqual(after.nat.options?.deleteBeforeReplace, true);
        assert.strictEqual(before.nat.options?.deleteBeforeReplace, true);
      });
    }

    it("shows in the plan whose address each NAT gateway takes, and bills the user's too", async () => {
      useWorld();
      await build({ natGateways: "single", natElasticIpAllocationIds: [A] });
      let plan = planNow();
      assert.strictEqual(
        detailOf(plan, TYPES.natGateway, "net-nat-us-east-1a"),
        `in net-public-us-east-1a, Elastic IP ${A}`,
      );
      assert.deepStrictEqual(
        plan.cost.lines.filter((l) => l.item !== "interface endpoint AZ" && l.quantity > 0),
        [
          { item: "NAT gateway", quantity: 1, monthlyUsd: 32.85 },
          { item: "public IPv4 address", quantity: 1, monthlyUsd: 3.65 },
        ],
      );
      useWorld();
      await build({ natGateways: "single", retainNatElasticIps: true });
      plan = planNow();
      assert.strictEqual(
        detailOf(plan, TYPES.natGateway, "net-nat-us-east-1a"),
        "in net-public-us-east-1a, Elastic IP net-nat-us-east-1a",
      );
      assert.strictEqual(
        detailOf(plan, TYPES.eip, "net-nat-us-east-1a"),
        "kept on destroy (retainOnDelete)",
      );
      assert.strictEqual(
        plan.cost.lines.find((l) => l.item === "public IPv4 address")?.quantity,
        1,
      );
    });

    it("registers nothing when the addresses do not fit the zones", () => {
      useWorld();
      assert.throws(
        () =>
          new PrivateNetwork("net", {
            natGateways: "perAz",
            availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"],
            natElasticIpAllocationIds: [A],
          }),
        /natElasticIpAllocationIds gives 1 Elastic IP, but natGateways "perAz" over 3 zones makes 3 NAT gateways/,
      );
      assert.deepStrictEqual(registrations(), []);
    });
  });

  describe("a regional NAT gateway", () => {
    const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

    it("is one gateway for the VPC, in automatic mode, with no public subnet and every zone routed to it", async () => {
      useWorld();
      const net = await build({ natGateways: "regional", availabilityZoneNames: ZONES });
      const nat = resource(TYPES.natGateway, "net-nat-regional");
      assert.deepStrictEqual(nat.inputs, {
        availabilityMode: "regional",
        vpcId: idOf(TYPES.vpc, "net-vpc"),
        connectivityType: "public",
        tags: { Name: "net-nat-regional" },
      });
      // Deleted before its replacement (the user's addresses serve one NAT gateway at a time;
      // a change between automatic and manual mode replaces it).
      assert.strictEqual(nat.options?.deleteBeforeReplace, true);
      assert.deepStrictEqual(
        resourcesOfType(TYPES.natGateway).map((r) => r.name),
        ["net-nat-regional"],
      );
      // Its own route table (AWS's) goes to the internet gateway, which it needs.
      assert.ok(resource(TYPES.internetGateway, "net-igw"));
      assert.deepStrictEqual(
        resourcesOfType(TYPES.subnet).map((r) => r.name),
        ZONES.map((z) => `net-private-${z}`),
      );
      assert.deepStrictEqual(resourcesOfType(TYPES.eip), []);
      for (const zone of ZONES) {
        assert.deepStrictEqual(resource(TYPES.route, `net-private-${zone}`).inputs, {
          routeTableId: idOf(TYPES.routeTable, `net-private-${zone}`),
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: nat.id,
        });
      }
      // No private subnet is associated with the gateway's own table: only with its zone's.
      const natTable = nat.outputs?.routeTableId;
      assert.ok(typeof natTable === "string");
      assert.ok(
        resourcesOfType(TYPES.routeTableAssociation).every(
          (a) => a.inputs.routeTableId !== natTable,
        ),
      );
      assert.deepStrictEqual(await valueOf(net.publicSubnetIds), []);
      assert.deepStrictEqual(await valueOf(net.natGatewayIds), [nat.id]);
      // AWS associates addresses as workloads appear in a zone: none yet.
      assert.deepStrictEqual(await valueOf(net.natPublicIps), []);
      // A NAT gateway-hour per zone it is active in (every private subnet routes to it):
      // 3 × 730 × $0.045 = $98.55; its automatic addresses are not estimated.
      assert.strictEqual(await valueOf(net.estimatedMonthlyCostUsd), 98.55);
    });

    it("takes the user's Elastic IPs one per zone, in zone order (manual mode)", async () => {
      useWorld();
      const C = "eipalloc-0123456789abcdef2";
      const net = await build({
        natGateways: "regional",
        availabilityZoneNames: ["us-east-1c", "us-east-1a", "us-east-1b"],
        natElasticIpAllocationIds: [A, B, C],
      });
      const nat = resource(TYPES.natGateway, "net-nat-regional");
      assert.deepStrictEqual(nat.inputs.availabilityZoneAddresses, [
        { availabilityZone: "us-east-1a", allocationIds: [A] },
        { availabilityZone: "us-east-1b", allocationIds: [B] },
        { availabilityZone: "us-east-1c", allocationIds: [C] },
      ]);
      assert.strictEqual(nat.inputs.allocationId, undefined);
      assert.strictEqual(nat.inputs.subnetId, undefined);
      assert.deepStrictEqual(resourcesOfType(TYPES.eip), []);
      const ips = await valueOf(net.natPublicIps);
      assert.strictEqual(ips.length, 3);
      assert.ok(ips.every((ip) => /^203\.0\.113\.\d+$/.test(ip)));
      // Three zone-hours an hour and its three addresses: 3 × 730 × ($0.045 + $0.005) = $109.50.
      assert.strictEqual(await valueOf(net.estimatedMonthlyCostUsd), 109.5);
    });

    it("prices it per zone in the plan, with the user's addresses; automatic addresses are not estimated", async () => {
      useWorld();
      await build({
        natGateways: "regional",
        availabilityZoneNames: ["us-east-1a", "us-east-1b"],
        natElasticIpAllocationIds: [A, B],
      });
      const plan = planNow();
      assert.strictEqual(
        detailOf(plan, TYPES.natGateway, "net-nat-regional"),
        `regional, in net-vpc, manual mode: us-east-1a ${A}, us-east-1b ${B}`,
      );
      const priced = (p: typeof plan) =>
        p.cost.lines.filter((l) => l.quantity > 0).map((l) => [l.item, l.quantity, l.monthlyUsd]);
      // Manual mode: the zones come from its addresses. 2 × 730 × $0.045 = $65.70.
      assert.deepStrictEqual(priced(plan), [
        ["regional NAT AZ", 2, 65.7],
        ["public IPv4 address", 2, 7.3],
      ]);
      assert.strictEqual(plan.cost.totalMonthlyUsd, 73);
      useWorld();
      await build({ natGateways: "regional", availabilityZoneCount: 3 });
      const automatic = planNow();
      // Automatic mode: the zones are those of the subnets routed to it.
      assert.deepStrictEqual(priced(automatic), [
        ["regional NAT AZ", 3, 98.55],
        ["automatic regional NAT", 1, 0],
      ]);
      // The printed plan puts the reason and AWS's pricing page where the amount would be (no $).
      assert.match(
        renderText(automatic),
        /3 × regional NAT AZ +\$98\.55\n +1 × automatic regional NAT +its public IPv4 addresses[^$]*not estimated, see\s+https:\/\/aws\.amazon\.com\/vpc\/pricing\//,
      );
      useWorld();
      await build({ natGateways: "regional", availabilityZoneCount: 2 });
      assert.strictEqual(
        detailOf(planNow(), TYPES.natGateway, "net-nat-regional"),
        "regional, in net-vpc, automatic mode (AWS allocates its addresses)",
      );
    });

    // The provider replaces a NAT gateway whose availability_mode or vpc_id changes (ForceNew),
    // and a regional one going between automatic and manual mode (regional_nat_gateway_auto_mode);
    // the zones' addresses update in place (terraform-provider-aws
    // internal/service/ec2/vpc_nat_gateway.go). The mocked runtime shows the inputs that decide it.
    it("changes mode through its inputs, and is deleted before any replacement", async () => {
      const run = async (args: PrivateNetworkArgs) => {
        useWorld();
        await build({ natGateways: "regional", availabilityZoneCount: 2, ...args });
        return resource(TYPES.natGateway, "net-nat-regional");
      };
      const auto = await run({});
      const manual = await run({ natElasticIpAllocationIds: [A, B] });
      const swapped = await run({ natElasticIpAllocationIds: [B, A] });
      assert.strictEqual(auto.inputs.availabilityZoneAddresses, undefined);
      assert.strictEqual((manual.inputs.availabilityZoneAddresses as unknown[]).length, 2);
      // Same gateway, same mode and VPC: only the zones' addresses differ (in place).
      assert.strictEqual(swapped.inputs.availabilityMode, manual.inputs.availabilityMode);
      assert.strictEqual(swapped.inputs.vpcId, manual.inputs.vpcId);
      for (const nat of [auto, manual, swapped]) {
        assert.strictEqual(nat.options?.deleteBeforeReplace, true);
      }
    });
  });
});
