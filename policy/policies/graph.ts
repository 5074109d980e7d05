/** Reading the stack's resource graph: what a resource's input property points at. */
import { PolicyResource } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";

/** The policy SDK's error for a value not known yet; internal to the SDK, so not in its types. */
const { UnknownValueError } = proxy as unknown as { UnknownValueError: new () => Error };

export const TYPES = {
  function: "aws:lambda/function:Function",
  subnet: "aws:ec2/subnet:Subnet",
  vpc: "aws:ec2/vpc:Vpc",
  routeTable: "aws:ec2/routeTable:RouteTable",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  route: "aws:ec2/route:Route",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  natGateway: "aws:ec2/natGateway:NatGateway",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  securityGroupAssociation: "aws:ec2/securityGroupAssociation:SecurityGroupAssociation",
  flowLog: "aws:ec2/flowLog:FlowLog",
  prefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
  prefixListEntry: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry",
} as const;

/**
 * What `read` returns, or undefined when it reads a value not known yet. Under `pulumi preview`
 * the policy SDK hands policies a proxy that throws UnknownValueError on a value that is not
 * known (a new subnet's id, a new VPC's default route table); when that escapes a stack policy,
 * the whole policy is skipped for every resource ("can't run policy ... during preview"). The
 * pack's stack policies read through this instead, so a value not known yet leaves only the
 * resource it belongs to undecided, and the others are still checked.
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnknownValueError) {
      return undefined;
    }
    throw e;
  }
}

/** The elements of a list, each undefined where not known yet. */
const elements = (list: unknown[]): unknown[] => list.map((_, i) => known(() => list[i]));

/**
 * A resource's id, when known: stack policies see outputs (@pulumi/policy's analyzeStack: "the
 * outputs, after any mutations"), and a bridged AWS resource's outputs carry its `id`. Where they
 * do not, subnetsNamed falls back to dependencies, which conclude nothing rather than wrongly.
 */
const idOf = (r: PolicyResource): unknown => known(() => r.props.id);

/** The resources of a type that `resource`'s `property` input was built from. */
export function referenced(
  resource: PolicyResource,
  property: string,
  type: string,
): PolicyResource[] {
  return (resource.propertyDependencies[property] ?? []).filter((r) => r.type === type);
}

/** Resources of `type` whose `property` input was built from `target`. */
export function referencing(
  resources: readonly PolicyResource[],
  type: string,
  property: string,
  target: PolicyResource,
): PolicyResource[] {
  return resources.filter(
    (r) =>
      r.type === type && (r.propertyDependencies[property] ?? []).some((d) => d.urn === target.urn),
  );
}

/** What a list of subnet ids names, as far as the stack says. */
export interface NamedSubnets {
  /** The subnets of the stack the list names. */
  readonly subnets: PolicyResource[];
  /** How many listed subnets are not among them (outside the stack, or not resolved). */
  readonly unresolved: number;
}

/**
 * The subnets that `owner`'s `ids` (its `property` input, e.g. a function's vpcConfig.subnetIds)
 * name. By value when the ids are known: each matched to the stack's subnet with that id. Else by
 * the property's dependencies, but only when they identify the subnets: as many subnets as ids.
 * An awsx-style VPC's `privateSubnetIds` carries every subnet of the VPC as a dependency, so its
 * dependencies alone do not say which subnets a function uses. Undefined when nothing can be
 * concluded (ids not known, dependencies ambiguous).
 */
export function subnetsNamed(
  resources: readonly PolicyResource[],
  owner: PolicyResource,
  property: string,
  ids: unknown,
): NamedSubnets | undefined {
  if (!Array.isArray(ids)) {
    return undefined;
  }
  const values = elements(ids);
  if (values.every((v): v is string => typeof v === "string")) {
    const byId = new Map<unknown, PolicyResource>();
    for (const subnet of resources.filter((r) => r.type === TYPES.subnet)) {
      byId.set(idOf(subnet), subnet);
    }
    byId.delete(undefined);
    const distinct = [...new Set(values)];
    const subnets = distinct.flatMap((id) => byId.get(id) ?? []);
    if (subnets.length > 0 || byId.size > 0) {
      return { subnets, unresolved: distinct.length - subnets.length };
    }
  }
  const dependencies = referenced(owner, property, TYPES.subnet);
  return dependencies.length === ids.length ? { subnets: dependencies, unresolved: 0 } : undefined;
}

/** The subnet ids of a VPC function, when known to be a list. */
export const functionSubnetIds = (fn: PolicyResource): unknown[] | undefined => {
  const ids = known(() => fn.props.vpcConfig?.subnetIds as unknown);
  return Array.isArray(ids) ? ids : undefined;
};

/** The subnets of a VPC function, as far as the stack says (see subnetsNamed). */
export const functionSubnets = (
  resources: readonly PolicyResource[],
  fn: PolicyResource,
): NamedSubnets | undefined => subnetsNamed(resources, fn, "vpcConfig", functionSubnetIds(fn));

/**
 * A subnet's route table, when the stack declares it: its own association's; without one, its
 * VPC's main table (a route table made main with MainRouteTableAssociation, else the VPC's
 * DefaultRouteTable), which AWS uses for every subnet with no association of its own
 * (https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTableDetails).
 */
export function routeTableOf(
  resources: readonly PolicyResource[],
  subnet: PolicyResource,
): PolicyResource | undefined {
  const association = referencing(resources, TYPES.association, "subnetId", subnet)[0];
  if (association) {
    return referenced(association, "routeTableId", TYPES.routeTable)[0];
  }
  const vpc = referenced(subnet, "vpcId", TYPES.vpc)[0];
  if (vpc === undefined) {
    return undefined;
  }
  const main = referencing(resources, TYPES.mainRouteTableAssociation, "vpcId", vpc)[0];
  return main
    ? referenced(main, "routeTableId", TYPES.routeTable)[0]
    : referencing(resources, TYPES.defaultRouteTable, "defaultRouteTableId", vpc)[0];
}

/** The 0.0.0.0/0 route of a route table, as a separate Route or an inline one. */
export function defaultRouteOf(
  resources: readonly PolicyResource[],
  table: PolicyResource,
):
  | { resource?: PolicyResource; gatewayIsInternet: boolean; natGateway?: PolicyResource }
  | undefined {
  const separate = referencing(resources, TYPES.route, "routeTableId", table).find(
    (r) => r.props.destinationCidrBlock === "0.0.0.0/0",
  );
  if (separate) {
    return {
      resource: separate,
      gatewayIsInternet:
        referenced(separate, "gatewayId", TYPES.internetGateway).length > 0 ||
        String(separate.props.gatewayId ?? "").startsWith("igw-"),
      natGateway: referenced(separate, "natGatewayId", TYPES.natGateway)[0],
    };
  }
  const inline = ((table.props.routes ?? []) as { cidrBlock?: string; gatewayId?: string }[]).find(
    (r) => r.cidrBlock === "0.0.0.0/0",
  );
  if (inline) {
    return {
      gatewayIsInternet:
        referenced(table, "routes", TYPES.internetGateway).length > 0 ||
        String(inline.gatewayId ?? "").startsWith("igw-"),
      natGateway: referenced(table, "routes", TYPES.natGateway)[0],
    };
  }
  return undefined;
}

/** A subnet's zone (name or id), when written or known. */
export const zoneOf = (subnet: PolicyResource): string | undefined =>
  known(() => subnet.props.availabilityZone ?? subnet.props.availabilityZoneId) as
    string | undefined;

/** How many Availability Zones a list of subnets spans, as far as the stack says. */
export interface ZoneSpan {
  /** The distinct zones of the listed subnets whose zone is known, sorted. */
  readonly zones: string[];
  /** The most zones the list can span: one per distinct subnet. */
  readonly atMost: number;
  /** Whether every listed subnet's zone is known, so `zones` is all of them. */
  readonly complete: boolean;
}

/**
 * The zones that `owner`'s subnet list spans. One subnet is one zone, so a list of fewer subnets
 * than a minimum spans fewer zones whatever they are, even when no zone is written (AWS picks
 * one) or the subnets are not in the stack. Undefined when the list itself is not known.
 */
export function zonesSpanned(
  resources: readonly PolicyResource[],
  owner: PolicyResource,
  property: string,
  ids: unknown,
): ZoneSpan | undefined {
  if (!Array.isArray(ids)) {
    return undefined;
  }
  const values = elements(ids);
  const atMost = values.every((v) => v !== undefined) ? new Set(values).size : ids.length;
  const named = subnetsNamed(resources, owner, property, ids);
  const zones = (named?.subnets ?? []).map(zoneOf);
  const written = zones.filter((z): z is string => z !== undefined);
  return {
    zones: [...new Set(written)].sort(),
    atMost,
    complete: named !== undefined && named.unresolved === 0 && written.length === zones.length,
  };
}

/** Whether a zone span is known to be fewer than `min` zones; undefined when it cannot be told. */
export function fewerZonesThan(span: ZoneSpan, min: number): number | undefined {
  if (span.complete && span.zones.length < min) {
    return span.zones.length;
  }
  return span.atMost < min ? span.atMost : undefined;
}
