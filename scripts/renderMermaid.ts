/**
 * The plan as a diagram (Mermaid, which GitHub renders): each VPC with its zones, subnets, NAT
 * gateways and endpoints; the routes to NAT and egress-only gateways; where the interface
 * endpoints and the functions are; and the Route 53 Profiles sharing endpoints with spoke VPCs.
 */
import type { Plan } from "./planModel";
import type { PlanEndpoint, PlanSubnet, PlanZone } from "./planNetwork";

const nodeId = (name: string) => name.replace(/[^A-Za-z0-9]/g, "_");

const EIGW_TARGET = "egress-only internet gateway ";
const NAT_TARGET = "NAT gateway ";

type ZonedSubnet = PlanSubnet & { readonly zone: string };

/**
 * The private subnets' ::/0 edges to their egress-only internet gateways (a node each, outbound
 * only); returns the gateways.
 */
function ipv6Edges(subnets: readonly PlanSubnet[], out: string[]): string[] {
  const routed = subnets.filter((s) => s.ipv6DefaultRoute?.startsWith(EIGW_TARGET));
  const gateways = [
    ...new Set(routed.map((s) => (s.ipv6DefaultRoute as string).slice(EIGW_TARGET.length))),
  ];
  gateways.forEach((g) => out.push(`  ${nodeId(g)}>"egress-only ${g}"]`));
  routed.forEach((s) =>
    out.push(
      `  ${nodeId(s.name)} -->|::/0| ${nodeId((s.ipv6DefaultRoute as string).slice(EIGW_TARGET.length))}`,
    ),
  );
  return gateways;
}

/**
 * Which VPC the diagram draws a thing in. With one VPC, everything is in it (as the plan has
 * always drawn it); with several, each subnet and endpoint in its own, and a NAT gateway in the
 * VPC whose subnets route to it (else that of the public subnets of its zone).
 */
function placement(plan: Plan, subnets: readonly ZonedSubnet[]) {
  const several = plan.vpcs.length > 1;
  const isVpc = (vpcName: string, of: string | undefined) =>
    of === vpcName || `${of} (existing)` === vpcName;
  const natVpc = (nat: string, zone: PlanZone) =>
    subnets.find((s) => s.defaultRoute === `${NAT_TARGET}${nat}`)?.vpc ??
    zone.subnets.find((s) => s.public)?.vpc;
  return {
    several,
    subnetIn: (vpcName: string, s: PlanSubnet) => !several || isVpc(vpcName, s.vpc),
    endpointIn: (vpcName: string, e: PlanEndpoint) => !several || isVpc(vpcName, e.vpc),
    natIn: (vpcName: string, nat: string, zone: PlanZone) =>
      !several || isVpc(vpcName, natVpc(nat, zone)),
  };
}

/** A VPC's subgraph: its zones (those it has subnets in, when there are several VPCs). */
function vpcSubgraph(
  plan: Plan,
  vpc: Plan["vpcs"][number],
  at: ReturnType<typeof placement>,
  out: string[],
): void {
  out.push(`  subgraph ${nodeId(vpc.name)}["VPC ${vpc.name} ${vpc.cidrBlock}"]`);
  for (const zone of plan.zones) {
    const zoneSubnets = zone.subnets.filter((s) => at.subnetIn(vpc.name, s));
    const nats = zone.natGateways.filter((n) => at.natIn(vpc.name, n, zone));
    if (at.several && zoneSubnets.length === 0 && nats.length === 0) continue;
    const zoneNode = at.several ? `${nodeId(vpc.name)}_${nodeId(zone.name)}` : nodeId(zone.name);
    out.push(`    subgraph ${zoneNode}["${zone.name} (${zone.id})"]`);
    for (const s of zoneSubnets) {
      out.push(`      ${nodeId(s.name)}["${s.public ? "public" : "private"} ${s.cidrBlock}"]`);
    }
    for (const nat of nats) {
      out.push(`      ${nodeId(nat)}{{"NAT ${nat}"}}`);
    }
    out.push("    end");
  }
  for (const e of plan.endpoints.filter((x) => at.endpointIn(vpc.name, x))) {
    out.push(`    ${nodeId(e.name)}[/"${e.service} ${e.type.toLowerCase()} endpoint"/]`);
  }
  out.push("  end");
}

/** The edges to NAT gateways, egress-only gateways and the internet. */
function egressEdges(plan: Plan, subnets: readonly ZonedSubnet[], out: string[]): void {
  for (const s of subnets.filter((x) => x.defaultRoute.startsWith(NAT_TARGET))) {
    out.push(
      `  ${nodeId(s.name)} -->|0.0.0.0/0| ${nodeId(s.defaultRoute.slice(NAT_TARGET.length))}`,
    );
  }
  const eigws = ipv6Edges(subnets, out);
  if (subnets.some((s) => s.public) || eigws.length > 0) {
    out.push(`  internet((internet))`);
    plan.zones
      .flatMap((z) => z.natGateways)
      .forEach((nat) => out.push(`  ${nodeId(nat)} --> internet`));
    eigws.forEach((g) => out.push(`  ${nodeId(g)} --> internet`));
  }
}

/** Interface endpoints to their subnets, functions to theirs, the Lambda endpoint's invokes. */
function endpointAndFunctionEdges(plan: Plan, subnets: readonly ZonedSubnet[], out: string[]) {
  const several = plan.vpcs.length > 1;
  const privateIn = (zone: string, fits: (s: ZonedSubnet) => boolean) =>
    subnets.find((s) => s.zone === zone && !s.public && fits(s));
  for (const e of plan.endpoints.filter((x) => x.type === "Interface")) {
    for (const zone of e.availabilityZones) {
      const subnet = privateIn(zone, (s) => !several || s.vpc === e.vpc);
      if (subnet) out.push(`  ${nodeId(e.name)} -.- ${nodeId(subnet.name)}`);
    }
  }
  for (const f of plan.functions) {
    out.push(`  fn_${nodeId(f.name)}(["λ ${f.name}"])`);
    if (f.inVpc) {
      for (const zone of f.availabilityZones) {
        const subnet = privateIn(zone, (s) => !several || f.subnets.includes(s.name));
        if (subnet) out.push(`  fn_${nodeId(f.name)} --> ${nodeId(subnet.name)}`);
      }
    }
  }
  const lambdaEndpoint = plan.endpoints.find((e) => e.service === "lambda");
  for (const f of plan.functions.filter((x) => !x.inVpc && lambdaEndpoint)) {
    out.push(
      `  ${nodeId((lambdaEndpoint as { name: string }).name)} -->|invoke| fn_${nodeId(f.name)}`,
    );
  }
}

/** Each Route 53 Profile: its endpoints share through it; it answers names in its spoke VPCs. */
function sharingEdges(plan: Plan, out: string[]): void {
  const vpcs = new Set(plan.vpcs.map((v) => v.name));
  for (const p of plan.sharedEndpoints) {
    const profile = `profile_${nodeId(p.profile)}`;
    out.push(`  ${profile}{{"Route 53 Profile ${p.profile}"}}`);
    p.endpoints.forEach((e) => out.push(`  ${nodeId(e)} -.-|shared| ${profile}`));
    p.spokes
      .filter((s) => vpcs.has(s.vpc))
      .forEach((s) => out.push(`  ${profile} -.->|names| ${nodeId(s.vpc)}`));
  }
}

/** A flowchart of the topology: VPCs, zones, subnets, NAT, endpoints, functions, profiles. */
export function renderMermaid(plan: Plan): string {
  const out = ["flowchart LR"];
  const subnets = plan.zones.flatMap((z) => z.subnets.map((s) => ({ ...s, zone: z.name })));
  const at = placement(plan, subnets);
  for (const vpc of plan.vpcs) {
    vpcSubgraph(plan, vpc, at, out);
  }
  egressEdges(plan, subnets, out);
  endpointAndFunctionEdges(plan, subnets, out);
  sharingEdges(plan, out);
  return out.join("\n");
}
