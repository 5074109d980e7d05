/**
 * The pack's side of reading the stack's resource graph: the policy SDK's unknown values (`known`),
 * the subnets a list of ids names and the zones they span, and the SDK's resources handed to the
 * shared graph reader (policy/rules/graph.ts: route tables, routes, their targets, publicness).
 */
import { PolicyResource } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";
import { GraphResource, ResourceGraph } from "../rules/graph";
import { TYPE_TOKENS } from "../rules/typeTokens";

/** The policy SDK's error for a value not known yet; internal to the SDK, so not in its types. */
const { UnknownValueError } = proxy as unknown as { UnknownValueError: new () => Error };

/** The type tokens the pack looks for: the one table of them. */
export const TYPES = TYPE_TOKENS;

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

/** A policy resource as the shared graph reader (policy/rules/graph.ts) reads it. */
export interface PackNode extends GraphResource {
  readonly source: PolicyResource;
}

const graphs = new WeakMap<readonly PolicyResource[], ResourceGraph<PackNode>>();

/**
 * The stack's resources as the shared graph reader reads them, reading through `known`: a value
 * not known yet leaves only what depends on it undecided. One per resource list (a policy's run).
 */
export function graphOf(resources: readonly PolicyResource[]): ResourceGraph<PackNode> {
  const cached = graphs.get(resources);
  if (cached !== undefined) return cached;
  const nodes = resources.map((r): PackNode => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    // Read only when asked, through `known`: a new resource's id is not known in a preview.
    get id() {
      return r.props.id as unknown;
    },
    inputs: r.props,
    propertyDependencies: Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([p, deps]) => [p, deps.map((d) => d.urn)]),
    ),
    source: r,
  }));
  const graph = new ResourceGraph(nodes, known);
  graphs.set(resources, graph);
  return graph;
}

/** The reader's node of a policy resource. */
export const nodeOf = (graph: ResourceGraph<PackNode>, r: PolicyResource): PackNode =>
  graph.byUrnOf(r.urn) as PackNode;

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
