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
import { Registration } from "../offline/runtime";
import { GraphRoute, ResourceGraph } from "../policy/rules/graph";
import { IPV4_DEFAULT, RouteTarget, RouteTargetKind } from "../policy/rules/routes";
import { summarizePolicy } from "./policySummary";
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
  readonly availabilityZones: string[];
  readonly securityGroups: string[];
}

export interface PlanVpc {
  readonly name: string;
  readonly cidrBlock: string;
  readonly hyperplaneEnis: number;
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
  readonly cost: { readonly lines: CostLine[]; readonly totalMonthlyUsd: number };
  readonly outputs: Record<string, unknown>;
  readonly warnings: string[];
  /** What the policy pack reports on this stack. */
  readonly policyFindings: Finding[];
  /** The policy config file the findings were computed with, as given. */
  readonly policyConfigFile: string;
  /** What the AWS API would refuse at deploy time. */
  readonly preflight: PreflightFinding[];
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
  const zoneOfSubnet = (id: unknown) =>
    ofType(T.subnet).find((s) => s.id === id)?.inputs.availabilityZone as string;
  const zonesOf = (ids: unknown[]) => [...new Set(ids.map(zoneOfSubnet).filter(Boolean))].sort();

  const endpoints: PlanEndpoint[] = ofType(T.vpcEndpoint).map((e) => ({
    name: e.name,
    service: String(e.inputs.serviceName).split(".").slice(3).join("."),
    type: e.inputs.vpcEndpointType,
    availabilityZones: zonesOf(e.inputs.subnetIds ?? []),
    routeTables: (e.inputs.routeTableIds ?? []).map(name),
    privateDns: e.inputs.privateDnsEnabled === true,
    policy: e.inputs.policy !== undefined,
  }));
  const functions: PlanFunction[] = ofType(T.function).map((f) => ({
    name: f.name,
    inVpc: f.inputs.vpcConfig !== undefined,
    availabilityZones: zonesOf(f.inputs.vpcConfig?.subnetIds ?? []),
    securityGroups: (f.inputs.vpcConfig?.securityGroupIds ?? []).map(name),
  }));

  const zoneIds = new Map(input.zones.map((z) => [z.name, z.id]));
  const zoneNames = [
    ...new Set(ofType(T.subnet).map((s) => s.inputs.availabilityZone as string)),
  ].sort();
  const zones: PlanZone[] = zoneNames.map((zone) => {
    const subnets = ofType(T.subnet).filter((s) => s.inputs.availabilityZone === zone);
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

  const routes: PlanRoute[] = ofType(T.route).map((r) => ({
    routeTable: name(r.inputs.routeTableId),
    destination: r.inputs.destinationCidrBlock,
    target: target(graph.targetOf(r)),
  }));

  const vpcs: PlanVpc[] = ofType(T.vpc).map((v) => {
    const subnetIds = new Set(
      ofType(T.subnet)
        .filter((s) => s.inputs.vpcId === v.id)
        .map((s) => s.id),
    );
    const networks = ofType(T.function)
      .filter((f) => (f.inputs.vpcConfig?.subnetIds ?? []).some((id: string) => subnetIds.has(id)))
      .map((f) => ({
        subnetIds: f.inputs.vpcConfig.subnetIds,
        securityGroupIds: f.inputs.vpcConfig.securityGroupIds,
      }));
    return {
      name: v.name,
      cidrBlock: v.inputs.cidrBlock,
      hyperplaneEnis: countHyperplaneEnis(networks),
    };
  });

  const billed: BilledResources = {
    natGateways: ofType(T.natGateway).length,
    publicIpv4Addresses: ofType(T.eip).length,
    interfaceEndpointAzs: endpoints
      .filter((e) => e.type === "Interface")
      .reduce((n, e) => n + e.availabilityZones.length, 0),
    gatewayEndpoints: endpoints.filter((e) => e.type === "Gateway").length,
  };

  const groups = new Map<string, PlanGroup>();
  for (const r of regs) {
    const root = rootOf(r);
    const key = root.custom ? "stack" : root.name;
    const group = groups.get(key) ?? {
      component: key,
      type: root.custom ? "" : root.type,
      resources: [],
    };
    groups.set(key, group);
    if (r.custom) {
      group.resources.push({ type: r.type, name: r.name, detail: describe(r, name, regs) });
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
    cost: { lines: monthlyCostLines(billed), totalMonthlyUsd: estimateMonthlyCostUsd(billed) },
    outputs: input.outputs,
    warnings: input.warnings,
    policyFindings: input.policyFindings,
    policyConfigFile: input.policyConfigFile,
    preflight: preflight(input.registrations),
    destroyOrder: destroyOrder(regs),
  };
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

function describe(
  r: Registration,
  name: (id: unknown) => string,
  regs: readonly Registration[],
): string {
  const i = r.inputs;
  switch (r.type) {
    case T.vpc:
      return `${i.cidrBlock}, DNS support ${i.enableDnsSupport ? "on" : "off"}, DNS hostnames ${i.enableDnsHostnames ? "on" : "off"}`;
    case T.subnet:
      return `${i.availabilityZone} ${i.cidrBlock}`;
    case T.route:
      return `${i.destinationCidrBlock} → ${name(i.natGatewayId ?? i.gatewayId)}`;
    case T.routeTableAssociation:
      return `${name(i.subnetId)} → ${name(i.routeTableId)}`;
    case T.natGateway:
      return `in ${name(i.subnetId)}`;
    case T.securityGroup:
    case T.defaultSecurityGroup: {
      const rules = (list: any[] | undefined) =>
        (list ?? [])
          .map((rule) => {
            const ports =
              rule.protocol === "-1"
                ? "all"
                : `${rule.protocol} ${rule.fromPort}${rule.toPort !== rule.fromPort ? `-${rule.toPort}` : ""}`;
            const from = [
              ...(rule.cidrBlocks ?? []),
              ...(rule.ipv6CidrBlocks ?? []),
              ...(rule.prefixListIds ?? []),
              ...(rule.securityGroups ?? []).map(name),
            ];
            return `${ports} ${from.join(" ")}`.trim();
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
    case T.function:
      return `${i.runtime ?? ""} ${i.vpcConfig ? `in VPC (${(i.vpcConfig.subnetIds ?? []).length} subnets)` : "in the Lambda service VPC"}${i.loggingConfig?.logGroup ? `, logs to ${name(i.loggingConfig.logGroup)}` : ""}`.trim();
    case T.role:
      return describeRole(r, name, regs);
    case T.rolePolicy:
      return `of role ${name(i.role)}`;
    default:
      // Resource policies (buckets, queues): what they allow or deny, in one line.
      return typeof i.policy === "string" ? `policy: ${summarizePolicy(i.policy, name)}` : "";
  }
}
