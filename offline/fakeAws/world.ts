/**
 * The fake AWS's world: what AWS looks like to the program (region, zones, endpoint services,
 * existing VPCs, subnets, route tables and security groups), the account, and the helpers every
 * answer shares. The world in use is module state, set by `useWorld` (engine.ts).
 */
import { createHash } from "crypto";
import { TYPE_TOKENS } from "../../components/lib/typeTokens";

export const ACCOUNT_ID = "123456789012";

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
  /** Its zone's ID (DescribeSubnets' AvailabilityZoneId); else the world's zones tell. */
  readonly availabilityZoneId?: string;
  /** "" for an IPv6-only subnet. */
  readonly cidrBlock: string;
  readonly ipv6CidrBlock?: string;
  /** IPv6-only (DescribeSubnets' Ipv6Native); else whether cidrBlock is "". */
  readonly ipv6Native?: boolean;
  readonly mapPublicIpOnLaunch?: boolean;
  readonly defaultForAz?: boolean;
  /** The account that owns it (a subnet shared through AWS RAM has another's). */
  readonly ownerId?: string;
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
  readonly instanceId?: string;
  readonly carrierGatewayId?: string;
  readonly localGatewayId?: string;
  readonly coreNetworkArn?: string;
  readonly odbNetworkArn?: string;
  /** The network interface belongs to another account (an AWS service's). */
  readonly otherAccountsInterface?: boolean;
  /** How the route got there; "EnableVgwRoutePropagation" for a VPN's propagated routes. */
  readonly origin?:
    "CreateRouteTable" | "CreateRoute" | "EnableVgwRoutePropagation" | "Advertisement";
}

export interface MockRouteTable {
  readonly id: string;
  readonly vpcId: string;
  /** The VPC's main table, used by subnets without an association of their own. */
  readonly main?: boolean;
  readonly subnetIds: readonly string[];
  readonly routes: readonly MockRoute[];
}

/** A rule; each is one security group rule (sgr-) as DescribeSecurityGroupRules counts them. */
export interface MockSecurityGroupRule {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlocks?: readonly string[];
  readonly ipv6CidrBlocks?: readonly string[];
  readonly prefixListIds?: readonly string[];
  /** Referenced security groups (a rule whose source or destination is a group). */
  readonly securityGroups?: readonly string[];
  readonly description?: string;
}

export interface MockSecurityGroup {
  readonly id: string;
  readonly vpcId: string;
  readonly name?: string;
  readonly description?: string;
  readonly ingress?: readonly MockSecurityGroupRule[];
  readonly egress?: readonly MockSecurityGroupRule[];
}

/**
 * A block associated with a VPC, as DescribeVpcs lists it with its state ("associated",
 * "associating", "disassociating", "disassociated", "failing", "failed":
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcCidrBlockState.html).
 */
export interface MockCidrBlockAssociation {
  readonly associationId: string;
  readonly cidrBlock: string;
  readonly state: string;
}

export interface MockVpc {
  readonly id: string;
  readonly cidrBlock: string;
  /** Blocks associated after the primary one (AssociateVpcCidrBlock). */
  readonly secondaryCidrBlocks?: readonly string[];
  readonly ipv6CidrBlock?: string;
  readonly secondaryIpv6CidrBlocks?: readonly string[];
  /**
   * Every IPv4 (and IPv6) block association with its state, as DescribeVpcs lists them; when
   * given, answered as they are instead of the blocks above, all "associated".
   */
  readonly cidrBlockAssociations?: readonly MockCidrBlockAssociation[];
  readonly ipv6CidrBlockAssociations?: readonly MockCidrBlockAssociation[];
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
  /** The region's default VPC (DescribeVpcs' IsDefault). */
  readonly isDefault?: boolean;
  readonly ownerId?: string;
}

/** An endpoint service as DescribeVpcEndpointServices describes it (one of its ServiceTypes). */
export interface MockEndpointService {
  readonly serviceName: string;
  readonly type: "Interface" | "Gateway" | "GatewayLoadBalancer";
  readonly availabilityZones: readonly string[];
  /** "" when it has none. */
  readonly privateDnsName: string;
  readonly policySupported: boolean;
  readonly serviceId?: string;
  readonly owner?: string;
  readonly baseEndpointDnsNames?: readonly string[];
  readonly acceptanceRequired?: boolean;
  readonly managesVpcEndpoints?: boolean;
  readonly supportedIpAddressTypes?: readonly string[];
}

/** An existing VPC endpoint, as DescribeVpcEndpoints describes it. */
export interface MockVpcEndpoint {
  readonly id: string;
  readonly vpcId: string;
  readonly serviceName: string;
  readonly type: string;
  /** Lower case, as the API answers: "available", "pending", "deleted", ... */
  readonly state: string;
  readonly privateDnsEnabled: boolean;
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
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
   * Services whose endpoint service accepts IPv4 alone (`supportedIpAddressTypes` ["ipv4"]); the
   * others the world makes up accept IPv4 and IPv6.
   */
  readonly ipv4OnlyServices: readonly string[];
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
  /**
   * Endpoint services as the account's region describes them; each answers for its name and type
   * instead of the one made up from the lists above, and any other is offered too.
   */
  readonly endpointServices: readonly MockEndpointService[];
  /** Existing VPC endpoints (their private DNS claims a service's name in their VPC). */
  readonly vpcEndpoints: readonly MockVpcEndpoint[];
  /** Prefix list ids by name (com.amazonaws.<region>.s3); others are made up (prefixListIdOf). */
  readonly prefixLists: Readonly<Record<string, string>>;
  /** Where the world was read from (the --world files), for the offline check's messages. */
  readonly origin?: string;
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
  ipv4OnlyServices: [],
  organizationId: "o-a1b2c3d4e5",
  subnets: [],
  vpcs: [],
  routeTables: [],
  securityGroups: [],
  endpointServices: [],
  vpcEndpoints: [],
  prefixLists: {},
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

let world: MockWorld = DEFAULT_WORLD;

/** The world the fake AWS answers from. */
export function currentWorld(): MockWorld {
  return world;
}

/** Sets what AWS looks like: the default world with `overrides`. */
export function setWorld(overrides: Partial<MockWorld>): MockWorld {
  world = { ...DEFAULT_WORLD, ...overrides };
  return world;
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
 * Why the offline world lacks `id`, after the provider's own words: it is not in the world the
 * offline runtime plays (the default one, or the --world files), and the AWS CLI command whose
 * output, passed with --world, adds it.
 */
export function notInWorld(id: string, describe: string): string {
  const origin = world.origin === undefined ? "" : ` (read from ${world.origin})`;
  return `(offline: ${id} is not in the world the offline check runs against${origin}; describe your account with "aws ec2 ${describe}" and pass the output with --world FILE)`;
}

/** A failed invoke as the engine reports it: the SDK surfaces the gRPC error's `details`. */
export function invokeError(message: string): Error {
  return Object.assign(new Error(message), { details: message });
}

export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 17);
}

/** What the provider's auto-naming does: the resource name and seven random characters. */
export function autoName(name: string): string {
  return `${name}-${shortHash(name).slice(0, 7)}`;
}
