/**
 * Runs a Pulumi program as the Node language host (pulumi-language-nodejs) starts it for
 * `pulumi preview` and `pulumi up`: `node @pulumi/pulumi/cmd/run` with the monitor and engine
 * addresses, organization, project, root directory, stack, program directory, `--dry-run` for a
 * preview, `--parallel`, and the entry point from Pulumi.yaml; the stack config in PULUMI_CONFIG
 * (keys as `<namespace>:config:<name>`, as the host still sends them), the secret keys in
 * PULUMI_CONFIG_SECRET_KEYS, and PULUMI_NODEJS_TYPESCRIPT=true for `runtime.options.typescript`.
 * TypeScript is then compiled by ts-node, with type checking unless the tsconfig says `noCheck`
 * (or PULUMI_NODEJS_TRANSPILE_ONLY=true, which the tests set where they do not test it).
 * (Source: sdk/nodejs/cmd/pulumi-language-nodejs/main.go, `constructArguments`, `execRuntime`.)
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { readStackConfig } from "../../scripts/stackConfig";
import { Registration, registrations, useWorld, MockWorld } from "../mocks";
import { EngineLog, StandInEngine } from "./standInEngine";

export interface HostRunOptions {
  /** The project directory (Pulumi.yaml, Pulumi.<stack>.yaml). */
  readonly dir: string;
  readonly stack: string;
  readonly preview: boolean;
  /** ts-node type-checks the program, as the host does unless told otherwise. */
  readonly typeCheck: boolean;
  /** Stack config overriding Pulumi.<stack>.yaml's, with namespaced keys. */
  readonly config?: Readonly<Record<string, string>>;
  readonly world?: Partial<MockWorld>;
  /** Invokes to fail, by token, with the message AWS would give. */
  readonly failInvokes?: Readonly<Record<string, string>>;
  /** Kill the program after this long (ms). */
  readonly timeoutMs?: number;
  /** Options for node itself, as `runtime.options.nodeargs` gives them (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

export interface HostRun {
  readonly exitCode: number | null;
  /** The signal that ended the program, when it was killed. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly logs: EngineLog[];
  readonly errors: string[];
  readonly registrations: Registration[];
  readonly stackOutputs: Record<string, unknown> | undefined;
  /** From the start of the process to its exit, and to the last registration or invoke (ms). */
  readonly durationMs: number;
  readonly lastRequestMs: number;
}

const RUN = require.resolve("@pulumi/pulumi/cmd/run");

/** The PULUMI_CONFIG the language host passes: `<namespace>:config:<name>` keys. */
export function hostConfig(config: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(config).map(([key, value]) => {
        const [namespace, ...name] = key.split(":");
        return [`${namespace}:config:${name.join(":")}`, value];
      }),
    ),
  );
}

export async function runThroughHost(options: HostRunOptions): Promise<HostRun> {
  const stack = readStackConfig(options.dir, options.stack);
  const config = { ...stack.config, ...options.config };
  const project = parse(fs.readFileSync(path.join(options.dir, "Pulumi.yaml"), "utf8")) as {
    main?: string;
    runtime?: { options?: { typescript?: boolean } };
  };
  useWorld({ region: config["aws:region"] ?? "us-east-1", ...options.world });
  const engine = new StandInEngine({
    project: stack.project,
    stack: options.stack,
    preview: options.preview,
    failInvokes: options.failInvokes,
  });
  const address = await engine.start();
  const args = [
    ...(options.nodeArgs ?? []),
    RUN,
    "--monitor",
    address,
    "--engine",
    address,
    "--organization",
    "organization",
    "--project",
    stack.project,
    "--root-directory",
    options.dir,
    "--stack",
    options.stack,
    "--pwd",
    options.dir,
    ...(options.preview ? ["--dry-run"] : []),
    "--parallel",
    "16",
    project.main ?? ".",
  ];
  const env: NodeJS.ProcessEnv = {
    ...withoutHarness(process.env),
    PULUMI_CONFIG: hostConfig(config),
    PULUMI_CONFIG_SECRET_KEYS: "[]",
    ...(project.runtime?.options?.typescript === false ? {} : { PULUMI_NODEJS_TYPESCRIPT: "true" }),
    ...(options.typeCheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
  };
  const started = Date.now();
  try {
    const child = spawn(process.execPath, args, { cwd: options.dir, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve) => child.on("exit", (code, sig) => resolve([code, sig])),
    );
    clearTimeout(timer);
    const durationMs = Date.now() - started;
    return {
      exitCode,
      signal,
      stdout,
      stderr,
      logs: engine.logs,
      errors: engine.logs.filter((l) => l.severity === "error").map((l) => l.message),
      registrations: registrations(),
      stackOutputs: engine.stackOutputs,
      durationMs,
      lastRequestMs: engine.lastRequestAt === 0 ? 0 : engine.lastRequestAt - started,
    };
  } finally {
    engine.stop();
  }
}

/** The test runner's own settings (ts-node, mocha) are not the host's. */
function withoutHarness(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([key]) => !key.startsWith("TS_NODE_") && !key.startsWith("MOCHA_") && key !== "NODE_OPTIONS",
    ),
  );
}
