import * as aws from "../../components/aws";
import * as assert from "assert";
import { VpcFunction } from "../../components";
import { registrations, settle, TWO_SUBNET_VPC, useWorld } from "../mocks";
import { physicalName } from "../../components/lib/naming";
import { PlannedResource, preflight } from "../../components/lib/preflight";

const r = (
  type: string,
  name: string,
  inputs: Record<string, any>,
  outputs?: Record<string, any>,
): PlannedResource => ({
  type: `aws:${type}`,
  name,
  id: `${name}-id`,
  inputs,
  outputs,
});
const vpc = (cidrBlock = "10.0.0.0/16") => r("ec2/vpc:Vpc", "vpc", { cidrBlock });
const subnet = (
  name: string,
  cidrBlock: string,
  availabilityZone = "us-east-1a",
  vpcId = "vpc-id",
) => r("ec2/subnet:Subnet", name, { vpcId, cidrBlock, availabilityZone });
const rules = (graph: PlannedResource[]) => preflight(graph).map((f) => `${f.resource}: ${f.rule}`);

/** A public subnet with an internet route, and a NAT gateway in it. */
const publicPath = (withIgwRoute = true) => [
  r("ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-id" }),
  subnet("public", "10.0.128.0/24"),
  r("ec2/routeTable:RouteTable", "public-rt", { vpcId: "vpc-id" }),
  r("ec2/routeTableAssociation:RouteTableAssociation", "public-assoc", {
    subnetId: "public-id",
    routeTableId: "public-rt-id",
  }),
  ...(withIgwRoute
    ? [
        r("ec2/route:Route", "to-igw", {
          routeTableId: "public-rt-id",
          destinationCidrBlock: "0.0.0.0/0",
          gatewayId: "igw-id",
        }),
      ]
    : []),
  r("ec2/natGateway:NatGateway", "nat", {
    subnetId: "public-id",
    allocationId: "eipalloc-1",
    connectivityType: "public",
  }),
];

describe("lib/preflight", () => {
  it("accepts a sound network", () => {
    assert.deepStrictEqual(
      rules([
        vpc(),
        subnet("a", "10.0.0.0/20"),
        subnet("b", "10.0.16.0/20", "us-east-1b"),
        ...publicPath(),
      ]),
      [],
    );
  });

  it("checks VPC and subnet blocks: sizes, containment, overlap", () => {
    assert.deepStrictEqual(
      rules([
        vpc("10.0.0.0/29"),
        subnet("outside", "10.1.0.0/28"),
        subnet("huge", "10.0.0.0/15"),
        subnet("tiny", "10.0.0.0/29"),
      ]),
      [
        "Vpc vpc: vpc-cidr-size",
        "Subnet outside: subnet-in-vpc",
        // 10.0.0.0/15 covers 10.1.0.0/28 too.
        "Subnet outside: subnet-overlap",
        "Subnet huge: subnet-cidr-size",
        "Subnet huge: subnet-in-vpc",
        "Subnet huge: subnet-overlap",
        "Subnet tiny: subnet-cidr-size",
      ],
    );
  });

  it("counts the ENIs placed in a subnet against its usable addresses", () => {
    // A /28 has 16 - 5 = 11 usable addresses: 12 endpoint ENIs do not fit, 11 do.
    const endpoints = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        r("ec2/vpcEndpoint:VpcEndpoint", `e${i}`, {
          vpcId: "vpc-id",
          vpcEndpointType: "Interface",
          subnetIds: ["small-id"],
        }),
      );
    assert.deepStrictEqual(rules([vpc(), subnet("small", "10.0.0.0/28"), ...endpoints(12)]), [
      "Subnet small: subnet-capacity",
    ]);
    assert.deepStrictEqual(rules([vpc(), subnet("small", "10.0.0.0/28"), ...endpoints(11)]), []);
    assert.strictEqual(
      preflight([vpc(), subnet("small", "10.0.0.0/28"), ...endpoints(12)])[0].message,
      "subnet 10.0.0.0/28 has 11 usable addresses (AWS reserves 5) but 12 ENIs are placed in it.",
    );
  });

  it("checks endpoints: explicit type, one subnet per zone in the VPC, gateways on route tables", () => {
    const graph = [
      vpc(),
      subnet("a1", "10.0.0.0/24"),
      subnet("a2", "10.0.1.0/24"),
      subnet("elsewhere", "10.9.0.0/24", "us-east-1b", "vpc-other"),
      r("ec2/vpcEndpoint:VpcEndpoint", "untyped", { vpcId: "vpc-id" }),
      r("ec2/vpcEndpoint:VpcEndpoint", "twice", {
        vpcId: "vpc-id",
        vpcEndpointType: "Interface",
        subnetIds: ["a1-id", "a2-id"],
      }),
      r("ec2/vpcEndpoint:VpcEndpoint", "foreign", {
        vpcId: "vpc-id",
        vpcEndpointType: "Interface",
        subnetIds: ["elsewhere-id"],
      }),
      r("ec2/vpcEndpoint:VpcEndpoint", "gw", {
        vpcId: "vpc-id",
        vpcEndpointType: "Gateway",
        subnetIds: ["a1-id"],
      }),
      r("ec2/vpcEndpoint:VpcEndpoint", "good", {
        vpcId: "vpc-id",
        vpcEndpointType: "Interface",
        subnetIds: ["a1-id"],
      }),
    ];
    assert.deepStrictEqual(rules(graph), [
      "VpcEndpoint untyped: endpoint-type-explicit",
      "VpcEndpoint twice: interface-endpoint-one-subnet-per-zone",
      "VpcEndpoint foreign: interface-endpoint-subnets-in-vpc",
      "VpcEndpoint gw: gateway-endpoint-route-tables",
    ]);
  });

  it("checks NAT gateways: an Elastic IP, and a subnet routed to an internet gateway", () => {
    assert.deepStrictEqual(rules([vpc(), ...publicPath(false)]), [
      "NatGateway nat: nat-in-public-subnet",
    ]);
    const noEip = [vpc(), ...publicPath()].map((x) =>
      x.name === "nat" ? { ...x, inputs: { subnetId: "public-id" } } : x,
    );
    assert.deepStrictEqual(rules(noEip), ["NatGateway nat: nat-elastic-ip"]);
  });

  it("checks routes: one default per table, targets in the table's VPC", () => {
    const graph = [
      vpc(),
      r("ec2/vpc:Vpc", "other", { cidrBlock: "10.1.0.0/16" }),
      r("ec2/internetGateway:InternetGateway", "other-igw", { vpcId: "other-id" }),
      r("ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-id" }),
      r("ec2/routeTable:RouteTable", "rt", { vpcId: "vpc-id" }),
      r("ec2/route:Route", "one", {
        routeTableId: "rt-id",
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: "igw-id",
      }),
      r("ec2/route:Route", "two", {
        routeTableId: "rt-id",
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: "other-igw-id",
      }),
    ];
    assert.deepStrictEqual(rules(graph), [
      "RouteTable rt: one-default-route",
      "Route two: route-target-in-vpc",
    ]);
  });

  it("checks Lambda: name length with the auto-name suffix, vpcConfig limits, one VPC, ENI permissions", () => {
    const role = r(
      "iam/role:Role",
      "role",
      { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}' },
      { arn: "arn:role", name: "role-1234567" },
    );
    const fn = (name: string, inputs: Record<string, any>) =>
      r("lambda/function:Function", name, { role: "arn:role", ...inputs });
    const vpcConfig = (subnetIds: string[], securityGroupIds = ["sg-1"]) => ({
      vpcConfig: { subnetIds, securityGroupIds },
    });
    const graph = [
      vpc(),
      subnet("a", "10.0.0.0/24"),
      subnet("b", "10.9.0.0/24", "us-east-1b", "vpc-other"),
      role,
      fn("x".repeat(57), {}),
      fn("explicit", { name: "y".repeat(65) }),
      fn(
        "wide",
        vpcConfig(
          Array.from({ length: 17 }, (_, i) => `s${i}`),
          ["1", "2", "3", "4", "5", "6"],
        ),
      ),
      fn("split", vpcConfig(["a-id", "b-id"])),
    ];
    assert.deepStrictEqual(rules(graph), [
      `Function ${"x".repeat(57)}: function-name-length`,
      "Function explicit: function-name-length",
      "Function wide: function-vpc-config-size",
      "Function wide: function-role-eni-permissions",
      "Function split: function-one-vpc",
      "Function split: function-role-eni-permissions",
    ]);
    const attached = r("iam/rolePolicyAttachment:RolePolicyAttachment", "vpc-access", {
      role: "role-1234567",
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    });
    assert.deepStrictEqual(
      rules([
        vpc(),
        subnet("a", "10.0.0.0/24"),
        role,
        attached,
        fn("x".repeat(56), vpcConfig(["a-id"])),
      ]),
      [],
    );
  });

  it("checks IAM: role name length and policy documents", () => {
    assert.deepStrictEqual(
      rules([
        r("iam/role:Role", "r".repeat(57), { assumeRolePolicy: "{}" }),
        r("iam/rolePolicy:RolePolicy", "inline", {
          role: "x",
          policy: '{"Version":"2012-10-17","Statement":[]}',
        }),
        r("iam/policy:Policy", "broken", { policy: "{nope" }),
      ]),
      [
        `Role ${"r".repeat(57)}: role-name-length`,
        `Role ${"r".repeat(57)}: policy-document`,
        "Policy broken: policy-document",
      ],
    );
  });

  it("checks flow logs: log group names, and a role that VPC flow logs may assume", () => {
    const trust = (service: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
      });
    const role = (name: string, service: string) =>
      r("iam/role:Role", name, { assumeRolePolicy: trust(service) }, { arn: `arn:${name}` });
    const log = (name: string, roleName: string) =>
      r("ec2/flowLog:FlowLog", name, {
        vpcId: "vpc-id",
        trafficType: "REJECT",
        logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:g",
        iamRoleArn: `arn:${roleName}`,
      });
    assert.deepStrictEqual(
      rules([
        r("cloudwatch/logGroup:LogGroup", "fine", { name: "/vpc/flow-logs#1" }),
        r("cloudwatch/logGroup:LogGroup", "spaced", { name: "flow logs" }),
        r("cloudwatch/logGroup:LogGroup", "long", { name: "g".repeat(513) }),
        // Auto-named: the resource name and a suffix of 8.
        r("cloudwatch/logGroup:LogGroup", "g".repeat(505), {}),
        role("flow", "vpc-flow-logs.amazonaws.com"),
        role("lambda", "lambda.amazonaws.com"),
        log("trusted", "flow"),
        log("untrusted", "lambda"),
        // To S3: no role.
        r("ec2/flowLog:FlowLog", "s3", { logDestinationType: "s3", logDestination: "arn:b" }),
      ]),
      [
        "LogGroup spaced: log-group-name-characters",
        "LogGroup long: log-group-name-length",
        `LogGroup ${"g".repeat(505)}: log-group-name-length`,
        "FlowLog untrusted: flow-log-role-trust",
      ],
    );
  });

  it("checks security groups: rule counts (one per source) and names", () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);
    assert.deepStrictEqual(
      rules([
        r("ec2/securityGroup:SecurityGroup", "many", {
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: blocks(61) }],
        }),
        r("ec2/securityGroup:SecurityGroup", "fine", {
          name: "app",
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: blocks(60) }],
        }),
        r("ec2/securityGroup:SecurityGroup", "named", { name: "sg-app" }),
      ]),
      ["SecurityGroup many: security-group-rule-count", "SecurityGroup named: security-group-name"],
    );
  });

  it("counts security-group rules apart for IPv4 and IPv6, a group source toward both, a prefix list as its maximum entries", () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);
    const v6 = (n: number) =>
      Array.from({ length: n }, (_, i) => `2600:1f18:${i.toString(16)}::/48`);
    const sg = (name: string, rule: Record<string, unknown>) =>
      r("ec2/securityGroup:SecurityGroup", name, {
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ...rule }],
      });
    const graph = [
      r("ec2/managedPrefixList:ManagedPrefixList", "partners", {
        addressFamily: "IPv4",
        maxEntries: 50,
      }),
      // 60 of each family: at the quota, not over it.
      sg("both-full", { cidrBlocks: blocks(60), ipv6CidrBlocks: v6(60) }),
      // 59 blocks and one group: 60 IPv4, 1 IPv6.
      sg("with-group", { cidrBlocks: blocks(59), securityGroups: ["sg-1"] }),
      // 11 blocks and a list of up to 50 entries: 61.
      sg("with-list", { cidrBlocks: blocks(11), prefixListIds: ["partners-id"] }),
      // 60 IPv6 blocks and a group: 61 IPv6.
      sg("v6-over", { ipv6CidrBlocks: v6(60), securityGroups: ["sg-1"] }),
    ];
    assert.deepStrictEqual(
      preflight(graph).map((f) => `${f.resource}: ${f.rule}: ${f.message}`),
      [
        "SecurityGroup with-list: security-group-rule-count: has 61 IPv4 ingress rules; a security group takes 60 (each prefix list counts as its maximum entries).",
        "SecurityGroup v6-over: security-group-rule-count: has 61 IPv6 ingress rules; a security group takes 60 (each prefix list counts as its maximum entries).",
      ],
    );
  });

  it("warns when the stack's Elastic IPs in one Region exceed the default quota of 5", () => {
    const eips = (n: number, provider?: string) =>
      Array.from({ length: n }, (_, i) => ({
        ...r("ec2/eip:Eip", `${provider ?? "default"}-eip-${i}`, { domain: "vpc" }),
        provider,
      }));
    assert.deepStrictEqual(preflight([...eips(5), ...eips(5, "urn:provider:eu")]), []);
    const over = preflight(eips(6));
    assert.deepStrictEqual(over, [
      {
        resource: "Eip default-eip-5",
        rule: "elastic-ip-quota",
        severity: "warning",
        message:
          'the stack allocates 6 Elastic IPs in one Region, over the default quota of 5 per Region (which also counts those the account already holds): request more in Service Quotas ("EC2-VPC Elastic IPs") before deploying, or use fewer NAT gateways (natGateways: "single").',
        doc: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-eips",
      },
    ]);
  });

  it("takes a regional NAT gateway without an allocation, and refuses one with it", () => {
    const nat = (inputs: Record<string, unknown>) =>
      r("ec2/natGateway:NatGateway", "regional", {
        vpcId: "vpc-id",
        availabilityMode: "regional",
        connectivityType: "public",
        ...inputs,
      });
    assert.deepStrictEqual(rules([vpc(), nat({})]), []);
    assert.deepStrictEqual(rules([vpc(), nat({ allocationId: "eipalloc-1" })]), [
      "NatGateway regional: nat-regional-allocation",
    ]);
  });

  it("accepts a policy document without Version, and inline policies that grant ENI actions by wildcard", () => {
    const role = r(
      "iam/role:Role",
      "role",
      { assumeRolePolicy: '{"Statement":[]}' },
      { arn: "arn:role", name: "role-1" },
    );
    const fn = r("lambda/function:Function", "fn", {
      role: "arn:role",
      vpcConfig: { subnetIds: ["a-id"], securityGroupIds: ["sg-1"] },
    });
    const inline = (Action: unknown, Effect = "Allow") =>
      r("iam/rolePolicy:RolePolicy", "inline", {
        role: "role-1",
        policy: JSON.stringify({ Statement: [{ Effect, Action, Resource: "*" }] }),
      });
    const graph = (policy: PlannedResource) =>
      rules([vpc(), subnet("a", "10.0.0.0/24"), role, fn, policy]);
    assert.deepStrictEqual(graph(inline("ec2:*")), []);
    assert.deepStrictEqual(graph(inline("*")), []);
    assert.deepStrictEqual(
      graph(inline(["EC2:CreateNetworkInterface", "ec2:describe*", "ec2:Delete*"])),
      [],
    );
    assert.deepStrictEqual(graph(inline(["ec2:Describe*"])), [
      "Function fn: function-role-eni-permissions",
    ]);
    assert.deepStrictEqual(graph(inline("ec2:*", "Deny")), [
      "Function fn: function-role-eni-permissions",
    ]);
  });

  it("finds the VPC of an adopted default route table and of a gateway attached apart (no false route-target-in-vpc)", () => {
    const withVpcOutputs = { ...vpc(), outputs: { defaultRouteTableId: "rtb-main-1" } };
    const graph = (gatewayVpc: string) => [
      withVpcOutputs,
      { ...r("ec2/vpc:Vpc", "other", { cidrBlock: "10.1.0.0/16" }), id: "other-id" },
      // Adopted by id, as third-party programs do: no vpcId input.
      {
        ...r("ec2/defaultRouteTable:DefaultRouteTable", "main", {
          defaultRouteTableId: "rtb-main-1",
        }),
        id: "rtb-main-1",
      },
      r("ec2/internetGateway:InternetGateway", "igw", {}),
      r("ec2/internetGatewayAttachment:InternetGatewayAttachment", "igw-attach", {
        internetGatewayId: "igw-id",
        vpcId: gatewayVpc,
      }),
      r("ec2/route:Route", "out", {
        routeTableId: "rtb-main-1",
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: "igw-id",
      }),
    ];
    assert.deepStrictEqual(rules(graph("vpc-id")), []);
    // The same gateway attached to another VPC is the mistake the rule is for.
    assert.deepStrictEqual(rules(graph("other-id")), ["Route out: route-target-in-vpc"]);
  });

  it("finds a default route table's VPC on a recorded graph, from the provider's vpcId output", async () => {
    useWorld();
    const network = new aws.ec2.Vpc("main-vpc", { cidrBlock: "10.3.0.0/16" });
    const gateway = new aws.ec2.InternetGateway("main-igw", { vpcId: network.id });
    const table = new aws.ec2.DefaultRouteTable("main-table", {
      defaultRouteTableId: network.defaultRouteTableId,
    });
    new aws.ec2.Route("main-out", {
      routeTableId: table.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: gateway.id,
    });
    await settle();
    assert.deepStrictEqual(rules(registrations()), []);
  });

  it("takes what other people's stacks write: gateway endpoints without a type, gateways attached apart, main route tables", () => {
    const endpoint = (name: string, service: string) =>
      r("ec2/vpcEndpoint:VpcEndpoint", name, {
        vpcId: "vpc-id",
        serviceName: `com.amazonaws.us-east-1.${service}`,
        routeTableIds: ["rt-id"],
      });
    // The provider's default type, Gateway, is right for S3 and DynamoDB (awsx leaves it out).
    assert.deepStrictEqual(
      rules([vpc(), endpoint("s3", "s3"), endpoint("ddb", "dynamodb"), endpoint("q", "sqs")]),
      ["VpcEndpoint q: endpoint-type-explicit"],
    );
    // An internet gateway attached with InternetGatewayAttachment has no vpcId of its own.
    const attachedApart = [vpc(), ...publicPath()].map((x) =>
      x.name === "igw" ? { ...x, inputs: {} } : x,
    );
    assert.deepStrictEqual(rules(attachedApart), []);
    // A NAT gateway's subnet without an association of its own uses the VPC's main table.
    const mainTable = [vpc(), ...publicPath()].filter((x) => x.name !== "public-assoc");
    assert.deepStrictEqual(rules(mainTable), []);
  });

  it("finds a role's ENI permissions in managedPolicyArns and in attachments by role id", () => {
    const role = (inputs: Record<string, unknown> = {}) =>
      r(
        "iam/role:Role",
        "role",
        { assumeRolePolicy: '{"Statement":[]}', ...inputs },
        { arn: "arn:role", name: "role-1" },
      );
    const fn = r("lambda/function:Function", "fn", {
      role: "arn:role",
      vpcConfig: { subnetIds: ["a-id"], securityGroupIds: ["sg-1"] },
    });
    const base = [vpc(), subnet("a", "10.0.0.0/24"), fn];
    const arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
    assert.deepStrictEqual(rules([...base, role()]), [
      "Function fn: function-role-eni-permissions",
    ]);
    assert.deepStrictEqual(rules([...base, role({ managedPolicyArns: [arn] })]), []);
    assert.deepStrictEqual(
      rules([
        ...base,
        role(),
        // role.id: a role's id is its name.
        r("iam/rolePolicyAttachment:RolePolicyAttachment", "by-id", {
          role: "role-id",
          policyArn: arn,
        }),
      ]),
      [],
    );
  });

  it("runs the execution-role rule on a recorded graph (the function's role is matched by its ARN)", async () => {
    useWorld({
      ...TWO_SUBNET_VPC,
    });
    const bare = new aws.iam.Role("bare", {
      assumeRolePolicy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    });
    new VpcFunction("fn", {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      functionArgs: { runtime: "nodejs22.x", handler: "index.handler", role: bare.arn },
    });
    await settle();
    assert.deepStrictEqual(
      preflight(registrations())
        .filter((f) => f.rule === "function-role-eni-permissions")
        .map((f) => f.message),
      [
        "its execution role bare does not allow managing network interfaces (attach AWSLambdaVPCAccessExecutionRole).",
      ],
    );
    // The record is shared by the tests of this worker: leave it empty for the next one.
    useWorld();
  });

  it("checks tags: count and lengths", () => {
    const tags = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    assert.deepStrictEqual(
      rules([
        r("ec2/vpc:Vpc", "many", { cidrBlock: "10.0.0.0/16", tags: tags(51) }),
        r("ec2/vpc:Vpc", "long", { cidrBlock: "10.1.0.0/16", tags: { ["k".repeat(129)]: "v" } }),
        r("ec2/vpc:Vpc", "fine", { cidrBlock: "10.2.0.0/16", tags: tags(50) }),
      ]),
      ["Vpc many: tag-count", "Vpc long: tag-length"],
    );
  });

  it("names long children within AWS limits, stably", () => {
    assert.strictEqual(physicalName("a".repeat(56), 64), undefined);
    const long = physicalName("a".repeat(57), 64) as string;
    assert.strictEqual(long.length, 64);
    assert.strictEqual(long, physicalName("a".repeat(57), 64));
    // Unique per project and stack: dev and prod in one account must not share a role name.
    assert.notStrictEqual(
      physicalName("a".repeat(57), 64, "app/dev"),
      physicalName("a".repeat(57), 64, "app/prod"),
    );
    assert.strictEqual(
      physicalName("a".repeat(57), 64, "app/dev"),
      physicalName("a".repeat(57), 64, "app/dev"),
    );
    assert.notStrictEqual(
      physicalName(`${"a".repeat(60)}-one`, 64),
      physicalName(`${"a".repeat(60)}-two`, 64),
    );
  });
});
