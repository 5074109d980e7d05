/** The plan for people (text), for programs (JSON) and as a diagram (Mermaid, which GitHub renders). */
import { DEFAULT_HYPERPLANE_ENI_QUOTA } from "../components/lib/eni";
import { Plan } from "./planModel";
import type { PlanSharedProfile } from "./planSharing";

export { renderMermaid } from "./renderMermaid";

const usd = (n: number) => `$${n.toFixed(2)}`;
/** Money that may be negative: -$12.30. */
const signedUsd = (n: number) => `${n < 0 ? "-" : ""}${usd(Math.abs(n))}`;

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
  sharedEndpointsText(plan.sharedEndpoints, o);
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

/** The spokes' line: each VPC of the stack associated with the profile, with its block. */
function spokesLine(profile: PlanSharedProfile): string {
  const spokes = profile.spokes.map((s) => `${s.vpc}${s.cidrBlock ? ` (${s.cidrBlock})` : ""}`);
  return `    spoke VPCs in the stack: ${spokes.join(", ") || "none"}`;
}

/** What sharing saves against one set of the endpoints per spoke, and from how many spokes. */
export function sharingSavingLine(profile: PlanSharedProfile): string {
  const c = profile.comparison;
  const pays =
    c.breakEvenSpokeCount === undefined
      ? "sharing never pays"
      : `sharing pays from ${c.breakEvenSpokeCount} spoke${c.breakEvenSpokeCount === 1 ? "" : "s"}`;
  return `saving with ${c.spokeCount} spoke${c.spokeCount === 1 ? "" : "s"}: ${signedUsd(c.savingMonthlyUsd)} a month; ${pays} (one set of these endpoints per spoke vs. the hub's, the profile and a transit gateway attachment per VPC)`;
}

/** The stack's Route 53 Profiles sharing endpoints: only when it has some. */
function sharedEndpointsText(profiles: readonly PlanSharedProfile[], { line }: TextOut): void {
  if (profiles.length === 0) return;
  line("Shared service endpoints (Route 53 Profiles)");
  for (const p of profiles) {
    line(`  ${p.profile} of ${p.hub}: ${p.services.join(", ") || "no endpoint in the stack"}`);
    line(spokesLine(p));
    for (const s of p.spokes.filter((x) => x.admitted !== undefined)) {
      line(
        `    ${s.vpc} ${s.cidrBlock}: ${s.admitted ? "admitted" : "NOT admitted"} on TCP 443 by the hub's endpoint security group`,
      );
    }
    line(
      p.resourceShare === undefined
        ? "    not shared through AWS RAM: the spokes are VPCs of this account"
        : `    shared through AWS RAM (${p.resourceShare.name}) with ${p.resourceShare.principals.join(", ") || "no principal in the stack"}`,
    );
    line(`    ${p.requirement}`);
    line(`    ${sharingSavingLine(p)}`);
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
