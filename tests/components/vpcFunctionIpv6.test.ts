import * as assert from "assert";
import {
  PrivateNetwork,
  ServiceEndpoints,
  SharedServiceEndpoints,
  VpcFunction,
  VpcFunctionArgs,
} from "../../components";
import {
  asyncError,
  childrenOf,
  MockRouteTable,
  MockSubnet,
  registrations,
  resource,
  settle,
  TYPES,
  useWorld,
  warnings,
} from "../mocks";

const functionArgs = {
  runtime: "nodejs22.x",
  handler: "index.handler",
  role: "arn:aws:iam::123456789012:role/r",
};

/** Two existing subnets of vpc-app: dual-stack when `ipv6`, else IPv4-only. */
function existing(ipv6: boolean) {
  const subnets: MockSubnet[] = ["a", "b"].map((zone, i) => ({
    id: `subnet-${zone}`,
    vpcId: "vpc-app",
    availabilityZone: `us-east-1${zone}`,
    cidrBlock: `10.1.${i * 16}.0/20`,
    ...(ipv6 ? { ipv6CidrBlock: `2600:1f18:0:${i}::/64` } : {}),
  }));
  const routeTables: MockRouteTable[] = [
    {
      id: "rtb-private",
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
      routes: [
        { cidrBlock: "10.1.0.0/16", gatewayId: "local" },
        { cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" },
        ...(ipv6 ? [{ ipv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" }] : []),
      ],
    },
  ];
  useWorld({
    subnets,
    routeTables,
    vpcs: [
      {
        id: "vpc-app",
        cidrBlock: "10.1.0.0/16",
        ...(ipv6 ? { ipv6CidrBlock: "2600:1f18::/56" } : {}),
      },
    ],
  });
}

async function onExisting(name: string, args: Partial<VpcFunctionArgs> = {}) {
  const fn = new VpcFunction(name, {
    vpcId: "vpc-app",
    subnetIds: ["subnet-a", "subnet-b"],
    functionArgs,
    ...args,
  });
  await settle();
  return fn;
}

function onNetwork(ipv6: boolean, args: Partial<VpcFunctionArgs> = {}, endpoints = false) {
  const net = new PrivateNetwork("net", {
    availabilityZoneCount: 2,
    ipv6,
    ...(endpoints ? { endpoints: [{ service: "sqs" }, { service: "s3" }] } : {}),
  });
  return () =>
    new VpcFunction("fn", {
      vpcId: net.vpcId,
      subnetIds: net.privateSubnetIds,
      functionArgs,
      ...args,
    });
}

const vpcConfig = (name: string) => resource(TYPES.function, name).inputs.vpcConfig;
const egressOf = (name: string) =>
  resource(TYPES.securityGroup, `${name}-sg`).inputs.egress as {
    description: string;
    ipv6CidrBlocks: string[];
  }[];
const variablesOf = (name: string) =>
  resource(TYPES.function, name).inputs.environment?.variables as Record<string, string>;

describe("VpcFunction on dual-stack subnets", () => {
  it("allows IPv6 by default in a PrivateNetwork of the program with ipv6, not without", async () => {
    useWorld();
    onNetwork(true)();
    await settle();
    assert.strictEqual(vpcConfig("fn").ipv6AllowedForDualStack, true);
    const block = resource(TYPES.vpc, "net-vpc").outputs?.ipv6CidrBlock as string;
    assert.deepStrictEqual(egressOf("fn")[0].ipv6CidrBlocks, [block]);
    assert.ok(egressOf("fn").some((r) => r.ipv6CidrBlocks.includes("::/0")));
  });

  it("keeps IPv6 off by default on an IPv4-only PrivateNetwork, and in its security group", async () => {
    useWorld();
    onNetwork(false)();
    await settle();
    assert.strictEqual(vpcConfig("fn").ipv6AllowedForDualStack, false);
    assert.ok(egressOf("fn").every((r) => r.ipv6CidrBlocks.length === 0));
  });

  it("an explicit false on a dual-stack network wins, and the group opens no IPv6", async () => {
    useWorld();
    onNetwork(true, { ipv6AllowedForDualStack: false })();
    await settle();
    assert.strictEqual(vpcConfig("fn").ipv6AllowedForDualStack, false);
    assert.ok(egressOf("fn").every((r) => r.ipv6CidrBlocks.length === 0));
  });

  it("refuses ipv6AllowedForDualStack: true on an IPv4-only PrivateNetwork, before registering", () => {
    useWorld();
    assert.throws(
      onNetwork(false, { ipv6AllowedForDualStack: true }),
      (e: Error) =>
        e.message ===
        'VpcFunction "fn": ipv6AllowedForDualStack is true, but the private subnets of PrivateNetwork "net" are IPv4-only: set ipv6: true on the network, or drop ipv6AllowedForDualStack.',
    );
    assert.ok(!registrations().some((r) => r.type === "lambda-networking:index:VpcFunction"));
  });

  it("allows IPv6 by default on looked-up dual-stack subnets", async () => {
    existing(true);
    await onExisting("fn");
    assert.strictEqual(vpcConfig("fn").ipv6AllowedForDualStack, true);
    assert.deepStrictEqual(egressOf("fn")[0].ipv6CidrBlocks, ["2600:1f18::/56"]);
    assert.deepStrictEqual(
      egressOf("fn").find((r) => r.description === "HTTPS to the internet")?.ipv6CidrBlocks,
      ["::/0"],
    );
  });

  it("keeps IPv6 off by default on looked-up IPv4-only subnets", async () => {
    existing(false);
    await onExisting("fn");
    assert.strictEqual(vpcConfig("fn").ipv6AllowedForDualStack, false);
    assert.ok(egressOf("fn").every((r) => r.ipv6CidrBlocks.length === 0));
  });

  it("refuses ipv6AllowedForDualStack: true on looked-up IPv4-only subnets, naming them", async () => {
    existing(false);
    await onExisting("fn", { ipv6AllowedForDualStack: true });
    assert.strictEqual(
      (await asyncError()).message,
      'VpcFunction "fn": ipv6AllowedForDualStack is true, but subnets subnet-a and subnet-b have no IPv6 block: pass dual-stack subnets (on a PrivateNetwork, ipv6: true), or drop ipv6AllowedForDualStack.',
    );
    assert.deepStrictEqual(childrenOf("fn"), []);
  });

  it("useDualStackEndpoints sets AWS_USE_DUALSTACK_ENDPOINT, merged with the function's variables; the user's own value wins", async () => {
    existing(true);
    await onExisting("plain", { useDualStackEndpoints: true });
    assert.deepStrictEqual(variablesOf("plain"), { AWS_USE_DUALSTACK_ENDPOINT: "true" });
    await onExisting("merged", {
      useDualStackEndpoints: true,
      functionArgs: { ...functionArgs, environment: { variables: { TABLE: "orders" } } },
    });
    assert.deepStrictEqual(variablesOf("merged"), {
      AWS_USE_DUALSTACK_ENDPOINT: "true",
      TABLE: "orders",
    });
    await onExisting("own", {
      useDualStackEndpoints: true,
      functionArgs: {
        ...functionArgs,
        environment: { variables: { AWS_USE_DUALSTACK_ENDPOINT: "false" } },
      },
    });
    assert.deepStrictEqual(variablesOf("own"), { AWS_USE_DUALSTACK_ENDPOINT: "false" });
    await onExisting("off");
    assert.strictEqual(resource(TYPES.function, "off").inputs.environment, undefined);
    assert.deepStrictEqual(warnings(), []);
  });

  it("refuses useDualStackEndpoints without IPv6: on IPv4-only subnets, and with an explicit false", async () => {
    const refusal =
      'VpcFunction "fn": useDualStackEndpoints is true, but the function does not allow IPv6 (ipv6AllowedForDualStack is false, or its subnets are not known to be dual-stack): pass dual-stack subnets and ipv6AllowedForDualStack: true, or drop useDualStackEndpoints.';
    existing(false);
    await onExisting("fn", { useDualStackEndpoints: true });
    assert.strictEqual((await asyncError()).message, refusal);
    assert.deepStrictEqual(childrenOf("fn"), []);
    existing(true);
    assert.throws(
      () =>
        new VpcFunction("fn", {
          vpcId: "vpc-app",
          subnetIds: ["subnet-a", "subnet-b"],
          functionArgs,
          ipv6AllowedForDualStack: false,
          useDualStackEndpoints: true,
        }),
      (e: Error) => e.message === refusal,
    );
  });

  it("warns that dual-stack names bypass the interface endpoints' private DNS: a network's, and a VPC's", async () => {
    useWorld();
    onNetwork(true, { useDualStackEndpoints: true }, true)();
    await settle();
    assert.deepStrictEqual(warnings(), [
      `VpcFunction "fn": useDualStackEndpoints: the AWS SDKs then call services at their dual-stack host names, which the private DNS of the interface endpoints of PrivateNetwork "net" (sqs) does not answer (it answers the standard names), so those calls bypass the endpoints and need IPv6 egress or NAT. Drop useDualStackEndpoints to keep them on the endpoints.`,
    ]);
    existing(true);
    new ServiceEndpoints("eps", {
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
      endpoints: [{ service: "sqs" }],
    });
    await settle();
    await onExisting("worker", { useDualStackEndpoints: true });
    assert.match(
      warnings().at(-1) as string,
      /^VpcFunction "worker": useDualStackEndpoints: .* interface endpoints in vpc-app \(com\.amazonaws\.us-east-1\.sqs\) does not answer/,
    );
  });

  it("warns of the services a hub shares with the network too: dual-stack names bypass the profile's", async () => {
    useWorld();
    const hub = new PrivateNetwork("hub", { availabilityZoneCount: 2, cidrBlock: "10.1.0.0/16" });
    const shared = new SharedServiceEndpoints("shared", {
      vpcId: hub.vpcId,
      subnetIds: hub.privateSubnetIds,
      endpoints: [{ service: "sts" }],
      spokeCidrBlocks: ["10.0.0.0/16"],
    });
    const net = new PrivateNetwork("net", {
      availabilityZoneCount: 2,
      ipv6: true,
      sharedServiceEndpoints: { profileId: shared.profileId, hubCidrBlocks: ["10.1.0.0/16"] },
    });
    new VpcFunction("fn", {
      vpcId: net.vpcId,
      subnetIds: net.privateSubnetIds,
      functionArgs,
      useDualStackEndpoints: true,
    });
    await settle();
    assert.match(
      warnings().at(-1) as string,
      /^VpcFunction "fn": useDualStackEndpoints: .* interface endpoints of PrivateNetwork "net" \(sts\) does not answer/,
    );
  });
});
