/**
 * Runs a stack of the sample through Pulumi's language host (hostRun.ts) beside its run on the
 * mocked runtime, for the tests to compare.
 */
import * as assert from "assert";
import { assumedZones } from "../../scripts/regions";
import { Registration } from "../mocks";
import { ROOT, runStack } from "../sampleRuns";
import { HostRun, runThroughHost } from "./hostRun";

/** Each registration as the engine sees it: type, name, parent type and dependencies. */
export function shape(regs: readonly Registration[]): string[] {
  return regs
    .filter((r) => !r.type.startsWith("pulumi:providers:"))
    .map(
      (r) =>
        `${r.type} ${r.name} parent=${r.parentType ?? "-"} deps=${[...r.dependencies].sort().join(",")}`,
    )
    .sort();
}

export async function throughHost(
  stack: string,
  preview: boolean,
  typeCheck = false,
): Promise<{ run: HostRun; mocked: { shape: string[]; outputs: Record<string, unknown> } }> {
  // The mocked runtime's run of the same stack, with the zones the offline plan assumes.
  const mockedRun = await runStack(stack);
  const mocked = { shape: shape(mockedRun.registrations), outputs: mockedRun.outputs };
  const run = await runThroughHost({
    dir: ROOT,
    stack,
    preview,
    typeCheck,
    world: { zonesByRegion: { [mockedRun.region]: assumedZones(mockedRun.region) } },
  });
  assert.deepStrictEqual(
    { exitCode: run.exitCode, errors: run.errors, stderr: run.stderr },
    { exitCode: 0, errors: [], stderr: "" },
  );
  return { run, mocked };
}
