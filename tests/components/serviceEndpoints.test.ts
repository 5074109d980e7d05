import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import {
  LambdaInterfaceEndpoint,
  PrivateNetwork,
  ServiceEndpoints,
  ServiceEndpointsArgs,
} from "../../components";
import { EndpointPolicyScope } from "../../components/lib/endpointPolicies";
import { EndpointSpec, resolveEndpoints } from "../../components/lib/endpoints";
import { resolveServiceEndpointsArgs } from "../../components/serviceEndpointsArgs";
import {
  asyncError,
  childrenOf,
  invokes,
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
import { quoting } from "./messages";

/** An existing VPC with two private subnets per zone in three zones, one of them use1-az3. */
const existingSubnets: MockSubnet[] = [
  {
    id: "subnet-a1",
    vpcId: "vpc-existing",
    availabilityZone: "us-east-1a",
    cidrBlock: "10.20.0.0/24",
  },
  {
    id: "subnet-a2",
    vpcId: "vpc-existing",
    availabilityZone: "us-east-1a",
    cidrBlock: "10.20.1.0/24",
  },
  {
    id: "subnet-e1",
    vpcId: "vpc-existing",
    availabilityZone: "us-east-1e",
    cidrBlock: "10.20.2.0/24",
  },
  {
    id: "subnet-f1",
    vpcId: "vpc-existing",
    availabilityZone: "us-east-1f",
    cidrBlock: "10.20.3.0/24",
  },
];

function existingVpcWorld() {
  return useWorld({
    subnets: existingSubnets,
    vpcs: [
      {
        id: "vpc-existing",
        cidrBlock: "10.20.0.0/16",
        enableDnsSupport: true,
        enableDnsHostnames: true,
      },
    ],
  });
}

/**
 * awsx's declarations import all of @pulumi/aws, every AWS service: type-checking them would
 * triple the test program's type-check for one test. The one class used, by the members read.
 */
interface AwsxVpc {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const awsx = require("@pulumi/awsx") as {
  ec2: { Vpc: new (name: string, args: { numberOfAvailabilityZones: number }) => AwsxVpc };
};

describe("ServiceEndpoints", () => {
  it("takes the endpoint list its parent resolved as it is, and resolves any other list itself", () => {
    const list = [{ service: "s3" }, { service: "sqs" }];
    const resolved = resolveEndpoints("endpoints", list);
    const args = {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      routeTableIds: ["rtb-1"],
    };
    const given = { ...args, endpoints: [...list] };
    const fromParent = resolveServiceEndpointsArgs("net-endpoints", given, { endpoints: resolved });
    assert.strictEqual(fromParent.endpoints, resolved);
    assert.strictEqual(fromParent.zonesTrusted, true);
    const own = resolveServiceEndpointsArgs("net-endpoints", given, undefined);
    assert.notStrictEqual(own.endpoints, resolved);
    assert.deepStrictEqual(own.endpoints, resolved);
    assert.strictEqual(own.zonesTrusted, false);
  });

  it("serves an existing VPC by ids: looks subnets up, one per supported zone, VPC CIDR allowed", async () => {
    existingVpcWorld();
    const endpoints = new ServiceEndpoints("shared", {
      vpcId: "vpc-existing",
      subnetIds: existingSubnets.map((s) => s.id),
      routeTableIds: ["rtb-1", "rtb-2"],
      endpoints: [{ service: "dynamodb" }, { service: "lambda" }, { service: "secretsmanager" }],
    });
    await settle();
    const sgId = resource(TYPES.securityGroup, "shared-sg").id;
    assert.deepStrictEqual(resource(TYPES.securityGroup, "shared-sg").inputs.ingress, [
      {
        description: "HTTPS from allowed sources",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.20.0.0/16"],
        ipv6CidrBlocks: [],
        securityGroups: [],
      },
    ]);
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "shared-dynamodb").inputs, {
      vpcId: "vpc-existing",
      serviceName: "com.amazonaws.us-east-1.dynamodb",
      vpcEndpointType: "Gateway",
      policy: accountPerimeter("dynamodb"),
      routeTableIds: ["rtb-1", "rtb-2"],
      tags: { Name: "shared-dynamodb" },
    });
    // The first subnet of us-east-1a; us-east-1e (use1-az3) is not offered for Lambda.
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "shared-lambda").inputs, {
      vpcId: "vpc-existing",
      serviceName: "com.amazonaws.us-east-1.lambda",
      vpcEndpointType: "Interface",
      policy: accountPerimeter("lambda"),
      subnetIds: ["subnet-a1", "subnet-f1"],
      securityGroupIds: [sgId],
      privateDnsEnabled: true,
      tags: { Name: "shared-lambda" },
    });
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "shared-secretsmanager").inputs.subnetIds, [
      "subnet-a1",
      "subnet-e1",
      "subnet-f1",
    ]);
    assert.deepStrictEqual(await valueOf(endpoints.endpointAvailabilityZones), {
      lambda: ["us-east-1a", "us-east-1f"],
      secretsmanager: ["us-east-1a", "us-east-1e", "us-east-1f"],
    });
    assert.strictEqual(await valueOf(endpoints.securityGroupId), sgId);
    const lambdaId = resource(TYPES.vpcEndpoint, "shared-lambda").id;
    const secretsId = resource(TYPES.vpcEndpoint, "shared-secretsmanager").id;
    assert.deepStrictEqual(await valueOf(endpoints.dnsEntries), {
      lambda: [
        {
          dnsName: `${lambdaId}.lambda.us-east-1.vpce.amazonaws.com`,
          hostedZoneId: "Z7HUB22UULQXV",
        },
      ],
      secretsmanager: [
        {
          dnsName: `${secretsId}.secretsmanager.us-east-1.vpce.amazonaws.com`,
          hostedZoneId: "Z7HUB22UULQXV",
        },
      ],
    });
    // (2 + 3) zones × 730 h × $0.01
    assert.strictEqual(await valueOf(endpoints.estimatedMonthlyCostUsd), 36.5);
    // Each subnet is looked up once, however many endpoints share it.
    assert.strictEqual(invokes("aws:ec2/getSubnet:getSubnet").length, 4);
  });

  it("admits every block of the VPC by default, secondary and IPv6 ones too, for ServiceEndpoints and LambdaInterfaceEndpoint", async () => {
    useWorld({
      subnets: existingSubnets,
      vpcs: [
        {
          id: "vpc-existing",
          cidrBlock: "10.20.0.0/16",
          // EKS pods in a secondary block, and a dual-stack VPC's IPv6 block.
          secondaryCidrBlocks: ["100.64.0.0/16"],
          ipv6CidrBlock: "2600:1f18:aaaa:bb00::/56",
          enableDnsSupport: true,
          enableDnsHostnames: true,
        },
      ],
    });
    new ServiceEndpoints("wide", {
      vpcId: "vpc-existing",
      subnetIds: existingSubnets.map((s) => s.id),
      endpoints: [{ service: "sqs" }],
    });
    new LambdaInterfaceEndpoint("wide-lambda", {
      vpcId: "vpc-existing",
      subnetIds: ["subnet-a1", "subnet-f1"],
    });
    await settle();
    for (const group of ["wide-sg", "wide-lambda-endpoints-sg"]) {
      const [ingress] = resource(TYPES.securityGroup, group).inputs.ingress;
      assert.deepStrictEqual(
        [ingress.cidrBlocks, ingress.ipv6CidrBlocks],
        [["10.20.0.0/16", "100.64.0.0/16"], ["2600:1f18:aaaa:bb00::/56"]],
        group,
      );
    }
  });

  it("admits only the given blocks and groups, IPv6 included, with policies passed through", async () => {
    existingVpcWorld();
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }],
    });
    new ServiceEndpoints("q", {
      vpcId: "vpc-existing",
      subnetIds: ["subnet-a1", "subnet-f1"],
      subnetAvailabilityZones: ["us-east-1a", "us-east-1f"],
      endpoints: [{ service: "sqs", policy }],
      allowedCidrBlocks: ["10.20.0.0/24", "fd00:20::/56"],
      allowedSecurityGroupIds: ["sg-app"],
    });
    await settle();
    assert.deepStrictEqual(resource(TYPES.securityGroup, "q-sg").inputs.ingress, [
      {
        description: "HTTPS from allowed sources",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.20.0.0/24"],
        ipv6CidrBlocks: ["fd00:20::/56"],
        securityGroups: ["sg-app"],
      },
    ]);
    assert.deepStrictEqual(resource(TYPES.securityGroup, "q-sg").inputs.egress, []);
    assert.strictEqual(resource(TYPES.vpcEndpoint, "q-sqs").inputs.policy, policy);
    // Zones were given, and each subnet's is still looked up to hold them to AWS's answer.
    assert.deepStrictEqual(
      invokes("aws:ec2/getSubnet:getSubnet").map((i) => i.inputs.id),
      ["subnet-a1", "subnet-f1"],
    );
    assert.deepStrictEqual(invokes("aws:ec2/getVpc:getVpc"), []);
  });

  it("creates no security group when every endpoint is a gateway", async () => {
    useWorld();
    const endpoints = new ServiceEndpoints("gw", {
      vpcId: "vpc-1",
      routeTableIds: ["rtb-1"],
      endpoints: [{ service: "s3" }],
    });
    await settle();
    assert.deepStrictEqual(resourcesOfType(TYPES.securityGroup), []);
    assert.strictEqual(await valueOf(endpoints.securityGroupId), undefined);
    assert.strictEqual(await valueOf(endpoints.estimatedMonthlyCostUsd), 0);
  });

  it("fails, naming the service, when looked-up subnets are all in unsupported zones", async () => {
    existingVpcWorld();
    new ServiceEndpoints("only-e", {
      vpcId: "vpc-existing",
      subnetIds: ["subnet-e1"],
      endpoints: [{ service: "lambda" }],
    });
    const error = await asyncError();
    assert.strictEqual(
      error.message,
      'ServiceEndpoints "only-e": endpoints[0]: the lambda endpoint service supports none of the subnets\' zones (us-east-1e); it is offered in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f: add subnets of those zones to subnetIds.',
    );
    assert.deepStrictEqual(childrenOf("only-e"), []);
  });
  it("checks subnets whose ids are known only at deployment once they are known", async () => {
    existingVpcWorld();
    new ServiceEndpoints("later", {
      vpcId: "vpc-existing",
      subnetIds: pulumi.output(["subnet-e1"]),
      endpoints: [{ service: "lambda" }],
    });
    const error = await asyncError();
    // Pulumi reports it against the endpoint input that could not be computed.
    assert.strictEqual(
      error.message,
      'ServiceEndpoints "later": endpoints[0]: the lambda endpoint service supports none of the subnets\' zones (us-east-1e); it is offered in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f: add subnets of those zones to subnetIds.',
    );
    assert.deepStrictEqual(
      childrenOf("later").map((r) => r.type),
      [TYPES.securityGroup],
    );
  });

  it("names a subnet id that cannot be looked up", async () => {
    existingVpcWorld();
    new ServiceEndpoints("typo", {
      vpcId: "vpc-existing",
      subnetIds: ["subnet-a1", "subnet-nope"],
      endpoints: [{ service: "sqs" }],
    });
    assert.match(
      (await asyncError()).message,
      quoting(
        'ServiceEndpoints "typo": subnetIds: subnet-nope was not found ',
        "no matching EC2 Subnet found",
        "; it must exist in the provider's region and account: check the id, and the provider's region and credentials.",
      ),
    );
    assert.deepStrictEqual(childrenOf("typo"), []);
  });
  it("plugs into an awsx.ec2.Vpc through its ids", async () => {
    existingVpcWorld();
    const vpc = new awsx.ec2.Vpc("awsx", { numberOfAvailabilityZones: 3 });
    const endpoints = new ServiceEndpoints("on-awsx", {
      vpcId: vpc.vpcId,
      subnetIds: vpc.privateSubnetIds,
      endpoints: [{ service: "sqs" }],
    });
    await settle();
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "on-awsx-sqs").inputs.subnetIds, [
      "subnet-a1",
      "subnet-e1",
      "subnet-f1",
    ]);
    assert.deepStrictEqual(
      resource(TYPES.securityGroup, "on-awsx-sg").inputs.ingress[0].cidrBlocks,
      ["10.20.0.0/16"],
    );
    assert.deepStrictEqual(await valueOf(endpoints.endpointAvailabilityZones), {
      sqs: ["us-east-1a", "us-east-1e", "us-east-1f"],
    });
  });
});

describe("ServiceEndpoints: endpoint policies", () => {
  /** Endpoints on the existing VPC's subnets, zones given, with these extra args. */
  function endpoints(
    name: string,
    list: EndpointSpec[],
    extra: Partial<ServiceEndpointsArgs> = {},
  ): ServiceEndpoints {
    return new ServiceEndpoints(name, {
      vpcId: "vpc-existing",
      subnetIds: ["subnet-a1", "subnet-f1"],
      subnetAvailabilityZones: ["us-east-1a", "us-east-1f"],
      routeTableIds: ["rtb-1"],
      endpoints: list,
      ...extra,
    });
  }
  const policyOf = (name: string) => resource(TYPES.vpcEndpoint, name).inputs.policy;

  it("gives every endpoint without a policy of its own the account's perimeter; the entry's own policy wins", async () => {
    existingVpcWorld();
    const own = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }],
    });
    endpoints("p", [{ service: "s3" }, { service: "sqs", policy: own }, { service: "ssm" }]);
    await settle();
    assert.strictEqual(policyOf("p-s3"), accountPerimeter("s3"));
    assert.strictEqual(policyOf("p-sqs"), own);
    assert.strictEqual(policyOf("p-ssm"), accountPerimeter("ssm"));
    // The account comes from the provider, once.
    assert.strictEqual(invokes("aws:index/getCallerIdentity:getCallerIdentity").length, 1);
  });

  it("a policy known only at deployment is checked by the same rules once known, naming its entry", async () => {
    existingVpcWorld();
    const statement = { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" };
    const later = (document: object) => pulumi.output(Promise.resolve(JSON.stringify(document)));
    const good = { Version: "2012-10-17", Statement: [{ ...statement, Principal: "*" }] };
    endpoints("late", [{ service: "s3" }, { service: "sqs", policy: later(good) }]);
    await settle();
    assert.strictEqual(policyOf("late-sqs"), JSON.stringify(good));

    existingVpcWorld();
    endpoints("bad", [
      { service: "s3" },
      { service: "sqs", policy: later({ Statement: [statement] }) },
    ]);
    assert.strictEqual(
      (await asyncError()).message,
      'ServiceEndpoints "bad": endpoints[1] (sqs).policy: every statement of an endpoint policy needs a Principal (AWS refuses it otherwise); use "Principal": "*" and conditions to limit who.',
    );
    assert.deepStrictEqual(
      resourcesOfType(TYPES.vpcEndpoint).map((r) => r.name),
      ["bad-s3"],
    );
  });

  it("Organization: the organization looked up (DescribeOrganization alone) draws the perimeter", async () => {
    existingVpcWorld();
    endpoints("org", [{ service: "sqs" }], { endpointPolicyScope: "Organization" });
    await settle();
    const [lookUp] = invokes("aws:organizations/getOrganization:getOrganization");
    assert.deepStrictEqual(lookUp.inputs, { returnOrganizationOnly: true });
    assert.deepStrictEqual(JSON.parse(policyOf("org-sqs")).Statement[0].Condition, {
      StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:ResourceOrgID": "o-a1b2c3d4e5" },
    });
    assert.deepStrictEqual(invokes("aws:index/getCallerIdentity:getCallerIdentity"), []);
  });

  it("trusted accounts (AWS's layer and image publishers) reach every perimeter, through PrivateNetwork and LambdaInterfaceEndpoint too", async () => {
    existingVpcWorld();
    const trusted = ["580247275435", "602401143452"];
    endpoints("t", [{ service: "ecr.api" }], { endpointPolicyTrustedAccounts: trusted });
    new PrivateNetwork("tn", {
      availabilityZoneCount: 2,
      endpoints: [{ service: "sqs" }],
      endpointPolicyTrustedAccounts: trusted,
    });
    new LambdaInterfaceEndpoint("tl", {
      vpcId: "vpc-existing",
      subnetIds: ["subnet-a1", "subnet-f1"],
      endpointPolicyScope: "Organization",
      endpointPolicyTrustedAccounts: trusted,
    });
    await settle();
    const statement = (endpoint: string) =>
      JSON.parse(policyOf(endpoint)).Statement.find((st: { Sid: string }) =>
        st.Sid.endsWith("IdentitiesToTrustedAccountsResources"),
      );
    for (const [endpoint, key, id] of [
      ["t-ecr.api", "aws:PrincipalAccount", "123456789012"],
      ["tn-endpoints-sqs", "aws:PrincipalAccount", "123456789012"],
      ["tl-endpoints-lambda", "aws:PrincipalOrgID", "o-a1b2c3d4e5"],
    ]) {
      assert.deepStrictEqual(
        statement(endpoint).Condition,
        { StringEquals: { [key]: id, "aws:ResourceAccount": trusted } },
        endpoint,
      );
    }
  });

  it("Organization in an account outside any organization fails naming the argument and the way out", async () => {
    useWorld({ ...existingVpcWorld(), organizationId: undefined });
    endpoints("lone", [{ service: "sqs" }], { endpointPolicyScope: "Organization" });
    assert.strictEqual(
      (await asyncError()).message,
      'ServiceEndpoints "lone": endpointPolicyScope: the provider\'s AWS Organizations organization could not be looked up (reading Organizations Organization: AWSOrganizationsNotInUseException: Your account is not a member of an organization.); the deploying identity needs organizations:DescribeOrganization, in an account that belongs to an organization; else set endpointPolicyScope to "Account".',
    );
    assert.deepStrictEqual(resourcesOfType(TYPES.vpcEndpoint), []);
  });

  it("Open: AWS's default policy on every endpoint, and no account look-up", async () => {
    existingVpcWorld();
    endpoints("open", [{ service: "s3" }, { service: "sqs" }], { endpointPolicyScope: "Open" });
    await settle();
    assert.strictEqual(policyOf("open-s3"), undefined);
    assert.strictEqual(policyOf("open-sqs"), undefined);
    assert.deepStrictEqual(invokes("aws:index/getCallerIdentity:getCallerIdentity"), []);
  });

  it("a service that takes no endpoint policy gets none (AWS would allow full access anyway)", async () => {
    useWorld({ ...existingVpcWorld(), servicesWithoutEndpointPolicy: ["execute-api"] });
    endpoints("api", [{ service: "execute-api" }]);
    await settle();
    assert.strictEqual(policyOf("api-execute-api"), undefined);
    assert.deepStrictEqual(invokes("aws:index/getCallerIdentity:getCallerIdentity"), []);
  });

  it("refuses a scope it does not know before registering anything", () => {
    existingVpcWorld();
    assert.throws(
      () =>
        endpoints("bad", [{ service: "sqs" }], {
          endpointPolicyScope: "None" as EndpointPolicyScope,
        }),
      {
        message:
          'ServiceEndpoints "bad": endpointPolicyScope must be "Account", "Organization" or "Open" (got the string "None"): "Open" gives the endpoints AWS\'s full-access default policy.',
      },
    );
    assert.deepStrictEqual(registrations(), []);
  });
});
