/**
 * SharedServiceEndpoints' arguments and their checks: what can be known without the region,
 * checked before anything is registered, and resolved into the one value the component builds
 * from.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { parseSourceBlocks } from "./lib/cidr";
import { EndpointPolicyScope, validateEndpointPolicyScope } from "./lib/endpointPolicies";
import {
  checkIngressQuota,
  endpointLabels,
  EndpointSpec,
  ResolvedEndpoint,
  resolveEndpoints,
} from "./lib/endpoints";
import { ArgumentError, positiveInteger } from "./lib/errors";
import { checkEndpointsChildAutoName } from "./lib/naming";
import { plainArray } from "./lib/plain";
import {
  checkExternalPrincipals,
  checkSharedEndpoints,
  parseSharePrincipals,
  SharePrincipal,
  TRANSIT_GATEWAY_ATTACHMENT_PER_HOUR_USD,
  sharedEndpointPolicyScope,
} from "./lib/sharedEndpoints";
import { HOURS_PER_MONTH, roundUsd } from "./lib/cost";
import { validateServiceEndpointsArgs } from "./serviceEndpointsArgs";
import { Tags } from "./tags";

export interface SharedServiceEndpointsArgs {
  /** The hub VPC the endpoints are created in (a PrivateNetwork's `vpcId`, or any VPC). */
  readonly vpcId: pulumi.Input<string>;
  /** The hub's private subnets: each endpoint takes the first of them in each zone it supports. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The zone name of each subnet in `subnetIds`, as for ServiceEndpoints.
   * @default - each subnet is looked up
   */
  readonly subnetAvailabilityZones?: string[];
  /**
   * The interface endpoints to share, as ServiceEndpoints' entries: interface type, private DNS
   * on (the Route 53 Profile shares the names it answers).
   */
  readonly endpoints: EndpointSpec[];
  /**
   * The spoke VPCs' blocks (IPv4 or IPv6), admitted on TCP 443 to the endpoints beside the hub
   * VPC's own; never /0. Traffic reaches the hub through your transit gateway or peering.
   */
  readonly spokeCidrBlocks: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Security groups (of the hub VPC) whose members may reach the endpoints too.
   * @default - none
   */
  readonly allowedSecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Who the Route 53 Profile is shared with through AWS RAM: 12-digit account ids, an
   * organization ARN (`arn:aws:organizations::<management account>:organization/o-…`) or OU ARNs.
   * An organization or OU needs RAM sharing with AWS Organizations enabled; an account outside
   * the organization must accept the share (a spoke's `resourceShareArn`).
   * @default - not shared: the spokes are VPCs of this account
   */
  readonly shareWith?: string[];
  /**
   * Let the share reach accounts outside your organization (RAM's allowExternalPrincipals).
   * @default false
   */
  readonly allowExternalPrincipals?: boolean;
  /**
   * The fewest zones each endpoint must cover.
   * @default 2
   */
  readonly minAvailabilityZones?: number;
  /**
   * The policy of every endpoint whose entry gives none, as for ServiceEndpoints. "Account" lets
   * no other account's identity through, so it cannot serve accounts in `shareWith`.
   * @default "Organization" when `shareWith` is given, else "Account"
   */
  readonly endpointPolicyScope?: EndpointPolicyScope;
  /**
   * As for ServiceEndpoints: accounts whose resources the identities inside the perimeter may use.
   * @default - none
   */
  readonly endpointPolicyTrustedAccounts?: string[];
  /**
   * How many spoke VPCs to compare sharing for (`estimatedMonthlySavingUsd`), and how many
   * Profile–VPC associations to price.
   * @default - the number of `spokeCidrBlocks`
   */
  readonly spokeCount?: number;
  /**
   * What connecting one VPC to the others costs a month, for the comparison: a transit gateway
   * attachment per VPC (hub and spokes) by default; 0 when the VPCs are connected already.
   * @default 36.5 ($0.05 per attachment-hour)
   */
  readonly transitMonthlyUsdPerVpc?: number;
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const SHAPES: ArgSpec<SharedServiceEndpointsArgs> = {
  vpcId: "stringInput",
  subnetIds: "stringsInput",
  subnetAvailabilityZones: "strings",
  endpoints: "list",
  spokeCidrBlocks: "stringsInput",
  allowedSecurityGroupIds: "stringsInput",
  shareWith: "strings",
  allowExternalPrincipals: "boolean",
  minAvailabilityZones: "number",
  endpointPolicyScope: "string",
  endpointPolicyTrustedAccounts: "strings",
  spokeCount: "number",
  transitMonthlyUsdPerVpc: "number",
  tags: "tags",
};

/** SharedServiceEndpoints' arguments, resolved once before anything is registered. */
export interface ResolvedSharedServiceEndpoints {
  readonly endpoints: ResolvedEndpoint[];
  readonly labels: ReadonlyMap<string, string>;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly subnetAvailabilityZones: string[] | undefined;
  readonly spokeCidrBlocks: pulumi.Input<pulumi.Input<string>[]>;
  readonly allowedSecurityGroupIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  readonly principals: SharePrincipal[];
  readonly allowExternalPrincipals: boolean;
  readonly minAvailabilityZones: number;
  readonly endpointPolicyScope: EndpointPolicyScope;
  readonly endpointPolicyTrustedAccounts: string[] | undefined;
  readonly spokeCount: number | undefined;
  readonly transitMonthlyUsdPerVpc: number;
  readonly tags: Tags | undefined;
}

/** A transit gateway attachment for a month (TRANSIT_GATEWAY_ATTACHMENT_PER_HOUR_USD). */
export const DEFAULT_TRANSIT_MONTHLY_USD_PER_VPC = roundUsd(
  TRANSIT_GATEWAY_ATTACHMENT_PER_HOUR_USD * HOURS_PER_MONTH,
);

/**
 * Checks the spoke blocks: present, valid, never /0, within the rule quota (with the hub VPC's
 * block and the allowed groups). Plain ones now; the component checks others once known.
 */
function checkSpokeBlocksGiven(
  given: pulumi.Input<pulumi.Input<string>[]> | undefined,
  securityGroups: number,
): void {
  if (given === undefined) {
    throw new ArgumentError(
      "spokeCidrBlocks is required: list the spoke VPCs' blocks, which the endpoints' security group admits on TCP 443.",
    );
  }
  const blocks = plainArray(given);
  if (blocks !== undefined) {
    checkSpokeBlocks(blocks, securityGroups);
  }
}

/** Checks known spoke blocks; throws ArgumentError naming spokeCidrBlocks. */
export function checkSpokeBlocks(blocks: readonly string[], securityGroups: number): void {
  if (blocks.length === 0) {
    throw new ArgumentError(
      "spokeCidrBlocks is empty, so no spoke could reach the shared endpoints: list the spoke VPCs' blocks.",
    );
  }
  // One more rule for the hub VPC's own block.
  checkIngressQuota(
    parseSourceBlocks("spokeCidrBlocks", blocks),
    securityGroups + 1,
    "spokeCidrBlocks, the hub VPC's block and allowedSecurityGroupIds",
  );
}

/**
 * Checks the arguments alone, before anything is registered (the rest as ServiceEndpoints checks
 * its own), and resolves them.
 */
export function resolveSharedServiceEndpointsArgs(
  component: string,
  given: SharedServiceEndpointsArgs,
): ResolvedSharedServiceEndpoints {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  const { principals, allowExternalPrincipals, endpointPolicyScope } = resolveSharing(args);
  const minAvailabilityZones = positiveInteger(
    "minAvailabilityZones",
    args.minAvailabilityZones,
    2,
  );
  // The sharing checks first: a gateway entry is not shareable, whatever else it lacks.
  const entries = resolveEndpoints("endpoints", args.endpoints);
  const labels = endpointLabels("endpoints", entries);
  checkSharedEndpoints(entries, labels);
  const endpoints = validateServiceEndpointsArgs({
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    subnetAvailabilityZones: args.subnetAvailabilityZones,
    endpoints: args.endpoints,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds,
    minAvailabilityZones,
    endpointPolicyScope,
    endpointPolicyTrustedAccounts: args.endpointPolicyTrustedAccounts,
    tags: args.tags,
  });
  checkSpokeBlocksGiven(
    args.spokeCidrBlocks,
    plainArray(args.allowedSecurityGroupIds)?.length ?? 0,
  );
  checkEndpointsChildAutoName(component);
  return {
    endpoints,
    labels,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    subnetAvailabilityZones: args.subnetAvailabilityZones,
    spokeCidrBlocks: args.spokeCidrBlocks,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds,
    principals,
    allowExternalPrincipals,
    minAvailabilityZones,
    endpointPolicyScope,
    endpointPolicyTrustedAccounts: args.endpointPolicyTrustedAccounts,
    spokeCount:
      args.spokeCount === undefined ? undefined : positiveInteger("spokeCount", args.spokeCount, 1),
    transitMonthlyUsdPerVpc: nonNegative(
      "transitMonthlyUsdPerVpc",
      args.transitMonthlyUsdPerVpc ?? DEFAULT_TRANSIT_MONTHLY_USD_PER_VPC,
    ),
    tags: args.tags,
  };
}

/** Who the profile is shared with, and the endpoint policy scope that lets them through. */
function resolveSharing(args: SharedServiceEndpointsArgs) {
  const principals = parseSharePrincipals(args.shareWith ?? []);
  const allowExternalPrincipals = args.allowExternalPrincipals ?? false;
  checkExternalPrincipals(principals, allowExternalPrincipals);
  const endpointPolicyScope = sharedEndpointPolicyScope(
    validateEndpointPolicyScope("endpointPolicyScope", args.endpointPolicyScope),
    principals,
    allowExternalPrincipals,
    (args.endpoints ?? []).every((e) => e?.policy !== undefined),
  );
  return { principals, allowExternalPrincipals, endpointPolicyScope };
}

function nonNegative(arg: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new ArgumentError(`${arg} must be a number of USD, 0 or more (got ${value}).`);
  }
  return value;
}
