/**
 * `npm run check-stack -- DIR`: runs any Pulumi TypeScript program on Pulumi's mocked runtime and
 * reports what the policy pack and pre-flight find in it, as `pulumi preview --policy-pack policy`
 * and `pulumi up` would, without a cloud or the CLI.
 *
 *   npm run check-stack -- DIR                     the program in DIR, stack dev
 *   npm run check-stack -- DIR --stack prod        Pulumi.prod.yaml's config
 *   npm run check-stack -- DIR --preview           as a first preview: nothing exists yet
 *   npm run check-stack -- DIR --plan              the whole plan, as npm start -- DIR prints it
 *   npm run check-stack -- DIR --policy-config F   the policy pack's config
 *   npm run check-stack -- DIR --world F           the account's existing VPCs, ... (repeatable)
 *   npm run check-stack -- DIR --json              machine-readable
 *
 * One code path with `npm start` (scripts/cli.ts). Exits 1 when the program fails, pre-flight
 * finds an error, or a mandatory policy is violated; 2 on bad usage or a bad input file (the
 * policy config, a world file, the stack's YAML), naming it; `--help` prints the usage.
 */
import { checkOf, Console, planProgram, runCommand, StackCheck } from "./cli";
import { PolicyConfig } from "../policy/runner";
import { MockWorld } from "../offline/runtime";

export type { StackCheck } from "./cli";

/** Runs the program in `dir` and checks what it registers. */
export async function checkStack(
  dir: string,
  stack: string,
  options: {
    preview?: boolean;
    policyConfig?: PolicyConfig;
    world?: Partial<MockWorld>;
    stuckAfterMs?: number;
  } = {},
): Promise<StackCheck> {
  return checkOf(await planProgram(dir, dir, stack, options));
}

/** The command, minus the process: returns the exit code. */
export function runCli(argv: readonly string[], io: Console): Promise<number> {
  return runCommand("check-stack", argv, io);
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then((code) => process.exit(code));
}
