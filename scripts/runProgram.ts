/**
 * Runs a Pulumi TypeScript program (the sample stack, or any other) with a stack's config on
 * Pulumi's mocked runtime, as `pulumi up` (or a first `pulumi preview`) would run it, and returns
 * everything it registered. No cloud, no CLI.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import {
  installOfflineRuntime,
  lastActivityAt,
  MockWorld,
  MockZone,
  Registration,
  registrations,
  restoreDefaults,
  settle,
  takeErrors,
  useProgram,
  useWorld,
  valueOf,
  warnings,
} from "../offline/runtime";
import { StackConfig } from "./stackConfig";
import { worldForStack } from "./world";

export interface ProgramRun {
  readonly stack: StackConfig;
  readonly region: string;
  readonly zones: readonly MockZone[];
  readonly registrations: Registration[];
  readonly outputs: Record<string, unknown>;
  readonly warnings: string[];
}

/** The program failed: bad config or bad arguments, with the messages the CLI would print. */
export class ProgramError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join("\n"));
    this.name = "ProgramError";
  }
}

export interface RunOptions {
  /** A first `pulumi preview`: values that depend on resources not yet created are unknown. */
  readonly preview?: boolean;
  /** What `pulumi.getOrganization()` returns. */
  readonly organization?: string;
  /** How long the program may wait with the engine quiet before it counts as stuck (ms). */
  readonly stuckAfterMs?: number;
  /**
   * The user's account as the AWS CLI describes it (`--world FILE`, read by readWorldFiles in
   * scripts/world.ts): its VPCs, subnets, ... added to the default world, its zones instead of the
   * assumed ones. Of another region than the stack's aws:region: refused, naming both.
   */
  readonly world?: Partial<MockWorld>;
}

const ROOT = path.join(__dirname, "..");

/** What a stack output shows: its value, or that it is known only after creation (a preview). */
async function settledValue(output: pulumi.Output<unknown>): Promise<unknown> {
  // Output.isKnown is the SDK's own flag, not in its public types.
  const known = await (output as unknown as { isKnown: Promise<boolean> }).isKnown;
  return known ? valueOf(output) : "(known after creation)";
}

/**
 * The program's entry, as the Node language host finds it: Pulumi.yaml's `main` (a file or a
 * folder), else the project folder; a folder's package.json `main`, else its index.
 */
export function programEntry(dir: string): string {
  const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
    main?: string;
  };
  return require.resolve(path.resolve(dir, project.main ?? "."));
}

/** How long a program may wait with nothing registered or looked up before it counts as stuck. */
const STUCK_AFTER_MS = 3000;

/**
 * The program's result once it has finished. Offline, everything a program can wait for comes
 * from the mocked engine, so a program still waiting after the engine has been quiet for a while
 * never finishes (a promise that is never resolved, an output it awaits that never gets a value):
 * that is an error, rather than judging the part it registered.
 */
async function finished(result: unknown, stuckAfterMs: number): Promise<unknown> {
  let done = false;
  const outcome = Promise.resolve(result).finally(() => {
    done = true;
  });
  for (;;) {
    const before = lastActivityAt();
    await Promise.race([outcome.catch(() => undefined), delay(stuckAfterMs)]);
    if (done) {
      return outcome;
    }
    if (lastActivityAt() === before) {
      throw new Error(
        `the program did not finish: its main function was still waiting ${stuckAfterMs / 1000} s after its last registration or look-up, for a value that never came; nothing it registered is judged.`,
      );
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The program's exports as stack outputs, each Output settled. An export that is (or settles to)
 * undefined is no stack output: Pulumi's serialization skips undefined properties.
 */
async function stackOutputsOf(program: Record<string, unknown>): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program)) {
    const settled = pulumi.Output.isInstance(value) ? await settledValue(value) : value;
    if (settled !== undefined) {
      outputs[key] = settled;
    }
  }
  return outputs;
}

/** Runs the program in `dir` with `stack`'s config. The sample stack is the repository root. */
export async function runProgram(
  dir: string,
  stack: StackConfig,
  options: RunOptions = {},
): Promise<ProgramRun> {
  // The mocked runtime, installed once per process (nothing offline patches on import).
  installOfflineRuntime();
  const { region, zones, world } = worldForStack(stack, options.world);
  useWorld(world);
  useProgram(stack.project, stack.stack, stack.config, options);
  try {
    const entry = programEntry(dir);
    // A fresh copy of the program each run, as each `pulumi up` is a fresh process: every module
    // of its folder but dependencies (and, for the sample, the library, which is one).
    const own =
      path.resolve(dir) === ROOT
        ? [path.join(ROOT, "index.ts"), path.join(ROOT, "sample")]
        : [path.resolve(dir)];
    for (const m of Object.keys(require.cache)) {
      if (own.some((o) => m === o || m.startsWith(o + path.sep)) && !m.includes("node_modules")) {
        delete require.cache[m];
      }
    }
    let program: Record<string, unknown>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported: unknown = require(entry);
      // As the language host does: a module that exports a function is a program in that function
      // (often async, for top-level awaits); its result is the stack outputs
      // (@pulumi/pulumi cmd/run/run.js: "If the exported value was itself a Function, then just
      // execute it").
      program = (await finished(
        exported instanceof Function ? (exported as () => unknown)() : exported,
        options.stuckAfterMs ?? STUCK_AFTER_MS,
      )) as Record<string, unknown>;
    } catch (e) {
      await settle();
      takeErrors();
      throw new ProgramError([(e as Error).message]);
    }
    await settle();
    const errors = takeErrors();
    if (errors.length > 0) {
      // The components' errors keep their message; any other error that failed an input comes
      // wrapped in "error serializing property ...: " once per input it passed through, and the
      // root cause is what the user needs, once.
      const causes = errors.map((e) =>
        e.message.replace(/^(error serializing property "[^"]*": )+/, ""),
      );
      throw new ProgramError([...new Set(causes)]);
    }
    const outputs = await stackOutputsOf(program);
    return { stack, region, zones, registrations: registrations(), outputs, warnings: warnings() };
  } finally {
    restoreDefaults();
  }
}

/** Runs the sample program (index.ts at the repository root). */
export const runSampleProgram = (stack: StackConfig): Promise<ProgramRun> =>
  runProgram(ROOT, stack);
