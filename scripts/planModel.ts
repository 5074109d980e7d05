/**
 * What `pulumi up` would create, read from a recorded resource graph: resources by component,
 * the layout by zone, routes, endpoints, functions, cost and Hyperplane ENIs. Pure: it only
 * reads registrations.
 */
import {
  BilledResources,
  preflight,
  PreflightFinding,
  CostLine,
  countHyperplaneEnis,
  estimateMonthlyCostUsd,
  monthlyCostLines,
} from "../components";
import { Finding } from "../policy/runner";
import type { MockWorld, Registration } from "../offline/runtime";
import { GraphRoute, ResourceGraph } from "../policy/rules/graph";
import { IPV4_DEFAULT, RouteTarget, RouteTargetKind } from "../policy/rules/routes";
import { summarizePolicy } from "./policySummary";
import { nameIdsInAll } from "./resourceNames";
import { TYPE_TOKENS as T } from "../components/lib/typeTokens";

/** One resource as the plan lists it: type, name and what it does, in a line. */
export interface PlanEntry {
  readonly type: string;
  readonly name: string;
  readonly detail: string;
}

export interface PlanGroup {
  /** The top-level component (or "stack" for resources declared directly in the program). */
  readonly component: string;
  readonly type: string;
  readonly resources: PlanEntry[];
}

export interface PlanSubnet {
  readonly name: string;
  readonly cidrBlock: string;
  readonly public: boolean;
  /** Where its 0.0.0.0/0 route goes, or "none". */
  readonly defaultRoute: string;
}

export interface PlanZone {
  readonly name: string;
  readonly id: string;
  readonly subnets: PlanSubnet[];
  readonly natGateways: string[];
  readonly interfaceEndpoints: string[];
  readonly functions: string[];
}

export interface PlanRoute {
  readonly routeTable: string;
  readonly destination: string;
  readonly target: string;
}

export interface PlanEndpoint {
  readonly name: string;
  readonly service: string;
  readonly type: string;
  readonly availabilityZones: string[];
  readonly routeTables: string[];
  readonly privateDns: boolean;
  readonly policy: boolean;
}

export interface PlanFunction {
  readonly name: string;
  readonly inVpc: boolean;
  /** Its subnets by name (ids, for subnets not in the stack). */
  readonly subnets: string[];
  readonly availabilityZones: string[];
  readonly securityGroups: string[];
}

/**
 * Hyperplane ENIs that one security-group set and one set of functions share: one per subnet.
 * Every function of `functions` uses each of them.
 */
export interface PlanEniShare {
  readonly subnets: string[];
  readonly securityGroups: string[];
  readonly functions: string[];
}

export interface PlanVpc {
  readonly name: string;
  readonly cidrBlock: string;
  readonly hyperplaneEnis: number;
  /** Which functions share which of the ENIs. */
  readonly eniShares: PlanEniShare[];
}

/** The monthly estimate of one top-level component (or of the resources outside any). */
export interface PlanComponentCost {
  /** As the program wrote it, `PrivateNetwork "net"`; "outside any component" for the rest. */
  readonly component: string;
  readonly monthlyUsd: number;
}

export interface Plan {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly assumptions: string[];
  readonly resourceCount: number;
  readonly groups: PlanGroup[];
  readonly vpcs: PlanVpc[];
  readonly zones: PlanZone[];
  readonly routes: PlanRoute[];
  readonly endpoints: PlanEndpoint[];
  readonly functions: PlanFunction[];
  readonly cost: {
    readonly lines: CostLine[];
    readonly totalMonthlyUsd: number;
    /** The total split by top-level component: those with billed resources, dearest first. */
    readonly byComponent: PlanComponentCost[];
  };
  readonly outputs: Record<string, unknown>;
  readonly warnings: string[];
  /** What the policy pack reports on this stack. */
  readonly policyFindings: Finding[];
  /** The policy config file the findings were computed with, as given; "" for none. */
  readonly policyConfigFile: string;
  /** What the AWS API would refuse at deploy time. */
  readonly preflight: PreflightFinding[];
  /** Why pre-flight did not run (a first preview), when it did not. */
  readonly preflightSkipped?: string;
  /**
   * The order in which `pulumi destroy` would delete the resources, in waves: every resource of a
   * wave is deleted after all of the waves before it (they depend on it); within a wave, in
   * parallel. Each entry is `<Type> <name>`.
   */
  readonly destroyOrder: string[][];
}

export interface PlanInput {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly zones: readonly { name: string; id: string }[];
  readonly assumptions: string[];
  readonly registrations: readonly Registration[];
  readonly outputs: Record<string, unknown>;
  readonly warnings: string[];
  readonly policyFindings: Finding[];
  readonly policyConfigFile: string;
  /** A first preview: pre-flight, which judges what AWS is asked to create, is skipped. */
  readonly preview?: boolean;
  /**
   * What the account already holds (the --world files): the zones of its subnets and its VPCs,
   * for functions placed in them.
   */
  readonly existing?: Pick<Partial<MockWorld>, "vpcs" | "subnets">;
}

/** Why a first preview has no pre-flight, in the words every output uses. */
export const PREFLIGHT_SKIPPED_IN_PREVIEW =
  "it judges what AWS is asked to create, which a first preview does not know";

/** An endpoint service's short name: `com.amazonaws.us-east-1.sqs` → `sqs`. */
export function shortServiceName(serviceName: unknown): string {
  const parts = String(serviceName).split(".");
  const start = parts[0] === "cn" ? 1 : 0;
  if (parts[start] !== "com" || parts[start + 1] !== "amazonaws") return String(serviceName);
  // A PrivateLink service: com.amazonaws.vpce.<region>.vpce-svc-…
  const rest = parts.slice(start + 2);
  return (rest[0] === "vpce" ? rest.slice(2) : rest.slice(1)).join(".");
}

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

export function buildPlan(input: PlanInput): Plan {
  const regs = input.registrations.filter((r) => !r.type.startsWith("pulumi:providers:"));
  const byUrn = new Map(regs.filter((r) => r.urn).map((r) => [r.urn as string, r]));
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
  const name = (id: unknown): string => {
    const text = String(id);
    const base = text.endsWith(":*") ? nameOf.get(text.slice(0, -2)) : undefined;
    return nameOf.get(text) ?? (base === undefined ? text : `${base}:*`);
  };
  const graph = new ResourceGraph(regs);
  const ofType = (type: string) => graph.ofType(type);

  const rootOf = (r: Registration): Registration => {
    const parent = r.parentUrn ? byUrn.get(r.parentUrn) : undefined;
    return parent ? rootOf(parent) : r;
  };

  // The one classification of route targets (policy/rules/routes.ts).
  const target = (t: RouteTarget<Registration>) =>
    t.kind === "unknown" ? "another target" : `${TARGET_WORDS[t.kind]} ${name(t.value)}`;
  const subnetFacts = (s: Registration): PlanSubnet => {
    const publicness = graph.publicnessOf(s);
    const defaultRoute = publicness.defaultRoutes.find(
      (r: GraphRoute<Registration>) => r.ipv4 === IPV4_DEFAULT,
    );
    return {
      name: s.name,
      cidrBlock: s.inputs.cidrBlock,
      public: publicness.reason !== undefined,
      defaultRoute: defaultRoute ? target(defaultRoute.target) : "none",
    };
  };
  const zoneIds = new Map(input.zones.map((z) => [z.name, z.id]));
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
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

  const endpoints: PlanEndpoint[] = ofType(T.vpcEndpoint).map((e) => ({
    name: e.name,
    service: shortServiceName(e.inputs.serviceName),
    // The provider's default type.
    type: typeof e.inputs.vpcEndpointType === "string" ? e.inputs.vpcEndpointType : "Gateway",
    availabilityZones: zonesOf(list(e.inputs.subnetIds)),
    routeTables: list(e.inputs.routeTableIds).map(name),
    privateDns: e.inputs.privateDnsEnabled === true,
    policy: e.inputs.policy !== undefined,
  }));
  const functions: PlanFunction[] = ofType(T.function).map((f) => ({
    name: f.name,
    inVpc: f.inputs.vpcConfig !== undefined,
    subnets: list(f.inputs.vpcConfig?.subnetIds).map(name),
    availabilityZones: zonesOf(list(f.inputs.vpcConfig?.subnetIds)),
    securityGroups: list(f.inputs.vpcConfig?.securityGroupIds).map(name),
  }));

  const zoneNames = [...new Set(ofType(T.subnet).map(zoneOf))].sort();
  const zones: PlanZone[] = zoneNames.map((zone) => {
    const subnets = ofType(T.subnet).filter((s) => zoneOf(s) === zone);
    const subnetIds = subnets.map((s) => s.id);
    return {
      name: zone,
      id: zoneIds.get(zone) ?? "?",
      subnets: subnets.map(subnetFacts),
      natGateways: ofType(T.natGateway)
        .filter((n) => subnetIds.includes(n.inputs.subnetId))
        .map((n) => n.name),
      interfaceEndpoints: endpoints
        .filter((e) => e.availabilityZones.includes(zone))
        .map((e) => e.service),
      functions: functions.filter((f) => f.availabilityZones.includes(zone)).map((f) => f.name),
    };
  });

  // Separate routes, then each table's own (inline `routes`).
  const routes: PlanRoute[] = [
    ...ofType(T.route).map((r) => ({
      routeTable: name(r.inputs.routeTableId),
      destination: destinationOf(r),
      target: target(graph.targetOf(r)),
    })),
    ...[...ofType(T.routeTable), ...ofType(T.defaultRouteTable)].flatMap((table) =>
      graph
        .routesOf(graph.tableRef(table))
        .filter((r) => r.resource === undefined)
        .map((r) => ({
          routeTable: table.name,
          destination: plainText(r.ipv4 ?? r.ipv6) ?? "a prefix list",
          target: target(r.target),
        })),
    ),
  ];

  // The stack's VPCs, then those of the account its functions are placed in.
  const usedSubnets = new Set(
    ofType(T.function).flatMap((f) => list(f.inputs.vpcConfig?.subnetIds).map(String)),
  );
  const existingVpcs = (input.existing?.vpcs ?? []).filter((v) =>
    existingSubnets.some((s) => s.vpcId === v.id && usedSubnets.has(s.id)),
  );
  const vpcs: PlanVpc[] = [
    ...ofType(T.vpc).map((v) => ({ name: v.name, id: v.id, cidrBlock: v.inputs.cidrBlock })),
    ...existingVpcs.map((v) => ({ name: `${v.id} (existing)`, id: v.id, cidrBlock: v.cidrBlock })),
  ].map((v) => {
    const subnetIds = new Set([
      ...ofType(T.subnet)
        .filter((s) => s.inputs.vpcId === v.id)
        .map((s) => s.id),
      ...existingSubnets.filter((s) => s.vpcId === v.id).map((s) => s.id),
    ]);
    const inVpc = ofType(T.function)
      .filter((f) => list(f.inputs.vpcConfig?.subnetIds).some((id) => subnetIds.has(id as string)))
      .map((f) => ({
        name: f.name,
        subnetIds: list(f.inputs.vpcConfig.subnetIds).map(String),
        securityGroupIds: list(f.inputs.vpcConfig.securityGroupIds).map(String),
      }));
    return {
      name: v.name,
      cidrBlock: v.cidrBlock,
      hyperplaneEnis: countHyperplaneEnis(inVpc),
      eniShares: eniShares(inVpc, name),
    };
  });

  const endpointOf = new Map(ofType(T.vpcEndpoint).map((e, i) => [e, endpoints[i]]));
  // A NAT gateway on an address the account already holds (natElasticIpAllocationIds) is billed
  // for it as for one the stack allocates: public IPv4 addresses are billed while in use.
  const stackAllocations = new Set(ofType(T.eip).map((e) => e.id));
  const onHeldAddress = (r: Registration) =>
    (r.type === T.natGateway || r.type === T.eipAssociation) &&
    typeof r.inputs.allocationId === "string" &&
    !stackAllocations.has(r.inputs.allocationId);
  const isRegional = (r: Registration) =>
    r.type === T.natGateway && r.inputs.availabilityMode === "regional";
  // A regional NAT gateway in manual mode holds the addresses it is given per zone; in automatic
  // mode AWS allocates them as zones need (not counted: the cost line says so).
  const heldByRegional = (r: Registration) =>
    isRegional(r)
      ? list(r.inputs.availabilityZoneAddresses)
          .flatMap((a: any) => list(a?.allocationIds))
          .filter((id) => typeof id === "string" && !stackAllocations.has(id)).length
      : 0;
  // What AWS bills by the hour, of a set of resources. An interface endpoint has one network
  // interface, billed by the hour, in each of its subnets (at most one per zone).
  const billedOf = (rs: readonly Registration[]): BilledResources => {
    const planned = rs.flatMap((r) => endpointOf.get(r) ?? []);
    return {
      natGateways: rs.filter((r) => r.type === T.natGateway && !isRegional(r)).length,
      regionalNatGateways: rs.filter(isRegional).length,
      // Only the instances that forward (NAT instances), not any instance of the program.
      natInstances: rs.filter((r) => r.type === T.instance && r.inputs.sourceDestCheck === false)
        .length,
      publicIpv4Addresses:
        rs.filter((r) => r.type === T.eip || onHeldAddress(r)).length +
        rs.reduce((n, r) => n + heldByRegional(r), 0),
      interfaceEndpointAzs: rs
        .filter((r) => endpointOf.get(r)?.type === "Interface")
        .reduce((n, e) => n + list(e.inputs.subnetIds).length, 0),
      gatewayEndpoints: planned.filter((e) => e.type === "Gateway").length,
    };
  };
  const billed = billedOf(regs);

  // Resources by their top-level component: a component is told apart by type and name.
  const keyOf = (root: Registration) => (root.custom ? "stack" : `${root.type}::${root.name}`);
  const byComponent = new Map<string, { component: string; resources: Registration[] }>();
  for (const r of regs.filter((x) => x.custom)) {
    const root = rootOf(r);
    const key = keyOf(root);
    const entry = byComponent.get(key) ?? {
      component: root.custom
        ? "outside any component"
        : `${root.type.split(":").pop()} "${root.name}"`,
      resources: [],
    };
    entry.resources.push(r);
    byComponent.set(key, entry);
  }
  const costByComponent: PlanComponentCost[] = [...byComponent.values()]
    .map(({ component, resources }) => ({ component, billed: billedOf(resources) }))
    .filter(({ billed: b }) => Object.values(b).some((n) => n > 0))
    .map(({ component, billed: b }) => ({ component, monthlyUsd: estimateMonthlyCostUsd(b) }))
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.component.localeCompare(b.component));

  const groups = new Map<string, PlanGroup>();
  for (const r of regs) {
    const root = rootOf(r);
    const key = keyOf(root);
    const group = groups.get(key) ?? {
      component: root.custom ? "stack" : root.name,
      type: root.custom ? "" : root.type,
      resources: [],
    };
    groups.set(key, group);
    if (r.custom) {
      group.resources.push({
        type: r.type,
        name: r.name,
        detail: describe(r, name, regs, (route) => target(graph.targetOf(route))),
      });
    }
  }

  const sorted = [...groups.values()]
    .sort((a, b) =>
      a.component === "stack"
        ? 1
        : b.component === "stack"
          ? -1
          : a.component.localeCompare(b.component),
    )
    .map((g) => ({
      ...g,
      resources: [...g.resources].sort(
        (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
      ),
    }));

  const named = (messages: readonly string[]) => nameIdsInAll(messages, regs);
  const withNamedIds = <F extends { message: string }>(findings: readonly F[]): F[] => {
    const messages = named(findings.map((f) => f.message));
    return findings.map((f, i) => ({ ...f, message: messages[i] }));
  };
  // Pre-flight judges the values an update sends to AWS: a first preview does not have them.
  const checked = input.preview ? [] : preflight(input.registrations);
  return {
    project: input.project,
    stack: input.stack,
    region: input.region,
    assumptions: input.assumptions,
    resourceCount: regs.filter((r) => r.custom).length,
    groups: sorted,
    vpcs,
    zones,
    routes,
    endpoints,
    functions,
    cost: {
      lines: monthlyCostLines(billed),
      totalMonthlyUsd: estimateMonthlyCostUsd(billed),
      byComponent: costByComponent,
    },
    outputs: input.outputs,
    // Ids in messages are the mock's placeholders: each is followed by the resource it is.
    warnings: named(input.warnings),
    policyFindings: withNamedIds(input.policyFindings),
    policyConfigFile: input.policyConfigFile,
    preflight: withNamedIds(checked),
    ...(input.preview ? { preflightSkipped: PREFLIGHT_SKIPPED_IN_PREVIEW } : {}),
    destroyOrder: destroyOrder(regs),
  };
}

/** Where a subnet's zone is not written: AWS picks one at creation. */
export const ZONE_LEFT_TO_AWS = "zone chosen by AWS";

/** A route's destination: an IPv4 or IPv6 block, or a prefix list. */
function destinationOf(r: Registration): string {
  const i = r.inputs;
  return String(
    i.destinationCidrBlock ?? i.destinationIpv6CidrBlock ?? i.destinationPrefixListId ?? "?",
  );
}

/**
 * Which functions share which Hyperplane ENIs: Lambda makes one per subnet and security-group
 * set, shared by every function with that pair. ENIs used by the same functions with the same
 * groups are listed together, one per subnet.
 */
export function eniShares(
  functions: readonly { name: string; subnetIds: string[]; securityGroupIds: string[] }[],
  name: (id: unknown) => string = String,
): PlanEniShare[] {
  const users = new Map<string, { subnet: string; groups: string[]; functions: string[] }>();
  for (const f of functions) {
    const groups = [...new Set(f.securityGroupIds)].sort();
    for (const subnet of new Set(f.subnetIds)) {
      const key = `${subnet}|${groups.join(",")}`;
      const eni = users.get(key) ?? { subnet, groups, functions: [] };
      eni.functions.push(f.name);
      users.set(key, eni);
    }
  }
  const shares = new Map<string, PlanEniShare>();
  for (const eni of users.values()) {
    const fns = [...eni.functions].sort();
    const key = `${eni.groups.join(",")}|${fns.join(",")}`;
    const share = shares.get(key) ?? {
      subnets: [],
      securityGroups: eni.groups.map(name),
      functions: fns,
    };
    share.subnets.push(name(eni.subnet));
    shares.set(key, share);
  }
  return [...shares.values()];
}

/**
 * Pulumi deletes a resource only after every resource that depends on it (through an input, an
 * explicit dependsOn, or as its child) is gone: the reverse of the order it creates them in. A
 * resource's wave is one more than the latest wave of the resources that depend on it; components
 * take part in the ordering but only custom resources are listed.
 */
export function destroyOrder(regs: readonly Registration[]): string[][] {
  const byUrn = new Map(regs.filter((r) => r.urn).map((r) => [r.urn as string, r]));
  const dependents = new Map<string, Registration[]>();
  for (const r of regs) {
    const on = new Set([
      ...(r.dependencyUrns ?? []),
      ...Object.values(r.propertyDependencies ?? {}).flat(),
      ...(r.parentUrn ? [r.parentUrn] : []),
    ]);
    for (const urn of on) {
      dependents.set(urn, [...(dependents.get(urn) ?? []), r]);
    }
  }
  const wave = new Map<Registration, number>();
  const waveOf = (r: Registration, seen: Set<Registration>): number => {
    const known = wave.get(r);
    if (known !== undefined) return known;
    if (seen.has(r)) throw new Error(`destroy order: a dependency cycle through ${r.name}`);
    seen.add(r);
    const after = (r.urn ? (dependents.get(r.urn) ?? []) : []).map((d) => waveOf(d, seen));
    const w = after.length === 0 ? 1 : Math.max(...after) + 1;
    wave.set(r, w);
    return w;
  };
  const waves: string[][] = [];
  for (const r of regs.filter((x) => x.custom && byUrn.has(x.urn as string))) {
    const w = waveOf(r, new Set());
    // Components in between leave gaps; waves are numbered by the custom resources only.
    (waves[w] ??= []).push(`${r.type.split(":").pop()} ${r.name}`);
  }
  return waves.filter((w) => w !== undefined).map((w) => w.sort());
}

/** One line about a resource: what a reviewer of the plan wants to see. */
/**
 * A role in one line: who may assume it, and what it may do — each inline policy's statements
 * and each attached managed policy by name — so a reviewer sees it without opening JSON.
 */
function describeRole(
  role: Registration,
  name: (id: unknown) => string,
  regs: readonly Registration[],
): string {
  const refersToRole = (value: unknown) =>
    value === role.id || value === role.outputs?.name || value === role.outputs?.arn;
  const trust = summarizePolicy(role.inputs.assumeRolePolicy, (id) => name(id)).replace(
    ": sts:AssumeRole",
    "",
  );
  const inline = regs
    .filter((p) => p.type === T.rolePolicy && refersToRole(p.inputs.role))
    .map((p) => summarizePolicy(p.inputs.policy, (id) => name(id)));
  const managed = regs
    .filter((a) => a.type === T.rolePolicyAttachment && refersToRole(a.inputs.role))
    .map((a) => `managed ${String(a.inputs.policyArn).split("/").pop()}`);
  const may = [...inline, ...managed];
  return `trusts ${trust} | may: ${may.length === 0 ? "nothing yet" : may.join("; ")}`;
}

/** A string or number as text; anything else (not known yet, absent) undefined. */
function plainText(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** A security group rule's ports: `all`, `tcp 443`, `tcp 1024-65535`. */
function ports(protocol: unknown, from: unknown, to: unknown): string {
  const [p, f, t] = [protocol, from, to].map((v) => plainText(v) ?? "?");
  return p === "-1" || p === "all"
    ? "all"
    : `${p} ${f}${t !== f && to !== undefined ? `-${t}` : ""}`;
}

function describe(
  r: Registration,
  name: (id: unknown) => string,
  regs: readonly Registration[],
  routeTarget: (route: Registration) => string,
): string {
  const i = r.inputs;
  switch (r.type) {
    case T.vpc:
      return `${i.cidrBlock ?? "block from IPAM"}, DNS support ${i.enableDnsSupport === false ? "off" : "on"}, DNS hostnames ${i.enableDnsHostnames ? "on" : "off"}`;
    case T.subnet:
      return [
        i.availabilityZone ?? i.availabilityZoneId ?? ZONE_LEFT_TO_AWS,
        i.cidrBlock,
        i.ipv6CidrBlock,
        i.mapPublicIpOnLaunch ? "maps public IPs" : undefined,
      ]
        .filter((x) => x !== undefined)
        .join(" ");
    case T.route:
      return `${destinationOf(r)} → ${routeTarget(r)}`;
    case T.ingressRule:
    case T.egressRule: {
      const from = i.cidrIpv4 ?? i.cidrIpv6 ?? i.prefixListId ?? name(i.referencedSecurityGroupId);
      const into = r.type === T.ingressRule ? "into" : "out of";
      return `${ports(i.ipProtocol, i.fromPort, i.toPort)} ${r.type === T.ingressRule ? "from" : "to"} ${from}, ${into} ${name(i.securityGroupId)}`;
    }
    case T.securityGroupRule: {
      const peers = [
        ...(i.cidrBlocks ?? []),
        ...(i.ipv6CidrBlocks ?? []),
        ...(i.prefixListIds ?? []),
        ...(i.sourceSecurityGroupId ? [name(i.sourceSecurityGroupId)] : []),
        ...(i.self ? ["itself"] : []),
      ];
      return `${i.type} ${ports(i.protocol, i.fromPort, i.toPort)} ${i.type === "ingress" ? "from" : "to"} ${peers.join(" ")}, ${i.type === "ingress" ? "into" : "out of"} ${name(i.securityGroupId)}`;
    }
    case T.routeTableAssociation:
      return `${name(i.subnetId)} → ${name(i.routeTableId)}`;
    case T.natGateway:
      if (i.availabilityMode === "regional") {
        const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
        const given = arr(i.availabilityZoneAddresses);
        return `regional, in ${name(i.vpcId)}, ${
          given.length === 0
            ? "automatic mode (AWS allocates its addresses)"
            : `manual mode: ${given.map((a: any) => `${a.availabilityZone} ${arr(a.allocationIds).map(name).join(" ")}`).join(", ")}`
        }`;
      }
      return `in ${name(i.subnetId)}${i.allocationId === undefined ? "" : `, Elastic IP ${name(i.allocationId)}`}`;
    case T.instance: {
      // A NAT instance's address is associated with its primary interface.
      const eni = r.outputs?.primaryNetworkInterfaceId;
      const address = regs.find(
        (a) =>
          a.type === T.eipAssociation && eni !== undefined && a.inputs.networkInterfaceId === eni,
      );
      return [
        `${i.instanceType} in ${name(i.subnetId)}`,
        `source/destination check ${i.sourceDestCheck === false ? "off" : "on"}`,
        ...(address ? [`Elastic IP ${name(address.inputs.allocationId)}`] : []),
      ].join(", ");
    }
    case T.eipAssociation:
      return `${name(i.allocationId)} → ${name(i.networkInterfaceId ?? i.instanceId)}`;
    case T.eip:
      // Kept by pulumi destroy: what others allow-list outlives the stack.
      return r.options?.retainOnDelete === true ? "kept on destroy (retainOnDelete)" : "";
    case T.securityGroup:
    case T.defaultSecurityGroup: {
      const rules = (list: any[] | undefined) =>
        (list ?? [])
          .map((rule) => {
            const from = [
              ...(rule.cidrBlocks ?? []),
              ...(rule.ipv6CidrBlocks ?? []),
              ...(rule.prefixListIds ?? []),
              ...(rule.securityGroups ?? []).map(name),
              ...(rule.self ? ["itself"] : []),
            ];
            return `${ports(rule.protocol, rule.fromPort, rule.toPort)} ${from.join(" ")}`.trim();
          })
          .join("; ") || "none";
      const adopted = r.type === T.defaultSecurityGroup ? `${name(i.vpcId)}'s default group, ` : "";
      return `${adopted}in: ${rules(i.ingress)} | out: ${rules(i.egress)}`;
    }
    case T.flowLog:
      return `${i.trafficType} traffic of ${name(i.vpcId)} to ${i.logDestinationType === "s3" ? "S3" : "CloudWatch Logs"} ${name(i.logDestination)}`;
    case T.logGroup:
      return `kept ${i.retentionInDays === 0 ? "forever" : `${i.retentionInDays} days`}${i.kmsKeyId ? ", KMS-encrypted" : ""}`;
    case T.vpcEndpoint:
      return `${i.vpcEndpointType} ${i.serviceName}${i.privateDnsEnabled ? ", private DNS" : ""} | policy: ${typeof i.policy === "string" ? summarizePolicy(i.policy, name) : "AWS default (full access)"}`;
    case T.function: {
      const subnets = Array.isArray(i.vpcConfig?.subnetIds) ? i.vpcConfig.subnetIds.length : 0;
      return `${i.runtime ?? i.packageType ?? ""} ${i.vpcConfig ? `in VPC (${subnets} subnet${subnets === 1 ? "" : "s"})` : "in the Lambda service VPC"}${i.loggingConfig?.logGroup ? `, logs to ${name(i.loggingConfig.logGroup)}` : ""}`.trim();
    }
    case T.role:
      return describeRole(r, name, regs);
    case T.rolePolicy:
      return `of role ${name(i.role)}`;
    default:
      // Resource policies (buckets, queues): what they allow or deny, in one line.
      return typeof i.policy === "string" ? `policy: ${summarizePolicy(i.policy, name)}` : "";
  }
}
