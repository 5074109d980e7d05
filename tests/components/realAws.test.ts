/**
 * What AWS enforces that a mock would accept: realistic programs for the rules issue #12 found
 * (S3 interface endpoints, the China partition, the destroy order), each asserting the request
 * AWS would get.
 */
import * as aws from "../../components/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import {
  LambdaInterfaceEndpoint,
  PrivateNetwork,
  ServiceEndpoints,
  VpcFunction,
} from "../../components";
import { destroyOrder } from "../../scripts/planModel";
import {
  asyncError,
  childrenOf,
  MockZone,
  registrations,
  resource,
  resourcesOfType,
  settle,
  TWO_SUBNET_VPC,
  TYPES,
  useWorld,
  valueOf,
  warnings,
} from "../mocks";

const CN_NORTH_1: readonly MockZone[] = [
  { name: "cn-north-1a", id: "cnn1-az1" },
  { name: "cn-north-1b", id: "cnn1-az2" },
  { name: "cn-north-1d", id: "cnn1-az4" },
];

const functionArgs = {
  runtime: "nodejs22.x",
  handler: "index.handler",
  code: new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;"),
  }),
};

/** An execution role a program makes itself, with Lambda's managed VPC access policy. */
function executionRole(name: string) {
  const role = new aws.iam.Role(name, {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  });
  const vpcAccess = new aws.iam.RolePolicyAttachment(`${name}-vpc-access`, {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
  });
  return { role, vpcAccess };
}

describe("what real AWS enforces", () => {
  describe("S3 interface endpoints", () => {
    it("beside the S3 gateway: private DNS for on-premises only, created after the gateway", async () => {
      useWorld();
      const net = new PrivateNetwork("net", {
        availabilityZoneCount: 2,
        endpoints: [{ service: "s3", type: "Interface" }, { service: "s3" }, { service: "sqs" }],
      });
      await settle();
      const gateway = resource(TYPES.vpcEndpoint, "net-endpoints-s3");
      const s3Interface = resource(TYPES.vpcEndpoint, "net-endpoints-s3-interface");
      assert.strictEqual(gateway.inputs.vpcEndpointType, "Gateway");
      assert.strictEqual(gateway.inputs.serviceName, "com.amazonaws.us-east-1.s3");
      assert.deepStrictEqual(
        {
          type: s3Interface.inputs.vpcEndpointType,
          serviceName: s3Interface.inputs.serviceName,
          privateDnsEnabled: s3Interface.inputs.privateDnsEnabled,
          dnsOptions: s3Interface.inputs.dnsOptions,
        },
        {
          type: "Interface",
          serviceName: "com.amazonaws.us-east-1.s3",
          privateDnsEnabled: true,
          dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true },
        },
      );
      // AWS refuses the inbound-only option until the gateway exists.
      assert.ok(s3Interface.dependencyUrns.includes(gateway.urn as string));
      assert.strictEqual(
        resource(TYPES.vpcEndpoint, "net-endpoints-sqs").inputs.dnsOptions,
        undefined,
      );
      assert.deepStrictEqual(Object.keys(await valueOf(net.endpointIds)).sort(), [
        "s3",
        "s3-interface",
        "sqs",
      ]);
    });

    it("alone, on an existing VPC: private DNS answers every resolver, as AWS requires without a gateway", async () => {
      useWorld({
        vpcs: [{ id: "vpc-1", cidrBlock: "10.5.0.0/16", enableDnsHostnames: true }],
        subnets: [
          {
            id: "subnet-a",
            vpcId: "vpc-1",
            availabilityZone: "us-east-1a",
            cidrBlock: "10.5.0.0/24",
          },
          {
            id: "subnet-b",
            vpcId: "vpc-1",
            availabilityZone: "us-east-1b",
            cidrBlock: "10.5.1.0/24",
          },
        ],
      });
      const endpoints = new ServiceEndpoints("onprem", {
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        endpoints: [{ service: "s3", type: "Interface" }],
      });
      await settle();
      const s3 = resource(TYPES.vpcEndpoint, "onprem-s3-interface");
      assert.deepStrictEqual(s3.inputs.dnsOptions, {
        privateDnsOnlyForInboundResolverEndpoint: false,
      });
      assert.deepStrictEqual(s3.inputs.subnetIds, ["subnet-a", "subnet-b"]);
      assert.deepStrictEqual(await valueOf(endpoints.endpointIds), { "s3-interface": s3.id });
    });

    it("refuses a regional NAT gateway in GovCloud before anything is registered; perAz is fine", async () => {
      const GOV: readonly MockZone[] = [
        { name: "us-gov-west-1a", id: "usgw1-az1" },
        { name: "us-gov-west-1b", id: "usgw1-az2" },
      ];
      useWorld({ region: "us-gov-west-1", zonesByRegion: { "us-gov-west-1": GOV } });
      new PrivateNetwork("gov", { availabilityZoneCount: 2, natGateways: "regional" });
      assert.strictEqual(
        (await asyncError()).message,
        'PrivateNetwork "gov": natGateways "regional": AWS offers the regional NAT gateway in the commercial Regions only, and us-gov-west-1 is in the aws-us-gov partition: choose "perAz" (or "single").',
      );
      assert.deepStrictEqual(resourcesOfType(TYPES.natGateway), []);
      assert.deepStrictEqual(resourcesOfType(TYPES.vpc), []);
      useWorld({ region: "us-gov-west-1", zonesByRegion: { "us-gov-west-1": GOV } });
      new PrivateNetwork("gov", { availabilityZoneCount: 2, natGateways: "perAz" });
      await settle();
      assert.strictEqual(resourcesOfType(TYPES.natGateway).length, 2);
    });

    it("sends the inbound-resolver option only where the provider does: GovCloud yes, China's cn.com. names no (refused when set, left to AWS's default otherwise)", async () => {
      const GOV: readonly MockZone[] = [
        { name: "us-gov-west-1a", id: "usgw1-az1" },
        { name: "us-gov-west-1b", id: "usgw1-az2" },
      ];
      const s3Interface = { service: "s3", type: "Interface" as const };
      useWorld({ region: "us-gov-west-1", zonesByRegion: { "us-gov-west-1": GOV } });
      new PrivateNetwork("gov", {
        availabilityZoneCount: 2,
        excludeAvailabilityZoneIds: [],
        endpoints: [{ ...s3Interface, privateDnsOnlyForInboundResolverEndpoint: false }],
      });
      await settle();
      assert.deepStrictEqual(
        resource(TYPES.vpcEndpoint, "gov-endpoints-s3-interface").inputs.dnsOptions,
        {
          privateDnsOnlyForInboundResolverEndpoint: false,
        },
      );

      useWorld({ region: "cn-north-1", zonesByRegion: { "cn-north-1": CN_NORTH_1 } });
      new PrivateNetwork("cn", {
        availabilityZoneCount: 2,
        excludeAvailabilityZoneIds: [],
        endpoints: [
          { service: "s3" },
          { ...s3Interface, privateDnsOnlyForInboundResolverEndpoint: true },
        ],
      });
      assert.strictEqual(
        (await asyncError()).message,
        'PrivateNetwork "cn": endpoints[1]: the s3 interface entry sets privateDnsOnlyForInboundResolverEndpoint, which the AWS provider sends only for service names com.amazonaws.<region>.s3 and drops for cn.com.amazonaws.cn-north-1.s3 (AWS then applies its default, true, which needs the S3 gateway endpoint in the VPC): remove the option, and add the S3 gateway endpoint or set privateDnsEnabled: false.',
      );
      assert.deepStrictEqual(resourcesOfType(TYPES.vpcEndpoint), []);

      // Left to its default: nothing the provider would drop is written; alone, a warning.
      useWorld({ region: "cn-north-1", zonesByRegion: { "cn-north-1": CN_NORTH_1 } });
      new PrivateNetwork("paired", {
        availabilityZoneCount: 2,
        excludeAvailabilityZoneIds: [],
        endpoints: [{ service: "s3" }, s3Interface],
      });
      new PrivateNetwork("alone", {
        availabilityZoneCount: 2,
        excludeAvailabilityZoneIds: [],
        endpoints: [s3Interface],
      });
      await settle();
      for (const name of ["paired", "alone"]) {
        assert.strictEqual(
          resource(TYPES.vpcEndpoint, `${name}-endpoints-s3-interface`).inputs.dnsOptions,
          undefined,
        );
      }
      assert.deepStrictEqual(warnings(), [
        'endpoints[0] (s3): the AWS provider cannot send privateDnsOnlyForInboundResolverEndpoint for cn.com.amazonaws.cn-north-1.s3, so AWS applies its default, true, which needs the S3 gateway endpoint in the VPC: add { service: "s3" } to the list (or have the VPC\'s own), or set privateDnsEnabled: false.',
      ]);
    });

    it("refuses private DNS for an interface service without a private DNS name, before anything is registered", async () => {
      useWorld({ servicesWithoutPrivateDns: ["dynamodb"] });
      new PrivateNetwork("ddb", {
        availabilityZoneCount: 2,
        endpoints: [{ service: "dynamodb" }, { service: "dynamodb", type: "Interface" }],
      });
      assert.strictEqual(
        (await asyncError()).message,
        'PrivateNetwork "ddb": endpoints[1]: com.amazonaws.us-east-1.dynamodb offers no private DNS name, so AWS refuses private DNS for its endpoint: set privateDnsEnabled: false on the dynamodb entry and call the endpoint by its own DNS names (dnsEntries).',
      );
      assert.deepStrictEqual(childrenOf("ddb"), []);
    });

    it("builds a DynamoDB interface endpoint without private DNS beside its gateway", async () => {
      useWorld({ servicesWithoutPrivateDns: ["dynamodb"] });
      new PrivateNetwork("ddb", {
        availabilityZoneCount: 2,
        endpoints: [
          { service: "dynamodb" },
          { service: "dynamodb", type: "Interface", privateDnsEnabled: false },
        ],
      });
      await settle();
      const ddb = resource(TYPES.vpcEndpoint, "ddb-endpoints-dynamodb-interface");
      assert.strictEqual(ddb.inputs.privateDnsEnabled, false);
      assert.strictEqual(ddb.inputs.dnsOptions, undefined);
    });
  });

  describe("a stack in cn-north-1", () => {
    it("uses the endpoint service names AWS gives there and the aws-cn partition's ARNs", async () => {
      useWorld({ region: "cn-north-1", zonesByRegion: { "cn-north-1": CN_NORTH_1 } });
      const net = new PrivateNetwork("cn", {
        availabilityZoneCount: 2,
        excludeAvailabilityZoneIds: [],
        endpoints: [{ service: "s3" }, { service: "sqs" }],
      });
      const worker = new VpcFunction("worker", {
        vpcId: net.vpcId,
        subnetIds: net.privateSubnetIds,
        functionArgs,
      });
      new LambdaInterfaceEndpoint("invoke", {
        vpcId: net.vpcId,
        subnetIds: net.privateSubnetIds,
        allowedFunctionArns: [worker.functionArn],
      });
      await settle();
      const serviceNames = Object.fromEntries(
        resourcesOfType(TYPES.vpcEndpoint).map((e) => [e.name, e.inputs.serviceName]),
      );
      assert.deepStrictEqual(serviceNames, {
        "cn-endpoints-s3": "com.amazonaws.cn-north-1.s3",
        "cn-endpoints-sqs": "cn.com.amazonaws.cn-north-1.sqs",
        "invoke-endpoints-lambda": "cn.com.amazonaws.cn-north-1.lambda",
      });
      // The scoped policy and the log group are in the aws-cn partition and the Region.
      const access = JSON.parse(resource(TYPES.rolePolicy, "worker-vpc-access").inputs.policy);
      assert.deepStrictEqual(
        access.Statement[1].Resource,
        "arn:aws-cn:ec2:cn-north-1:123456789012:network-interface/*",
      );
      assert.deepStrictEqual(access.Statement[2].Resource, [
        "arn:aws-cn:ec2:cn-north-1:123456789012:subnet/*",
        "arn:aws-cn:ec2:cn-north-1:123456789012:security-group/*",
      ]);
      assert.match(
        access.Statement[3].Resource,
        /^arn:aws-cn:logs:cn-north-1:123456789012:log-group:\/aws\/lambda\/worker-/,
      );
      const policy = JSON.parse(
        resource(TYPES.vpcEndpoint, "invoke-endpoints-lambda").inputs.policy,
      );
      assert.match(
        policy.Statement[0].Resource[0],
        /^arn:aws-cn:lambda:cn-north-1:\d{12}:function:/,
      );
    });
  });

  describe("destroy order", () => {
    it("keeps the role's ENI permissions until the function and its security group are gone", async () => {
      useWorld({
        ...TWO_SUBNET_VPC,
        routeTables: [
          {
            id: "rtb-1",
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }],
          },
        ],
      });
      new VpcFunction("fn", { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], functionArgs });
      await settle();
      const sg = resource(TYPES.securityGroup, "fn-sg");
      const access = resource(TYPES.rolePolicy, "fn-vpc-access");
      assert.ok(sg.dependencyUrns.includes(access.urn as string));
      // The log group goes with the function; the ENI permissions only after both.
      assert.deepStrictEqual(destroyOrder(registrations()), [
        ["Function fn"],
        ["SecurityGroup fn-sg"],
        ["RolePolicy fn-vpc-access"],
        ["LogGroup fn-logs", "Role fn-role"],
      ]);
    });

    it("keeps a role the program passes in, with its ENI permissions, when they are the component's dependencies", async () => {
      useWorld({
        ...TWO_SUBNET_VPC,
      });
      const { role, vpcAccess } = executionRole("mine");
      // As the README advises: the attachment in the component's dependsOn.
      new VpcFunction(
        "fn",
        {
          vpcId: "vpc-1",
          subnetIds: ["subnet-a", "subnet-b"],
          functionArgs: { ...functionArgs, role: role.arn },
        },
        { dependsOn: [vpcAccess] },
      );
      await settle();
      // Pulumi deletes a component after its children, and before what it depends on.
      assert.deepStrictEqual(destroyOrder(registrations()), [
        ["Function fn"],
        ["LogGroup fn-logs", "SecurityGroup fn-sg"],
        ["RolePolicyAttachment mine-vpc-access"],
        ["Role mine"],
      ]);
    });

    it("with the role made before the network and in its dependsOn, the permission outlives the subnets too", async () => {
      useWorld();
      const { role, vpcAccess } = executionRole("workers");
      const net = new PrivateNetwork(
        "net",
        { availabilityZoneCount: 2, endpoints: [{ service: "s3" }] },
        { dependsOn: [vpcAccess] },
      );
      new VpcFunction(
        "fn",
        {
          vpcId: net.vpcId,
          subnetIds: net.privateSubnetIds,
          functionArgs: { ...functionArgs, role: role.arn },
        },
        { dependsOn: [vpcAccess] },
      );
      await settle();
      const waves = destroyOrder(registrations());
      const waveOf = (label: string) => waves.findIndex((w) => w.includes(label));
      const permission = waveOf("RolePolicyAttachment workers-vpc-access");
      for (const held of [
        "Function fn",
        "SecurityGroup fn-sg",
        "Subnet net-private-us-east-1a",
        "Subnet net-private-us-east-1b",
        "Vpc net-vpc",
      ]) {
        assert.ok(waveOf(held) >= 0 && waveOf(held) < permission, `${held} before the permission`);
      }
    });
  });

  describe("what no single component can see", () => {
    it("a function given the network's public subnets fails before it is registered", async () => {
      useWorld();
      const net = new PrivateNetwork("net", { availabilityZoneCount: 2, natGateways: "single" });
      new VpcFunction("fn", { vpcId: net.vpcId, subnetIds: net.publicSubnetIds, functionArgs });
      const error = await asyncError();
      assert.match(
        error.message,
        /^VpcFunction "fn": subnetIds includes public subnets \(subnet-\w+ of PrivateNetwork "net", subnet-\w+ of PrivateNetwork "net"\): a function there gets no public IP and so no internet\. Pass the network's privateSubnetIds, or set allowPublicSubnets: true\.$/,
      );
      assert.deepStrictEqual(resourcesOfType(TYPES.function), []);
    });

    it("accepts them with allowPublicSubnets", async () => {
      useWorld();
      const net = new PrivateNetwork("net", { availabilityZoneCount: 2, natGateways: "single" });
      new VpcFunction("fn", {
        vpcId: net.vpcId,
        subnetIds: net.publicSubnetIds,
        allowPublicSubnets: true,
        functionArgs,
      });
      await settle();
      assert.strictEqual(resourcesOfType(TYPES.function).length, 1);
    });

    it("two private-DNS endpoints for one service in a VPC: the second fails, naming the first and the component the user called", async () => {
      useWorld();
      // As a first reading of the README might suggest: lambda in the network's list, and a
      // LambdaInterfaceEndpoint on the same network.
      const net = new PrivateNetwork("net", {
        availabilityZoneCount: 2,
        excludeAvailabilityZoneIds: [],
        endpoints: [{ service: "lambda" }],
      });
      new LambdaInterfaceEndpoint("invoke", { vpcId: net.vpcId, subnetIds: net.privateSubnetIds });
      const error = await asyncError();
      // Whichever claims second fails, as the component the user called: the network naming its
      // entry, the Lambda endpoint its own endpoint (no argument of its lists it).
      const conflict = (vpc: string, from: string) =>
        `${vpc} already gets a com.amazonaws.us-east-1.lambda interface endpoint with private DNS from ${from}, and AWS refuses a second one in the same VPC: keep one, or set privateDnsEnabled: false on the other.`;
      const vpcId = error.message.match(/vpc-\w+/)?.[0] as string;
      assert.ok(
        [
          `PrivateNetwork "net": endpoints[0]: ${conflict(vpcId, 'LambdaInterfaceEndpoint "invoke"')}`,
          `LambdaInterfaceEndpoint "invoke": ${conflict(vpcId, 'PrivateNetwork "net"')}`,
        ].includes(error.message),
        error.message,
      );
      assert.strictEqual(
        resourcesOfType(TYPES.vpcEndpoint).filter((e) => /lambda$/.test(e.inputs.serviceName))
          .length,
        1,
      );
    });
  });

  describe("values known only at deployment", () => {
    it("a cidrBlock Output that fails its check registers no VPC", async () => {
      useWorld();
      new PrivateNetwork("ipam", { cidrBlock: pulumi.output("100.64.0.0/16") });
      assert.strictEqual(
        (await asyncError()).message,
        'PrivateNetwork "ipam": cidrBlock "100.64.0.0/16" is not a private (RFC 1918) range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.',
      );
      assert.deepStrictEqual(resourcesOfType(TYPES.vpc), []);
      assert.deepStrictEqual(resourcesOfType(TYPES.subnet), []);
    });

    it("a function name Output over Lambda's 64 characters registers no function", async () => {
      useWorld({
        ...TWO_SUBNET_VPC,
      });
      new VpcFunction("fn", {
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        functionArgs: { ...functionArgs, name: pulumi.output("n".repeat(65)) },
      });
      assert.strictEqual(
        (await asyncError()).message,
        `VpcFunction "fn": functionArgs.name is 65 characters; Lambda allows 64: shorten it, or leave it out to have one generated.`,
      );
      assert.deepStrictEqual(resourcesOfType(TYPES.function), []);
    });
  });
});
