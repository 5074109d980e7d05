/**
 * The one command line behind `npm start` and `npm run check-stack`: the same options, the same
 * reading of input files, the same run of the program, the same plan and findings, the same exit
 * codes. `npm start` prints the plan of the sample stack (or of the program in DIR);
 * `check-stack` prints the findings of the program in DIR, and the plan with `--plan`.
 *
 * Exit codes: 0 when nothing fails; 1 when the program fails, or when `pulumi up` (or a preview
 * with the policy pack) would — a pre-flight error, a mandatory policy; 2 on bad usage, a bad
 * input file of the tool's own (named), or a program the offline runtime cannot run.
 */
import * as fs from "fs";
import * as path from "path";
import { resolvePolicyConfig } from "../policy/config";
import { allPolicies } from "../policy/policies";
import { PreflightFinding } from "../policy/rules/preflight";
import { Finding, isMandatory, PolicyConfig, runPolicies } from "../policy/runner";
import { DEFAULT_WORLD, MockWorld, registrations } from "../offline/runtime";
import { buildPlan, Plan } from "./planModel";
import { policyPackCommand, renderMermaid, renderText, wrapText } from "./render";
import { nameIdsInAll } from "./resourceNames";
import { ProgramError, ProgramRun, runProgram } from "./runProgram";
import { InputFileError, readStackConfig, stackRegion } from "./stackConfig";
import { readWorldFiles } from "./world";
import { CliOptions, Command, HELP, parseArgs, USAGE } from "./cliArgs";

export { HELP, parseArgs, USAGE, UsageError } from "./cliArgs";
export type { CliOptions, Command } from "./cliArgs";

export interface Console {
  out(text: string): void;
  err(text: string): void;
}

/** The repository: the sample stack's program and stack files. */
export const ROOT = path.join(__dirname, "..");

/** Where the user ran the command: npm runs scripts in the package's folder, and says so. */
export const userDir = (): string => process.env.INIT_CWD ?? process.cwd();

/** Larger than any policy config: a file this size is some other file (a stack export, a log). */
const MAX_POLICY_CONFIG_BYTES = 1024 * 1024;

/**
 * A policy config file, read and checked as the CLI reads it (policy/config.ts), every problem
 * naming the file as the user gave it (`shown`): missing, not a file, too large, not JSON, or not
 * a policy config.
 */
export function readPolicyConfig(file: string, shown: string = file): PolicyConfig {
  const named = (message: string) => new InputFileError(`--policy-config ${shown}: ${message}`);
  const where = path.resolve(file) === shown ? "" : ` (looked for ${path.resolve(file)})`;
  if (!fs.existsSync(file)) {
    throw named(`no such file${where}.`);
  }
  if (!fs.statSync(file).isFile()) {
    throw named(`not a file${where}.`);
  }
  const size = fs.statSync(file).size;
  if (size > MAX_POLICY_CONFIG_BYTES) {
    throw named(
      `${size} bytes, far more than a policy config (a JSON object of policy names and settings): is it the right file?`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw named(`not JSON (${(e as Error).message}).`);
  }
  try {
    resolvePolicyConfig(parsed, allPolicies);
  } catch (e) {
    throw named((e as Error).message);
  }
  return parsed as PolicyConfig;
}

/** As the README's commands name it, relative to the repository. */
export const SAMPLE_POLICY_CONFIG_PATH = "policy/sample-config.json";

/** The policy config the sample stack is checked with: report runs outside a VPC by design. */
export const SAMPLE_POLICY_CONFIG = readPolicyConfig(path.join(ROOT, SAMPLE_POLICY_CONFIG_PATH));

/** What the plan and the findings are computed with, besides the run. */
export interface PlanContext {
  readonly preview?: boolean;
  /** The world read from --world files, if any. */
  readonly world?: Partial<MockWorld>;
}

/**
 * What the plan assumes, not having asked AWS: the region (and whether the stack sets it), the
 * zones, the endpoint services, what the account already holds, and the placeholders.
 */
export function assumptionsOf(run: ProgramRun, context: PlanContext = {}): string[] {
  const world = context.world ?? {};
  // The files are named once, in the line that says what the account holds.
  const from = "the --world files";
  const region = stackRegion(run.stack, world.region);
  const zones = run.zones.map((z) => `${z.name} (${z.id})`).join(", ");
  const zonesLine = world.zonesByRegion?.[run.region]
    ? `zones of ${run.region}: ${zones}, from ${from}`
    : `zones of ${run.region}: ${run.zones.map((z) => z.name).join(", ")}; their zone IDs (${run.zones.map((z) => z.id).join(", ")}) are placeholders: AWS maps zone names to IDs per account`;
  // The default world's exceptions, in the zones of this region.
  const ids = new Set(run.zones.map((z) => z.id));
  const exceptions = Object.entries(world.unsupportedZoneIds ?? DEFAULT_WORLD.unsupportedZoneIds)
    .map(([service, zoneIds]) => [service, zoneIds.filter((id) => ids.has(id))] as const)
    .filter(([, zoneIds]) => zoneIds.length > 0)
    .map(
      ([service, zoneIds]) =>
        `the ${service === "lambda" ? "Lambda" : service} endpoint in ${zoneIds.join(", ")}`,
    );
  const services =
    (world.endpointServices ?? []).length > 0
      ? `endpoint services: the ${world.endpointServices?.length} of ${from}; any other is offered in every zone`
      : `every interface endpoint service is offered in every zone${exceptions.length > 0 ? ` but ${exceptions.join(", ")}` : ""}`;
  const held = (
    [
      ["VPC", world.vpcs],
      ["subnet", world.subnets],
      ["route table", world.routeTables],
      ["security group", world.securityGroups],
      ["VPC endpoint", world.vpcEndpoints],
    ] as const
  )
    .filter(([, list]) => (list ?? []).length > 0)
    .map(([noun, list]) => `${list?.length} ${noun}${list?.length === 1 ? "" : "s"}`);
  const existing =
    context.world === undefined
      ? "the account holds no VPC, subnet, route table or security group yet: a look-up of one finds nothing (describe yours with --world FILE)"
      : `the account holds what ${from}${world.origin ? ` (${world.origin})` : ""} describe${held.length > 0 ? `: ${held.join(", ")}` : ""}`;
  return [
    region.statement,
    zonesLine,
    services,
    existing,
    "ids, ARNs and generated names are placeholders; real ones exist only after pulumi up",
  ];
}

/** The plan of a finished run, with the policy pack's findings. */
export function planOf(
  run: ProgramRun,
  policyFindings: Finding[] = [],
  policyConfigFile: string = SAMPLE_POLICY_CONFIG_PATH,
  context: PlanContext = {},
): Plan {
  return buildPlan({
    project: run.stack.project,
    stack: run.stack.stack,
    region: run.region,
    zones: run.zones,
    assumptions: assumptionsOf(run, context),
    registrations: run.registrations,
    outputs: run.outputs,
    warnings: run.warnings,
    policyFindings,
    policyConfigFile,
    preview: context.preview,
    existing: context.world,
  });
}

/** What checking a program found (check-stack's output without --plan). */
export interface StackCheck {
  readonly project: string;
  readonly stack: string;
  /** The region, and where it comes from (or that it is assumed). */
  readonly region: string;
  readonly policyFindings: Finding[];
  /** Empty, with `preflightSkipped` saying why, in a first preview. */
  readonly preflight: PreflightFinding[];
  readonly preflightSkipped?: string;
  /** The policy config file the findings were computed with, as given; "" for none. */
  readonly policyConfigFile: string;
}

/** The findings of a plan, as check-stack prints them. */
export function checkOf(plan: Plan): StackCheck {
  const region = plan.assumptions.find((a) => a.startsWith("region: "));
  return {
    project: plan.project,
    stack: plan.stack,
    region: region?.slice("region: ".length) ?? plan.region,
    policyFindings: plan.policyFindings,
    preflight: plan.preflight,
    ...(plan.preflightSkipped ? { preflightSkipped: plan.preflightSkipped } : {}),
    policyConfigFile: plan.policyConfigFile,
  };
}

export function renderCheck(check: StackCheck): string {
  const lines = [
    `Stack "${check.stack}" of ${check.project}, checked offline`,
    `  region: ${check.region}`,
    `Policy pack (pulumi preview ${policyPackCommand(check.policyConfigFile)}):`,
    ...(check.policyFindings.length === 0 ? ["  nothing found"] : []),
    ...check.policyFindings.map(
      (f) =>
        `  ${f.enforcementLevel} ${f.policy}${f.resource ? ` (${f.resource})` : ""}: ${f.message}`,
    ),
    check.preflightSkipped !== undefined
      ? `Pre-flight: skipped (${check.preflightSkipped})`
      : "Pre-flight (what AWS would refuse in pulumi up):",
    ...(check.preflightSkipped === undefined && check.preflight.length === 0
      ? ["  nothing found"]
      : []),
    ...check.preflight.map((f) => `  ${f.severity} ${f.rule} (${f.resource}): ${f.message}`),
  ];
  return wrapText(lines.join("\n"));
}

/**
 * What would fail, one line each, or nothing: a mandatory policy fails a preview or an update
 * run with the pack; a pre-flight error is a request AWS would refuse, so `pulumi up` fails.
 */
export function verdict(findings: {
  policyFindings: Finding[];
  preflight: PreflightFinding[];
  policyConfigFile: string;
}): string[] {
  const mandatory = findings.policyFindings.filter(isMandatory).length;
  const errors = findings.preflight.filter((f) => f.severity === "error").length;
  return [
    ...(mandatory > 0
      ? [
          `${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}: pulumi preview/up with ${policyPackCommand(findings.policyConfigFile)} would fail.`,
        ]
      : []),
    ...(errors > 0
      ? [
          `${errors} pre-flight error${errors === 1 ? "" : "s"}: AWS would refuse ${errors === 1 ? "a request" : "requests"} of pulumi up, so it would fail.`,
        ]
      : []),
  ];
}

/** A program error that is a limit of the offline runtime, not a fault of the program. */
const OFFLINE_LIMIT =
  /^(the offline runtime has no answer for invoke |mocks: |the offline plan has no zone list for region )/;

/** The inputs of a run, read and checked: any problem is an InputFileError naming the input. */
interface Inputs {
  readonly programDir: string;
  readonly stackDir: string;
  readonly policyConfig: PolicyConfig;
  /** As given, or the sample's; "" for none (the pack's defaults). */
  readonly policyConfigFile: string;
  readonly world?: Partial<MockWorld>;
}

function readInputs(options: CliOptions, sampleDir: string): Inputs {
  const programDir = options.dir === undefined ? ROOT : path.resolve(userDir(), options.dir);
  if (options.dir !== undefined) {
    const where = path.isAbsolute(options.dir) ? "" : ` (${programDir})`;
    if (!fs.existsSync(programDir) || !fs.statSync(programDir).isDirectory()) {
      throw new InputFileError(`${options.dir}: no such folder${where}.`);
    }
    if (!fs.existsSync(path.join(programDir, "Pulumi.yaml"))) {
      throw new InputFileError(
        `${options.dir}: no Pulumi.yaml${where}; name the folder of a Pulumi program.`,
      );
    }
  }
  // The sample is checked with its own policy config unless another is given.
  const isSample = programDir === ROOT;
  const policyConfigFile = options.policyConfig ?? (isSample ? SAMPLE_POLICY_CONFIG_PATH : "");
  const policyConfig =
    options.policyConfig !== undefined
      ? readPolicyConfig(path.resolve(userDir(), options.policyConfig), options.policyConfig)
      : isSample
        ? SAMPLE_POLICY_CONFIG
        : {};
  const world =
    options.worlds.length > 0
      ? readWorldFiles(options.worlds.map((w) => path.resolve(userDir(), w)))
      : undefined;
  return {
    programDir,
    stackDir: options.dir === undefined ? sampleDir : programDir,
    policyConfig,
    policyConfigFile,
    world,
  };
}

/** Runs the program and computes its plan, findings included. */
export async function planProgram(
  programDir: string,
  stackDir: string,
  stack: string,
  options: {
    preview?: boolean;
    policyConfig?: PolicyConfig;
    policyConfigFile?: string;
    world?: Partial<MockWorld>;
    stuckAfterMs?: number;
  } = {},
): Promise<Plan> {
  const config = readStackConfig(stackDir, stack);
  const run = await runProgram(programDir, config, {
    preview: options.preview,
    stuckAfterMs: options.stuckAfterMs,
    world: options.world,
  });
  const findings = await runPolicies(run.registrations, options.policyConfig ?? {}, {
    preview: options.preview,
  });
  return planOf(run, findings, options.policyConfigFile ?? "", {
    preview: options.preview,
    world: options.world,
  });
}

/** Either command, minus the process: returns the exit code. */
export async function runCommand(
  command: Command,
  argv: readonly string[],
  io: Console,
  sampleDir: string = ROOT,
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(command, argv);
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE[command]}`);
    return 2;
  }
  if (options.help) {
    io.out(HELP[command]);
    return 0;
  }
  let plan: Plan;
  try {
    const inputs = readInputs(options, sampleDir);
    plan = await planProgram(inputs.programDir, inputs.stackDir, options.stack, {
      preview: options.preview,
      policyConfig: inputs.policyConfig,
      policyConfigFile: inputs.policyConfigFile,
      world: inputs.world,
    });
  } catch (e) {
    return failed(e, options, io);
  }
  const output = !options.plan
    ? options.format === "json"
      ? JSON.stringify(checkOf(plan), null, 2)
      : renderCheck(checkOf(plan))
    : { text: renderText, mermaid: renderMermaid, json: (p: Plan) => JSON.stringify(p, null, 2) }[
        options.format
      ](plan);
  io.out(output);
  const fails = verdict(plan);
  if (fails.length > 0) {
    io.err(fails.join("\n"));
    return 1;
  }
  return 0;
}

/** An error of a run, said as what it is: the tool's input (2), its limit (2), the program (1). */
function failed(e: unknown, options: CliOptions, io: Console): number {
  if (e instanceof InputFileError) {
    io.err(e.message);
    return 2;
  }
  const messages = e instanceof ProgramError ? e.messages : [(e as Error).message];
  // A package the program imports is not installed where it looks (its folder's node_modules).
  const missing = messages
    .map((m) => /^Cannot find module '([^']+)'/.exec(m)?.[1])
    .find((m) => m !== undefined && !m.startsWith("."));
  if (missing !== undefined) {
    io.err(
      `The program imports ${missing}, which is not installed for it: run npm install (or npm ci) in ${options.dir ?? "the program's folder"}, as pulumi up needs too.`,
    );
    return 2;
  }
  // Ids in the messages are the mock's: each is followed by the resource of the program it is.
  const named = nameIdsInAll(messages, registrations()).map((m) => wrapText(`  ${m}`));
  if (messages.some((m) => OFFLINE_LIMIT.test(m))) {
    io.err(
      [
        "The offline runtime cannot run this program (a limit of the offline check, not an error in the program):",
        ...named,
      ].join("\n"),
    );
    return 2;
  }
  io.err(
    [
      `The program failed on stack ${options.stack}${options.preview ? " (as a first preview)" : ""}:`,
      ...named,
    ].join("\n"),
  );
  return 1;
}
