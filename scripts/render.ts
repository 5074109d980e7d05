/** The plan for people (text), for programs (JSON) and as a diagram (Mermaid, which GitHub renders). */
import { DEFAULT_HYPERPLANE_ENI_QUOTA } from "../components/lib/eni";
import { Plan } from "./planModel";

const usd = (n: number) => `$${n.toFixed(2)}`;

export function renderText(plan: Plan): string {
  const out: string[] = [];
  const line = (s = "") => out.push(s);
  line(`Offline plan for stack "${plan.stack}" of ${plan.project} in ${plan.region}`);
  line(`${plan.resourceCount} resources would be created. Nothing was sent to AWS.`);
  line();
  line("Assumed, not read from AWS:");
  plan.assumptions.forEach((a) => line(`  - ${a}`));
  line();
  line("Resources by component");
  for (const group of plan.groups) {
    line(`  ${group.component}${group.type ? ` (${group.type})` : ""}`);
    for (const r of group.resources) {
      line(`    ${r.type.split(":").pop()} ${r.name}${r.detail ? `  ${r.detail}` : ""}`);
    }
  }
  line();
  line("By zone");
  for (const zone of plan.zones) {
    line(`  ${zone.name} (${zone.id})`);
    for (const s of zone.subnets) {
      line(
        `    ${s.public ? "public " : "private"} ${s.cidrBlock.padEnd(16)} ${s.name}  default route: ${s.defaultRoute}`,
      );
    }
    if (zone.natGateways.length > 0) line(`    NAT gateways: ${zone.natGateways.join(", ")}`);
    if (zone.interfaceEndpoints.length > 0)
      line(`    interface endpoints: ${zone.interfaceEndpoints.join(", ")}`);
    if (zone.functions.length > 0) line(`    VPC functions: ${zone.functions.join(", ")}`);
  }
  line();
  line("Routes");
  if (plan.routes.length === 0) line("  none besides each VPC's local route: no internet");
  plan.routes.forEach((r) => line(`  ${r.routeTable}: ${r.destination} → ${r.target}`));
  line();
  line("Endpoints");
  for (const e of plan.endpoints) {
    const where =
      e.type === "Interface"
        ? `zones ${e.availabilityZones.join(", ")}`
        : `route tables ${e.routeTables.join(", ")}`;
    line(
      `  ${e.service.padEnd(16)} ${e.type.padEnd(9)} ${where}${e.privateDns ? ", private DNS" : ""}${e.policy ? ", endpoint policy" : ""}`,
    );
  }
  line();
  line("Functions");
  for (const f of plan.functions) {
    line(
      `  ${f.name}: ${f.inVpc ? `in the VPC, zones ${f.availabilityZones.join(", ")}, security groups ${f.securityGroups.join(", ")}` : "in the Lambda service VPC"}`,
    );
  }
  line();
  line("Estimated monthly cost (hourly charges, 730 h; data processing extra)");
  plan.cost.lines
    .filter((l) => l.quantity > 0)
    .forEach((l) =>
      line(`  ${String(l.quantity).padStart(3)} × ${l.item.padEnd(22)} ${usd(l.monthlyUsd)}`),
    );
  line(`  total ${usd(plan.cost.totalMonthlyUsd)}`);
  line();
  line("Hyperplane ENIs (distinct subnet and security-group sets of VPC functions)");
  plan.vpcs.forEach((v) =>
    line(`  ${v.name}: ${v.hyperplaneEnis} (default quota ${DEFAULT_HYPERPLANE_ENI_QUOTA})`),
  );
  line();
  line("Stack outputs (ids are placeholders)");
  for (const [key, value] of Object.entries(plan.outputs)) {
    line(`  ${key}: ${JSON.stringify(value)}`);
  }
  line();
  line("Destroy order (pulumi destroy: each wave after the ones before it, a wave in parallel)");
  plan.destroyOrder.forEach((wave, i) => line(`  ${i + 1}. ${wave.join(", ")}`));
  line();
  line("Pre-flight (rules the AWS API enforces at deploy time)");
  if (plan.preflight.length === 0) line("  passed");
  plan.preflight.forEach((f) =>
    line(`  ${f.severity}: ${f.resource}: ${f.rule}: ${f.message} (${f.doc})`),
  );
  line();
  line(
    `Policy findings (pulumi preview --policy-pack policy --policy-pack-config ${plan.policyConfigFile})`,
  );
  if (plan.policyFindings.length === 0) line("  none");
  plan.policyFindings.forEach((f) =>
    line(
      `  [${f.enforcementLevel}] ${f.policy}${f.resource ? ` (${f.resource})` : ""}: ${f.message}`,
    ),
  );
  if (plan.warnings.length > 0) {
    line();
    line("Warnings");
    plan.warnings.forEach((w) => line(`  - ${w}`));
  }
  return out.join("\n");
}

const nodeId = (name: string) => name.replace(/[^A-Za-z0-9]/g, "_");

/** A flowchart of the topology: VPC, zones, subnets, NAT, endpoints and functions. */
export function renderMermaid(plan: Plan): string {
  const out = ["flowchart LR"];
  for (const vpc of plan.vpcs) {
    out.push(`  subgraph ${nodeId(vpc.name)}["VPC ${vpc.name} ${vpc.cidrBlock}"]`);
    for (const zone of plan.zones) {
      out.push(`    subgraph ${nodeId(zone.name)}["${zone.name} (${zone.id})"]`);
      for (const s of zone.subnets) {
        out.push(`      ${nodeId(s.name)}["${s.public ? "public" : "private"} ${s.cidrBlock}"]`);
      }
      for (const nat of zone.natGateways) {
        out.push(`      ${nodeId(nat)}{{"NAT ${nat}"}}`);
      }
      out.push("    end");
    }
    for (const e of plan.endpoints) {
      out.push(`    ${nodeId(e.name)}[/"${e.service} ${e.type.toLowerCase()} endpoint"/]`);
    }
    out.push("  end");
  }
  const subnets = plan.zones.flatMap((z) => z.subnets.map((s) => ({ ...s, zone: z.name })));
  for (const s of subnets.filter((x) => x.defaultRoute.startsWith("NAT gateway "))) {
    out.push(
      `  ${nodeId(s.name)} -->|0.0.0.0/0| ${nodeId(s.defaultRoute.slice("NAT gateway ".length))}`,
    );
  }
  if (subnets.some((s) => s.public)) {
    out.push(`  internet((internet))`);
    plan.zones
      .flatMap((z) => z.natGateways)
      .forEach((nat) => out.push(`  ${nodeId(nat)} --> internet`));
  }
  for (const e of plan.endpoints.filter((x) => x.type === "Interface")) {
    for (const zone of e.availabilityZones) {
      const subnet = subnets.find((s) => s.zone === zone && !s.public);
      if (subnet) out.push(`  ${nodeId(e.name)} -.- ${nodeId(subnet.name)}`);
    }
  }
  for (const f of plan.functions) {
    out.push(`  fn_${nodeId(f.name)}(["λ ${f.name}"])`);
    if (f.inVpc) {
      for (const zone of f.availabilityZones) {
        const subnet = subnets.find((s) => s.zone === zone && !s.public);
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
  return out.join("\n");
}
