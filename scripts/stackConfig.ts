import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DEFAULT_REGION } from "./regions";

/** A stack's config as Pulumi passes it to a program: namespaced keys, string values. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  readonly file: string;
  readonly config: Record<string, string>;
}

/** An input file of the tools' own that is missing or wrong: told apart from a program's error. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputFileError";
  }
}

function readYaml(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    throw new InputFileError(`${file} does not exist.`);
  }
  let parsed: unknown;
  try {
    parsed = parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputFileError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InputFileError(`${file} is not a YAML mapping.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml from `dir`. Keys without a namespace belong to the
 * project; objects and lists become JSON, as `pulumi config set --path` stores them.
 */
export function readStackConfig(dir: string, stack: string): StackConfig {
  const project = readYaml(path.join(dir, "Pulumi.yaml")).name;
  if (typeof project !== "string") {
    throw new InputFileError(`${path.join(dir, "Pulumi.yaml")} has no project name.`);
  }
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    // Name the stacks the folder has, so a user whose stack is not "dev" knows what to pass.
    const stacks = fs
      .readdirSync(dir)
      .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
      .filter((name): name is string => name !== undefined);
    throw new InputFileError(
      `${file} does not exist${stacks.length > 0 ? `; the folder has stack files for ${stacks.join(", ")}: pass --stack ${stacks[0]}` : ""}.`,
    );
  }
  const raw = (readYaml(file).config ?? {}) as Record<string, unknown>;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new InputFileError(
        `${file}: ${key} is a secret, which the offline plan cannot decrypt.`,
      );
    }
    const namespaced = key.includes(":") ? key : `${project}:${key}`;
    config[namespaced] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { project, stack, file, config };
}

/** The stack's region and where it comes from, as the plan states it. */
export interface StackRegion {
  readonly region: string;
  /** True when the stack's config sets no `aws:region` and the offline run assumed one. */
  readonly assumed: boolean;
  /** One line for the plan: `region: us-east-1 (…where from…)`. */
  readonly statement: string;
}

/**
 * Where the offline run's region comes from: the stack file's `aws:region`, else the region of the
 * --world files (`worldRegion`), else DEFAULT_REGION — an assumption, and said as one: `pulumi up`
 * would read AWS_REGION, AWS_DEFAULT_REGION or the AWS profile (as @pulumi/aws's config does).
 */
export function stackRegion(stack: StackConfig, worldRegion?: string): StackRegion {
  const file = path.basename(stack.file);
  const configured = stack.config["aws:region"];
  if (configured !== undefined) {
    return {
      region: configured,
      assumed: false,
      statement: `region: ${configured} (${file} sets aws:region)`,
    };
  }
  const elsewhere =
    "pulumi up would use AWS_REGION, AWS_DEFAULT_REGION or the AWS profile's region";
  if (worldRegion !== undefined) {
    return {
      region: worldRegion,
      assumed: true,
      statement: `region: ${worldRegion} (the --world files'; ${file} sets no aws:region, and ${elsewhere})`,
    };
  }
  return {
    region: DEFAULT_REGION,
    assumed: true,
    statement: `region: ${DEFAULT_REGION} (assumed: ${file} sets no aws:region; ${elsewhere})`,
  };
}
