import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

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
