/**
 * The look-ups every section of the plan (scripts/planModel.ts) reads the recorded graph with: a
 * resource's name for an id, ARN or name; the top-level component a resource is under; a route
 * target in words; a subnet's zone. Pure: it only reads registrations.
 */
import type { MockSubnet, Registration } from "../offline/runtime";
import { ResourceGraph } from "../policy/rules/graph";
import { RouteTarget, RouteTargetKind } from "../policy/rules/routes";
import { TYPE_TOKENS as T } from "../components/lib/typeTokens";
import type { PlanInput } from "./planModel";

/** Where a subnet's zone is not written: AWS picks one at creation. */
export const ZONE_LEFT_TO_AWS = "zone chosen by AWS";

/** How the plan names each kind of route target. */
const TARGET_WORDS: Record<Exclude<RouteTargetKind, "unknown">, string> = {
  "internet-gateway": "internet gateway",
  "egress-only-internet-gateway": "egress-only internet gateway",
  "nat-gateway": "NAT gateway",
  "transit-gateway": "transit gateway",
  "vpc-endpoint": "VPC endpoint",
  "vpc-peering": "VPC peering connection",
  "virtual-private-gateway": "virtual private gateway",
  "network-interface": "network interface",
  instance: "instance",
  "carrier-gateway": "carrier gateway",
  "core-network": "core network",
  "local-gateway": "local gateway",
  "odb-network": "ODB network",
  local: "the VPC (local)",
};

/** What the sections of the plan read the recorded graph with. */
export interface PlanLookups {
  /** The registrations, providers left out. */
  readonly regs: readonly Registration[];
  readonly graph: ResourceGraph<Registration>;
  readonly ofType: (type: string) => Registration[];
  /** The name of the resource an id, ARN or name refers to; anything else as it is. */
  readonly name: (id: unknown) => string;
  /** The top-level component a resource is under: itself when it has no parent. */
  readonly rootOf: (r: Registration) => Registration;
  /** A route target in words: `NAT gateway nat-a`. */
  readonly target: (t: RouteTarget<Registration>) => string;
  /** A subnet's zone name, or `ZONE_LEFT_TO_AWS`. */
  readonly zoneOf: (s: Registration) => string;
  /** The zones of subnets given by id (the stack's, or the account's), sorted. */
  readonly zonesOf: (ids: unknown[]) => string[];
  /** The account's subnets (the --world files). */
  readonly existingSubnets: readonly MockSubnet[];
}

/** A top-level component's key: a component is told apart by type and name. */
export const componentKey = (root: Registration) =>
  root.custom ? "stack" : `${root.type}::${root.name}`;

/** A list input as a list; anything else (not known yet, absent) empty. */
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A string or number as text; anything else (not known yet, absent) undefined. */
export function plainText(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** The name of what each id, ARN or name refers to. */
function namesOf(regs: readonly Registration[]): (id: unknown) => string {
  // Resources are referred to by id, or by ARN (a flow log's log group).
  const nameOf = new Map([
    ...regs.filter((r) => r.id).map((r) => [r.id as string, r.name] as const),
    ...regs.filter((r) => r.outputs?.arn).map((r) => [String(r.outputs?.arn), r.name] as const),
    // A NAT instance is routed to through its primary network interface.
    ...regs
      .filter((r) => r.type === T.instance && r.outputs?.primaryNetworkInterfaceId)
      .map((r) => [String(r.outputs?.primaryNetworkInterfaceId), `${r.name} (primary)`] as const),
    // Roles and log groups are referred to by name too (a role policy's role, a function's group).
    ...regs
      .filter((r) => (r.type === T.role || r.type === T.logGroup) && r.outputs?.name)
      .map((r) => [String(r.outputs?.name), r.name] as const),
  ]);
  // An ARN with a trailing ":*" (a log group's streams) is named after what it extends.
  return (id: unknown): string => {
    const text = String(id);
    const base = text.endsWith(":*") ? nameOf.get(text.slice(0, -2)) : undefined;
    return nameOf.get(text) ?? (base === undefined ? text : `${base}:*`);
  };
}

export function lookupsOf(input: PlanInput): PlanLookups {
  const regs = input.registrations.filter((r) => !r.type.startsWith("pulumi:providers:"));
  const byUrn = new Map(regs.filter((r) => r.urn).map((r) => [r.urn as string, r]));
  const name = namesOf(regs);
  const graph = new ResourceGraph(regs);
  const ofType = (type: string) => graph.ofType(type);

  const rootOf = (r: Registration): Registration => {
    const parent = r.parentUrn ? byUrn.get(r.parentUrn) : undefined;
    return parent ? rootOf(parent) : r;
  };

  // The one classification of route targets (policy/rules/routes.ts).
  const target = (t: RouteTarget<Registration>) =>
    t.kind === "unknown" ? "another target" : `${TARGET_WORDS[t.kind]} ${name(t.value)}`;
  const zoneNamesById = new Map(input.zones.map((z) => [z.id, z.name]));
  // A subnet's zone: written by name, or by zone ID, or left to AWS.
  const zoneOf = (s: Registration): string =>
    typeof s.inputs.availabilityZone === "string"
      ? s.inputs.availabilityZone
      : typeof s.inputs.availabilityZoneId === "string"
        ? (zoneNamesById.get(s.inputs.availabilityZoneId) ?? s.inputs.availabilityZoneId)
        : ZONE_LEFT_TO_AWS;
  const existingSubnets = input.existing?.subnets ?? [];
  const zoneOfSubnet = (id: unknown) => {
    const subnet = ofType(T.subnet).find((s) => s.id === id);
    return subnet === undefined
      ? existingSubnets.find((s) => s.id === id)?.availabilityZone
      : zoneOf(subnet);
  };
  const zonesOf = (ids: unknown[]) =>
    [...new Set(ids.map(zoneOfSubnet).filter((z): z is string => z !== undefined))].sort();
  return { regs, graph, ofType, name, rootOf, target, zoneOf, zonesOf, existingSubnets };
}
