/** The plan for people (text), for programs (JSON) and as a diagram (Mermaid, which GitHub renders). */
import { DEFAULT_HYPERPLANE_ENI_QUOTA } from "../components/lib/eni";
import { Plan } from "./planModel";
import type { PlanSubnet } from "./planNetwork";

const usd = (n: number) => `$${n.toFixed(2)}`;

/** How wide the text plan's lines are at most, unless a single word is wider. */
export const TEXT_WIDTH = 100;

/**
 * A long line as several, continuation lines indented 4 more than the line, so each entry still
 * starts where it did. Broken between words (after the commas of a word too long for a line);
 * with `statements`, first after a policy's statements (`; `) and before ` | `, a statement too
 * long for one line continuing 2 further in.
 */
export function wrapLine(
  text: string,
  width: number = TEXT_WIDTH,
  statements: boolean = false,
): string[] {
  if (text.length <= width) return [text];
  const indent = /^ */.exec(text)?.[0] ?? "";
  const more = `${indent}    `;
  const within = statements ? `${more}  ` : more;
  const lines: string[] = [];
  let current = indent;
  // Adds `piece` to the current line after `glue`, or starts a line with it at `start`.
  const add = (glue: string, piece: string, start: string) => {
    if (current.trim() === "") current += piece;
    else if (current.length + glue.length + piece.length <= width) current += glue + piece;
    else {
      lines.push(current);
      current = start + piece;
    }
  };
  // Segments end after "; " or before " | ": the places a reader expects a break.
  const body = text.slice(indent.length);
  for (const segment of statements ? body.split(/(?<=;) | (?=\| )/) : [body]) {
    if (current.length + 1 + segment.length <= width || segment.length <= width - more.length) {
      add(" ", segment, more);
      continue;
    }
    // Too long for any line: it starts a line of its own and goes on word by word.
    if (statements && current.trim() !== "") {
      lines.push(current);
      current = more;
    }
    for (const word of segment.split(" ")) {
      const parts = word.length <= width - within.length ? [word] : word.split(/(?<=,)/);
      parts.forEach((part, i) => add(i === 0 ? " " : "", part, within));
    }
  }
  lines.push(current);
  return lines;
}

/** Every line of `text` wrapped to `width`, between words. */
export function wrapText(text: string, width: number = TEXT_WIDTH): string {
  return text
    .split("\n")
    .flatMap((l) => wrapLine(l, width))
    .join("\n");
}

/** The pack's command line, as the findings were computed: with the config file, if any. */
export function policyPackCommand(policyConfigFile: string): string {
  return `--policy-pack policy${policyConfigFile ? ` --policy-pack-config ${policyConfigFile}` : ""}`;
}

/** Where the text plan is written, line by line. */
interface TextOut {
  /** A heading stays whole (one names the policy config's path); what is under it wraps. */
  readonly line: (s?: string) => void;
  /** A resource's line breaks after its policies' statements, the rest between words. */
  readonly entry: (s: string) => void;
  /** `text` under a heading with no `items`. */
  readonly none: (items: readonly unknown[], text?: string) => void;
}

function textOut(out: string[]): TextOut {
  const line = (s = "") => out.push(...(s.startsWith(" ") ? wrapLine(s) : [s]));
  return {
    line,
    entry: (s) => out.push(...wrapLine(s, TEXT_WIDTH, true)),
    none: (items, text = "none") => {
      if (items.length === 0) line(`  ${text}`);
    },
  };
}

export function renderText(plan: Plan): string {
  const out: string[] = [];
  const o = textOut(out);
  o.line(`Offline plan for stack "${plan.stack}" of ${plan.project} in ${plan.region}`);
  o.line(`${plan.resourceCount} resources would be created. Nothing was sent to AWS.`);
  o.line();
  o.line("Assumed, not read from AWS:");
  plan.assumptions.forEach((a) => o.line(`  - ${a}`));
  o.line();
  o.line("Resources by component");
  for (const group of plan.groups) {
    o.line(`  ${group.component}${group.type ? ` (${group.type})` : ""}`);
    for (const r of group.resources) {
      o.entry(`    ${r.type.split(":").pop()} ${r.name}${r.detail ? `  ${r.detail}` : ""}`);
    }
  }
  o.line();
  zonesAndRoutesText(plan, o);
  endpointsAndFunctionsText(plan, o);
  costAndEnisText(plan, o);
  outputsAndDestroyText(plan, o);
  findingsText(plan, o);
  return out.join("\n");
}

function zonesAndRoutesText(plan: Plan, { line, none }: TextOut): void {
  line("By zone");
  none(plan.zones, "no subnet in the stack");
  for (const zone of plan.zones) {
    line(`  ${zone.name}${zone.id === "?" ? "" : ` (${zone.id})`}`);
    for (const s of zone.subnets) {
      line(
        `    ${s.public ? "public " : "private"} ${s.cidrBlock.padEnd(16)} ${s.name}  default route: ${s.defaultRoute}${s.ipv6DefaultRoute ? `, ::/0: ${s.ipv6DefaultRoute}` : ""}`,
      );
    }
    if (zone.natGateways.length > 0) line(`    NAT gateways: ${zone.natGateways.join(", ")}`);
    if (zone.interfaceEndpoints.length > 0)
      line(`    interface endpoints: ${zone.interfaceEndpoints.join(", ")}`);
    if (zone.functions.length > 0) line(`    VPC functions: ${zone.functions.join(", ")}`);
  }
  line();
  line("Routes");
  if (plan.routes.length === 0) line("  none in the stack besides each VPC's local route");
  plan.routes.forEach((r) => line(`  ${r.routeTable}: ${r.destination} → ${r.target}`));
  line();
}

function endpointsAndFunctionsText(plan: Plan, { line, none }: TextOut): void {
  line("Endpoints");
  none(plan.endpoints);
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
  none(plan.functions);
  for (const f of plan.functions) {
    // Subnets not in the stack have no zone the plan knows: they are named instead.
    const where =
      f.availabilityZones.length > 0
        ? `zones ${f.availabilityZones.join(", ")}`
        : `subnets ${f.subnets.join(", ")} (not in the stack: zones unknown)`;
    line(
      `  ${f.name}: ${f.inVpc ? `in the VPC, ${where}, security groups ${f.securityGroups.join(", ") || "none"}` : "in the Lambda service VPC"}`,
    );
  }
  line();
}

function costAndEnisText(plan: Plan, { line, none }: TextOut): void {
  line("Estimated monthly cost (hourly charges, 730 h; data processing extra)");
  plan.cost.lines
    .filter((l) => l.quantity > 0)
    .forEach((l) =>
      line(
        `  ${String(l.quantity).padStart(3)} × ${l.item.padEnd(22)} ${l.notEstimated ?? usd(l.monthlyUsd)}`,
      ),
    );
  line(`  total ${usd(plan.cost.totalMonthlyUsd)}`);
  if (plan.cost.byComponent.length > 0) {
    line("  by top-level component:");
    plan.cost.byComponent.forEach((c) => line(`    ${c.component}: ${usd(c.monthlyUsd)}`));
  }
  line();
  line("Hyperplane ENIs (distinct subnet and security-group sets of VPC functions)");
  none(plan.vpcs, "no VPC in the stack");
  for (const v of plan.vpcs) {
    line(`  ${v.name}: ${v.hyperplaneEnis} (default quota ${DEFAULT_HYPERPLANE_ENI_QUOTA})`);
    for (const share of v.eniShares) {
      const n = share.subnets.length;
      line(
        `    ${n} in subnet${n === 1 ? "" : "s"} ${share.subnets.join(", ")} with security groups ${share.securityGroups.join(", ") || "none"}: ${share.functions.length === 1 ? "used by" : "shared by"} ${share.functions.join(", ")}`,
      );
    }
  }
  line();
}

function outputsAndDestroyText(plan: Plan, { line, none }: TextOut): void {
  line("Stack outputs (ids are placeholders)");
  none(Object.keys(plan.outputs));
  for (const [key, value] of Object.entries(plan.outputs)) {
    line(`  ${key}: ${JSON.stringify(value)}`);
  }
  line();
  line("Destroy order (pulumi destroy: each wave after the ones before it, a wave in parallel)");
  none(plan.destroyOrder, "nothing to destroy");
  plan.destroyOrder.forEach((wave, i) => line(`  ${i + 1}. ${wave.join(", ")}`));
  line();
}

function findingsText(plan: Plan, { line }: TextOut): void {
  line("Pre-flight (rules the AWS API enforces at deploy time)");
  if (plan.preflightSkipped !== undefined) line(`  skipped (${plan.preflightSkipped})`);
  else if (plan.preflight.length === 0) line("  passed");
  plan.preflight.forEach((f) =>
    line(`  ${f.severity}: ${f.resource}: ${f.rule}: ${f.message} (${f.doc})`),
  );
  line();
  line(`Policy findings (pulumi preview ${policyPackCommand(plan.policyConfigFile)})`);
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
}

const nodeId = (name: string) => name.replace(/[^A-Za-z0-9]/g, "_");

const EIGW_TARGET = "egress-only internet gateway ";

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
  const eigws = ipv6Edges(subnets, out);
  if (subnets.some((s) => s.public) || eigws.length > 0) {
    out.push(`  internet((internet))`);
    plan.zones
      .flatMap((z) => z.natGateways)
      .forEach((nat) => out.push(`  ${nodeId(nat)} --> internet`));
    eigws.forEach((g) => out.push(`  ${nodeId(g)} --> internet`));
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
