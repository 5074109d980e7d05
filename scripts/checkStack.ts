/**
 * `npm run check-stack -- DIR`: runs any Pulumi TypeScript program on Pulumi's mocked runtime and
 * reports what the policy pack and pre-flight find in it, as `pulumi preview --policy-pack policy`
 * and `pulumi up` would, without a cloud or the CLI.
 *
 *   npm run check-stack -- DIR                     the program in DIR, stack dev
 *   npm run check-stack -- DIR --stack prod        Pulumi.prod.yaml's config
 *   npm run check-stack -- DIR --preview           as a first preview: nothing exists yet
 *   npm run check-stack -- DIR --policy-config F   the policy pack's config
 *   npm run check-stack -- DIR --json              machine-readable
 *
 * Exits 1 when the program fails, pre-flight finds an error, or a mandatory policy is violated;
 * 2 on bad usage or a bad input file (the policy config, the stack's YAML), naming it.
 */
import * as path from "path";
import { PreflightFinding, preflight } from "../policy/rules/preflight";
import { Finding, isMandatory, PolicyConfig, runPolicies } from "../policy/runner";
import { Console, readPolicyConfig } from "./plan";
import { ProgramError, runProgram } from "./runProgram";
import { InputFileError, readStackConfig } from "./stackConfig";

const USAGE =
  "usage: npm run check-stack -- DIR [--stack NAME] [--preview] [--policy-config FILE] [--json]";

interface Options {
  dir: string;
  stack: string;
  preview: boolean;
  policyConfig?: string;
  json: boolean;
}

export function parseArgs(argv: readonly string[]): Options {
  let dir: string | undefined;
  const options: Omit<Options, "dir"> = { stack: "dev", preview: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === "--stack" || arg === "--policy-config") && value && !value.startsWith("--")) {
      if (arg === "--stack") options.stack = value;
      else options.policyConfig = value;
      i++;
    } else if (arg === "--preview" || arg === "--json") {
      options[arg === "--preview" ? "preview" : "json"] = true;
    } else if (!arg.startsWith("--") && dir === undefined) {
      dir = arg;
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (dir === undefined) {
    throw new Error(`name the program's folder (the one with Pulumi.yaml)\n${USAGE}`);
  }
  return { dir, ...options };
}

/** What checking a program found. */
export interface StackCheck {
  readonly policyFindings: Finding[];
  readonly preflight: PreflightFinding[];
}

/** Runs the program in `dir` and checks what it registers. */
export async function checkStack(
  dir: string,
  stack: string,
  options: { preview?: boolean; policyConfig?: PolicyConfig; stuckAfterMs?: number } = {},
): Promise<StackCheck> {
  const run = await runProgram(dir, readStackConfig(dir, stack), {
    preview: options.preview,
    stuckAfterMs: options.stuckAfterMs,
  });
  return {
    policyFindings: await runPolicies(run.registrations, options.policyConfig, {
      preview: options.preview,
    }),
    // Pre-flight judges what AWS would be asked to create, so it needs the values of an update.
    preflight: options.preview ? [] : preflight(run.registrations),
  };
}

function render(check: StackCheck): string {
  const lines = [
    "Policy pack:",
    ...(check.policyFindings.length === 0 ? ["  nothing found"] : []),
    ...check.policyFindings.map(
      (f) =>
        `  ${f.enforcementLevel} ${f.policy}${f.resource ? ` (${f.resource})` : ""}: ${f.message}`,
    ),
    "Pre-flight:",
    ...(check.preflight.length === 0 ? ["  nothing found"] : []),
    ...check.preflight.map((f) => `  ${f.severity} ${f.rule} (${f.resource}): ${f.message}`),
  ];
  return lines.join("\n");
}

/** Where the user ran the command: npm runs scripts in the package's folder, and says so. */
const userDir = () => process.env.INIT_CWD ?? process.cwd();

export async function runCli(argv: readonly string[], io: Console): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    io.err((e as Error).message);
    return 2;
  }
  let policyConfig: PolicyConfig = {};
  try {
    policyConfig = options.policyConfig
      ? readPolicyConfig(path.resolve(userDir(), options.policyConfig))
      : {};
  } catch (e) {
    // The tool's own input, not the program: said as such, exit 2 as for bad usage.
    io.err((e as Error).message);
    return 2;
  }
  try {
    const check = await checkStack(path.resolve(userDir(), options.dir), options.stack, {
      preview: options.preview,
      policyConfig,
    });
    io.out(options.json ? JSON.stringify(check, null, 2) : render(check));
    const errors = check.preflight.filter((f) => f.severity === "error").length;
    const mandatory = check.policyFindings.filter(isMandatory).length;
    if (errors + mandatory > 0) {
      io.err(
        `${mandatory} mandatory policy violation(s), ${errors} pre-flight error(s): pulumi ${options.preview ? "preview --policy-pack policy" : "up"} would fail.`,
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
    io.err(["The program failed:", ...messages.map((m) => `  ${m}`)].join("\n"));
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then((code) => process.exit(code));
}
