/**
 * The offline runtime: Pulumi's mocked runtime playing AWS, for `npm start`, `npm run
 * check-stack`, the snapshot writer, the benchmark and the tests. `pulumi.runtime.setMocks` is
 * global (the last call wins), so everything offline shares this module; importing it installs
 * the mocks.
 *
 * It records every registration (type, name, inputs, parent, dependencies, provider) and answers
 * the invokes the components use from a `MockWorld` the caller chooses. An invoke it does not know
 * throws, naming it, so a missing answer is loud instead of an `undefined` inside a service name.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as path from "path";
import { TYPE_TOKENS } from "../components/lib/typeTokens";
import { clearLookupCache } from "../components/lookups";
import { clearProgramState } from "../components/programState";
import { hyperplaneEniLedger } from "../components/vpcFunction";

// An internal SDK module: MockMonitor sees each registration's parent and dependencies, which the
// public Mocks interface does not pass on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
// Also internal: the SDK's set of unfinished promises, which it reports as leaks at exit.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeState = require("@pulumi/pulumi/runtime/state");

/**
 * The SDK reads a stack trace for every promise it tracks and every resource it registers, for
 * leak reports and source positions no test reads. Under ts-node each trace is source-mapped,
 * which made that bookkeeping about half of the tests' time; those two traces stay unmapped.
 * Every other trace (a failing assertion, a component's error) keeps its TypeScript positions.
 * Compiled (the benchmark), Node's own formatting is left alone: it is faster than this one.
 */
const SDK_BOOKKEEPING = [
  path.join("@pulumi", "pulumi", "runtime", "debuggable.js"),
  path.join("@pulumi", "pulumi", "resource.js"),
];
interface Stringable {
  toString(): string;
}
const underTsNode = Symbol.for("ts-node.register.instance") in process;
const mappedStackTrace = Error.prepareStackTrace?.bind(Error);
if (underTsNode && mappedStackTrace !== undefined) {
  Error.prepareStackTrace = (error, frames) => {
    const origin = frames[0]?.getFileName() ?? "";
    return SDK_BOOKKEEPING.some((file) => origin.endsWith(file))
      ? // V8's own format: CallSite's toString, which @types/node does not declare.
        [
          String(error),
          ...frames.map((frame) => `    at ${(frame as Stringable).toString()}`),
        ].join("\n")
      : mappedStackTrace(error, frames);
  };
}

export const ACCOUNT_ID = "123456789012";
export const PROJECT = "lambda-networking";
export const STACK = "test";
/** The organization programs run in (`pulumi.getOrganization()`); Pulumi's own default name. */
export const ORGANIZATION = "organization";

/** Type tokens the tests assert on. */
/** Type tokens by name, as the library, the pre-flight and the offline plan use them. */
export const TYPES = TYPE_TOKENS;

export interface MockZone {
  readonly name: string;
  readonly id: string;
}

export interface MockSubnet {
  readonly id: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly cidrBlock: string;
  readonly mapPublicIpOnLaunch?: boolean;
}

export interface MockRoute {
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  /** A gateway endpoint's route: the service's prefix list, with gatewayId the endpoint's id. */
  readonly destinationPrefixListId?: string;
  /** An internet or virtual private gateway, a gateway endpoint (vpce-), or "local". */
  readonly gatewayId?: string;
  readonly natGatewayId?: string;
  readonly egressOnlyGatewayId?: string;
  readonly transitGatewayId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly networkInterfaceId?: string;
  /** The network interface belongs to another account (an AWS service's). */
  readonly otherAccountsInterface?: boolean;
  /** How the route got there; "EnableVgwRoutePropagation" for a VPN's propagated routes. */
  readonly origin?: "CreateRouteTable" | "CreateRoute" | "EnableVgwRoutePropagation";
}

export interface MockRouteTable {
  readonly id: string;
  readonly vpcId: string;
  /** The VPC's main table, used by subnets without an association of their own. */
  readonly main?: boolean;
  readonly subnetIds: readonly string[];
  readonly routes: readonly MockRoute[];
}

export interface MockSecurityGroupRule {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlocks?: readonly string[];
}

export interface MockSecurityGroup {
  readonly id: string;
  readonly vpcId: string;
  readonly ingress?: readonly MockSecurityGroupRule[];
  readonly egress?: readonly MockSecurityGroupRule[];
}

export interface MockVpc {
  readonly id: string;
  readonly cidrBlock: string;
  /** Blocks associated after the primary one (AssociateVpcCidrBlock). */
  readonly secondaryCidrBlocks?: readonly string[];
  readonly ipv6CidrBlock?: string;
  readonly secondaryIpv6CidrBlocks?: readonly string[];
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
}

/** What "AWS" looks like to the components under test. */
export interface MockWorld {
  /** The default provider's region. */
  readonly region: string;
  /** The standard zones of each region the tests use. */
  readonly zonesByRegion: Readonly<Record<string, readonly MockZone[]>>;
  /** Zone IDs each endpoint service (short name) is NOT offered in; other zones all support it. */
  readonly unsupportedZoneIds: Readonly<Record<string, readonly string[]>>;
  /** Services offered as interface endpoints (short names); any other is "not found". */
  readonly interfaceServices: readonly string[];
  /** Services offered as gateway endpoints. */
  readonly gatewayServices: readonly string[];
  /** Interface services whose endpoint service has no private DNS name. */
  readonly servicesWithoutPrivateDns: readonly string[];
  /** Services whose endpoints take no endpoint policy (`vpcEndpointPolicySupported` false). */
  readonly servicesWithoutEndpointPolicy: readonly string[];
  /**
   * The AWS Organizations organization the account belongs to; undefined for an account in
   * none, which getOrganization refuses as AWS does.
   */
  readonly organizationId: string | undefined;
  /** Pre-existing subnets and VPCs (resources registered in the test are answered too). */
  readonly subnets: readonly MockSubnet[];
  readonly vpcs: readonly MockVpc[];
  readonly routeTables: readonly MockRouteTable[];
  readonly securityGroups: readonly MockSecurityGroup[];
}

/**
 * us-east-1 with a realistic account mapping: the zone letters are shuffled against the zone IDs,
 * so use1-az3 (excluded by default) is us-east-1e here, not us-east-1c.
 */
export const US_EAST_1: readonly MockZone[] = [
  { name: "us-east-1a", id: "use1-az6" },
  { name: "us-east-1b", id: "use1-az1" },
  { name: "us-east-1c", id: "use1-az2" },
  { name: "us-east-1d", id: "use1-az4" },
  { name: "us-east-1e", id: "use1-az3" },
  { name: "us-east-1f", id: "use1-az5" },
];

export const EU_WEST_1: readonly MockZone[] = [
  { name: "eu-west-1a", id: "euw1-az1" },
  { name: "eu-west-1b", id: "euw1-az2" },
  { name: "eu-west-1c", id: "euw1-az3" },
];

export const DEFAULT_WORLD: MockWorld = {
  region: "us-east-1",
  zonesByRegion: { "us-east-1": US_EAST_1, "eu-west-1": EU_WEST_1 },
  unsupportedZoneIds: { lambda: ["use1-az3"] },
  interfaceServices: [
    "dynamodb",
    "ec2",
    "ecr.api",
    "ecr.dkr",
    "events",
    "execute-api",
    "kinesis-streams",
    "kms",
    "lambda",
    "logs",
    "monitoring",
    "s3",
    "secretsmanager",
    "sns",
    "sqs",
    "ssm",
    "states",
    "sts",
    "xray",
  ],
  gatewayServices: ["dynamodb", "s3"],
  servicesWithoutPrivateDns: [],
  servicesWithoutEndpointPolicy: [],
  organizationId: "o-a1b2c3d4e5",
  subnets: [],
  vpcs: [],
  routeTables: [],
  securityGroups: [],
};

/**
 * Interface services that the China regions name `cn.com.amazonaws.<region>.<service>` (a part of
 * the list the AWS CDK keeps in aws-ec2/lib/vpc-endpoint.ts for cn-north-1); the others, and every
 * gateway service, keep `com.amazonaws.`.
 */
const CN_PREFIXED_INTERFACE_SERVICES = [
  "ec2",
  "ecr.api",
  "ecr.dkr",
  "execute-api",
  "kinesis-streams",
  "lambda",
  "monitoring",
  "s3",
  "sqs",
  "states",
  "sts",
  "xray",
];

/** The name AWS gives an endpoint service in a region. */
export function mockServiceName(region: string, service: string, type: string): string {
  const cn =
    region.startsWith("cn-") &&
    type === "Interface" &&
    CN_PREFIXED_INTERFACE_SERVICES.includes(service);
  return `${cn ? "cn." : ""}com.amazonaws.${region}.${service}`;
}

/** The partition of a region, as getPartition answers for a provider there. */
export function partitionOfRegion(region: string): string {
  return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** An existing VPC, vpc-1 (10.5.0.0/16), with subnets subnet-a and subnet-b in zones a and b. */
export const TWO_SUBNET_VPC: Pick<MockWorld, "vpcs" | "subnets"> = {
  vpcs: [{ id: "vpc-1", cidrBlock: "10.5.0.0/16" }],
  subnets: ["a", "b"].map((z, i) => ({
    id: `subnet-${z}`,
    vpcId: "vpc-1",
    availabilityZone: `us-east-1${z}`,
    cidrBlock: `10.5.${i}.0/24`,
  })),
};

/** One registered resource, as the engine saw it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean;
  /** The parent's name and type; undefined for resources at the stack's top level. */
  parent?: string;
  parentType?: string;
  parentUrn?: string;
  /** Names of the resources this one depends on (explicitly or through its inputs). */
  dependencies: string[];
  /** URNs of the resources this one depends on (explicitly or through its inputs). */
  dependencyUrns: string[];
  /** URNs of the resources this one depends on, by input property. */
  propertyDependencies: Record<string, string[]>;
  urn?: string;
  id?: string;
  /** The state the mock returned: inputs plus computed outputs (ARNs, generated names). */
  outputs?: Record<string, any>;
  /** The URN of an explicit provider, if any. */
  provider?: string;
}

export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, any>;
  readonly region: string;
}

let world: MockWorld = DEFAULT_WORLD;
let recorded: Registration[] = [];
let invoked: RecordedInvoke[] = [];
/** When the mock last registered a resource or answered an invoke (process.hrtime). */
let lastActivity = 0n;
/** The latest registration of each `type::name`, to attach its URN when the monitor answers. */
const recordedByKey = new Map<string, Registration>();
const pendingRequests = new Map<
  string,
  { parentUrn: string; dependencyUrns: string[]; propertyDependencies: Record<string, string[]> }
>();
const unhandled: unknown[] = [];
const warned: string[] = [];

/** Starts a test: forgets what earlier tests registered and sets what AWS looks like. */
export function useWorld(overrides: Partial<MockWorld> = {}): MockWorld {
  listenForRejections();
  world = { ...DEFAULT_WORLD, ...overrides };
  recorded = [];
  invoked = [];
  pendingRequests.clear();
  recordedByKey.clear();
  unhandled.length = 0;
  warned.length = 0;
  // Each test is a new program run: forget what the library remembers across components.
  hyperplaneEniLedger.clear();
  clearLookupCache();
  clearProgramState();
  return world;
}

/** When the mock last registered a resource or answered an invoke, in process.hrtime nanoseconds. */
export function lastActivityAt(): bigint {
  return lastActivity;
}

export function registrations(): Registration[] {
  return [...recorded];
}

/** Every registration of one type token. */
export function resourcesOfType(type: string): Registration[] {
  return recorded.filter((r) => r.type === type);
}

/** Warnings the components logged (through `pulumi.log.warn`) since the test began. */
export function warnings(): string[] {
  return [...warned];
}

export function invokes(token?: string): RecordedInvoke[] {
  return invoked.filter((i) => token === undefined || i.token === token);
}

/** Zones of a region as the mock reports them. */
export function zonesOf(region: string): readonly MockZone[] {
  const zones = world.zonesByRegion[region];
  if (zones === undefined) {
    throw invokeError(`mocks: no zones for region ${region}; add it to zonesByRegion`);
  }
  return zones;
}

/**
 * Waits until every registration and invoke in flight, and those they start, are done: until
 * the recorded registrations and invokes stop changing. (The SDK's own wait for RPCs cannot be
 * used: a resource whose inputs rejected never finishes registering, and would block it for good.)
 */
export async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 5;) {
    const before = recorded.length + invoked.length;
    await delay(2);
    quiet = recorded.length + invoked.length === before ? quiet + 1 : 0;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The value of an Output once known (fails if it never resolves). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("output never resolved")), 5000);
    output.apply((v) => {
      clearTimeout(timer);
      resolve(v);
      return v;
    });
  });
}

/**
 * A rejected input leaves its resource's registration waiting for good; when that is the expected
 * outcome, this keeps the SDK from reporting it as a leak when the process exits.
 */
export function forgetPendingRegistrations(): void {
  runtimeState.getStore().leakCandidates.clear();
}

/** Rejections raised after construction and not yet taken (components' errors among them). */
export function takeUnhandled(): unknown[] {
  return unhandled.splice(0, unhandled.length);
}

// ---- the mock itself ----

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 17);
}

const ID_PREFIXES: Record<string, string> = {
  [TYPES.vpc]: "vpc",
  [TYPES.subnet]: "subnet",
  [TYPES.routeTable]: "rtb",
  [TYPES.routeTableAssociation]: "rtbassoc",
  [TYPES.route]: "r-rtb",
  [TYPES.internetGateway]: "igw",
  [TYPES.natGateway]: "nat",
  [TYPES.eip]: "eipalloc",
  [TYPES.securityGroup]: "sg",
  [TYPES.defaultSecurityGroup]: "sg",
  [TYPES.vpcEndpoint]: "vpce",
};

/** Ids shaped like AWS's: prefixed hex for EC2, the (auto-)name for buckets, the URL for queues. */
function mockId(type: string, name: string, inputs: any, region: string): string {
  const prefix = ID_PREFIXES[type];
  if (prefix !== undefined) {
    return `${prefix}-${shortHash(`${type}/${name}`)}`;
  }
  switch (type) {
    // Adopting a VPC's default table: the resource's id is the table's (and so are its routes').
    case TYPES.defaultRouteTable:
      return String(inputs.defaultRouteTableId);
    case "aws:s3/bucket:Bucket":
      return inputs.bucket ?? autoName(name);
    case "aws:sqs/queue:Queue":
      return `https://sqs.${region}.amazonaws.com/${ACCOUNT_ID}/${inputs.name ?? autoName(name)}`;
    default:
      return `${name}-id`;
  }
}

/** What the provider's auto-naming does: the resource name and seven random characters. */
function autoName(name: string): string {
  return `${name}-${shortHash(name).slice(0, 7)}`;
}

function regionOfProvider(providerRef: string | undefined): string {
  if (!providerRef) {
    return world.region;
  }
  const urn = providerRef.substring(0, providerRef.lastIndexOf("::"));
  const provider = recorded.find((r) => r.urn === urn);
  const region = provider?.inputs.region as string | undefined;
  return region ?? world.region;
}

function computedState(type: string, id: string, name: string, inputs: any, region: string) {
  const partition = partitionOfRegion(region);
  // Tokens are package:module/name:Type; a program's own may be "acme:Network" or just "Network".
  const service = (type.split(":")[1] ?? type).split("/")[0].toLowerCase();
  const arn = `arn:${partition}:${service}:${region}:${ACCOUNT_ID}:${name}`;
  switch (type) {
    case "aws:ec2/eip:Eip":
      return { allocationId: id, publicIp: "203.0.113.10" };
    case "aws:s3/bucket:Bucket":
      return { bucket: id, arn: `arn:${partition}:s3:::${id}` };
    case "aws:sqs/queue:Queue": {
      const queueName = id.split("/").pop() as string;
      return {
        name: queueName,
        url: id,
        arn: `arn:${partition}:sqs:${region}:${ACCOUNT_ID}:${queueName}`,
      };
    }
    case TYPES.function: {
      const functionName = inputs.name ?? autoName(name);
      return {
        name: functionName,
        arn: `arn:${partition}:lambda:${region}:${ACCOUNT_ID}:function:${functionName}`,
        invokeArn: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/arn:${partition}:lambda:${region}:${ACCOUNT_ID}:function:${functionName}/invocations`,
      };
    }
    case TYPES.role: {
      const roleName = inputs.name ?? autoName(name);
      return { name: roleName, arn: `arn:${partition}:iam::${ACCOUNT_ID}:role/${roleName}` };
    }
    case TYPES.logGroup: {
      // name_prefix gets a 26-character unique suffix (terraform-plugin-sdk's id.PrefixedUniqueId).
      const groupName =
        inputs.name ??
        (inputs.namePrefix === undefined
          ? autoName(name)
          : `${inputs.namePrefix}${`20261129000000${shortHash(name)}`.padEnd(26, "0").slice(0, 26)}`);
      return {
        name: groupName,
        arn: `arn:${partition}:logs:${region}:${ACCOUNT_ID}:log-group:${groupName}`,
      };
    }
    case TYPES.defaultRouteTable:
      // The provider reads the adopted table's VPC (an output only).
      return {
        vpcId: recorded.find(
          (r) =>
            r.type === TYPES.vpc && r.outputs?.defaultRouteTableId === inputs.defaultRouteTableId,
        )?.id,
      };
    case "aws:ec2/vpc:Vpc":
      return {
        ...(inputs.assignGeneratedIpv6CidrBlock === true && inputs.ipv6CidrBlock === undefined
          ? amazonIpv6Block(id)
          : {}),
        arn: `arn:${partition}:ec2:${region}:${ACCOUNT_ID}:vpc/${id}`,
        defaultSecurityGroupId: `sg-default-${id}`,
        defaultRouteTableId: `rtb-main-${id}`,
        mainRouteTableId: `rtb-main-${id}`,
      };
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return {
        arn,
        // A gateway endpoint's service has a prefix list (pl-…); interface endpoints have none.
        ...(inputs.vpcEndpointType === "Gateway"
          ? { prefixListId: prefixListIdOf(String(inputs.serviceName)) }
          : {}),
        dnsEntries:
          inputs.vpcEndpointType === "Interface"
            ? [
                {
                  dnsName: `${id}.${String(inputs.serviceName).replace(/^(cn\.)?com\.amazonaws\.[^.]+\./, "")}.${region}.vpce.amazonaws.com`,
                  hostedZoneId: "Z7HUB22UULQXV",
                },
              ]
            : [],
      };
    case "awsx:ec2:Vpc": {
      // awsx v3 components run in the awsx provider plugin, so the mock plays its outputs: the
      // world's first VPC, and its subnets as the private ones.
      const vpc = world.vpcs[0];
      if (vpc === undefined) {
        throw new Error("mocks: an awsx.ec2.Vpc needs a VPC in the world");
      }
      return {
        vpcId: vpc.id,
        privateSubnetIds: world.subnets.filter((s) => s.vpcId === vpc.id).map((s) => s.id),
        publicSubnetIds: [],
        isolatedSubnetIds: [],
      };
    }
    default:
      return { arn };
  }
}

/**
 * The block AWS gives a VPC created with assignGeneratedIpv6CidrBlock: "a /56 IPv6 CIDR block
 * from Amazon's pool of IPv6 addresses" (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html);
 * here one of 2600:1f18::/32 (an Amazon range), fixed per VPC.
 */
function amazonIpv6Block(vpcId: string): Record<string, string> {
  const hash = shortHash(`ipv6/${vpcId}`);
  return {
    ipv6CidrBlock: `2600:1f18:${hash.slice(0, 4)}:${hash.slice(4, 6)}00::/56`,
    ipv6AssociationId: `vpc-cidr-assoc-${hash}`,
  };
}

const mocks: pulumi.runtime.Mocks = {
  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    lastActivity = process.hrtime.bigint();
    const request = pendingRequests.get(`${args.type}::${args.name}`);
    const region = regionOfProvider(args.provider);
    const id = mockId(args.type, args.name, args.inputs, region);
    const registration: Registration = {
      type: args.type,
      name: args.name,
      inputs: args.inputs,
      custom: args.custom ?? true,
      dependencies: [],
      dependencyUrns: [],
      propertyDependencies: {},
      id,
      provider: args.provider
        ? args.provider.substring(0, args.provider.lastIndexOf("::"))
        : undefined,
    };
    if (request) {
      const parentName = request.parentUrn ? request.parentUrn.split("::").pop() : undefined;
      if (
        parentName &&
        request.parentUrn.split("::")[2]?.split("$").pop() !== "pulumi:pulumi:Stack"
      ) {
        registration.parent = parentName;
        registration.parentType = request.parentUrn.split("::")[2].split("$").pop();
        registration.parentUrn = request.parentUrn;
      }
      registration.dependencies = request.dependencyUrns.map((u) => u.split("::").pop() as string);
      registration.dependencyUrns = request.dependencyUrns;
      registration.propertyDependencies = request.propertyDependencies;
    }
    const state = {
      ...args.inputs,
      ...computedState(args.type, id, args.name, args.inputs, region),
    };
    registration.outputs = state;
    recorded.push(registration);
    recordedByKey.set(`${args.type}::${args.name}`, registration);
    return { id, state };
  },

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    lastActivity = process.hrtime.bigint();
    const region = regionOfProvider(args.provider);
    invoked.push({ token: args.token, inputs: args.inputs, region });
    const answer = INVOKES[args.token];
    if (answer === undefined) {
      throw invokeError(
        `the offline runtime has no answer for invoke ${args.token} (it answers ${Object.keys(INVOKES).join(", ")}): give the program the value as config, or run it against AWS with pulumi preview.`,
      );
    }
    return answer(args.inputs, region);
  },
};

/** The invokes (data sources) the offline runtime answers, from the world a test set. */
const INVOKES: Record<string, (inputs: any, region: string) => Record<string, any>> = {
  "aws:index/getRegion:getRegion": (_, region) => ({
    id: region,
    name: region,
    region,
    description: region,
    endpoint: `ec2.${region}.amazonaws.com`,
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, region) => {
    const excludedIds: string[] = inputs.excludeZoneIds ?? [];
    const excludedNames: string[] = inputs.excludeNames ?? [];
    const zones = zonesOf(region).filter(
      (z) => !excludedIds.includes(z.id) && !excludedNames.includes(z.name),
    );
    return {
      id: region,
      region,
      names: zones.map((z) => z.name),
      zoneIds: zones.map((z) => z.id),
      groupNames: zones.map(() => region),
      state: inputs.state,
    };
  },
  "aws:ec2/getVpcEndpointService:getVpcEndpointService": endpointService,
  "aws:ec2/getSubnet:getSubnet": (inputs, region) => subnetById(inputs.id, region),
  "aws:ec2/getVpc:getVpc": (inputs, region) => vpcById(inputs.id, region),
  "aws:ec2/getRouteTables:getRouteTables": (inputs, region) => ({
    id: region,
    region,
    ids: routeTableIds(inputs),
    tags: {},
  }),
  "aws:ec2/getRouteTable:getRouteTable": (inputs) => routeTableById(inputs.routeTableId),
  "aws:ec2/getPrefixList:getPrefixList": prefixListByName,
  "aws:index/getPartition:getPartition": (_, region) => {
    const partition = partitionOfRegion(region);
    return {
      id: partition,
      partition,
      dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
      reverseDnsPrefix: partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
    };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": (_, region) => ({
    id: ACCOUNT_ID,
    accountId: ACCOUNT_ID,
    arn: `arn:${partitionOfRegion(region)}:iam::${ACCOUNT_ID}:user/deployer`,
    userId: "AIDAEXAMPLEDEPLOYER",
  }),
  "aws:organizations/getOrganization:getOrganization": (_, region) => {
    if (world.organizationId === undefined) {
      throw invokeError(
        "reading Organizations Organization: AWSOrganizationsNotInUseException: Your account is not a member of an organization.",
      );
    }
    const arn = `arn:${partitionOfRegion(region)}:organizations::${ACCOUNT_ID}:organization/${world.organizationId}`;
    return {
      id: world.organizationId,
      arn,
      featureSet: "ALL",
      masterAccountArn: `arn:${partitionOfRegion(region)}:organizations::${ACCOUNT_ID}:account/${world.organizationId}/${ACCOUNT_ID}`,
      masterAccountEmail: "management@example.com",
      masterAccountId: ACCOUNT_ID,
      masterAccountName: "management",
      accounts: [],
      nonMasterAccounts: [],
      roots: [],
      awsServiceAccessPrincipals: [],
      enabledPolicyTypes: [],
    };
  },
  "aws:ec2/getSecurityGroup:getSecurityGroup": (inputs, region) =>
    securityGroupById(inputs.id, region),
  "aws:vpc/getSecurityGroupRules:getSecurityGroupRules": securityGroupRules,
  "aws:vpc/getSecurityGroupRule:getSecurityGroupRule": (inputs, region) =>
    securityGroupRule(inputs.securityGroupRuleId, region),
};

/** What the stand-in engine (tests/langhost) learns of a registration from its gRPC request. */
export interface ServedRegistration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean;
  readonly provider?: string;
  readonly urn: string;
  readonly parentUrn: string;
  readonly dependencyUrns: string[];
  readonly propertyDependencies: Record<string, string[]>;
}

/**
 * Answers a registration the stand-in engine received over gRPC as this mock answers the SDK's
 * in-process monitor, recording it with its parent, dependencies and URN: one world, one record,
 * whichever way the program ran.
 */
export function serveRegistration(req: ServedRegistration): pulumi.runtime.MockResourceResult {
  const key = `${req.type}::${req.name}`;
  pendingRequests.set(key, {
    parentUrn: req.parentUrn,
    dependencyUrns: req.dependencyUrns,
    propertyDependencies: req.propertyDependencies,
  });
  const result = mocks.newResource({
    type: req.type,
    name: req.name,
    inputs: req.inputs,
    custom: req.custom,
    provider: req.provider,
  }) as pulumi.runtime.MockResourceResult;
  const reg = recordedByKey.get(key);
  if (reg) {
    reg.urn = req.urn;
  }
  return result;
}

/** Answers an invoke the stand-in engine received, as this mock answers the SDK's. */
export function serveInvoke(
  token: string,
  inputs: Record<string, any>,
  provider?: string,
): Record<string, any> {
  return mocks.call({ token, inputs, provider }) as Record<string, any>;
}

/** A failed invoke as the engine reports it: the SDK surfaces the gRPC error's `details`. */
function invokeError(message: string): Error {
  return Object.assign(new Error(message), { details: message });
}

/**
 * Answers getVpcEndpointService as the provider does: by `serviceName`, or by `service-name`
 * filters, narrowed by `serviceType`; exactly one service must match.
 */
function endpointService(inputs: any, region: string): Record<string, any> {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const wanted: string[] = [
    ...(inputs.serviceName ? [inputs.serviceName] : []),
    ...filters.filter((f) => f.name === "service-name").flatMap((f) => f.values),
  ];
  const unknownFilter = filters.find((f) => f.name !== "service-name");
  if (unknownFilter !== undefined) {
    throw invokeError(`mocks: getVpcEndpointService filter ${unknownFilter.name} is not mocked`);
  }
  const offered = [
    ...world.interfaceServices.map((service) => ({ service, type: "Interface" })),
    ...world.gatewayServices.map((service) => ({ service, type: "Gateway" })),
  ].map((o) => ({ ...o, serviceName: mockServiceName(region, o.service, o.type) }));
  const matches = offered.filter(
    (o) =>
      wanted.includes(o.serviceName) &&
      (inputs.serviceType === undefined || inputs.serviceType === o.type),
  );
  if (matches.length === 0) {
    throw invokeError("no matching EC2 VPC Endpoint Service found");
  }
  if (matches.length > 1) {
    throw invokeError(
      "multiple EC2 VPC Endpoint Services matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint Service",
    );
  }
  const { service, type, serviceName } = matches[0];
  const unsupported = world.unsupportedZoneIds[service] ?? [];
  const dnsSuffix = partitionOfRegion(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  const privateDnsName =
    type === "Interface" && !world.servicesWithoutPrivateDns.includes(service)
      ? `${service}.${region}.${dnsSuffix}`
      : "";
  return {
    id: serviceName,
    serviceName,
    serviceType: type,
    availabilityZones: zonesOf(region)
      .filter((z) => !unsupported.includes(z.id))
      .map((z) => z.name),
    baseEndpointDnsNames: [`${service}.${region}.vpce.${dnsSuffix}`],
    privateDnsName,
    privateDnsNames: privateDnsName === "" ? [] : [privateDnsName],
    vpcEndpointPolicySupported: !world.servicesWithoutEndpointPolicy.includes(service),
    acceptanceRequired: false,
    managesVpcEndpoints: false,
    owner: "amazon",
    region,
    serviceRegion: region,
    supportedIpAddressTypes: ["ipv4"],
    tags: {},
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}::vpc-endpoint-service/${serviceName}`,
    serviceId: `vpce-svc-${shortHash(serviceName)}`,
  };
}

/** Security groups of the world and those registered so far, with rule ids made up. */
function allSecurityGroups(): MockSecurityGroup[] {
  const registered = resourcesOfType(TYPES.securityGroup).map((g): MockSecurityGroup => ({
    id: g.id as string,
    vpcId: g.inputs.vpcId,
    ingress: g.inputs.ingress ?? [],
    egress: g.inputs.egress ?? [],
  }));
  return [...world.securityGroups, ...registered];
}

function rulesOf(
  group: MockSecurityGroup,
): { id: string; isEgress: boolean; rule: MockSecurityGroupRule }[] {
  const rules = (list: readonly MockSecurityGroupRule[] | undefined, isEgress: boolean) =>
    (list ?? []).map((rule, i) => ({
      id: `sgr-${shortHash(`${group.id}/${isEgress ? "egress" : "ingress"}/${i}`)}`,
      isEgress,
      rule,
    }));
  return [...rules(group.ingress, false), ...rules(group.egress, true)];
}

function securityGroupById(id: string, region: string): Record<string, any> {
  const group = allSecurityGroups().find((g) => g.id === id);
  if (group === undefined) {
    throw invokeError(`no matching EC2 Security Group found (mock: ${id} is not in the world)`);
  }
  return {
    id,
    vpcId: group.vpcId,
    name: id,
    description: "",
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:security-group/${id}`,
    tags: {},
  };
}

function securityGroupRules(inputs: any, region: string): Record<string, any> {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const groupIds = filters.find((f) => f.name === "group-id")?.values;
  if (groupIds === undefined || filters.length !== 1) {
    throw invokeError("mocks: getSecurityGroupRules takes one group-id filter here");
  }
  const ids = allSecurityGroups()
    .filter((g) => groupIds.includes(g.id))
    .flatMap((g) => rulesOf(g).map((r) => r.id));
  return { id: region, region, ids, tags: {} };
}

function securityGroupRule(ruleId: string, region: string): Record<string, any> {
  for (const group of allSecurityGroups()) {
    const found = rulesOf(group).find((r) => r.id === ruleId);
    if (found !== undefined) {
      return {
        id: ruleId,
        securityGroupRuleId: ruleId,
        securityGroupId: group.id,
        isEgress: found.isEgress,
        ipProtocol: found.rule.protocol,
        fromPort: found.rule.fromPort,
        toPort: found.rule.toPort,
        cidrIpv4: found.rule.cidrBlocks?.[0] ?? "",
        cidrIpv6: "",
        description: "",
        prefixListId: "",
        referencedSecurityGroupId: "",
        arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:security-group-rule/${ruleId}`,
        region,
        tags: {},
      };
    }
  }
  throw invokeError(`no matching EC2 Security Group Rule found (mock: ${ruleId})`);
}

function subnetById(id: string, region: string): Record<string, any> {
  const given = world.subnets.find((s) => s.id === id);
  const registered = recorded.find((r) => r.type === "aws:ec2/subnet:Subnet" && r.id === id);
  const subnet: MockSubnet | undefined =
    given ?? (registered ? ({ id, ...registered.inputs } as MockSubnet) : undefined);
  if (subnet === undefined) {
    throw invokeError(`no matching EC2 Subnet found (mock: ${id} is not in the world)`);
  }
  const zone = zonesOf(region).find((z) => z.name === subnet.availabilityZone);
  return {
    ...subnet,
    id,
    availabilityZoneId: zone?.id ?? "",
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch ?? false,
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:subnet/${id}`,
  };
}

/** Route tables of the world and of the resources registered so far, as one list. */
function allRouteTables(): MockRouteTable[] {
  const registered = resourcesOfType(TYPES.routeTable).map((t): MockRouteTable => ({
    id: t.id as string,
    vpcId: t.inputs.vpcId,
    subnetIds: resourcesOfType(TYPES.routeTableAssociation)
      .filter((a) => a.inputs.routeTableId === t.id)
      .map((a) => a.inputs.subnetId),
    routes: [
      ...resourcesOfType(TYPES.route)
        .filter((r) => r.inputs.routeTableId === t.id)
        .map((r) => ({
          cidrBlock: r.inputs.destinationCidrBlock,
          gatewayId: r.inputs.gatewayId,
          natGatewayId: r.inputs.natGatewayId,
        })),
      // A gateway endpoint adds a route to its service's prefix list in each of its tables.
      ...resourcesOfType(TYPES.vpcEndpoint)
        .filter((e) => e.inputs.vpcEndpointType === "Gateway")
        .filter((e) =>
          ((e.inputs.routeTableIds as string[] | undefined) ?? []).includes(t.id as string),
        )
        .map((e) => ({
          destinationPrefixListId: prefixListIdOf(String(e.inputs.serviceName)),
          gatewayId: e.id as string,
        })),
    ],
  }));
  return [...world.routeTables, ...registered];
}

/**
 * Answers getRouteTables as DescribeRouteTables filters: by association, and by the routes each
 * table has (every route, including those the route-table look-up leaves out).
 */
function routeTableIds(inputs: any): string[] {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const routeField: Record<string, keyof MockRoute> = {
    "route.destination-prefix-list-id": "destinationPrefixListId",
    "route.destination-cidr-block": "cidrBlock",
    "route.destination-ipv6-cidr-block": "ipv6CidrBlock",
  };
  return allRouteTables()
    .filter((t) => inputs.vpcId === undefined || t.vpcId === inputs.vpcId)
    .filter((t) =>
      filters.every((f) => {
        switch (f.name) {
          case "association.subnet-id":
            return t.subnetIds.some((id) => f.values.includes(id));
          case "association.main":
            return f.values.includes(String(t.main ?? false));
          case "route-table-id":
            return f.values.includes(t.id);
          default: {
            const field = routeField[f.name];
            if (field === undefined) {
              throw invokeError(`mocks: getRouteTables filter ${f.name} is not mocked`);
            }
            return t.routes.some((r) => f.values.includes(String(r[field])));
          }
        }
      }),
    )
    .map((t) => t.id);
}

/**
 * Whether the provider's route-table look-up shows a route: it leaves out the local route, VPC
 * Lattice routes, routes propagated from a virtual private gateway, gateway endpoint routes and
 * routes to another account's network interface (terraform-provider-aws
 * internal/service/ec2/vpc_route_table_data_source.go, flattenDataSourceRoutes).
 */
function shownByLookUp(r: MockRoute): boolean {
  return !(
    r.gatewayId === "local" ||
    r.gatewayId === "VpcLattice" ||
    r.origin === "EnableVgwRoutePropagation" ||
    (r.destinationPrefixListId !== undefined && r.gatewayId?.startsWith("vpce-")) ||
    r.otherAccountsInterface === true
  );
}

function routeTableById(id: string): Record<string, any> {
  const table = allRouteTables().find((t) => t.id === id);
  if (table === undefined) {
    throw invokeError(`no matching EC2 Route Table found (mock: ${id})`);
  }
  return {
    id,
    routeTableId: id,
    vpcId: table.vpcId,
    // The provider reports every route field, empty when unset; a vpce- target of a block (a
    // Gateway Load Balancer endpoint) as vpcEndpointId.
    routes: table.routes.filter(shownByLookUp).map((r) => {
      const endpoint = r.gatewayId?.startsWith("vpce-") ? r.gatewayId : undefined;
      return {
        cidrBlock: r.cidrBlock ?? "",
        ipv6CidrBlock: r.ipv6CidrBlock ?? "",
        destinationPrefixListId: r.destinationPrefixListId ?? "",
        gatewayId: endpoint === undefined ? (r.gatewayId ?? "") : "",
        vpcEndpointId: endpoint ?? "",
        natGatewayId: r.natGatewayId ?? "",
        egressOnlyGatewayId: r.egressOnlyGatewayId ?? "",
        transitGatewayId: r.transitGatewayId ?? "",
        vpcPeeringConnectionId: r.vpcPeeringConnectionId ?? "",
        networkInterfaceId: r.networkInterfaceId ?? "",
      };
    }),
    associations: table.subnetIds.map((subnetId) => ({ subnetId, routeTableId: id, main: false })),
  };
}

/**
 * Answers getPrefixList for the AWS-managed prefix lists of gateway endpoint services, by name
 * (com.amazonaws.<region>.s3), as DescribePrefixLists does; one must match.
 */
function prefixListByName(inputs: any, region: string): Record<string, any> {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const names = [
    ...(inputs.name ? [inputs.name] : []),
    ...filters.filter((f) => f.name === "prefix-list-name").flatMap((f) => f.values),
  ];
  const offered = world.gatewayServices.map((s) => mockServiceName(region, s, "Gateway"));
  const found = offered.filter((n) => names.includes(n));
  if (found.length !== 1) {
    throw invokeError(
      found.length === 0
        ? "no matching EC2 Prefix List found"
        : "multiple EC2 Prefix Lists matched; use additional constraints to reduce matches to a single EC2 Prefix List",
    );
  }
  return { id: prefixListIdOf(found[0]), name: found[0], cidrBlocks: [], filters };
}

/** The prefix list id AWS gives a gateway endpoint service (placeholder, stable per service). */
export function prefixListIdOf(serviceName: string): string {
  return `pl-${shortHash(serviceName)}`;
}

function vpcById(id: string, region: string): Record<string, any> {
  const given = world.vpcs.find((v) => v.id === id);
  const registered = recorded.find((r) => r.type === "aws:ec2/vpc:Vpc" && r.id === id);
  // A VPC of the program: what it was given and what AWS computed (an Amazon IPv6 block).
  const vpc: MockVpc | undefined =
    given ??
    (registered
      ? ({ ...registered.inputs, ipv6CidrBlock: registered.outputs?.ipv6CidrBlock, id } as MockVpc)
      : undefined);
  if (vpc === undefined) {
    throw invokeError(`no matching EC2 VPC found (mock: ${id} is not in the world)`);
  }
  const ipv6 = [vpc.ipv6CidrBlock ?? "", ...(vpc.secondaryIpv6CidrBlocks ?? [])].filter(Boolean);
  return {
    enableDnsSupport: true,
    enableDnsHostnames: false,
    ...vpc,
    ipv6CidrBlock: vpc.ipv6CidrBlock ?? "",
    // Every associated block, the primary first, as DescribeVpcs reports them.
    cidrBlockAssociations: [vpc.cidrBlock, ...(vpc.secondaryCidrBlocks ?? [])].map((block, i) => ({
      associationId: `vpc-cidr-assoc-${shortHash(`${id}/${i}`)}`,
      cidrBlock: block,
      state: "associated",
    })),
    ipv6CidrBlockAssociations: ipv6.map((block, i) => ({
      associationId: `vpc-cidr-assoc-${shortHash(`${id}/v6/${i}`)}`,
      ipv6CidrBlock: block,
      state: "associated",
    })),
    id,
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:vpc/${id}`,
  };
}

// Record each request's parent and dependencies before the mock sees it, and its URN after.
const originalRegister = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (this: unknown, req: any, callback: any) {
  const key = `${req.getType()}::${req.getName()}`;
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps: any, property: string) => {
    propertyDependencies[property] = deps.getUrnsList();
  });
  pendingRequests.set(key, {
    parentUrn: req.getParent(),
    dependencyUrns: req.getDependenciesList(),
    propertyDependencies,
  });
  return originalRegister.call(this, req, (err: unknown, response: any) => {
    if (response) {
      const reg = recordedByKey.get(key);
      if (reg) {
        reg.urn = response.getUrn();
      }
    }
    callback(err, response);
  });
};

// Warnings are part of the contract: record them instead of printing them.
(pulumi.log as { warn: (message: string) => Promise<void> }).warn = (message: string) => {
  warned.push(message);
  return Promise.resolve();
};

const recordRejection = (reason: unknown) => {
  unhandled.push(reason);
};

/**
 * Listens for the errors components raise after construction. Re-attached at each test start:
 * mocha's parallel workers remove every unhandledRejection listener after each file.
 */
function listenForRejections(): void {
  if (!process.listeners("unhandledRejection").includes(recordRejection)) {
    process.on("unhandledRejection", recordRejection);
  }
}
listenForRejections();

void pulumi.runtime.setMocks(mocks, PROJECT, STACK, false, ORGANIZATION);

/**
 * Switches the runtime between preview (`pulumi preview`: outputs the mock does not return are
 * unknown) and update. Tests that turn preview on turn it off again in an `after` hook.
 */
export function setPreview(preview: boolean): void {
  void pulumi.runtime.setMocks(mocks, PROJECT, STACK, preview, ORGANIZATION);
}

/**
 * Runs what follows as another project and stack (a program's config namespace is its project
 * name), with the given stack config. `restoreDefaults` goes back to the test project.
 */
export function useProgram(
  project: string,
  stack: string,
  config: Record<string, string>,
  options: { preview?: boolean; organization?: string } = {},
): void {
  void pulumi.runtime.setMocks(
    mocks,
    project,
    stack,
    options.preview ?? false,
    options.organization ?? ORGANIZATION,
  );
  pulumi.runtime.setAllConfig(config);
}

export function restoreDefaults(): void {
  void pulumi.runtime.setMocks(mocks, PROJECT, STACK, false, ORGANIZATION);
  pulumi.runtime.setAllConfig({});
}

/** Errors raised after construction and not yet taken, without failing (for runners). */
export function takeErrors(): Error[] {
  const messages = new Set<string>();
  return takeUnhandled()
    .map((e) => (e instanceof Error ? e : new Error(String(e))))
    .filter((e) => !messages.has(e.message) && messages.add(e.message));
}
