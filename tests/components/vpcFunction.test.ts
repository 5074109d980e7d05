import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as aws from "../../components/aws";
import { PrivateNetwork, VpcFunction, VpcFunctionArgs } from "../../components";
import {
  asyncError,
  childrenOf,
  invokes,
  MockRouteTable,
  MockSecurityGroup,
  MockSubnet,
  prefixListIdOf,
  registrations,
  resource,
  resourcesOfType,
  settle,
  takeErrors,
  TYPES,
  useWorld,
  valueOf,
  warnings,
} from "../mocks";
import { assertMessage, quoting } from "./messages";

const code = new pulumi.asset.AssetArchive({
  "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ ok: true });"),
});
const functionArgs = { runtime: "nodejs20.x", handler: "index.handler", code, timeout: 10 };

/**
 * An existing VPC: private subnets in zones a, b and f that leave through a NAT gateway, an
 * isolated subnet in zone c with no default route, and a public subnet in zone a.
 */
const subnets: MockSubnet[] = [
  { id: "subnet-pa", vpcId: "vpc-app", availabilityZone: "us-east-1a", cidrBlock: "10.1.0.0/20" },
  { id: "subnet-pb", vpcId: "vpc-app", availabilityZone: "us-east-1b", cidrBlock: "10.1.16.0/20" },
  { id: "subnet-pf", vpcId: "vpc-app", availabilityZone: "us-east-1f", cidrBlock: "10.1.80.0/20" },
  { id: "subnet-ic", vpcId: "vpc-app", availabilityZone: "us-east-1c", cidrBlock: "10.1.32.0/20" },
  {
    id: "subnet-web",
    vpcId: "vpc-app",
    availabilityZone: "us-east-1a",
    cidrBlock: "10.1.128.0/24",
  },
  {
    id: "subnet-ip",
    vpcId: "vpc-app",
    availabilityZone: "us-east-1b",
    cidrBlock: "10.1.129.0/24",
    mapPublicIpOnLaunch: true,
  },
  {
    id: "subnet-other",
    vpcId: "vpc-other",
    availabilityZone: "us-east-1b",
    cidrBlock: "10.9.0.0/24",
  },
];
const routeTables: MockRouteTable[] = [
  {
    id: "rtb-private",
    vpcId: "vpc-app",
    subnetIds: ["subnet-pa", "subnet-pb", "subnet-pf"],
    routes: [
      { cidrBlock: "10.1.0.0/16", gatewayId: "local" },
      { cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" },
    ],
  },
  {
    id: "rtb-public",
    vpcId: "vpc-app",
    subnetIds: ["subnet-web"],
    routes: [
      { cidrBlock: "10.1.0.0/16", gatewayId: "local" },
      { cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
    ],
  },
  // subnet-ic and subnet-ip have no association: the main table applies.
  {
    id: "rtb-main",
    vpcId: "vpc-app",
    main: true,
    subnetIds: [],
    routes: [{ cidrBlock: "10.1.0.0/16", gatewayId: "local" }],
  },
];

const httpsOut = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }];
/** Groups of vpc-app that let HTTPS out, one that lets nothing out, and one of another VPC. */
const securityGroups: MockSecurityGroup[] = [
  ...["sg-db-client", "sg-cache-client", "sg-a", "sg-b", "sg-1"].map((id) => ({
    id,
    vpcId: "vpc-app",
    egress: httpsOut,
  })),
  { id: "sg-closed", vpcId: "vpc-app", egress: [] },
  { id: "sg-closed-too", vpcId: "vpc-app", ingress: httpsOut, egress: [] },
  { id: "sg-foreign", vpcId: "vpc-other", egress: httpsOut },
];

/** The same subnets with an IPv6 /64 each: dual-stack. */
const dualStackSubnets: MockSubnet[] = subnets.map((s, i) => ({
  ...s,
  ipv6CidrBlock: `2600:1f18:0:${i}::/64`,
}));

function existingVpc(dualStack = false) {
  return useWorld({
    subnets: dualStack ? dualStackSubnets : subnets,
    routeTables,
    securityGroups,
    vpcs: [{ id: "vpc-app", cidrBlock: "10.1.0.0/16" }],
  });
}

async function build(name: string, args: Partial<VpcFunctionArgs>) {
  const fn = new VpcFunction(name, {
    vpcId: "vpc-app",
    subnetIds: ["subnet-pa", "subnet-pb", "subnet-pf"],
    functionArgs,
    ...args,
  });
  await settle();
  return fn;
}

/** The scoped VPC access policy, written out. */
function scopedPolicy(vpcId: string, groupArn: string, region = "us-east-1", partition = "aws") {
  const ec2 = `arn:${partition}:ec2:${region}:123456789012`;
  const inVpc = { ArnEquals: { "ec2:Vpc": `${ec2}:vpc/${vpcId}` } };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DescribeNetwork",
        Effect: "Allow",
        Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
        Resource: "*",
      },
      {
        Sid: "ManageNetworkInterfaces",
        Effect: "Allow",
        Action: [
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: `${ec2}:network-interface/*`,
      },
      {
        Sid: "InTheFunctionsVpcOnly",
        Effect: "Allow",
        Action: "ec2:CreateNetworkInterface",
        Resource: [`${ec2}:subnet/*`, `${ec2}:security-group/*`],
        Condition: inVpc,
      },
      {
        Sid: "WriteTheFunctionsLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${groupArn}:*`,
      },
    ],
  };
}

const trustPolicy = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

describe("VpcFunction", () => {
  it("runs in an existing VPC by ids: own security group, execution role, fast teardown", async () => {
    existingVpc();
    const fn = await build("worker", { tags: { team: "core" } });
    assert.deepStrictEqual(
      childrenOf("worker")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        `${TYPES.logGroup} worker-logs`,
        `${TYPES.securityGroup} worker-sg`,
        `${TYPES.role} worker-role`,
        `${TYPES.rolePolicy} worker-vpc-access`,
        `${TYPES.function} worker`,
      ],
    );
    const sg = resource(TYPES.securityGroup, "worker-sg");
    // The subnets route 0.0.0.0/0 to a NAT gateway: the VPC, and HTTPS to anywhere.
    assert.deepStrictEqual(sg.inputs, {
      vpcId: "vpc-app",
      description: "Lambda function worker: no inbound traffic",
      ingress: [],
      egress: [
        {
          description: "All traffic to the VPC",
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["10.1.0.0/16"],
          ipv6CidrBlocks: [],
        },
        {
          description: "HTTPS to the internet",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["0.0.0.0/0"],
          ipv6CidrBlocks: [],
        },
      ],
      tags: { team: "core", Name: "worker-sg" },
    });
    const role = resource(TYPES.role, "worker-role");
    assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy), trustPolicy);
    assert.deepStrictEqual(role.inputs.tags, { team: "core", Name: "worker-role" });
    const lambda = resource(TYPES.function, "worker");
    assert.match(lambda.inputs.role, /^arn:aws:iam::123456789012:role\/worker-role-[0-9a-f]{7}$/);
    const logGroup = resource(TYPES.logGroup, "worker-logs");
    assert.deepStrictEqual(logGroup.inputs, {
      namePrefix: "/aws/lambda/worker-",
      retentionInDays: 90,
      tags: { team: "core", Name: "worker-logs" },
    });
    assert.deepStrictEqual(lambda.inputs.loggingConfig, {
      logFormat: "Text",
      logGroup: logGroup.outputs?.name,
    });
    const access = resource(TYPES.rolePolicy, "worker-vpc-access");
    assert.strictEqual(access.inputs.role, lambda.inputs.role.split("/").pop());
    assert.deepStrictEqual(
      JSON.parse(access.inputs.policy),
      scopedPolicy("vpc-app", logGroup.outputs?.arn as string),
    );
    assert.deepStrictEqual(lambda.inputs.vpcConfig, {
      subnetIds: ["subnet-pa", "subnet-pb", "subnet-pf"],
      securityGroupIds: [sg.id],
      ipv6AllowedForDualStack: false,
    });
    assert.strictEqual(lambda.inputs.replaceSecurityGroupsOnDestroy, true);
    assert.strictEqual(lambda.inputs.runtime, "nodejs20.x");
    assert.strictEqual(lambda.inputs.handler, "index.handler");
    assert.strictEqual(lambda.inputs.timeout, 10);
    assert.deepStrictEqual(lambda.inputs.tags, { team: "core", Name: "worker" });
    // Created after the VPC access policy is attached, and so deleted before it is detached.
    assert.ok(lambda.dependencies.includes("worker-vpc-access"));

    assert.deepStrictEqual(await valueOf(fn.availabilityZones), [
      "us-east-1a",
      "us-east-1b",
      "us-east-1f",
    ]);
    assert.strictEqual(await valueOf(fn.hyperplaneEniCount), 3);
    assert.strictEqual(await valueOf(fn.securityGroupId), sg.id);
    assert.strictEqual(await valueOf(fn.roleArn), lambda.inputs.role);
    assert.strictEqual(await valueOf(fn.roleName), lambda.inputs.role.split("/").pop());
    assert.match(
      await valueOf(fn.functionArn),
      /^arn:aws:lambda:us-east-1:123456789012:function:worker-/,
    );
    assert.deepStrictEqual(warnings(), []);
  });

  it("leaves a given role alone and does not wait for any attachment", async () => {
    existingVpc();
    // A path of the characters Lambda's CreateFunction takes in a role ARN.
    const roleArn = "arn:aws:iam::123456789012:role/team.a/service@1/shared-lambda";
    const fn = await build("given-role", { functionArgs: { ...functionArgs, role: roleArn } });
    assert.deepStrictEqual(resourcesOfType(TYPES.role), []);
    assert.deepStrictEqual(resourcesOfType(TYPES.rolePolicyAttachment), []);
    assert.strictEqual(resource(TYPES.function, "given-role").inputs.role, roleArn);
    assert.strictEqual(await valueOf(fn.roleArn), roleArn);
    assert.strictEqual(await valueOf(fn.roleName), "shared-lambda");
    // Its partition is checked against the provider's, looked up once.
    assert.strictEqual(invokes("aws:index/getPartition:getPartition").length, 1);
  });

  it("uses given security groups instead of creating one", async () => {
    existingVpc();
    const fn = await build("given-sg", {
      securityGroupIds: ["sg-db-client", "sg-cache-client"],
      // Asks for nothing: accepted beside given groups.
      restrictEgressToHttps: false,
    });
    assert.deepStrictEqual(resourcesOfType(TYPES.securityGroup), []);
    assert.deepStrictEqual(resource(TYPES.function, "given-sg").inputs.vpcConfig.securityGroupIds, [
      "sg-db-client",
      "sg-cache-client",
    ]);
    assert.strictEqual(await valueOf(fn.securityGroupId), undefined);
    assert.deepStrictEqual(warnings(), []);
  });

  it("rejects a given security group of another VPC before anything is registered", async () => {
    existingVpc();
    await build("foreign-sg", { securityGroupIds: ["sg-db-client", "sg-foreign"] });
    assert.strictEqual(
      (await asyncError()).message,
      'VpcFunction "foreign-sg": securityGroupIds: sg-foreign is in vpc-other, not in vpcId vpc-app; pass security groups of that VPC.',
    );
    assert.deepStrictEqual(childrenOf("foreign-sg"), []);
  });

  it("rejects a given security group that does not exist, naming the argument", async () => {
    existingVpc();
    await build("missing-sg", { securityGroupIds: ["sg-gone"] });
    assert.match(
      (await asyncError()).message,
      quoting(
        'VpcFunction "missing-sg": securityGroupIds: sg-gone was not found ',
        "no matching EC2 Security Group found",
        "; it must exist in the provider's region and account: check the id, and the provider's region and credentials.",
      ),
    );
    assert.deepStrictEqual(childrenOf("missing-sg"), []);
  });

  it("warns when the given security groups let nothing out, and not when one of them does", async () => {
    existingVpc();
    await build("closed", { securityGroupIds: ["sg-closed", "sg-closed-too"] });
    assert.deepStrictEqual(warnings(), [
      `VpcFunction "closed": security groups sg-closed and sg-closed-too have no outbound rule, so the function can open no connection, not even to AWS APIs or VPC endpoints: add an egress rule (for example TCP 443 to the VPC's block).`,
    ]);
    await build("mixed", { securityGroupIds: ["sg-closed", "sg-a"] });
    assert.strictEqual(warnings().length, 1);
    assert.strictEqual(resourcesOfType(TYPES.function).length, 2);
  });

  it("restricts the created group's egress to HTTPS when asked", async () => {
    existingVpc(true);
    await build("https-only", { restrictEgressToHttps: true, ipv6AllowedForDualStack: true });
    assert.deepStrictEqual(resource(TYPES.securityGroup, "https-only-sg").inputs.egress, [
      {
        description: "HTTPS out",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["0.0.0.0/0"],
        ipv6CidrBlocks: ["::/0"],
      },
    ]);
    assert.strictEqual(
      resource(TYPES.function, "https-only").inputs.vpcConfig.ipv6AllowedForDualStack,
      true,
    );
  });

  describe("security defaults", () => {
    const rule = (description: string, extra: Record<string, unknown>) => ({
      description,
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: [],
      ipv6CidrBlocks: [],
      ...extra,
    });
    const toVpc = (cidrBlocks: string[], ipv6CidrBlocks: string[] = []) => ({
      description: "All traffic to the VPC",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks,
      ipv6CidrBlocks,
    });

    it("egress in a PrivateNetwork without NAT: the VPC and HTTPS to its gateway endpoints, nothing else", async () => {
      useWorld();
      const network = new PrivateNetwork("net", {
        endpoints: [{ service: "s3" }, { service: "dynamodb" }, { service: "sqs" }],
      });
      new VpcFunction("api", {
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        functionArgs,
      });
      await settle();
      const sg = resource(TYPES.securityGroup, "api-sg");
      assert.deepStrictEqual(sg.inputs.egress, [
        toVpc(["10.0.0.0/16"]),
        rule("HTTPS to the gateway endpoints", {
          prefixListIds: [
            prefixListIdOf("com.amazonaws.us-east-1.dynamodb"),
            prefixListIdOf("com.amazonaws.us-east-1.s3"),
          ].sort(),
        }),
      ]);
      // The prefix lists are looked up by service name, the lists the endpoints report: the
      // group waits for the VPC alone, not for the endpoints (AWS needs only the lists).
      for (const e of ["net-endpoints-s3", "net-endpoints-dynamodb"]) {
        const endpoint = resource(TYPES.vpcEndpoint, e);
        assert.ok(!sg.dependencyUrns.includes(endpoint.urn as string), e);
      }
      assert.deepStrictEqual(
        sg.dependencies.filter((d) => d.startsWith("net")),
        ["net-vpc"],
      );
    });

    it("egress in a PrivateNetwork with NAT: the VPC and HTTPS to anywhere", async () => {
      useWorld();
      const network = new PrivateNetwork("net", { natGateways: "single" });
      new VpcFunction("api", {
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        functionArgs,
      });
      await settle();
      assert.deepStrictEqual(resource(TYPES.securityGroup, "api-sg").inputs.egress, [
        toVpc(["10.0.0.0/16"]),
        rule("HTTPS to the internet", { cidrBlocks: ["0.0.0.0/0"] }),
      ]);
    });

    it("egress in existing subnets follows their route tables: gateway endpoints, no NAT", async () => {
      const s3List = prefixListIdOf("com.amazonaws.us-east-1.s3");
      useWorld({
        subnets: dualStackSubnets.filter((s) => ["subnet-pa", "subnet-pb"].includes(s.id)),
        vpcs: [{ id: "vpc-app", cidrBlock: "10.1.0.0/16", ipv6CidrBlock: "2600:1f18::/56" }],
        routeTables: [
          {
            id: "rtb-isolated",
            vpcId: "vpc-app",
            subnetIds: ["subnet-pa", "subnet-pb"],
            routes: [
              { cidrBlock: "10.1.0.0/16", gatewayId: "local" },
              // A gateway endpoint's route, which the provider's route-table look-up leaves out.
              { destinationPrefixListId: s3List, gatewayId: "vpce-0s3" },
              { ipv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" },
            ],
          },
        ],
      });
      await build("iso", { subnetIds: ["subnet-pa", "subnet-pb"], ipv6AllowedForDualStack: true });
      assert.deepStrictEqual(resource(TYPES.securityGroup, "iso-sg").inputs.egress, [
        toVpc(["10.1.0.0/16"], ["2600:1f18::/56"]),
        rule("HTTPS to the gateway endpoints", { prefixListIds: [s3List] }),
        // No NAT: no IPv4 internet; IPv6 through the egress-only gateway, as the function may.
        rule("HTTPS to the internet", { ipv6CidrBlocks: ["::/0"] }),
      ]);
    });

    it("egress opens nothing of its own toward networks the routes reach (peering, transit gateway): without a default route, none; with one, TCP 443", async () => {
      const routed = (id: string, extra: object[]) => ({
        id,
        vpcId: "vpc-app",
        subnetIds: id === "rtb-peered" ? ["subnet-pa", "subnet-pb"] : ["subnet-pf"],
        routes: [
          { cidrBlock: "10.1.0.0/16", gatewayId: "local" },
          { cidrBlock: "10.9.0.0/16", vpcPeeringConnectionId: "pcx-1" },
          { cidrBlock: "172.16.0.0/12", transitGatewayId: "tgw-1" },
          ...extra,
        ],
      });
      useWorld({
        subnets,
        vpcs: [{ id: "vpc-app", cidrBlock: "10.1.0.0/16" }],
        routeTables: [routed("rtb-peered", [])],
      });
      await build("peered", { subnetIds: ["subnet-pa", "subnet-pb"] });
      assert.deepStrictEqual(resource(TYPES.securityGroup, "peered-sg").inputs.egress, [
        toVpc(["10.1.0.0/16"]),
      ]);
      useWorld({
        subnets,
        vpcs: [{ id: "vpc-app", cidrBlock: "10.1.0.0/16" }],
        routeTables: [
          routed("rtb-peered", [{ cidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-1" }]),
        ],
      });
      await build("hub", { subnetIds: ["subnet-pa", "subnet-pb"] });
      assert.deepStrictEqual(resource(TYPES.securityGroup, "hub-sg").inputs.egress, [
        toVpc(["10.1.0.0/16"]),
        rule("HTTPS to the internet", { cidrBlocks: ["0.0.0.0/0"] }),
      ]);
    });

    it("egress to the VPC covers every block associated with it, secondary and IPv6 ones too", async () => {
      useWorld({
        subnets: dualStackSubnets,
        routeTables,
        securityGroups,
        vpcs: [
          {
            id: "vpc-app",
            cidrBlock: "10.1.0.0/16",
            secondaryCidrBlocks: ["100.64.0.0/16", "10.2.0.0/16"],
            ipv6CidrBlock: "2600:1f18:aaaa:bb00::/56",
          },
        ],
      });
      await build("wide", { ipv6AllowedForDualStack: true });
      assert.deepStrictEqual(
        resource(TYPES.securityGroup, "wide-sg").inputs.egress[0],
        toVpc(["10.1.0.0/16", "100.64.0.0/16", "10.2.0.0/16"], ["2600:1f18:aaaa:bb00::/56"]),
      );
    });

    it("egress through routes the route-table look-up does not show: a VPN's propagated default route, a firewall of another account", async () => {
      const dynamodbList = prefixListIdOf("com.amazonaws.us-east-1.dynamodb");
      useWorld({
        subnets: subnets.filter((s) => ["subnet-pa", "subnet-pb", "subnet-pf"].includes(s.id)),
        vpcs: [{ id: "vpc-app", cidrBlock: "10.1.0.0/16" }],
        routeTables: [
          {
            id: "rtb-vpn",
            vpcId: "vpc-app",
            subnetIds: ["subnet-pa", "subnet-pb"],
            routes: [
              { cidrBlock: "10.1.0.0/16", gatewayId: "local", origin: "CreateRouteTable" },
              // On-premises advertises the default route over BGP: the way out is the VPN.
              { cidrBlock: "0.0.0.0/0", gatewayId: "vgw-1", origin: "EnableVgwRoutePropagation" },
              { destinationPrefixListId: dynamodbList, gatewayId: "vpce-0ddb" },
            ],
          },
          {
            id: "rtb-firewall",
            vpcId: "vpc-app",
            main: true,
            subnetIds: ["subnet-pf"],
            routes: [
              { cidrBlock: "0.0.0.0/0", networkInterfaceId: "eni-1", otherAccountsInterface: true },
            ],
          },
        ],
      });
      await build("vpn", {});
      assert.deepStrictEqual(resource(TYPES.securityGroup, "vpn-sg").inputs.egress, [
        toVpc(["10.1.0.0/16"]),
        rule("HTTPS to the gateway endpoints", { prefixListIds: [dynamodbList] }),
        rule("HTTPS to the internet", { cidrBlocks: ["0.0.0.0/0"] }),
      ]);
      // Every subnet has a default route: no warning that it reaches no internet.
      assert.deepStrictEqual(warnings(), []);
    });

    it("egress in subnets made by something else in the program: HTTPS anywhere, as routing cannot be known yet", async () => {
      existingVpc();
      const a = new aws.ec2.Subnet("a", {
        vpcId: "vpc-app",
        availabilityZone: "us-east-1a",
        cidrBlock: "10.1.200.0/24",
      });
      const b = new aws.ec2.Subnet("b", {
        vpcId: "vpc-app",
        availabilityZone: "us-east-1b",
        cidrBlock: "10.1.201.0/24",
      });
      await build("later", { subnetIds: [a.id, b.id] });
      assert.deepStrictEqual(resource(TYPES.securityGroup, "later-sg").inputs.egress, [
        toVpc(["10.1.0.0/16"]),
        rule("HTTPS out (the subnets' routing is not known)", { cidrBlocks: ["0.0.0.0/0"] }),
      ]);
    });

    it('egress "All" and "Https" keep the broad rules for those who need them', async () => {
      existingVpc();
      await build("all", { egress: "All" });
      await build("https", { egress: "Https" });
      const everywhere = { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };
      assert.deepStrictEqual(resource(TYPES.securityGroup, "all-sg").inputs.egress, [
        { description: "All traffic out", protocol: "-1", fromPort: 0, toPort: 0, ...everywhere },
      ]);
      assert.deepStrictEqual(resource(TYPES.securityGroup, "https-sg").inputs.egress, [
        { description: "HTTPS out", protocol: "tcp", fromPort: 443, toPort: 443, ...everywhere },
      ]);
    });

    it('executionRolePolicy "Managed" attaches AWSLambdaVPCAccessExecutionRole, as before', async () => {
      existingVpc();
      await build("managed", { executionRolePolicy: "Managed" });
      const lambda = resource(TYPES.function, "managed");
      assert.deepStrictEqual(resource(TYPES.rolePolicyAttachment, "managed-vpc-access").inputs, {
        role: lambda.inputs.role.split("/").pop(),
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
      });
      assert.deepStrictEqual(resourcesOfType(TYPES.rolePolicy), []);
      assert.ok(lambda.dependencies.includes("managed-vpc-access"));
    });

    it("keeps logs as asked, encrypted with the given key", async () => {
      existingVpc();
      const kmsKeyId = "arn:aws:kms:us-east-1:123456789012:key/1234abcd";
      await build("kept", { logs: { retentionInDays: 365, kmsKeyId } });
      assert.deepStrictEqual(resource(TYPES.logGroup, "kept-logs").inputs, {
        namePrefix: "/aws/lambda/kept-",
        retentionInDays: 365,
        kmsKeyId,
        tags: { Name: "kept-logs" },
      });
    });

    it("logs to a group the function names itself, and scopes the role to it", async () => {
      existingVpc();
      await build("own", {
        functionArgs: {
          ...functionArgs,
          loggingConfig: { logFormat: "JSON", logGroup: "/org/own" },
        },
      });
      assert.deepStrictEqual(resourcesOfType(TYPES.logGroup), []);
      assert.deepStrictEqual(resource(TYPES.function, "own").inputs.loggingConfig, {
        logFormat: "JSON",
        logGroup: "/org/own",
      });
      const groupArn = "arn:aws:logs:us-east-1:123456789012:log-group:/org/own";
      assert.deepStrictEqual(
        JSON.parse(resource(TYPES.rolePolicy, "own-vpc-access").inputs.policy),
        scopedPolicy("vpc-app", groupArn),
      );
    });

    it("keeps the user's other logging settings beside the group it makes", async () => {
      existingVpc();
      await build("json", {
        functionArgs: {
          ...functionArgs,
          loggingConfig: { logFormat: "JSON", applicationLogLevel: "WARN" },
        },
      });
      assert.deepStrictEqual(resource(TYPES.function, "json").inputs.loggingConfig, {
        logFormat: "JSON",
        applicationLogLevel: "WARN",
        logGroup: resource(TYPES.logGroup, "json-logs").outputs?.name,
      });
    });

    it("refuses a component name its log group could not carry, unless the function names its own group", async () => {
      existingVpc();
      const named = { ...functionArgs, name: "api-v2" };
      const make = (args: Partial<VpcFunctionArgs>) =>
        new VpcFunction("api:v2", {
          vpcId: "vpc-app",
          subnetIds: ["subnet-pa", "subnet-pb"],
          functionArgs: named,
          ...args,
        });
      assert.throws(() => make({}), {
        name: "ArgumentError",
        message:
          'VpcFunction "api:v2": the component\'s name gives its log group the name prefix "/aws/lambda/api:v2-", with characters CloudWatch Logs refuses (it takes letters, digits and . - _ / #): rename the component, or name a log group of your own in functionArgs.loggingConfig.logGroup.',
      });
      assert.deepStrictEqual(registrations(), []);
      make({
        functionArgs: { ...named, loggingConfig: { logFormat: "Text", logGroup: "/org/api" } },
      });
      await settle();
      assert.deepStrictEqual(resourcesOfType(TYPES.logGroup), []);
      assert.strictEqual(
        resource(TYPES.function, "api:v2").inputs.loggingConfig.logGroup,
        "/org/api",
      );
    });

    const refused: [string, Partial<VpcFunctionArgs>, string][] = [
      [
        "a retention CloudWatch Logs does not offer",
        { logs: { retentionInDays: 100 } },
        "logs.retentionInDays must be one of the periods CloudWatch Logs offers: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, or 0 to keep the records forever (got the number 100).",
      ],
      [
        "a KMS key alias",
        { logs: { kmsKeyId: "alias/logs" } },
        `logs.kmsKeyId must be a KMS key's ARN, like arn:aws:kms:us-east-1:123456789012:key/<key id> (got the string "alias/logs"): give the key's ARN, not an alias or a key id.`,
      ],
      [
        "logs beside a log group of the user's own",
        {
          logs: { retentionInDays: 30 },
          functionArgs: {
            ...functionArgs,
            loggingConfig: { logFormat: "Text", logGroup: "/org/own" },
          },
        },
        "logs sets up the log group the component creates, but functionArgs.loggingConfig.logGroup names a group of your own: set retention and encryption on that group, or drop the logGroup.",
      ],
      [
        "a log group of the user's own given by ARN",
        {
          functionArgs: {
            ...functionArgs,
            loggingConfig: {
              logFormat: "Text",
              logGroup: "arn:aws:logs:us-east-1:123456789012:log-group:/org/own",
            },
          },
        },
        'functionArgs.loggingConfig.logGroup "arn:aws:logs:us-east-1:123456789012:log-group:/org/own" is not a log group name: CloudWatch Logs takes letters, digits and . - _ / # (a name, not an ARN).',
      ],
      [
        "executionRolePolicy with a role of the user's own",
        {
          executionRolePolicy: "Managed",
          functionArgs: { ...functionArgs, role: "arn:aws:iam::123456789012:role/mine" },
        },
        "executionRolePolicy applies to the role the component creates, but functionArgs.role is given: grant your role what it needs, or drop functionArgs.role.",
      ],
      [
        "an executionRolePolicy it does not know",
        { executionRolePolicy: "managed" as never },
        'executionRolePolicy must be "Scoped" or "Managed" (got the string "managed"): "Managed" attaches AWSLambdaVPCAccessExecutionRole.',
      ],
      [
        "an egress it does not know",
        { egress: "None" as never },
        'egress must be "Network", "Https" or "All" (got the string "None"): "All" allows every outbound connection.',
      ],
      [
        "egress beside groups of the user's own",
        { egress: "All", securityGroupIds: ["sg-a"] },
        "egress applies to the security group the component creates, but securityGroupIds is given: set the egress rules on your own groups instead.",
      ],
      [
        "egress and restrictEgressToHttps together",
        { egress: "Network", restrictEgressToHttps: true },
        'restrictEgressToHttps and egress both set the created group\'s outbound rules: keep egress (restrictEgressToHttps: true is egress: "Https").',
      ],
    ];
    for (const [what, args, message] of refused) {
      it(`refuses ${what} before registering anything`, () => {
        existingVpc();
        assert.throws(
          () =>
            new VpcFunction("fn", {
              vpcId: "vpc-app",
              subnetIds: ["subnet-pa", "subnet-pb"],
              functionArgs,
              ...args,
            }),
          { name: "ArgumentError", message: `VpcFunction "fn": ${message}` },
        );
        assert.deepStrictEqual(registrations(), []);
      });
    }
  });

  it("runs in a PrivateNetwork's private subnets, one per zone, checked once their ids are known", async () => {
    useWorld();
    const network = new PrivateNetwork("net", { natGateways: "perAz" });
    const fn = new VpcFunction("api", {
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      functionArgs,
    });
    await settle();
    const privateSubnets = ["a", "b", "c"].map(
      (l) => resource(TYPES.subnet, `net-private-us-east-1${l}`).id,
    );
    assert.deepStrictEqual(resource(TYPES.function, "api").inputs.vpcConfig, {
      subnetIds: privateSubnets,
      securityGroupIds: [resource(TYPES.securityGroup, "api-sg").id],
      ipv6AllowedForDualStack: false,
    });
    assert.strictEqual(
      resource(TYPES.securityGroup, "api-sg").inputs.vpcId,
      resource(TYPES.vpc, "net-vpc").id,
    );
    assert.deepStrictEqual(await valueOf(fn.availabilityZones), [
      "us-east-1a",
      "us-east-1b",
      "us-east-1c",
    ]);
    // Subnets created in the same program: their routes may not exist yet when their ids are
    // known, so routing is not checked (nor warned about); the zones and the VPC are.
    assert.deepStrictEqual(warnings(), []);
    assert.deepStrictEqual(invokes("aws:ec2/getRouteTables:getRouteTables"), []);
  });

  it("warns when the subnets have no default route", async () => {
    existingVpc();
    await build("offline", { subnetIds: ["subnet-pa", "subnet-ic"] });
    assert.deepStrictEqual(warnings(), [
      'VpcFunction "offline": subnets subnet-ic have no default route: the function reaches only private addresses and VPC endpoints, not the internet. Add NAT if it needs the internet.',
    ]);
    assert.strictEqual(resourcesOfType(TYPES.function).length, 1);
  });

  it("warns a fleet once per warning (one per subnet without a default route), naming every function", async () => {
    existingVpc();
    const fleet = Array.from({ length: 30 }, (_, i) => `f${String(i).padStart(2, "0")}`);
    for (const name of fleet) {
      new VpcFunction(name, {
        vpcId: "vpc-app",
        subnetIds: ["subnet-pa", "subnet-ic"],
        securityGroupIds: ["sg-closed"],
        functionArgs,
      });
    }
    // Another subnet set sharing the subnet without a default route: named in the same warning.
    new VpcFunction("apart", {
      vpcId: "vpc-app",
      subnetIds: ["subnet-pb", "subnet-ic", "subnet-pf"],
      functionArgs,
    });
    await settle();
    const names = fleet.map((n) => `"${n}"`);
    assert.deepStrictEqual(warnings().sort(), [
      `VpcFunction ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}: security group sg-closed has no outbound rule, so the function can open no connection, not even to AWS APIs or VPC endpoints: add an egress rule (for example TCP 443 to the VPC's block).`,
      `VpcFunction ${names.join(", ")} and "apart": subnets subnet-ic have no default route: the function reaches only private addresses and VPC endpoints, not the internet. Add NAT if it needs the internet.`,
    ]);
  });

  it("checks a PrivateNetwork's zones once its subnet ids are known", async () => {
    useWorld();
    const network = new PrivateNetwork("small", { availabilityZoneCount: 1 });
    new VpcFunction("lonely", {
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      functionArgs,
    });
    assert.strictEqual(
      (await asyncError()).message,
      'VpcFunction "lonely": subnetIds span 1 zone (us-east-1a) but minAvailabilityZones is 2: add subnets in other zones so the function survives a zone outage, or lower minAvailabilityZones.',
    );
    assert.deepStrictEqual(resourcesOfType(TYPES.function), []);
  });

  it("accepts public subnets only when allowed", async () => {
    existingVpc();
    await build("edge", { subnetIds: ["subnet-web", "subnet-pb"], allowPublicSubnets: true });
    assert.deepStrictEqual(resource(TYPES.function, "edge").inputs.vpcConfig.subnetIds, [
      "subnet-web",
      "subnet-pb",
    ]);
  });

  it("looks each subnet up once however many functions share it", async () => {
    existingVpc();
    await build("one", {});
    await build("two", {});
    assert.strictEqual(invokes("aws:ec2/getSubnet:getSubnet").length, 3);
    // And the partition of their roles' policy ARN, once per program.
    assert.strictEqual(invokes("aws:index/getPartition:getPartition").length, 1);
  });

  describe("Hyperplane ENI combinations", () => {
    it("counts each function's own combinations, whatever was declared before it", async () => {
      existingVpc();
      const shared = { securityGroupIds: ["sg-b", "sg-a"] };
      const first = await build("first", shared);
      // Same subnets, same group set in another order: the same three, shared.
      const second = await build("second", { securityGroupIds: ["sg-a", "sg-b"] });
      // Same groups, one new subnet (subnet-ic, isolated, in zone c).
      const third = await build("third", { ...shared, subnetIds: ["subnet-pa", "subnet-ic"] });
      // Its own created group: all new.
      const fourth = await build("fourth", {});
      assert.deepStrictEqual(
        await Promise.all([first, second, third, fourth].map((f) => valueOf(f.hyperplaneEniCount))),
        [3, 3, 2, 3],
      );
      // The same functions again, declared in the opposite order after them: the same counts
      // (a count of what each adds would now be 3, 0, 0, 0).
      const reversed = [
        await build("fourth-again", {}),
        await build("third-again", { ...shared, subnetIds: ["subnet-pa", "subnet-ic"] }),
        await build("second-again", { securityGroupIds: ["sg-a", "sg-b"] }),
        await build("first-again", shared),
      ];
      assert.deepStrictEqual(
        await Promise.all(reversed.map((f) => valueOf(f.hyperplaneEniCount))),
        [3, 2, 3, 3],
      );
    });

    it("rejects the function that would take the VPC over the quota", async () => {
      existingVpc();
      await build("f1", { hyperplaneEniQuota: 5 });
      new VpcFunction("f2", {
        vpcId: "vpc-app",
        subnetIds: ["subnet-pa", "subnet-pb", "subnet-pf"],
        functionArgs,
        hyperplaneEniQuota: 5,
      });
      assert.strictEqual(
        (await asyncError()).message,
        'VpcFunction "f2": this function brings vpc-app to 6 Hyperplane ENI combinations (distinct subnet and security-group sets), over hyperplaneEniQuota 5: share security groups and subnets between functions, or raise the quota with AWS and then hyperplaneEniQuota.',
      );
      assert.deepStrictEqual(childrenOf("f2"), []);
    });
  });

  describe("bad placement, found by looking the subnets up, before anything is registered", () => {
    const cases: [string, Partial<VpcFunctionArgs>, string | RegExp][] = [
      [
        "subnets in one zone",
        { subnetIds: ["subnet-pa", "subnet-web"], allowPublicSubnets: true },
        "subnetIds span 1 zone (us-east-1a) but minAvailabilityZones is 2: add subnets in other zones so the function survives a zone outage, or lower minAvailabilityZones.",
      ],
      [
        "fewer zones than asked for",
        {
          subnetIds: ["subnet-pa", "subnet-pb", "subnet-web"],
          allowPublicSubnets: true,
          minAvailabilityZones: 3,
        },
        "subnetIds span 2 zones (us-east-1a, us-east-1b) but minAvailabilityZones is 3: add subnets in other zones so the function survives a zone outage, or lower minAvailabilityZones.",
      ],
      [
        "a subnet routed to an internet gateway",
        { subnetIds: ["subnet-pb", "subnet-web"] },
        "subnetIds includes public subnets (subnet-web: its route table sends 0.0.0.0/0 to internet gateway igw-1). A function there gets no public IP and so no internet: use private subnets (with NAT for internet), or set allowPublicSubnets: true.",
      ],
      [
        "a subnet that maps public IPs",
        { subnetIds: ["subnet-pa", "subnet-ip"] },
        "subnetIds includes public subnets (subnet-ip: it maps public IPs on launch). A function there gets no public IP and so no internet: use private subnets (with NAT for internet), or set allowPublicSubnets: true.",
      ],
      [
        "a subnet of another VPC",
        { subnetIds: ["subnet-pa", "subnet-other"] },
        "subnetIds: subnet-other is in vpc-other, not in vpcId vpc-app; pass subnets of that VPC.",
      ],
      [
        "a subnet that does not exist",
        { subnetIds: ["subnet-pa", "subnet-gone"] },
        quoting(
          'VpcFunction "bad": subnetIds: subnet-gone was not found ',
          "no matching EC2 Subnet found",
          "; it must exist in the provider's region and account: check the id, and the provider's region and credentials.",
        ),
      ],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, async () => {
        existingVpc();
        new VpcFunction("bad", {
          vpcId: "vpc-app",
          subnetIds: ["subnet-pa", "subnet-pb"],
          functionArgs,
          ...args,
        });
        const actual = (await asyncError()).message;
        assertMessage(
          actual,
          typeof message === "string" ? `VpcFunction "bad": ${message}` : message,
        );
        assert.deepStrictEqual(childrenOf("bad"), []);
      });
    }
  });

  describe("bad arguments, thrown by the constructor", () => {
    const many = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const cases: [string, Partial<VpcFunctionArgs> | Record<string, unknown>, string][] = [
      [
        "no subnets",
        { subnetIds: [] },
        "subnetIds is empty: pass the private subnets the function runs in.",
      ],
      [
        "17 subnets",
        { subnetIds: many("subnet", 17) },
        "subnetIds has 17 subnets; Lambda takes at most 16: pass one or two per zone.",
      ],
      [
        "a repeated subnet",
        { subnetIds: ["subnet-pa", "subnet-pb", "subnet-pa"] },
        "subnetIds lists subnet-pa more than once.",
      ],
      [
        "6 security groups",
        { securityGroupIds: many("sg", 6) },
        "securityGroupIds has 6 groups; Lambda takes at most 5: merge their rules into fewer groups.",
      ],
      [
        "an empty security group list",
        { securityGroupIds: [] },
        "securityGroupIds is empty: leave it out to have a security group created, or pass at least one.",
      ],
      [
        "vpcConfig in functionArgs",
        { functionArgs: { ...functionArgs, vpcConfig: { subnetIds: [], securityGroupIds: [] } } },
        "functionArgs.vpcConfig is set by the component: pass subnetIds, securityGroupIds and ipv6AllowedForDualStack instead.",
      ],
      [
        "replaceSecurityGroupsOnDestroy in functionArgs",
        // The type refuses it; programs in other languages or plain JavaScript can still send it.
        { functionArgs: { ...functionArgs, replaceSecurityGroupsOnDestroy: false } as never },
        "functionArgs.replaceSecurityGroupsOnDestroy is set by the component: use its replaceSecurityGroupsOnDestroy argument instead.",
      ],
      [
        "no functionArgs",
        { functionArgs: undefined },
        "functionArgs is required: pass the function's code, handler, runtime and so on, as for aws.lambda.Function.",
      ],
      [
        "no VPC",
        { vpcId: undefined },
        "vpcId is required: pass the id of the VPC the function runs in.",
      ],
      [
        "HTTPS-only egress with given groups",
        { securityGroupIds: ["sg-1"], restrictEgressToHttps: true },
        "restrictEgressToHttps applies to the security group the component creates, but securityGroupIds is given: set the egress rules on your own groups instead.",
      ],
      [
        "a zero zone minimum",
        { minAvailabilityZones: 0 },
        "minAvailabilityZones must be a whole number of at least 1 (got 0).",
      ],
      [
        "fewer subnets than zones required",
        { subnetIds: ["subnet-pa"] },
        "subnetIds has 1 subnet, too few to span minAvailabilityZones (2) zones: add subnets in other zones, or lower minAvailabilityZones.",
      ],
      [
        "a fractional quota",
        { hyperplaneEniQuota: 2.5 },
        "hyperplaneEniQuota must be a whole number of at least 1 (got 2.5).",
      ],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, () => {
        existingVpc();
        assert.throws(
          () =>
            new VpcFunction("bad", {
              vpcId: "vpc-app",
              subnetIds: ["subnet-pa", "subnet-pb"],
              functionArgs,
              ...(args as Partial<VpcFunctionArgs>),
            }),
          { name: "ArgumentError", message: `VpcFunction "bad": ${message}` },
        );
        assert.deepStrictEqual(registrations(), []);
      });
    }
  });
});

describe("VpcFunction names within AWS limits", () => {
  it("auto-names the function and role of a realistic 40-character component", async () => {
    existingVpc();
    const name = "payments-reconciliation-nightly-exporter"; // 40 characters
    await build(name, {});
    // Auto-named: resource name + 8 characters fits in 64 (the pre-flight hook checks it).
    assert.strictEqual(resource(TYPES.function, name).inputs.name, undefined);
    assert.strictEqual(resource(TYPES.role, `${name}-role`).inputs.name, undefined);
  });

  it("gives a 60-character component hashed names that fit, and keeps an explicit name", async () => {
    existingVpc();
    const name = "payments-reconciliation-nightly-exporter-for-eu-and-us-zones"; // 60 characters
    await build(name, {});
    const fnName: string = resource(TYPES.function, name).inputs.name;
    const roleName: string = resource(TYPES.role, `${name}-role`).inputs.name;
    assert.strictEqual(name.length, 60);
    assert.match(fnName, new RegExp(`^${name.slice(0, 56)}-[0-9a-f]{7}$`));
    assert.strictEqual(fnName.length, 64);
    assert.strictEqual(roleName.length, 64);
    existingVpc();
    await build(name, { functionArgs: { ...functionArgs, name: "exporter" } });
    assert.strictEqual(resource(TYPES.function, name).inputs.name, "exporter");
  });

  it("rejects an explicit function name longer than Lambda allows", () => {
    existingVpc();
    assert.throws(
      () =>
        new VpcFunction("long", {
          vpcId: "vpc-app",
          subnetIds: ["subnet-pa", "subnet-pb"],
          functionArgs: { ...functionArgs, name: "f".repeat(65) },
        }),
      {
        message:
          'VpcFunction "long": functionArgs.name is 65 characters; Lambda allows 64: shorten it, or leave it out to have one generated.',
      },
    );
  });
});

describe("VpcFunction outputs", () => {
  it("are made when first read, once, and are not walked with the component", async () => {
    existingVpc();
    const fn = await build("lazy", {});
    assert.ok(!Object.keys(fn).includes("functionArn"));
    assert.strictEqual(fn.functionArn, fn.functionArn);
    assert.match(await valueOf(fn.functionArn), /^arn:aws:lambda:us-east-1:\d{12}:function:lazy-/);
    assert.deepStrictEqual(await valueOf(fn.availabilityZones), [
      "us-east-1a",
      "us-east-1b",
      "us-east-1f",
    ]);
    assert.strictEqual(
      await valueOf(fn.securityGroupId),
      resource(TYPES.securityGroup, "lazy-sg").id,
    );
  });

  it("reject with the component's error when its checks fail, read before or after", async () => {
    // What the SDK awaits when it serializes an output into another resource's inputs.
    const awaited = (output: pulumi.Output<unknown>) =>
      (output as unknown as { promise(): Promise<unknown> }).promise();
    existingVpc();
    const fn = new VpcFunction("bad", {
      vpcId: "vpc-app",
      subnetIds: ["subnet-pa", "subnet-other"],
      functionArgs,
    });
    const early = awaited(fn.functionName);
    const message = (await asyncError()).message;
    assert.match(message, /^VpcFunction "bad": subnetIds: subnet-other is in vpc-other/);
    await assert.rejects(early, { message });
    await assert.rejects(awaited(fn.roleArn), { message });
    // Reading them raised nothing but that error (which the SDK reports once).
    await settle();
    for (const error of takeErrors()) {
      assert.strictEqual(error.message, message);
    }
  });
});
