/**
 * The plan's shared service endpoints section (scripts/planModel.ts): for each Route 53 Profile of
 * the stack, its hub, the services its endpoints share, the spoke VPCs associated with it in the
 * stack (and whether the endpoints' security groups admit them), its AWS RAM share, and what
 * sharing costs against one set of the endpoints per spoke. Pure: it only reads registrations.
 */
import type { Registration } from "../offline/runtime";
import { admits, sharedEndpointsOf } from "../policy/rules/api/sharedEndpoints";
import { ipv4BlockOf } from "../policy/rules/cidr";
import { componentLabel } from "../components/lib/errors";
import { TYPE_TOKENS as T } from "../components/lib/typeTokens";
import { compareSharing, SharingComparison } from "../components/lib/sharedEndpoints";
import { DEFAULT_TRANSIT_MONTHLY_USD_PER_VPC } from "../components/sharedServiceEndpointsArgs";
import { list, PlanLookups, plainText } from "./planLookups";
import { shortServiceName } from "./planNetwork";

/** What the plan says of the transit between the VPCs, which it does not read. */
export const SHARING_REQUIREMENT =
  "spokes reach the hub's endpoints over your transit (transit gateway or peering); this plan does not check routes between VPCs";

export interface PlanSharedSpoke {
  /** The VPC's name, or its id when it is not in the stack. */
  readonly vpc: string;
  /** Its IPv4 block, when the VPC is in the stack. */
  readonly cidrBlock?: string;
  /**
   * Whether the security groups of the profile's endpoints admit the block on TCP 443 (the
   * pre-flight's profile-spoke-blocked check); left out when the plan cannot tell (a VPC or a
   * security group outside the stack).
   */
  readonly admitted?: boolean;
}

/** What sharing costs against one set of the endpoints per spoke (compareSharing). */
export interface PlanSharingComparison extends SharingComparison {
  /** The zones of the profile's endpoints, summed over the endpoints. */
  readonly interfaceEndpointAzs: number;
  /** The transit assumed per VPC, monthly: a transit gateway attachment. */
  readonly transitMonthlyUsdPerVpc: number;
}

export interface PlanSharedProfile {
  /** The ProfilesProfile's resource name. */
  readonly profile: string;
  /** The component it is in, as the program wrote it (`SharedServiceEndpoints "shared"`). */
  readonly hub: string;
  /** The short service names of the endpoints associated with it, in registration order. */
  readonly services: string[];
  /** Those endpoints' resource names, in the same order. */
  readonly endpoints: string[];
  readonly spokes: PlanSharedSpoke[];
  /** Its AWS RAM share; left out when it is not shared. */
  readonly resourceShare?: { readonly name: string; readonly principals: string[] };
  readonly requirement: string;
  readonly comparison: PlanSharingComparison;
}

/**
 * Whether the security groups of a profile's endpoints admit a block on TCP 443, as the
 * pre-flight's profile-spoke-blocked check reads them (one rule engine): false when one does not,
 * true when all do, undefined when the stack cannot tell (a group or prefix list outside it).
 */
function admission(
  { graph }: PlanLookups,
  profile: Registration,
  cidrBlock: string,
): boolean | undefined {
  const block = ipv4BlockOf(cidrBlock);
  if (block === undefined) return undefined;
  const answers = sharedEndpointsOf(graph, profile).map(({ endpoint }) =>
    admits(graph, endpoint, block),
  );
  if (answers.includes(false)) return false;
  return answers.length > 0 && answers.every((a) => a === true) ? true : undefined;
}

/** The stack's spokes of a profile, each with whether the endpoints admit its block. */
function spokesOf(lookups: PlanLookups, profile: Registration): PlanSharedSpoke[] {
  const { ofType, graph, name } = lookups;
  return ofType(T.route53ProfileAssociation)
    .filter((a) => a.inputs.profileId === profile.id)
    .map((a) => {
      const vpc = graph.byIdOf(a.inputs.resourceId, T.vpc);
      const cidrBlock = vpc === undefined ? undefined : plainText(vpc.inputs.cidrBlock);
      const admitted = cidrBlock === undefined ? undefined : admission(lookups, profile, cidrBlock);
      return {
        vpc: name(a.inputs.resourceId),
        ...(cidrBlock === undefined ? {} : { cidrBlock }),
        ...(admitted === undefined ? {} : { admitted }),
      };
    });
}

/** The RAM share of a profile (by its ARN) and the principals it is associated with. */
function shareOf({ ofType, name }: PlanLookups, profile: Registration) {
  const association = ofType(T.ramResourceAssociation).find(
    (a) => a.inputs.resourceArn === profile.outputs?.arn,
  );
  if (association === undefined) return {};
  const shareArn: unknown = association.inputs.resourceShareArn;
  const principals = ofType(T.ramPrincipalAssociation)
    .filter((p) => p.inputs.resourceShareArn === shareArn)
    .map((p) => String(p.inputs.principal));
  return { resourceShare: { name: name(shareArn), principals } };
}

/** The endpoints associated with a profile, by their ARN. */
function endpointsOf({ ofType }: PlanLookups, profile: Registration): Registration[] {
  const endpoints = ofType(T.vpcEndpoint);
  return ofType(T.route53ProfileResourceAssociation)
    .filter((a) => a.inputs.profileId === profile.id)
    .flatMap((a) => endpoints.filter((e) => e.outputs?.arn === a.inputs.resourceArn));
}

/** The component a resource is in (its parent), as the program wrote it. */
function hubOf(profile: Registration): string {
  return profile.parentType === undefined
    ? "outside any component"
    : componentLabel(String(profile.parentType.split(":").pop()), String(profile.parent));
}

export function sharedProfilesOf(lookups: PlanLookups): PlanSharedProfile[] {
  return lookups.ofType(T.route53Profile).map((profile) => {
    const endpoints = endpointsOf(lookups, profile);
    const spokes = spokesOf(lookups, profile);
    const interfaceEndpointAzs = endpoints
      .filter((e) => e.inputs.vpcEndpointType === "Interface")
      .reduce((n, e) => n + list(e.inputs.subnetIds).length, 0);
    const transitMonthlyUsdPerVpc = DEFAULT_TRANSIT_MONTHLY_USD_PER_VPC;
    return {
      profile: profile.name,
      hub: hubOf(profile),
      services: endpoints.map((e) => shortServiceName(e.inputs.serviceName)),
      endpoints: endpoints.map((e) => e.name),
      spokes,
      ...shareOf(lookups, profile),
      requirement: SHARING_REQUIREMENT,
      comparison: {
        ...compareSharing({
          interfaceEndpointAzs,
          spokeCount: Math.max(1, spokes.length),
          transitMonthlyUsdPerVpc,
        }),
        interfaceEndpointAzs,
        transitMonthlyUsdPerVpc,
      },
    };
  });
}
