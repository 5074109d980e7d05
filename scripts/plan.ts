/**
 * `npm start`: the offline plan. Runs the sample stack (index.ts, with Pulumi.<stack>.yaml's
 * config) on Pulumi's mocked runtime and prints what `pulumi up` would create.
 *
 *   npm start                      the dev stack, as text
 *   npm start -- --stack prod      another stack's config
 *   npm start -- --json            machine-readable
 *   npm start -- --mermaid         a diagram of the topology (renders on GitHub)
 *
 * Exits 1 with the program's own error on bad config or arguments, 2 on bad usage.
 */
import * as path from "path";
import { buildPlan, Plan } from "./planModel";
import { renderMermaid, renderText } from "./render";
import { ProgramError, ProgramRun, runSampleProgram } from "./runProgram";
import { readStackConfig } from "./stackConfig";

const USAGE = "usage: npm start -- [--stack NAME] [--json | --mermaid]";

interface Options {
  stack: string;
  format: "text" | "json" | "mermaid";
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = { stack: "dev", format: "text" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--stack" && argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) {
      options.stack = argv[++i];
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

/** Plans a stack of the sample program in `dir`. */
export async function planStack(dir: string, stack: string): Promise<Plan> {
  return planOf(await runSampleProgram(readStackConfig(dir, stack)));
}

/** The plan of a finished run of the sample program. */
export function planOf(run: ProgramRun): Plan {
  return buildPlan({
    project: run.stack.project,
    stack: run.stack.stack,
    region: run.region,
    zones: run.zones,
    assumptions: [
      `zones of ${run.region}: ${run.zones.map((z) => `${z.name} = ${z.id}`).join(", ")} (zone IDs follow the letters here; in your account the mapping may differ)`,
      "every interface endpoint service is offered in every zone but the Lambda endpoint in use1-az3",
      "ids, ARNs and generated names are placeholders; real ones exist only after pulumi up",
    ],
    registrations: run.registrations,
    outputs: run.outputs,
    warnings: run.warnings,
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
    const plan = await planStack(dir, options.stack);
    const render = {
      text: renderText,
      mermaid: renderMermaid,
      json: (p: Plan) => JSON.stringify(p, null, 2),
    };
    io.out(render[options.format](plan));
    return 0;
  } catch (e) {
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
