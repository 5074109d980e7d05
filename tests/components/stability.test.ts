import * as assert from "assert";
import { PrivateNetwork, PrivateNetworkArgs, VpcFunction } from "../../components";
import { REPLACING_INPUTS } from "../../scripts/snapshot";
import { registrations, setPreview, settle, TYPES, useWorld } from "../mocks";

/** Inputs by `type name` for every resource a network registers with these args. */
async function plan(args: PrivateNetworkArgs): Promise<Map<string, Record<string, unknown>>> {
  useWorld();
  new PrivateNetwork("net", args);
  await settle();
  return new Map(registrations().map((r) => [`${r.type} ${r.name}`, r.inputs]));
}

/** Asserts that going from `before` to `after` only adds resources and replaces none. */
function assertOnlyAdditions(
  before: Map<string, Record<string, unknown>>,
  after: Map<string, Record<string, unknown>>,
  allowedRemovals: string[] = [],
) {
  for (const [key, inputs] of before) {
    if (allowedRemovals.includes(key)) {
      assert.ok(!after.has(key), `${key} should be gone`);
      continue;
    }
    assert.ok(after.has(key), `${key} was renamed or removed`);
    const type = key.split(" ")[0];
    for (const input of REPLACING_INPUTS[type] ?? []) {
      assert.deepStrictEqual(after.get(key)?.[input], inputs[input], `${key}: ${input} changed`);
    }
  }
  assert.ok(after.size > before.size - allowedRemovals.length, "nothing was added");
}

describe("stability: growing a network never replaces what exists", () => {
  it("adding a zone (2 → 3) keeps every subnet's name and block", async () => {
    const before = await plan({
      availabilityZoneCount: 2,
      natGateways: "perAz",
      endpoints: [{ service: "sqs" }],
    });
    const after = await plan({
      availabilityZoneCount: 3,
      natGateways: "perAz",
      endpoints: [{ service: "sqs" }],
    });
    assertOnlyAdditions(before, after);
    for (const [key, inputs] of before) {
      if (key.startsWith(`${TYPES.subnet} `)) {
        assert.deepStrictEqual(after.get(key), inputs, key);
      }
    }
    assert.ok(after.has(`${TYPES.subnet} net-private-us-east-1c`));
  });

  it("swapping a zone (a, b → b, c) keeps zone b's subnets exactly as they were", async () => {
    const before = await plan({ availabilityZoneNames: ["us-east-1a", "us-east-1b"] });
    const after = await plan({ availabilityZoneNames: ["us-east-1b", "us-east-1c"] });
    const b = `${TYPES.subnet} net-private-us-east-1b`;
    assert.deepStrictEqual(after.get(b), before.get(b));
    assert.strictEqual(after.get(b)?.cidrBlock, "10.0.16.0/20");
    assertOnlyAdditions(
      before,
      after,
      [TYPES.subnet, TYPES.routeTable, TYPES.routeTableAssociation].map(
        (t) => `${t} net-private-us-east-1a`,
      ),
    );
  });

  it("adding an endpoint leaves every existing resource's inputs unchanged", async () => {
    const before = await plan({ endpoints: [{ service: "s3" }, { service: "sqs" }] });
    const after = await plan({
      endpoints: [{ service: "s3" }, { service: "sqs" }, { service: "kms" }],
    });
    assertOnlyAdditions(before, after);
    for (const [key, inputs] of before) {
      if (key.startsWith("aws:")) {
        assert.deepStrictEqual(after.get(key), inputs, key);
      }
    }
  });

  it("turning NAT on (none → perAz) only adds the internet path", async () => {
    const before = await plan({ availabilityZoneCount: 3 });
    const after = await plan({ availabilityZoneCount: 3, natGateways: "perAz" });
    assertOnlyAdditions(before, after);
    for (const [key, inputs] of before) {
      if (key.startsWith("aws:")) {
        assert.deepStrictEqual(after.get(key), inputs, key);
      }
    }
  });

  it("switching ipv6 on keeps every subnet's name and IPv4 block, and only adds or updates", async () => {
    const args: PrivateNetworkArgs = {
      availabilityZoneCount: 3,
      natGateways: "perAz",
      endpoints: [{ service: "lambda" }],
    };
    const before = await plan(args);
    const after = await plan({ ...args, ipv6: true });
    assertOnlyAdditions(before, after);
    // What changes in place: the VPC gains its Amazon /56 (AssociateVpcCidrBlock), each subnet
    // its /64 (AssociateSubnetCidrBlock); the interface endpoint its IP address type and DNS
    // record type (ModifyVpcEndpoint: not replaced, see components/endpointIpAddress.ts), and
    // its security group admits the /56; no other existing input moves.
    const changed: string[] = [];
    for (const [key, inputs] of before) {
      const now = after.get(key) as Record<string, unknown>;
      for (const input of new Set([...Object.keys(inputs), ...Object.keys(now)])) {
        if (JSON.stringify(now[input]) !== JSON.stringify(inputs[input])) {
          changed.push(`${key} ${input}`);
        }
      }
    }
    const subnets = [...before.keys()].filter((k) => k.startsWith(`${TYPES.subnet} `));
    assert.deepStrictEqual(
      changed.sort(),
      [
        `${TYPES.vpc} net-vpc assignGeneratedIpv6CidrBlock`,
        ...subnets.map((k) => `${k} ipv6CidrBlock`),
        `${TYPES.vpcEndpoint} net-endpoints-lambda ipAddressType`,
        `${TYPES.vpcEndpoint} net-endpoints-lambda dnsOptions`,
        `${TYPES.securityGroup} net-endpoints-sg ingress`,
      ].sort(),
    );
    const added = [...after.keys()].filter((k) => !before.has(k)).sort();
    assert.deepStrictEqual(added, [
      "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway net-eigw",
      `${TYPES.route} net-private-us-east-1a-ipv6`,
      `${TYPES.route} net-private-us-east-1b-ipv6`,
      `${TYPES.route} net-private-us-east-1c-ipv6`,
      `${TYPES.route} net-public-ipv6`,
    ]);
  });

  it("adding a function leaves the network and the other function unchanged", async () => {
    const fleet = async (functions: string[]) => {
      useWorld();
      const network = new PrivateNetwork("net", {
        availabilityZoneCount: 2,
        endpoints: [{ service: "sqs" }],
      });
      for (const name of functions) {
        new VpcFunction(name, {
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          functionArgs: {
            runtime: "nodejs22.x",
            handler: "index.handler",
            role: "arn:aws:iam::123456789012:role/r",
          },
        });
      }
      await settle();
      return new Map(registrations().map((r) => [`${r.type} ${r.name}`, r.inputs]));
    };
    const before = await fleet(["api"]);
    const after = await fleet(["api", "worker"]);
    assertOnlyAdditions(before, after);
    for (const [key, inputs] of before) {
      if (key.startsWith("aws:")) {
        assert.deepStrictEqual(after.get(key), inputs, key);
      }
    }
    assert.ok(after.has("aws:lambda/function:Function worker"));
  });

  it("registers the same plan during preview as during an update", async () => {
    const args: PrivateNetworkArgs = {
      natGateways: "perAz",
      endpoints: [{ service: "s3" }, { service: "lambda" }],
    };
    const update = await plan(args);
    setPreview(true);
    try {
      const preview = await plan(args);
      assert.deepStrictEqual([...preview.keys()].sort(), [...update.keys()].sort());
    } finally {
      setPreview(false);
    }
  });

  // The private tier is the contract: a strategy change may replace only the NAT resources, the
  // public subnets (which "regional" has none of) and the private subnets' default routes.
  // NAT instances add their instance, its address's association and their security group.
  const EGRESS_TYPES = new Set<string>([
    TYPES.natGateway,
    TYPES.eip,
    "aws:ec2/instance:Instance",
    "aws:ec2/eipAssociation:EipAssociation",
  ]);
  const egressOnly = (key: string) => {
    const [type, name] = key.split(" ");
    return (
      EGRESS_TYPES.has(type) ||
      name === "net-nat-instances" ||
      name.startsWith("net-public") ||
      (type === TYPES.route && name.startsWith("net-private-"))
    );
  };
  for (const [from, to] of [
    ["perAz", "regional"],
    ["regional", "perAz"],
    ["single", "regional"],
    ["regional", "single"],
    ["perAz", "instances"],
    ["instances", "perAz"],
    ["instances", "regional"],
  ] as const) {
    it(`switching NAT strategy ${from} → ${to} keeps the private tier and endpoints as they are`, async () => {
      const args: PrivateNetworkArgs = {
        availabilityZoneCount: 3,
        endpoints: [{ service: "s3" }, { service: "sqs" }],
      };
      const before = await plan({ ...args, natGateways: from });
      const after = await plan({ ...args, natGateways: to });
      for (const [key, inputs] of before) {
        if (!key.startsWith("aws:") || egressOnly(key)) {
          continue;
        }
        assert.ok(after.has(key), `${key} was renamed or removed`);
        assert.deepStrictEqual(after.get(key), inputs, `${key} changed`);
      }
      // Every private subnet keeps its default route (same name), now to the new NAT gateway.
      for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
        const route = `${TYPES.route} net-private-${zone}`;
        assert.ok(before.has(route) && after.has(route), route);
      }
      assert.strictEqual(
        [...after.keys()].some((k) => k.startsWith(`${TYPES.subnet} net-public`)),
        to !== "regional",
      );
    });
  }
});
