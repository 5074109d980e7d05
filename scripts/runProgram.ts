/**
 * Runs the sample program (index.ts) with a stack's config on Pulumi's mocked runtime, as
 * `pulumi up` would run it, and returns everything it registered. No cloud, no CLI.
 */
import * as pulumi from "@pulumi/pulumi";
import {
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
} from "../tests/mocks";
import { assumedZones } from "./regions";
import { StackConfig } from "./stackConfig";

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

const PROGRAM = require.resolve("../index");
const PROGRAM_MODULES = [PROGRAM, require.resolve("../sample/settings")];

export async function runSampleProgram(stack: StackConfig): Promise<ProgramRun> {
  const region = stack.config["aws:region"] ?? "us-east-1";
  const zones = assumedZones(region);
  useWorld({ region, zonesByRegion: { [region]: zones } });
  useProgram(stack.project, stack.stack, stack.config);
  try {
    // A fresh copy of the program each run, as each `pulumi up` is a fresh process.
    PROGRAM_MODULES.forEach((m) => delete require.cache[m]);
    let program: Record<string, unknown>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      program = require(PROGRAM) as Record<string, unknown>;
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
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
      outputs[key] = pulumi.Output.isInstance(value) ? await valueOf(value) : value;
    }
    return { stack, region, zones, registrations: registrations(), outputs, warnings: warnings() };
  } finally {
    restoreDefaults();
  }
}
