/**
 * Errors that name the right argument and teach (issue #34): a look-up that failed says why (not
 * there, or not allowed, naming the IAM action), a service name that is not offered says whether
 * it is a typo ("did you mean …?") or a service the region lacks, an entry of
 * LambdaInterfaceEndpoint's `additionalEndpoints` is named as such wherever it fails, and a
 * subnet the program's PrivateNetwork made is named, not shown as a bare id.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  LambdaInterfaceEndpoint,
  LambdaInterfaceEndpointArgs,
  PrivateNetwork,
  ServiceEndpoints,
  VpcFlowLog,
  VpcFunction,
} from "../../components";
import { lookUpFailureMessage, lookUpFailureOf } from "../../components/lib/lookupErrors";
import { fakeAws } from "../../offline/fakeAws";
import {
  asyncError,
  MockWorld,
  ORGANIZATION,
  PROJECT,
  resourcesOfType,
  restoreDefaults,
  STACK,
  TYPES,
  useWorld,
} from "../mocks";
import { assertMessage, quoting } from "./messages";

const TOKENS = {
  subnet: "aws:ec2/getSubnet:getSubnet",
  vpc: "aws:ec2/getVpc:getVpc",
  securityGroup: "aws:ec2/getSecurityGroup:getSecurityGroup",
  endpointService: "aws:ec2/getVpcEndpointService:getVpcEndpointService",
};

/**
 * AWS's refusal of a call, as the provider reports it: "reading <type>: " (its
 * SingularDataSourceFindError for an error that is not "not found") and the AWS SDK for Go v2's
 * "operation error EC2: <operation>, …, api error UnauthorizedOperation: …".
 */
const denied = (type: string, operation: string, iam = "") =>
  `reading ${type}: operation error EC2: ${operation}, https response error StatusCode: 403, RequestID: 5f1e2a3b, api error UnauthorizedOperation: You are not authorized to perform this operation.${iam}`;
const THROTTLED =
  "reading EC2 VPC: operation error EC2: DescribeVpcs, exceeded maximum number of attempts, 25, https response error StatusCode: 503, RequestID: 7c2d, api error RequestLimitExceeded: Request limit exceeded.";
const NOT_FOUND_FIX =
  "; it must exist in the provider's region and account: check the id, and the provider's region and credentials.";
const TODAYS_FIX =
  "; check that it exists in this region and that the deploying identity may make the EC2 Describe call named there.";

/** Makes the fake AWS refuse these invokes (by token) with these messages, as the engine would. */
function failInvokes(failures: Readonly<Record<string, string>>): void {
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => fakeAws.newResource(args),
    call: (args) => {
      const message = failures[args.token];
      if (message !== undefined) {
        throw Object.assign(new Error(message), { details: message });
      }
      return fakeAws.call(args);
    },
  };
  void pulumi.runtime.setMocks(mocks, PROJECT, STACK, false, ORGANIZATION);
}

const WORLD: Partial<MockWorld> = {
  vpcs: [
    { id: "vpc-app", cidrBlock: "10.1.0.0/16", enableDnsSupport: true, enableDnsHostnames: true },
  ],
  subnets: [
    { id: "subnet-a", vpcId: "vpc-app", availabilityZone: "us-east-1a", cidrBlock: "10.1.0.0/20" },
    { id: "subnet-b", vpcId: "vpc-app", availabilityZone: "us-east-1b", cidrBlock: "10.1.16.0/20" },
  ],
  routeTables: [
    {
      id: "rtb-app",
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
      routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }],
    },
  ],
  securityGroups: [{ id: "sg-app", vpcId: "vpc-app" }],
};

const functionArgs = { runtime: "nodejs22.x", handler: "index.handler" };
const fn = (args: Record<string, unknown>) => () =>
  new VpcFunction("fn", {
    vpcId: "vpc-app",
    subnetIds: ["subnet-a"],
    minAvailabilityZones: 1,
    functionArgs,
    ...args,
  });
const lie = (args: Partial<LambdaInterfaceEndpointArgs>) => () =>
  new LambdaInterfaceEndpoint("lie", {
    vpcId: "vpc-app",
    subnetIds: ["subnet-a", "subnet-b"],
    ...args,
  });
const eps = (endpoints: { service: string }[]) => () =>
  new ServiceEndpoints("eps", { vpcId: "vpc-app", subnetIds: ["subnet-a", "subnet-b"], endpoints });
/** A value known only at deployment, as another resource's output is. */
const later = <T>(value: T) => pulumi.output(Promise.resolve(value));

const F = 'VpcFunction "fn": ';
const L = 'LambdaInterfaceEndpoint "lie": ';
const E = 'ServiceEndpoints "eps": ';
const N = 'PrivateNetwork "net": ';
const NOT_OFFERED = "no matching EC2 VPC Endpoint Service found";

/** What the world looks like (and what it refuses), what is declared, what it must say. */
type Case = [string, () => void, () => unknown, string | RegExp];
const world =
  (overrides: Partial<MockWorld> = {}, failures: Record<string, string> = {}) =>
  () => {
    useWorld({ ...WORLD, ...overrides });
    failInvokes(failures);
  };

/** 1. A look-up that failed says why: not there, not allowed (naming the action), or either. */
const lookUps: Case[] = [
  [
    "a subnet the account does not have: only that it must exist",
    world(),
    fn({ subnetIds: ["subnet-gone"] }),
    quoting(
      `${F}subnetIds: subnet-gone was not found `,
      "no matching EC2 Subnet found",
      NOT_FOUND_FIX,
    ),
  ],
  [
    "a subnet look-up EC2 refuses: the Describe permission, named from the call",
    world({}, { [TOKENS.subnet]: denied("EC2 Subnet", "DescribeSubnets") }),
    fn({}),
    `${F}subnetIds: subnet-a could not be looked up (${denied("EC2 Subnet", "DescribeSubnets")}); the deploying identity needs ec2:DescribeSubnets.`,
  ],
  [
    "a VPC look-up IAM denies: the action IAM names",
    world(
      {},
      {
        [TOKENS.vpc]: denied(
          "EC2 VPC",
          "DescribeVpcs",
          " User: arn:aws:sts::123456789012:assumed-role/deployer/ci is not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action",
        ),
      },
    ),
    lie({}),
    /^LambdaInterfaceEndpoint "lie": vpcId: vpc-app could not be looked up \(reading EC2 VPC: .* is not authorized to perform: ec2:DescribeVpcs because .*\); the deploying identity needs ec2:DescribeVpcs\.$/,
  ],
  [
    "a security group look-up refused without the call named: the group's Describe action",
    world(
      {},
      {
        [TOKENS.securityGroup]:
          "UnauthorizedOperation: You are not authorized to perform this operation.",
      },
    ),
    fn({ securityGroupIds: ["sg-app"] }),
    `${F}securityGroupIds: sg-app could not be looked up (UnauthorizedOperation: You are not authorized to perform this operation.); the deploying identity needs ec2:DescribeSecurityGroups.`,
  ],
  [
    "a look-up that failed otherwise (throttled): both causes, as before",
    world({}, { [TOKENS.vpc]: THROTTLED }),
    () => new VpcFlowLog("vfl", { vpcId: "vpc-app" }),
    `VpcFlowLog "vfl": vpcId: vpc-app could not be looked up (${THROTTLED})${TODAYS_FIX}`,
  ],
];

/** 2. A service name that is not offered: a typo, or a service the region lacks. */
const serviceNames: Case[] = [
  [
    "a typo in a service name",
    world(),
    eps([{ service: "sqs" }, { service: "secretmanager" }]),
    quoting(
      `${E}endpoints[1]: com.amazonaws.us-east-1.secretmanager is not an interface endpoint service in us-east-1 `,
      NOT_OFFERED,
      '; did you mean "secretsmanager"?',
    ),
  ],
  [
    "a family's common part for one of its names",
    world(),
    lie({ additionalEndpoints: [{ service: "ecr" }] }),
    quoting(
      `${L}additionalEndpoints[0]: com.amazonaws.us-east-1.ecr is not an interface endpoint service in us-east-1 `,
      NOT_OFFERED,
      '; did you mean "ecr.api" or "ecr.dkr"?',
    ),
  ],
  [
    "a real service the region does not offer",
    world({ interfaceServices: ["lambda", "sqs"] }),
    eps([{ service: "sqs" }, { service: "ssmmessages" }]),
    quoting(
      `${E}endpoints[1]: com.amazonaws.us-east-1.ssmmessages is not an interface endpoint service in us-east-1 `,
      NOT_OFFERED,
      "; ssmmessages is one of AWS's endpoint services, but us-east-1 does not offer it as an interface endpoint: remove the entry, or deploy where it is offered.",
    ),
  ],
  [
    "a name the way the console writes it",
    world(),
    eps([{ service: "Secrets Manager" }]),
    `${E}endpoints[0].service "Secrets Manager" is not valid: did you mean "secretsmanager"? Short AWS service names are lower case, like "s3", "sqs" or "ecr.api".`,
  ],
  [
    "a typo in a network's list",
    world(),
    () => new PrivateNetwork("net", { endpoints: [{ service: "s3" }, { service: "sqss" }] }),
    quoting(
      `${N}endpoints[1]: com.amazonaws.us-east-1.sqss is not an interface endpoint service in us-east-1 `,
      NOT_OFFERED,
      '; did you mean "sqs"?',
    ),
  ],
  [
    "an endpoint-service look-up EC2 refuses: the permission, for the component's own endpoint",
    world(
      {},
      {
        [TOKENS.endpointService]: denied(
          "EC2 VPC Endpoint Services",
          "DescribeVpcEndpointServices",
        ),
      },
    ),
    lie({}),
    `${L}the lambda endpoint service could not be looked up (${denied("EC2 VPC Endpoint Services", "DescribeVpcEndpointServices")}); the deploying identity needs ec2:DescribeVpcEndpointServices.`,
  ],
];

/** 3. LambdaInterfaceEndpoint's entries are its additionalEndpoints, wherever they fail. */
const arguments_: Case[] = [
  [
    "an additional endpoint whose service supports none of the subnets' zones",
    world({ unsupportedZoneIds: { lambda: ["use1-az3"], sqs: ["use1-az6", "use1-az1"] } }),
    lie({ additionalEndpoints: [{ service: "sqs" }] }),
    `${L}additionalEndpoints[0]: the sqs endpoint service supports none of the subnets' zones (us-east-1a, us-east-1b); it is offered in us-east-1c, us-east-1d, us-east-1e, us-east-1f: add subnets of those zones to subnetIds.`,
  ],
  [
    "an additional endpoint short of zones, found once the subnet ids are known (by the child it makes)",
    world({ unsupportedZoneIds: { lambda: ["use1-az3"], sqs: ["use1-az1"] } }),
    lie({ subnetIds: later(["subnet-a", "subnet-b"]), additionalEndpoints: [{ service: "sqs" }] }),
    `${L}additionalEndpoints[0]: the sqs endpoint would cover 1 zone (us-east-1a), fewer than minAvailabilityZones (2); its service does not support us-east-1b: add subnets of those zones to subnetIds, or lower minAvailabilityZones.`,
  ],
  [
    "an additional endpoint whose service has no private DNS name",
    world({ servicesWithoutPrivateDns: ["dynamodb"] }),
    lie({ additionalEndpoints: [{ service: "sqs" }, { service: "dynamodb", type: "Interface" }] }),
    `${L}additionalEndpoints[1]: com.amazonaws.us-east-1.dynamodb offers no private DNS name, so AWS refuses private DNS for its endpoint: set privateDnsEnabled: false on the dynamodb entry and call the endpoint by its own DNS names (dnsEntries).`,
  ],
  [
    "the Lambda endpoint short of zones: no entry to name, the subnets' argument in the fix",
    world(),
    lie({ subnetIds: ["subnet-a"] }),
    `${L}the lambda endpoint would cover 1 zone (us-east-1a), fewer than minAvailabilityZones (2): add subnets of those zones to subnetIds, or lower minAvailabilityZones.`,
  ],
];

/** 4. A subnet the program's PrivateNetwork made is named where a message shows its id. */
const network = () =>
  new PrivateNetwork("net", { availabilityZoneCount: 2, natGateways: "single" });
const ids: Case[] = [
  [
    "a network's private subnet given to endpoints of another VPC",
    world(),
    () =>
      new ServiceEndpoints("eps", {
        vpcId: "vpc-app",
        subnetIds: network().privateSubnetIds,
        endpoints: [{ service: "sqs" }],
      }),
    /^ServiceEndpoints "eps": subnetIds: subnet-\w+ \(private subnet us-east-1a of PrivateNetwork "net"\) is in vpc-\w+, not in vpcId vpc-app; pass subnets of that VPC\.$/,
  ],
  [
    "a network's private subnets given to a function of another VPC",
    world(),
    () =>
      new VpcFunction("fn", {
        vpcId: "vpc-app",
        subnetIds: network().privateSubnetIds,
        functionArgs,
      }),
    /^VpcFunction "fn": subnetIds: subnet-\w+ \(private subnet us-east-1a of PrivateNetwork "net"\) is in vpc-\w+, subnet-\w+ \(private subnet us-east-1b of PrivateNetwork "net"\) is in vpc-\w+, not in vpcId vpc-app; pass subnets of that VPC\.$/,
  ],
  [
    "a network's public subnets given to a function of another VPC",
    world(),
    () =>
      new VpcFunction("fn", {
        vpcId: "vpc-app",
        subnetIds: network().publicSubnetIds,
        allowPublicSubnets: true,
        functionArgs,
      }),
    /^VpcFunction "fn": subnetIds: subnet-\w+ \(public subnet us-east-1a of PrivateNetwork "net"\) is in vpc-\w+, subnet-\w+ \(public subnet us-east-1b of PrivateNetwork "net"\) is in vpc-\w+, not in vpcId vpc-app; pass subnets of that VPC\.$/,
  ],
];

describe("errors that name the right argument and teach", () => {
  afterEach(() => restoreDefaults());

  for (const [what, setUp, construct, expected] of [
    ...lookUps,
    ...serviceNames,
    ...arguments_,
    ...ids,
  ]) {
    it(`reports ${what}`, async () => {
      setUp();
      let message: string;
      try {
        construct();
        message = (await asyncError()).message;
      } catch (e) {
        message = (e as Error).message;
      }
      assertMessage(message, expected);
      // What the message is about never reached AWS.
      assert.deepStrictEqual(
        [...resourcesOfType(TYPES.vpcEndpoint), ...resourcesOfType(TYPES.function)],
        [],
      );
    });
  }

  it("tells the causes apart by the provider's and AWS's words alone", () => {
    assert.strictEqual(lookUpFailureOf("no matching EC2 Route Table found"), "not-found");
    assert.strictEqual(lookUpFailureOf(denied("EC2 Subnet", "DescribeSubnets")), "unauthorized");
    assert.strictEqual(lookUpFailureOf(THROTTLED), "other");
    // An id of no known kind, refused without the call named: the advice still points at EC2.
    assert.strictEqual(
      lookUpFailureMessage("vpcId", "vpc_typo", "vpc_typo", "UnauthorizedOperation"),
      "vpcId: vpc_typo could not be looked up (UnauthorizedOperation); the deploying identity needs the EC2 Describe permission the error names.",
    );
  });
});
