import * as aws from "../../components/aws";
import * as assert from "assert";
import {
  LambdaInterfaceEndpoint,
  LambdaInterfaceEndpointArgs,
  PrivateNetwork,
} from "../../components";
import {
  asyncError,
  childrenOf,
  MockSubnet,
  registrations,
  resource,
  resourcesOfType,
  settle,
  TYPES,
  useWorld,
  valueOf,
  accountPerimeter,
} from "../mocks";
import { assertMessage, quoting } from "./messages";

const subnets: MockSubnet[] = [
  { id: "subnet-a", vpcId: "vpc-app", availabilityZone: "us-east-1a", cidrBlock: "10.2.0.0/20" },
  { id: "subnet-a2", vpcId: "vpc-app", availabilityZone: "us-east-1a", cidrBlock: "10.2.64.0/20" },
  { id: "subnet-e", vpcId: "vpc-app", availabilityZone: "us-east-1e", cidrBlock: "10.2.16.0/20" },
  { id: "subnet-f", vpcId: "vpc-app", availabilityZone: "us-east-1f", cidrBlock: "10.2.32.0/20" },
];

function existingVpc(dns = { enableDnsSupport: true, enableDnsHostnames: true }) {
  return useWorld({ subnets, vpcs: [{ id: "vpc-app", cidrBlock: "10.2.0.0/16", ...dns }] });
}

async function build(args: Partial<LambdaInterfaceEndpointArgs>, name = "invoke") {
  const endpoint = new LambdaInterfaceEndpoint(name, {
    vpcId: "vpc-app",
    subnetIds: ["subnet-a", "subnet-a2", "subnet-e", "subnet-f"],
    ...args,
  });
  await settle();
  return endpoint;
}

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe("LambdaInterfaceEndpoint", () => {
  it("puts the Lambda endpoint in an existing VPC's subnets, one per supported zone", async () => {
    existingVpc();
    const endpoint = await build({});
    assert.deepStrictEqual(
      registrations()
        .map((r) => `${r.type} ${r.name} < ${r.parent ?? ""}`)
        .filter((r) => !r.startsWith("pulumi:providers")),
      [
        "lambda-networking:index:LambdaInterfaceEndpoint invoke < ",
        `${TYPES.serviceEndpoints} invoke-endpoints < invoke`,
        `${TYPES.securityGroup} invoke-endpoints-sg < invoke-endpoints`,
        `${TYPES.vpcEndpoint} invoke-endpoints-lambda < invoke-endpoints`,
      ],
    );
    const sg = resource(TYPES.securityGroup, "invoke-endpoints-sg");
    // us-east-1e is use1-az3, where the Lambda endpoint service is not offered; subnet-a2 is a
    // second subnet in zone a.
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "invoke-endpoints-lambda").inputs, {
      vpcId: "vpc-app",
      serviceName: "com.amazonaws.us-east-1.lambda",
      vpcEndpointType: "Interface",
      policy: accountPerimeter("lambda"),
      subnetIds: ["subnet-a", "subnet-f"],
      securityGroupIds: [sg.id],
      privateDnsEnabled: true,
      tags: { Name: "invoke-endpoints-lambda" },
    });
    assert.deepStrictEqual(sg.inputs.ingress, [
      {
        description: "HTTPS from allowed sources",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.2.0.0/16"],
        ipv6CidrBlocks: [],
        securityGroups: [],
      },
    ]);
    assert.deepStrictEqual(sg.inputs.egress, []);
    const id = resource(TYPES.vpcEndpoint, "invoke-endpoints-lambda").id as string;
    assert.strictEqual(await valueOf(endpoint.endpointId), id);
    assert.deepStrictEqual(await valueOf(endpoint.dnsEntries), [
      { dnsName: `${id}.lambda.us-east-1.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" },
    ]);
    assert.strictEqual(await valueOf(endpoint.securityGroupId), sg.id);
    assert.deepStrictEqual(await valueOf(endpoint.availabilityZones), ["us-east-1a", "us-east-1f"]);
    assert.deepStrictEqual(await valueOf(endpoint.additionalEndpointIds), {});
    // 2 zones × 730 h × $0.01
    assert.strictEqual(await valueOf(endpoint.estimatedMonthlyCostUsd), 14.6);
  });

  it("serves a PrivateNetwork, skipping the zone Lambda does not support", async () => {
    useWorld();
    const network = new PrivateNetwork("net", {
      availabilityZoneNames: ["us-east-1a", "us-east-1b", "us-east-1e"],
      excludeAvailabilityZoneIds: [],
    });
    const endpoint = new LambdaInterfaceEndpoint("private-invoke", {
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
    });
    await settle();
    const subnet = (l: string) => resource(TYPES.subnet, `net-private-us-east-1${l}`).id;
    const lambdaEndpoint = resource(TYPES.vpcEndpoint, "private-invoke-endpoints-lambda");
    assert.deepStrictEqual(lambdaEndpoint.inputs.subnetIds, [subnet("a"), subnet("b")]);
    assert.strictEqual(lambdaEndpoint.inputs.vpcId, resource(TYPES.vpc, "net-vpc").id);
    assert.deepStrictEqual(
      resource(TYPES.securityGroup, "private-invoke-endpoints-sg").inputs.ingress[0].cidrBlocks,
      ["10.0.0.0/16"],
    );
    assert.deepStrictEqual(await valueOf(endpoint.availabilityZones), ["us-east-1a", "us-east-1b"]);
  });

  it("takes the region from the provider in use", async () => {
    useWorld({
      subnets: [
        {
          id: "subnet-w1",
          vpcId: "vpc-eu",
          availabilityZone: "eu-west-1a",
          cidrBlock: "10.3.0.0/20",
        },
        {
          id: "subnet-w2",
          vpcId: "vpc-eu",
          availabilityZone: "eu-west-1b",
          cidrBlock: "10.3.16.0/20",
        },
      ],
      vpcs: [
        {
          id: "vpc-eu",
          cidrBlock: "10.3.0.0/16",
          enableDnsSupport: true,
          enableDnsHostnames: true,
        },
      ],
    });
    const provider = new aws.Provider("ireland", { region: "eu-west-1" });
    new LambdaInterfaceEndpoint(
      "eu",
      { vpcId: "vpc-eu", subnetIds: ["subnet-w1", "subnet-w2"] },
      { provider },
    );
    await settle();
    assert.strictEqual(
      resource(TYPES.vpcEndpoint, "eu-endpoints-lambda").inputs.serviceName,
      "com.amazonaws.eu-west-1.lambda",
    );
  });

  it("restricts invocation to the listed functions, versions and aliases included", async () => {
    existingVpc();
    await build({ allowedFunctionArns: [fnArn("orders")] }, "one");
    // A second Lambda endpoint in the VPC cannot have private DNS too (AWS refuses it).
    await build(
      { allowedFunctionArns: [fnArn("orders"), fnArn("billing")], privateDnsEnabled: false },
      "two",
    );
    const policy = (name: string) =>
      JSON.parse(resource(TYPES.vpcEndpoint, `${name}-endpoints-lambda`).inputs.policy);
    assert.deepStrictEqual(policy("one"), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "InvokeListedFunctionsOnly",
          Effect: "Allow",
          Principal: "*",
          Action: ["lambda:InvokeFunction"],
          Resource: [fnArn("orders"), `${fnArn("orders")}:*`],
        },
      ],
    });
    assert.deepStrictEqual(policy("two").Statement[0].Resource, [
      fnArn("orders"),
      `${fnArn("orders")}:*`,
      fnArn("billing"),
      `${fnArn("billing")}:*`,
    ]);
  });

  it("with allowedFunctionArns keeps its invoke policy; its other endpoints get the scope's perimeter", async () => {
    existingVpc();
    await build({
      allowedFunctionArns: [fnArn("orders")],
      additionalEndpoints: [{ service: "sqs" }],
      endpointPolicyScope: "Organization",
    });
    const policy = (service: string) =>
      JSON.parse(resource(TYPES.vpcEndpoint, `invoke-endpoints-${service}`).inputs.policy);
    assert.strictEqual(policy("lambda").Statement[0].Sid, "InvokeListedFunctionsOnly");
    assert.deepStrictEqual(policy("sqs").Statement[0].Condition, {
      StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:ResourceOrgID": "o-a1b2c3d4e5" },
    });
  });

  it('endpointPolicyScope "Open" leaves the Lambda endpoint AWS\'s full-access default', async () => {
    existingVpc();
    await build({ endpointPolicyScope: "Open" });
    assert.strictEqual(
      resource(TYPES.vpcEndpoint, "invoke-endpoints-lambda").inputs.policy,
      undefined,
    );
  });

  it("builds the policy from ARNs of functions in the same program", async () => {
    existingVpc();
    const fn = new aws.lambda.Function("outside", {
      role: "arn:aws:iam::123456789012:role/r",
      runtime: "nodejs20.x",
      handler: "index.handler",
    });
    await build({ allowedFunctionArns: [fn.arn] }, "dynamic");
    const resources = JSON.parse(
      resource(TYPES.vpcEndpoint, "dynamic-endpoints-lambda").inputs.policy,
    ).Statement[0].Resource;
    assert.strictEqual(resources.length, 2);
    assert.match(
      resources[0],
      /^arn:aws:lambda:us-east-1:123456789012:function:outside-[0-9a-f]{7}$/,
    );
    assert.strictEqual(resources[1], `${resources[0]}:*`);
  });

  it("admits only the allowed sources, and adds further endpoints in the same subnets", async () => {
    existingVpc();
    const endpoint = await build({
      allowedCidrBlocks: ["10.2.0.0/20"],
      allowedSecurityGroupIds: ["sg-callers"],
      additionalEndpoints: [{ service: "sqs" }, { service: "s3", type: "Interface" }],
    });
    assert.deepStrictEqual(resource(TYPES.securityGroup, "invoke-endpoints-sg").inputs.ingress, [
      {
        description: "HTTPS from allowed sources",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.2.0.0/20"],
        ipv6CidrBlocks: [],
        securityGroups: ["sg-callers"],
      },
    ]);
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "invoke-endpoints-sqs").inputs.subnetIds, [
      "subnet-a",
      "subnet-e",
      "subnet-f",
    ]);
    assert.deepStrictEqual(await valueOf(endpoint.additionalEndpointIds), {
      sqs: resource(TYPES.vpcEndpoint, "invoke-endpoints-sqs").id,
      "s3-interface": resource(TYPES.vpcEndpoint, "invoke-endpoints-s3-interface").id,
    });
    // (2 + 3 + 3) zones × $7.30
    assert.strictEqual(await valueOf(endpoint.estimatedMonthlyCostUsd), 58.4);
  });

  it("accepts one zone when minAvailabilityZones is 1", async () => {
    existingVpc();
    const endpoint = await build({ subnetIds: ["subnet-a", "subnet-e"], minAvailabilityZones: 1 });
    assert.deepStrictEqual(await valueOf(endpoint.availabilityZones), ["us-east-1a"]);
  });

  it("allows a VPC without DNS hostnames when private DNS is off", async () => {
    existingVpc({ enableDnsSupport: true, enableDnsHostnames: false });
    await build({ privateDnsEnabled: false });
    assert.strictEqual(
      resource(TYPES.vpcEndpoint, "invoke-endpoints-lambda").inputs.privateDnsEnabled,
      false,
    );
  });

  describe("bad input found by looking things up, before anything is registered", () => {
    // A message, after the component's name; or a pattern of the whole message.
    const cases: [string, () => void, Partial<LambdaInterfaceEndpointArgs>, string | RegExp][] = [
      [
        "one supported zone left",
        () => existingVpc(),
        { subnetIds: ["subnet-a", "subnet-e"] },
        "the lambda endpoint would cover 1 zone (us-east-1a), fewer than minAvailabilityZones (2); its service does not support us-east-1e: add subnets of those zones to subnetIds, or lower minAvailabilityZones.",
      ],
      [
        "no supported zone at all",
        () => existingVpc(),
        { subnetIds: ["subnet-e"], minAvailabilityZones: 1 },
        "the lambda endpoint service supports none of the subnets' zones (us-east-1e); it is offered in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f: add subnets of those zones to subnetIds.",
      ],
      [
        "private DNS in a VPC without DNS hostnames",
        () => existingVpc({ enableDnsSupport: true, enableDnsHostnames: false }),
        {},
        "privateDnsEnabled needs the VPC's DNS support and DNS hostnames, but vpc-app has DNS hostnames off: turn it on (enableDnsSupport, enableDnsHostnames), or set privateDnsEnabled: false and call the endpoint's own DNS name.",
      ],
      [
        "private DNS in a VPC without DNS at all",
        () => existingVpc({ enableDnsSupport: false, enableDnsHostnames: false }),
        {},
        "privateDnsEnabled needs the VPC's DNS support and DNS hostnames, but vpc-app has DNS support and DNS hostnames off: turn them on (enableDnsSupport, enableDnsHostnames), or set privateDnsEnabled: false and call the endpoint's own DNS name.",
      ],
      [
        "a VPC that does not exist",
        () => existingVpc(),
        { vpcId: "vpc-gone" },
        quoting(
          'LambdaInterfaceEndpoint "bad": vpcId: vpc-gone was not found ',
          "no matching EC2 VPC found",
          "; it must exist in the provider's region and account: check the id, and the provider's region and credentials.",
        ),
      ],
    ];
    for (const [what, world, args, message] of cases) {
      it(`rejects ${what}`, async () => {
        world();
        new LambdaInterfaceEndpoint("bad", {
          vpcId: "vpc-app",
          subnetIds: ["subnet-a", "subnet-f"],
          ...args,
        });
        assertMessage(
          (await asyncError()).message,
          typeof message === "string" ? `LambdaInterfaceEndpoint "bad": ${message}` : message,
        );
        assert.deepStrictEqual(childrenOf("bad"), []);
      });
    }
  });

  describe("bad arguments, thrown by the constructor", () => {
    const cases: [string, Partial<LambdaInterfaceEndpointArgs>, string][] = [
      [
        "no subnets",
        { subnetIds: [] },
        "subnetIds is empty: pass private subnets, one per zone, for the endpoint.",
      ],
      [
        "no VPC",
        { vpcId: undefined },
        "vpcId is required: pass the id of the VPC that invokes Lambda.",
      ],
      [
        "a qualified function ARN",
        { allowedFunctionArns: [`${fnArn("orders")}:live`] },
        `allowedFunctionArns: "${fnArn("orders")}:live" names a version or alias; give the unqualified ARN, whose versions and aliases the policy covers with ${fnArn("orders")}:*.`,
      ],
      [
        "something that is not a function ARN",
        { allowedFunctionArns: ["arn:aws:sqs:us-east-1:123456789012:queue"] },
        'allowedFunctionArns: "arn:aws:sqs:us-east-1:123456789012:queue" is not a Lambda function ARN; use arn:aws:lambda:<region>:<account>:function:<name>.',
      ],
      [
        "a function name instead of an ARN",
        { allowedFunctionArns: ["orders"] },
        'allowedFunctionArns: "orders" is not a Lambda function ARN; use arn:aws:lambda:<region>:<account>:function:<name>.',
      ],
      [
        "an empty function list",
        { allowedFunctionArns: [] },
        "allowedFunctionArns is empty, so the endpoint would allow invoking nothing: list functions, or leave it out to allow any.",
      ],
      [
        "a repeated function",
        { allowedFunctionArns: [fnArn("a"), fnArn("a")] },
        `allowedFunctionArns lists ${fnArn("a")} more than once.`,
      ],
      [
        "lambda among the additional endpoints",
        { additionalEndpoints: [{ service: "sqs" }, { service: "lambda" }] },
        "additionalEndpoints lists lambda, which this component creates: remove it, and use privateDnsEnabled and allowedFunctionArns to configure it.",
      ],
      [
        "a gateway endpoint among the additional endpoints (s3's usual type)",
        { additionalEndpoints: [{ service: "sqs" }, { service: "s3" }] },
        'additionalEndpoints[1] (s3) is a gateway endpoint (the usual type of s3 and dynamodb), which works through route tables this component does not take: set type "Interface" for an endpoint in the same subnets, or make the gateway endpoint with ServiceEndpoints and routeTableIds.',
      ],
      [
        "a repeated additional endpoint",
        { additionalEndpoints: [{ service: "sqs" }, { service: "sqs" }] },
        "additionalEndpoints lists sqs more than once; give each service one entry per endpoint type.",
      ],
      [
        "no allowed source",
        { allowedCidrBlocks: [] },
        "allowedCidrBlocks and allowedSecurityGroupIds are both empty, so nothing could reach the endpoint: allow a block or a security group, or leave allowedCidrBlocks out to allow the VPC.",
      ],
      [
        "ingress from anywhere",
        { allowedCidrBlocks: ["::/0"] },
        'allowedCidrBlocks "::/0" admits the whole internet; list only the blocks that need access.',
      ],
      [
        "a zero zone minimum",
        { minAvailabilityZones: 0 },
        "minAvailabilityZones must be a whole number of at least 1 (got 0).",
      ],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, () => {
        existingVpc();
        assert.throws(
          () =>
            new LambdaInterfaceEndpoint("bad", {
              vpcId: "vpc-app",
              subnetIds: ["subnet-a", "subnet-f"],
              ...args,
            }),
          { name: "ArgumentError", message: `LambdaInterfaceEndpoint "bad": ${message}` },
        );
        assert.deepStrictEqual(resourcesOfType(TYPES.vpcEndpoint), []);
        assert.deepStrictEqual(registrations(), []);
      });
    }
  });
});
