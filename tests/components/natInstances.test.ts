import * as assert from "assert";
import { PrivateNetwork, PrivateNetworkArgs } from "../../components";
import {
  AL2023_ARM64_IMAGE_PARAMETER,
  NAT_INSTANCE_USER_DATA,
} from "../../components/lib/natInstances";
import { runPolicies } from "../../policy/runner";
import { planNow } from "./planNow";
import { registrations, resource, settle, TYPES, useWorld, valueOf } from "../mocks";

const INSTANCE = "aws:ec2/instance:Instance";
const ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const A = "eipalloc-0123456789abcdef0";
const B = "eipalloc-0123456789abcdef1";
const ZONES = ["us-east-1a", "us-east-1b"];

async function build(args: PrivateNetworkArgs) {
  useWorld();
  const network = new PrivateNetwork("net", { availabilityZoneCount: 2, ...args });
  await settle();
  return network;
}

const idOf = (type: string, name: string) => resource(type, name).id as string;
const ofType = (type: string) => registrations().filter((r) => r.type === type);

describe("PrivateNetwork NAT instances", () => {
  it("puts an arm64 NAT instance in each zone's public subnet, with its Elastic IP, and routes the zone to it", async () => {
    const net = await build({ natGateways: "instances" });
    assert.deepStrictEqual(ofType(TYPES.natGateway), []);
    const group = resource(SECURITY_GROUP, "net-nat-instances");
    assert.deepStrictEqual(group.inputs.ingress, [
      { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"] },
    ]);
    assert.deepStrictEqual(group.inputs.egress, [
      { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
    ]);
    assert.deepStrictEqual(await valueOf(net.natInstanceIds), [
      idOf(INSTANCE, "net-nat-instance-us-east-1a"),
      idOf(INSTANCE, "net-nat-instance-us-east-1b"),
    ]);
    for (const zone of ZONES) {
      const name = `net-nat-instance-${zone}`;
      const instance = resource(INSTANCE, name);
      assert.deepStrictEqual(instance.inputs, {
        ami: instance.inputs.ami,
        instanceType: "t4g.nano",
        subnetId: idOf(TYPES.subnet, `net-public-${zone}`),
        vpcSecurityGroupIds: [group.id],
        sourceDestCheck: false,
        associatePublicIpAddress: false,
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required" },
        userData: NAT_INSTANCE_USER_DATA,
        userDataReplaceOnChange: true,
        tags: { Name: name },
      });
      // The latest AL2023 arm64 image, read from AWS's public parameter (the offline fake's).
      assert.match(String(instance.inputs.ami), /^ami-[0-9a-f]{17}$/);
      const eni = instance.outputs?.primaryNetworkInterfaceId;
      assert.deepStrictEqual(resource(ASSOCIATION, name).inputs, {
        allocationId: idOf(TYPES.eip, name),
        networkInterfaceId: eni,
      });
      assert.strictEqual(resource(ASSOCIATION, name).options?.deleteBeforeReplace, true);
      assert.deepStrictEqual(resource(TYPES.route, `net-private-${zone}`).inputs, {
        routeTableId: idOf(TYPES.routeTable, `net-private-${zone}`),
        destinationCidrBlock: "0.0.0.0/0",
        networkInterfaceId: eni,
      });
    }
    assert.deepStrictEqual(await valueOf(net.natPublicIps), [
      resource(TYPES.eip, "net-nat-instance-us-east-1a").outputs?.publicIp,
      resource(TYPES.eip, "net-nat-instance-us-east-1b").outputs?.publicIp,
    ]);
    assert.deepStrictEqual(await valueOf(net.natGatewayIds), []);
    // Only the two public IPv4 addresses are estimated (2 × 730 h × $0.005); the instances'
    // hourly charge is not (their type's price was not read from AWS).
    assert.strictEqual(await valueOf(net.estimatedMonthlyCostUsd), 7.3);
    // The policy pack finds the NAT instances' source/destination check off.
    const findings = await runPolicies(registrations());
    assert.deepStrictEqual(
      findings.filter((f) => f.policy === "nat-instance-source-dest-check-off"),
      [],
    );
  });

  it("reads the image from the AL2023 arm64 parameter", () => {
    assert.strictEqual(
      AL2023_ARM64_IMAGE_PARAMETER,
      "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    );
    // Forwarding for good, MASQUERADE out of the interface found at boot, FORWARD not rejecting.
    for (const line of [
      'echo "net.ipv4.ip_forward=1" > /etc/sysctl.d/90-nat-instance.conf',
      "IFACE=$(ip route show default | awk '/^default/ {print $5; exit}')",
      'iptables -t nat -A POSTROUTING -o "$IFACE" -j MASQUERADE',
      "iptables -F FORWARD",
      "service iptables save",
    ]) {
      assert.ok(NAT_INSTANCE_USER_DATA.split("\n").includes(line), line);
    }
    assert.ok(!NAT_INSTANCE_USER_DATA.includes("eth0"));
  });

  it("takes the user's Elastic IPs in zone order, a custom image and any type with it", async () => {
    const net = await build({
      natGateways: "instances",
      natElasticIpAllocationIds: [A, B],
      natInstanceImageId: "ami-0123456789abcdef0",
      natInstanceType: "t3.micro",
    });
    assert.deepStrictEqual(ofType(TYPES.eip), []);
    ZONES.forEach((zone, i) => {
      const name = `net-nat-instance-${zone}`;
      assert.strictEqual(resource(ASSOCIATION, name).inputs.allocationId, [A, B][i]);
      assert.strictEqual(resource(INSTANCE, name).inputs.ami, "ami-0123456789abcdef0");
      assert.strictEqual(resource(INSTANCE, name).inputs.instanceType, "t3.micro");
    });
    assert.strictEqual((await valueOf(net.natPublicIps)).length, 2);
  });

  it("keeps created addresses on destroy when asked", async () => {
    await build({ natGateways: "instances", retainNatElasticIps: true });
    for (const zone of ZONES) {
      assert.strictEqual(
        resource(TYPES.eip, `net-nat-instance-${zone}`).options?.retainOnDelete,
        true,
      );
    }
  });

  it("shows the instances, their addresses and routes in the offline plan", async () => {
    await build({ natGateways: "instances" });
    const plan = planNow();
    const all = plan.groups.flatMap((g) => g.resources);
    const instance = all.find((r) => r.type === INSTANCE && r.name.endsWith("us-east-1a"));
    assert.strictEqual(
      instance?.detail,
      "t4g.nano in net-public-us-east-1a, source/destination check off, Elastic IP net-nat-instance-us-east-1a",
    );
    const route = all.find((r) => r.type === TYPES.route && r.name === "net-private-us-east-1a");
    assert.match(String(route?.detail), /net-nat-instance-us-east-1a/);
    assert.deepStrictEqual(
      plan.cost.lines.filter((l) => l.item.startsWith("NAT") || l.item.startsWith("public")),
      [
        { item: "NAT gateway", quantity: 0, monthlyUsd: 0 },
        {
          item: "NAT instance",
          quantity: 2,
          monthlyUsd: 0,
          notEstimated:
            "billed per hour at its instance type's on-demand price, plus its EBS volume: not estimated, see https://aws.amazon.com/ec2/pricing/on-demand/",
        },
        { item: "public IPv4 address", quantity: 2, monthlyUsd: 7.3 },
      ],
    );
  });

  describe("refuses before registering anything", () => {
    for (const [what, args, message] of [
      [
        "an x86 type with the default (arm64) image",
        { natGateways: "instances", natInstanceType: "t3.nano" },
        /natInstanceType "t3.nano" is not arm64 \(Graviton\), and the default image is Amazon Linux 2023 for arm64: choose an arm64 type such as "t4g.nano" or "c7gn.medium", or give natInstanceImageId/,
      ],
      [
        "a type of a family it does not know",
        { natGateways: "instances", natInstanceType: "z9g.large" },
        /natInstanceType "z9g.large" is of a family this package does not know \(z9g\).*or give natInstanceImageId/,
      ],
      [
        "a malformed type",
        { natGateways: "instances", natInstanceType: "nano" },
        /natInstanceType "nano" is not an instance type/,
      ],
      [
        "natInstanceType with another strategy",
        { natGateways: "perAz", natInstanceType: "t4g.small" },
        /natInstanceType sets up NAT instances, but natGateways is "perAz": choose natGateways "instances", or leave natInstanceType out\./,
      ],
      [
        "natInstanceImageId with no strategy",
        { natInstanceImageId: "ami-0123456789abcdef0" },
        /natInstanceImageId sets up NAT instances, but natGateways is "none"/,
      ],
      [
        "an image id that is not one",
        { natGateways: "instances", natInstanceImageId: "al2023" },
        /natInstanceImageId "al2023" is not an AMI id/,
      ],
      [
        "a wrong number of addresses",
        { natGateways: "instances", natElasticIpAllocationIds: [A] },
        /natGateways "instances" over 2 zones makes 2 NAT instances: give exactly one allocation id per NAT instance/,
      ],
    ] as [string, PrivateNetworkArgs, RegExp][]) {
      it(what, () => {
        useWorld();
        assert.throws(
          () => new PrivateNetwork("net", { availabilityZoneCount: 2, ...args }),
          message,
        );
        assert.deepStrictEqual(registrations(), []);
      });
    }
  });
});
