/**
 * `npm start`: the offline plan. Runs the sample stack (index.ts, with Pulumi.<stack>.yaml's
 * config) on Pulumi's mocked runtime and prints what `pulumi up` would create.
 *
 *   npm start                      the dev stack, as text
 *   npm start -- --stack prod      another stack's config
 *   npm start -- --json            machine-readable
 *   npm start -- --mermaid         a diagram of the topology (renders on GitHub)
 *   npm start -- --policy-config F the policy pack's config (default policy/sample-config.json)
 *
 * Exits 1 with the program's own error on bad config or arguments, when the plan breaks an
 * AWS rule (pre-flight), or when the policy pack reports a mandatory violation; 2 on bad usage.
 */
import * as fs from "fs";
import * as path from "path";
import { resolvePolicyConfig } from "../policy/config";
import { allPolicies } from "../policy/policies";
import { Finding, isMandatory, PolicyConfig, runPolicies } from "../policy/runner";
import { buildPlan, Plan } from "./planModel";
import { renderMermaid, renderText } from "./render";
import { ProgramError, ProgramRun, runSampleProgram } from "./runProgram";
import { InputFileError, readStackConfig } from "./stackConfig";

const USAGE = "usage: npm start -- [--stack NAME] [--policy-config FILE] [--json | --mermaid]";
/** As the README's commands name it, relative to the repository. */
const SAMPLE_POLICY_CONFIG_PATH = "policy/sample-config.json";
const SAMPLE_POLICY_CONFIG_FILE = path.join(__dirname, "..", SAMPLE_POLICY_CONFIG_PATH);

interface Options {
  stack: string;
  policyConfig: string;
  format: "text" | "json" | "mermaid";
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    stack: "dev",
    policyConfig: SAMPLE_POLICY_CONFIG_PATH,
    format: "text",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value =
      argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") ? argv[i + 1] : undefined;
    if (arg === "--stack" && value !== undefined) {
      options.stack = value;
      i++;
    } else if (arg === "--policy-config" && value !== undefined) {
      options.policyConfig = value;
      i++;
    } else if (arg === "--json" || arg === "--mermaid") {
      if (options.format !== "text") {
        throw new Error(`choose one of --json and --mermaid\n${USAGE}`);
      }
      options.format = arg === "--json" ? "json" : "mermaid";
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}

/** A policy config file, as `pulumi preview --policy-pack-config` takes. */
/** Larger than any policy config: a file this size is some other file (a stack export, a log). */
const MAX_POLICY_CONFIG_BYTES = 1024 * 1024;

/**
 * A policy config file, read and checked as the CLI reads it (policy/config.ts), every problem
 * naming the file: missing, too large, not JSON, or not a policy config.
 */
export function readPolicyConfig(file: string): PolicyConfig {
  const named = (message: string) => new InputFileError(`--policy-config ${file}: ${message}`);
  if (!fs.existsSync(file)) {
    throw named("no such file (a relative path is read from the folder the command runs in).");
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

/** The policy config the sample stack is checked with: report runs outside a VPC by design. */
export const SAMPLE_POLICY_CONFIG = readPolicyConfig(SAMPLE_POLICY_CONFIG_FILE);

/** Plans a stack of the sample program in `dir`, with the policy pack's findings. */
export async function planStack(
  dir: string,
  stack: string,
  policyConfigFile: string = SAMPLE_POLICY_CONFIG_PATH,
): Promise<Plan> {
  // The default is the repository's file; one given on the command line is relative to its cwd.
  const policyConfig =
    policyConfigFile === SAMPLE_POLICY_CONFIG_PATH
      ? SAMPLE_POLICY_CONFIG
      : readPolicyConfig(path.resolve(policyConfigFile));
  const run = await runSampleProgram(readStackConfig(dir, stack));
  return planOf(run, await runPolicies(run.registrations, policyConfig), policyConfigFile);
}

/** The plan of a finished run of the sample program. */
export function planOf(
  run: ProgramRun,
  policyFindings: Finding[] = [],
  policyConfigFile: string = SAMPLE_POLICY_CONFIG_PATH,
): Plan {
  return buildPlan({
    project: run.stack.project,
    stack: run.stack.stack,
    region: run.region,
    zones: run.zones,
    assumptions: [
      `zones of ${run.region}: ${run.zones.map((z) => z.name).join(", ")}; their zone IDs (${run.zones.map((z) => z.id).join(", ")}) are placeholders: AWS maps zone names to IDs per account`,
      "every interface endpoint service is offered in every zone but the Lambda endpoint in use1-az3",
      "ids, ARNs and generated names are placeholders; real ones exist only after pulumi up",
    ],
    registrations: run.registrations,
    outputs: run.outputs,
    warnings: run.warnings,
    policyFindings,
    policyConfigFile,
  });
}

export interface Console {
  out(text: string): void;
  err(text: string): void;
}

/** The command, minus the process: returns the exit code. */
export async function runCli(argv: readonly string[], dir: string, io: Console): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    io.err((e as Error).message);
    return 2;
  }
  try {
    const plan = await planStack(dir, options.stack, options.policyConfig);
    const render = {
      text: renderText,
      mermaid: renderMermaid,
      json: (p: Plan) => JSON.stringify(p, null, 2),
    };
    io.out(render[options.format](plan));
    // Warnings depend on the account (a raised quota, what it already holds): they are shown,
    // and only errors fail the plan.
    const errors = plan.preflight.filter((f) => f.severity === "error");
    if (errors.length > 0) {
      io.err(
        `The ${options.stack} stack breaks ${errors.length} AWS rule(s) listed under Pre-flight; pulumi up would fail.`,
      );
      return 1;
    }
    const mandatory = plan.policyFindings.filter(isMandatory);
    if (mandatory.length > 0) {
      io.err(
        `The ${options.stack} stack violates ${mandatory.length} mandatory polic${mandatory.length === 1 ? "y" : "ies"}; pulumi preview --policy-pack policy would fail.`,
      );
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof InputFileError) {
      io.err(e.message);
      return 2;
    }
    const messages = e instanceof ProgramError ? e.messages : [(e as Error).message];
    io.err(
      [
        `The ${options.stack} stack cannot be deployed as configured:`,
        ...messages.map((m) => `  ${m}`),
      ].join("\n"),
    );
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), path.join(__dirname, ".."), {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then((code) => process.exit(code));
}
