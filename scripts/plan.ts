/**
 * `npm start`: the offline plan. Runs the sample stack (index.ts, with Pulumi.<stack>.yaml's
 * config) — or the Pulumi TypeScript program in DIR — on Pulumi's mocked runtime and prints what
 * `pulumi up` would create, what it assumes, pre-flight and the policy pack's findings.
 *
 *   npm start                      the sample's dev stack, as text
 *   npm start -- DIR               the program in DIR (absolute, or relative to where you are)
 *   npm start -- --stack prod      another stack's config
 *   npm start -- --preview         as a first pulumi preview (pre-flight skipped)
 *   npm start -- --world F         the account's existing VPCs, subnets, ... (repeatable)
 *   npm start -- --json            machine-readable
 *   npm start -- --mermaid         a diagram of the topology (renders on GitHub)
 *   npm start -- --policy-config F the policy pack's config (the sample's: policy/sample-config.json)
 *
 * The same code path as `npm run check-stack -- DIR --plan` (scripts/cli.ts). Exits 1 when the
 * program fails, when the plan breaks an AWS rule (pre-flight), or on a mandatory policy
 * violation; 2 on bad usage or a bad input file, naming it; `--help` prints the usage.
 */
import * as path from "path";
import { runCommand } from "./cli";
import type { Console } from "./cli";

export type { Console } from "./cli";
export { planOf, readPolicyConfig, SAMPLE_POLICY_CONFIG, SAMPLE_POLICY_CONFIG_PATH } from "./cli";

/**
 * The command, minus the process: returns the exit code. `sampleDir` holds the sample's stack
 * files (the repository; tests point it at a folder of their own).
 */
export function runCli(argv: readonly string[], sampleDir: string, io: Console): Promise<number> {
  return runCommand("start", argv, io, sampleDir);
}

if (require.main === module) {
  void runCli(process.argv.slice(2), path.join(__dirname, ".."), {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then((code) => process.exit(code));
}
