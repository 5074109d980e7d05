import { MAX_FUNCTION_SECURITY_GROUPS, MAX_FUNCTION_SUBNETS } from "../../policy/rules/limits";
import {
  ClassifiedRoute,
  classifyRouteTarget,
  defaultDestinationOf,
  IPV4_DEFAULT,
  publicReasonOf,
} from "../../policy/rules/routes";
import { ArgumentError, duplicatesOf, listWords } from "./errors";

/** A route as the VPC reports it (only the fields the checks need). */
export interface RouteFacts {
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  /** A gateway endpoint's route: its service's prefix list (gatewayId is then vpce-…). */
  readonly destinationPrefixListId?: string;
  /** The target, in the one field that names it (see policy/rules/routes.ts). */
  readonly gatewayId?: string;
  readonly natGatewayId?: string;
  readonly transitGatewayId?: string;
  readonly vpcEndpointId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly egressOnlyGatewayId?: string;
  readonly networkInterfaceId?: string;
  readonly instanceId?: string;
  readonly carrierGatewayId?: string;
  readonly coreNetworkArn?: string;
  readonly localGatewayId?: string;
  readonly odbNetworkArn?: string;
  /**
   * A gateway endpoint's route found by its destination, the service's AWS-managed prefix list,
   * when its endpoint's id is not known (the route-table look-up leaves these routes out).
   */
  readonly toGatewayEndpoint?: boolean;
  /**
   * A route that exists but whose target the look-up does not show: one propagated from a VPN
   * (virtual private gateway), or to another account's network interface.
   */
  readonly targetNotShown?: boolean;
}

/** What the checks need to know about one subnet a function would be placed in. */
export interface SubnetFacts {
  readonly id: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly mapPublicIpOnLaunch: boolean;
  /** Its associated IPv6 block; undefined when it has none. */
  readonly ipv6CidrBlock?: string;
  /** An IPv6-only subnet (no IPv4 block). */
  readonly ipv6Native?: boolean;
  /**
   * The routes of its route table (its own association, else the VPC's main table); undefined
   * when not known, and then the routing checks are skipped.
   */
  readonly routes?: readonly RouteFacts[];
}

/** What the checks need to know about a security group given to a function. */
export interface SecurityGroupFacts {
  readonly id: string;
  readonly vpcId: string;
  /** How many outbound rules it has; undefined when not known (then not checked). */
  readonly egressRules?: number;
}

/** A looked-up route as the shared rules read it (policy/rules/routes.ts). */
export function classifiedRoute(r: RouteFacts): ClassifiedRoute {
  const fields = r as Readonly<Record<string, unknown>>;
  return {
    ipv4: r.cidrBlock,
    ipv6: r.ipv6CidrBlock,
    // A route whose target the look-up does not show has no target field: its kind is unknown.
    target: classifyRouteTarget({ value: (property) => fields[property] }),
  };
}

const isDefaultRoute = (r: RouteFacts) => defaultDestinationOf(classifiedRoute(r)) !== undefined;

/**
 * An IPv4 default route through anything but an internet gateway — a NAT gateway, a transit
 * gateway to a central egress VPC, a NAT instance, a firewall endpoint: how a function, which has
 * no public IP, reaches the internet.
 */
export const isPrivateEgressRoute = (r: RouteFacts): boolean =>
  r.cidrBlock === IPV4_DEFAULT && classifiedRoute(r).target.kind !== "internet-gateway";

/**
 * Why a subnet is public, or undefined when it is private: the one answer the pre-flight, the
 * offline plan and the policy pack give too (policy/rules/routes.ts publicReasonOf).
 */
export function publicReason(subnet: SubnetFacts): string | undefined {
  const reason = publicReasonOf(
    (subnet.routes ?? []).map(classifiedRoute),
    subnet.mapPublicIpOnLaunch,
  );
  if (reason?.via === "route") {
    return `its route table sends ${reason.destination} to internet gateway ${String(reason.route.target.value)}`;
  }
  return reason === undefined ? undefined : "it maps public IPs on launch";
}

export interface PlacementCheck {
  readonly vpcId?: string;
  readonly minAvailabilityZones: number;
  readonly allowPublicSubnets: boolean;
  /**
   * A subnet id as messages show it, e.g. with the name of the network that made it.
   * @default - the id alone
   */
  readonly nameOf?: (subnetId: string) => string;
}

export interface Placement {
  /** The zones the subnets span, sorted. */
  readonly availabilityZones: string[];
  /** Things worth telling the user that are not errors. */
  readonly warnings: string[];
}

/**
 * Checks where a VPC function would run: one VPC, enough zones, no public subnet unless allowed.
 * A subnet without a default route is only a warning: the function then reaches private
 * addresses and VPC endpoints only, which is right for some designs and a surprise for most.
 */
export function checkFunctionPlacement(
  subnets: readonly SubnetFacts[],
  check: PlacementCheck,
): Placement {
  const foreign = check.vpcId === undefined ? [] : subnets.filter((s) => s.vpcId !== check.vpcId);
  const nameOf = check.nameOf ?? ((id: string) => id);
  if (foreign.length > 0) {
    throw new ArgumentError(
      `subnetIds: ${foreign.map((s) => `${nameOf(s.id)} is in ${s.vpcId}`).join(", ")}, not in vpcId ${check.vpcId}; pass subnets of that VPC.`,
    );
  }
  const zones = [...new Set(subnets.map((s) => s.availabilityZone))].sort();
  if (zones.length < check.minAvailabilityZones) {
    throw new ArgumentError(
      `subnetIds span ${zones.length} zone${zones.length === 1 ? "" : "s"} (${zones.join(", ")}) but minAvailabilityZones is ${check.minAvailabilityZones}: add subnets in other zones so the function survives a zone outage, or lower minAvailabilityZones.`,
    );
  }
  if (!check.allowPublicSubnets) {
    const publicOnes = subnets
      .map((s) => [s.id, publicReason(s)] as const)
      .filter(([, reason]) => reason !== undefined);
    if (publicOnes.length > 0) {
      throw new ArgumentError(
        `subnetIds includes public subnets (${publicOnes.map(([id, reason]) => `${id}: ${reason}`).join("; ")}). A function there gets no public IP and so no internet: use private subnets (with NAT for internet), or set allowPublicSubnets: true.`,
      );
    }
  }
  const noDefault = subnets
    .filter((s) => s.routes !== undefined && !s.routes.some(isDefaultRoute))
    .map((s) => s.id);
  const warnings =
    noDefault.length === 0
      ? []
      : [
          `subnets ${listWords(noDefault)} have no default route: the function reaches only private addresses and VPC endpoints, not the internet. Add NAT if it needs the internet.`,
        ];
  return { availabilityZones: zones, warnings };
}

/** Checks the subnet and security group lists themselves: counts and repeats. */
export function checkVpcConfigLists(
  subnetIds: readonly string[] | undefined,
  securityGroupIds: readonly string[] | undefined,
): void {
  if (subnetIds !== undefined) {
    if (subnetIds.length === 0) {
      throw new ArgumentError("subnetIds is empty: pass the private subnets the function runs in.");
    }
    if (subnetIds.length > MAX_FUNCTION_SUBNETS) {
      throw new ArgumentError(
        `subnetIds has ${subnetIds.length} subnets; Lambda takes at most ${MAX_FUNCTION_SUBNETS}: pass one or two per zone.`,
      );
    }
    const repeated = duplicatesOf(subnetIds);
    if (repeated.length > 0) {
      throw new ArgumentError(`subnetIds lists ${listWords(repeated)} more than once.`);
    }
  }
  if (securityGroupIds !== undefined) {
    if (securityGroupIds.length === 0) {
      throw new ArgumentError(
        "securityGroupIds is empty: leave it out to have a security group created, or pass at least one.",
      );
    }
    if (securityGroupIds.length > MAX_FUNCTION_SECURITY_GROUPS) {
      throw new ArgumentError(
        `securityGroupIds has ${securityGroupIds.length} groups; Lambda takes at most ${MAX_FUNCTION_SECURITY_GROUPS}: merge their rules into fewer groups.`,
      );
    }
    const repeated = duplicatesOf(securityGroupIds);
    if (repeated.length > 0) {
      throw new ArgumentError(`securityGroupIds lists ${listWords(repeated)} more than once.`);
    }
  }
}

/**
 * Checks the security groups given to a function: all in the function's VPC (Lambda refuses
 * others at create time), and some outbound rule among them. None is only a warning:
 * security groups are stateful and admit answers, but a function whose groups allow no outbound
 * traffic can open no connection, not even to AWS APIs through VPC endpoints.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
 */
export function checkFunctionSecurityGroups(
  groups: readonly SecurityGroupFacts[],
  vpcId: string,
): string[] {
  const foreign = groups.filter((g) => g.vpcId !== vpcId);
  if (foreign.length > 0) {
    throw new ArgumentError(
      `securityGroupIds: ${foreign.map((g) => `${g.id} is in ${g.vpcId}`).join(", ")}, not in vpcId ${vpcId}; pass security groups of that VPC.`,
    );
  }
  // Rules of all the groups add up: one group without egress beside one with it is normal.
  if (groups.length === 0 || !groups.every((g) => g.egressRules === 0)) {
    return [];
  }
  const ids = groups.map((g) => g.id);
  return [
    `security group${ids.length === 1 ? "" : "s"} ${listWords(ids)} ${ids.length === 1 ? "has" : "have"} no outbound rule, so the function can open no connection, not even to AWS APIs or VPC endpoints: add an egress rule (for example TCP 443 to the VPC's block).`,
  ];
}
