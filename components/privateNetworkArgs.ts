/**
 * PrivateNetwork's arguments, their checks and their resolved form: everything the component
 * knows of what it was given, settled before anything is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CheckedAvailabilityZoneRequest,
  requestedZoneCount,
  validateAvailabilityZoneRequest,
} from "./lib/azs";
import {
  availabilityZoneSlot,
  DEFAULT_VPC_CIDR_BLOCK,
  blocksOverlap,
  parseIpv4Block,
  parseSourceBlocks,
  parseVpcCidrBlock,
} from "./lib/cidr";
import { EndpointPolicyScope, validateEndpointPolicyArgs } from "./lib/endpointPolicies";
import { endpointLabels, EndpointSpec, ResolvedEndpoint, resolveEndpoints } from "./lib/endpoints";
import { ArgSpec, checkArgShapes, checkNestedArgShapes, withinArg, withoutNulls } from "./lib/args";
import { ArgumentError } from "./lib/errors";
import { checkFlowLogs, FlowLogPlan, FlowLogsArgs } from "./lib/flowLogs";
import {
  NatElasticIps,
  NatGatewayStrategy,
  validateNatElasticIps,
  validateNatGatewayStrategy,
} from "./lib/nat";
import { NatInstancePlan, validateNatInstanceArgs } from "./lib/natInstances";
import { checkEndpointsChildAutoName } from "./lib/naming";
import { plainArray, plainValue } from "./lib/plain";
import {
  checkNotSharedToo,
  checkProfileId,
  checkResourceShareArn,
  sharedServicesOf,
} from "./sharedServiceEndpointsSpoke";
import { NetworkEndpoints } from "./networkWiring";
import { Tags, validateTags } from "./tags";

/** PrivateNetwork's `sharedServiceEndpoints`: the hub whose endpoints the network uses by name. */
export interface NetworkSharedEndpointsArgs {
  /** The hub's `profileId` (SharedServiceEndpoints; another stack's through a StackReference). */
  readonly profileId: pulumi.Input<string>;
  /**
   * The hub VPC's blocks: functions in the network get HTTPS to them ("Network" egress), where
   * the shared endpoints' addresses are. Your transit (gateway or peering) must route them.
   */
  readonly hubCidrBlocks: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The hub's `resourceShareArn`, for a network in an account outside the hub's organization:
   * its invitation is accepted before the VPC is associated.
   * @default - nothing to accept
   */
  readonly resourceShareArn?: pulumi.Input<string>;
  /**
   * The services the hub shares, when the hub is not in this program (a hub of the program says
   * them): an entry of `endpoints` for one of them is refused.
   * @default - the hub's, when it is in this program
   */
  readonly sharedServices?: string[];
}

export interface PrivateNetworkArgs {
  /**
   * The VPC's IPv4 block: private (RFC 1918), /16 to /21. Private subnets take its first half,
   * one slot per zone letter; public subnets a small part of the second half; the rest is free.
   * @default "10.0.0.0/16"
   */
  readonly cidrBlock?: pulumi.Input<string>;
  /**
   * How many zones to spread over: the first ones by name, after `excludeAvailabilityZoneIds`.
   * Give at most one of this, `availabilityZoneNames` and `availabilityZoneIds`.
   * @default 3
   */
  readonly availabilityZoneCount?: number;
  /**
   * The zones to use, by name (e.g. `us-east-1a`).
   * @default - the first `availabilityZoneCount` zones
   */
  readonly availabilityZoneNames?: string[];
  /**
   * The zones to use, by zone ID (e.g. `use1-az1`), which names the same physical zone in every account.
   * @default - the first `availabilityZoneCount` zones
   */
  readonly availabilityZoneIds?: string[];
  /**
   * Zone IDs never chosen by `availabilityZoneCount`, nor accepted by name or ID.
   * @default ["use1-az3"], a constrained zone that Lambda's interface endpoint does not support
   */
  readonly excludeAvailabilityZoneIds?: string[];
  /**
   * Internet access for the private subnets: "none" (no internet gateway, no public subnets),
   * "single" (one NAT gateway), "perAz" (a NAT gateway per zone, zone-local egress) or
   * "regional" (one regional NAT gateway that AWS spreads over the zones in use: an internet
   * gateway but no public subnets; billed per zone it is active in; commercial Regions only) or
   * "instances" (a NAT instance per zone, arm64: cheaper, but not highly available, patched only
   * by replacing it, and as fast as its type; its hourly charge is not in the estimate).
   * @default "none"
   */
  readonly natGateways?: NatGatewayStrategy;
  /**
   * The NAT instances' type (natGateways "instances" only). With the default image it must be
   * arm64 (Graviton, e.g. "t4g.small", "c7gn.medium"); with `natInstanceImageId`, any type that
   * image runs on. It bounds the zone's egress bandwidth.
   * @default "t4g.nano"
   */
  readonly natInstanceType?: string;
  /**
   * Your own AMI for the NAT instances (natGateways "instances" only), configured as a NAT by the
   * network's user data (Amazon Linux 2023 or alike: dnf, iptables-services). Pins the image: no
   * replacement until you change it.
   * @default - the latest Amazon Linux 2023 arm64 AMI, read at every deployment
   */
  readonly natInstanceImageId?: string;
  /**
   * Your own Elastic IPs for the NAT gateways (allocation ids, `eipalloc-…`), in zone order
   * (zones sorted by name): 1 with "single", one per zone with "perAz" and with "regional" (the
   * regional NAT gateway then uses each zone's in manual mode, instead of addresses AWS
   * allocates). The internet then sees addresses you hold, which outlive the network, for
   * allow-lists. Not with "none".
   * @default - one new Elastic IP per NAT gateway
   */
  readonly natElasticIpAllocationIds?: pulumi.Input<string>[];
  /**
   * Keep the Elastic IPs the network allocates for its NAT gateways when the network is destroyed
   * (Pulumi's `retainOnDelete`), since allow-lists depend on them; they stay billed until you
   * release them. Not with `natElasticIpAllocationIds`, which are never released, nor with
   * "regional", which creates none.
   * @default false
   */
  readonly retainNatElasticIps?: boolean;
  /**
   * Dual-stack subnets: an IPv6 /56 on the VPC (Amazon-provided, or from `ipv6IpamPoolId`), a /64
   * per subnet (fixed by zone letter and tier), and an egress-only internet gateway, with any NAT
   * strategy (no NAT charge; not in the estimate), that every private route table sends ::/0 to;
   * public subnets send ::/0 to the internet gateway. Only IPv6 destinations skip NAT. Turning it
   * on updates subnets in place; AWS refuses to turn it off on a deployed network (a block in use
   * cannot be released).
   * @default false
   */
  readonly ipv6?: boolean;
  /**
   * With `ipv6`: the IPAM pool (`ipam-pool-…`) to allocate the VPC's IPv6 /56 from, instead of
   * Amazon's pool: addresses your organization plans (BYOIP or Amazon-owned in IPAM). The pool
   * must be an IPv6 pool in the stack's Region that allows a /56; choose it before the first
   * deployment: another pool is another /56, and every subnet's /64 with it.
   * @default - an Amazon-provided /56
   */
  readonly ipv6IpamPoolId?: pulumi.Input<string>;
  /**
   * Use a SharedServiceEndpoints hub's interface endpoints: the VPC is associated with its Route 53
   * Profile (one per VPC), and functions get HTTPS to the hub's blocks. An entry of `endpoints`
   * for a service the hub shares is refused (the VPC would have two answers for its names).
   * @default - none
   */
  readonly sharedServiceEndpoints?: NetworkSharedEndpointsArgs;
  /**
   * VPC endpoints to create in the private subnets and route tables, one entry per service.
   * @default - none
   */
  readonly endpoints?: EndpointSpec[];
  /**
   * The policy of each endpoint whose entry gives none, as for ServiceEndpoints: a data perimeter
   * for the deploying account ("Account") or its organization ("Organization"), or AWS's
   * full-access default ("Open").
   * @default "Account"
   */
  readonly endpointPolicyScope?: EndpointPolicyScope;
  /**
   * Other accounts whose resources the identities inside the perimeter may use through the
   * endpoints (12-digit ids): the AWS accounts that publish the ECR images or Lambda layers you
   * use (AWS's data-perimeter examples leave them to you: they differ by Region), a partner's
   * bucket. Adds one statement to every perimeter policy; not with "Open".
   * @default - none
   */
  readonly endpointPolicyTrustedAccounts?: string[];
  /**
   * The VPC's flow log: on by default, recording REJECT traffic to a CloudWatch Logs group kept
   * 90 days, with the role flow logs need (Security Hub EC2.6). `{ enabled: false }` for none.
   * @default - REJECT traffic to a new log group, 90 days
   */
  readonly flowLogs?: FlowLogsArgs;
  /**
   * Adopt the VPC's default security group and remove its rules (AWS gives it all traffic from
   * its members and all outbound), so a resource left in it can reach nothing (Security Hub
   * EC2.2). false leaves the group as AWS made it.
   * @default true
   */
  readonly restrictDefaultSecurityGroup?: boolean;
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

/** Everything about the arguments that can be known without the region. */
export interface PrivateNetworkSettings {
  readonly zones: CheckedAvailabilityZoneRequest;
  readonly flowLogs: FlowLogPlan;
  readonly natGateways: NatGatewayStrategy;
  readonly natElasticIps: NatElasticIps<pulumi.Input<string>>;
  /** The NAT instances' type and image, with natGateways "instances". */
  readonly natInstances: NatInstancePlan | undefined;
  readonly endpoints: ResolvedEndpoint[];
  readonly ipv6: boolean;
  /** Where the VPC's IPv6 /56 comes from, with `ipv6`: the IPAM pool given (checked when known). */
  readonly ipv6IpamPoolId: pulumi.Input<string> | undefined;
  /** The hub the network is a spoke of, checked. */
  readonly sharedServiceEndpoints: NetworkSharedEndpointsArgs | undefined;
}

/**
 * A PrivateNetwork's arguments, resolved once before anything is registered: checked, with
 * defaults applied. The component reads nothing else of what it was given.
 */
export interface ResolvedPrivateNetwork extends PrivateNetworkSettings, NetworkEndpoints {
  readonly cidrBlock: pulumi.Input<string>;
  readonly restrictDefaultSecurityGroup: boolean;
  readonly tags: Tags | undefined;
}

/** Checks a network's arguments and the names its own name gives, and resolves them. */
export function resolvePrivateNetworkArgs(component: string, given: PrivateNetworkArgs) {
  const settings = validatePrivateNetworkArgs(given);
  if (settings.endpoints.some((e) => e.type === "Interface")) {
    checkEndpointsChildAutoName(component);
  }
  const args = withoutNulls(given);
  const resolved: ResolvedPrivateNetwork = {
    ...settings,
    specs: args.endpoints ?? [],
    endpointPolicyScope: args.endpointPolicyScope,
    endpointPolicyTrustedAccounts: args.endpointPolicyTrustedAccounts,
    cidrBlock: args.cidrBlock ?? DEFAULT_VPC_CIDR_BLOCK,
    restrictDefaultSecurityGroup: args.restrictDefaultSecurityGroup ?? true,
    tags: args.tags,
  };
  return resolved;
}

const SHAPES: ArgSpec<PrivateNetworkArgs> = {
  cidrBlock: "stringInput",
  availabilityZoneCount: "number",
  availabilityZoneNames: "strings",
  availabilityZoneIds: "strings",
  excludeAvailabilityZoneIds: "strings",
  natGateways: "string",
  natInstanceType: "string",
  natInstanceImageId: "string",
  natElasticIpAllocationIds: "stringsInput",
  retainNatElasticIps: "boolean",
  ipv6: "boolean",
  ipv6IpamPoolId: "stringInput",
  sharedServiceEndpoints: "object",
  endpoints: "list",
  endpointPolicyScope: "string",
  endpointPolicyTrustedAccounts: "strings",
  flowLogs: "object",
  restrictDefaultSecurityGroup: "boolean",
  tags: "tags",
};

/** Checks the arguments alone, before anything is registered. */
export function validatePrivateNetworkArgs(given: PrivateNetworkArgs): PrivateNetworkSettings {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  const cidrBlock = plainValue(args.cidrBlock);
  if (cidrBlock !== undefined) {
    parseVpcCidrBlock(cidrBlock);
  }
  const zones = validateAvailabilityZoneRequest(args);
  for (const zone of args.availabilityZoneNames ?? []) {
    availabilityZoneSlot(zone);
  }
  validateTags(args.tags);
  validateEndpointPolicyArgs(args);
  const natGateways = validateNatGatewayStrategy(args.natGateways);
  const endpoints = resolveEndpoints("endpoints", args.endpoints);
  return {
    zones,
    flowLogs: checkFlowLogs(args.flowLogs),
    natGateways,
    natElasticIps: validateNatElasticIps(
      natGateways,
      requestedZoneCount(zones),
      args.natElasticIpAllocationIds,
      args.retainNatElasticIps,
    ),
    natInstances: validateNatInstanceArgs(
      natGateways,
      args.natInstanceType,
      args.natInstanceImageId,
    ),
    endpoints,
    ipv6: args.ipv6 ?? false,
    ipv6IpamPoolId: validateIpv6IpamPool(args.ipv6, args.ipv6IpamPoolId),
    sharedServiceEndpoints: validateNetworkSharing(
      args.sharedServiceEndpoints,
      endpoints,
      cidrBlock,
    ),
  };
}

// IPAM pool ids are "ipam-pool-" and 17 hex digits (ipam-pool-07f2466c7158b50c4 in the VPC IPAM
// User Guide, tutorials-byoip-ipam-ipv6-cli); 8 digits accepted, as for every EC2 id.
const IPAM_POOL_ID = /^ipam-pool-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** Checks an IPAM pool id for the VPC's IPv6 block; throws ArgumentError. */
export function checkIpamPoolId(id: string): string {
  if (!IPAM_POOL_ID.test(id)) {
    throw new ArgumentError(
      `ipv6IpamPoolId "${id}" is not an IPAM pool id: give the pool's id, like ipam-pool-07f2466c7158b50c4 (aws ec2 describe-ipam-pools).`,
    );
  }
  return id;
}

function validateIpv6IpamPool(
  ipv6: boolean | undefined,
  poolId: pulumi.Input<string> | undefined,
): pulumi.Input<string> | undefined {
  if (poolId === undefined) {
    return undefined;
  }
  if (ipv6 !== true) {
    throw new ArgumentError(
      "ipv6IpamPoolId gives the VPC's IPv6 block, but ipv6 is not true: set ipv6: true, or drop ipv6IpamPoolId.",
    );
  }
  const known = plainValue(poolId);
  return known === undefined ? poolId : checkIpamPoolId(known);
}

/**
 * Checks the hub's blocks (`sharedServiceEndpoints.hubCidrBlocks`): some, valid, never /0, and
 * apart from the network's own block when it is known. The network checks blocks known only at
 * deployment with this too, once known.
 */
export function checkHubBlocks(hubBlocks: readonly string[], cidrBlock: string | undefined): void {
  const arg = "sharedServiceEndpoints.hubCidrBlocks";
  if (hubBlocks.length === 0) {
    throw new ArgumentError(
      `${arg} is empty: list the hub VPC's blocks, where the shared endpoints are.`,
    );
  }
  const parsed = parseSourceBlocks(arg, hubBlocks);
  const own = cidrBlock ?? DEFAULT_VPC_CIDR_BLOCK;
  const ownBlock = parseIpv4Block("cidrBlock", own);
  const overlapping = parsed.ipv4.filter((b) => blocksOverlap(parseIpv4Block(arg, b), ownBlock));
  if (overlapping.length > 0) {
    throw new ArgumentError(
      `${arg} ${overlapping.join(", ")} overlaps the network's block ${own}, so the hub could not be routed to: give the network (cidrBlock) a block apart from the hub's.`,
    );
  }
}

const SHARING_SHAPES: ArgSpec<NetworkSharedEndpointsArgs> = {
  profileId: "stringInput",
  hubCidrBlocks: "stringsInput",
  resourceShareArn: "stringInput",
  sharedServices: "strings",
};

/**
 * Checks `sharedServiceEndpoints`: the profile and the hub's blocks given (valid, apart from the
 * network's own block when both are known), and no entry of `endpoints` for a shared service.
 */
function validateNetworkSharing(
  given: NetworkSharedEndpointsArgs | undefined,
  endpoints: readonly ResolvedEndpoint[],
  cidrBlock: string | undefined,
): NetworkSharedEndpointsArgs | undefined {
  if (given === undefined) {
    return undefined;
  }
  const arg = "sharedServiceEndpoints";
  const sharing = withoutNulls(given);
  checkNestedArgShapes(arg, SHARING_SHAPES, sharing);
  if (sharing.profileId === undefined || sharing.hubCidrBlocks === undefined) {
    throw new ArgumentError(
      `${arg} needs profileId and hubCidrBlocks: pass the hub's profileId output and its VPC's blocks.`,
    );
  }
  const hubBlocks = plainArray(sharing.hubCidrBlocks);
  if (hubBlocks !== undefined) {
    checkHubBlocks(hubBlocks, cidrBlock);
  }
  // The spoke the network makes checks these too; plain ones fail here, naming this argument.
  withinArg(arg, () => {
    const profileId = plainValue(sharing.profileId);
    if (profileId !== undefined) checkProfileId(profileId);
    const shareArn = plainValue(sharing.resourceShareArn);
    if (shareArn !== undefined) checkResourceShareArn(shareArn);
  });
  checkNotSharedToo(
    endpoints,
    endpointLabels("endpoints", endpoints),
    sharedServicesOf(sharing.profileId, sharing.sharedServices),
  );
  return sharing;
}
