import * as assert from "assert";
import { PrivateNetwork, PrivateNetworkArgs } from "../../components";
import { buildPlan } from "../../scripts/planModel";
import {
  registrations,
  resource,
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

/** The offline plan (npm start) of what the test registered. */
function planNow() {
  return buildPlan({
    project: "p",
    stack: "dev",
    region: "us-east-1",
    zones: [],
    assumptions: [],
    registrations: registrations(),
    outputs: {},
    warnings: [],
    policyFindings: [],
    policyConfigFile: "",
  });
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
});
