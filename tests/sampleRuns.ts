/** Runs of the repo's sample stacks, once per test process: each runs the whole program. */
import * as path from "path";
import { ProgramRun, runSampleProgram } from "../scripts/runProgram";
import { readStackConfig } from "../scripts/stackConfig";

export const ROOT = path.join(__dirname, "..");
const runs = new Map<string, Promise<ProgramRun>>();

export function runStack(stack: string): Promise<ProgramRun> {
  if (!runs.has(stack)) {
    runs.set(stack, runSampleProgram(readStackConfig(ROOT, stack)));
  }
  return runs.get(stack) as Promise<ProgramRun>;
}
