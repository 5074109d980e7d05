/**
 * A policy config (the file `pulumi preview --policy-pack-config` takes), read as Pulumi's CLI
 * reads it, for the offline runner: each key a policy's name (or "all"), each value an
 * enforcement level or an object of settings with an optional `enforcementLevel`; the pack's
 * defaults filled in; each policy's settings validated against its `configSchema` as JSON Schema
 * (pulumi/pulumi pkg/resource/plugin/analyzer_config.go: parsePolicyPackConfig,
 * ReconcilePolicyPackConfig, validatePolicyConfig with gojsonschema, `{"type": "object",
 * "properties": ..., "required": ...}`). Where the CLI lets a typo pass silently (a policy name or
 * a setting the pack does not have), this refuses it, naming it: a setting lost to a typo would
 * leave a mandatory policy as it was.
 */
import Ajv from "ajv";
import { EnforcementLevel, PolicyPackArgs } from "@pulumi/policy";

type Policy = PolicyPackArgs["policies"][number];

/** A policy's settings as given: its enforcement level and its config properties. */
export type PolicyConfig = Record<
  string,
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

/** What each policy runs with: the level, and its settings with the schema's defaults. */
export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

/** The levels the CLI takes (apitype.EnforcementLevel.IsValid). */
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

const ajv = new Ajv({ allErrors: true, strict: false });

const describe = (value: unknown) =>
  typeof value === "string" ? `the string ${JSON.stringify(value)}` : JSON.stringify(value);

/** The level a config value names; refused unless it is one the CLI takes. */
function levelOf(where: string, value: unknown): EnforcementLevel {
  if (typeof value !== "string" || !(LEVELS as readonly string[]).includes(value)) {
    throw new Error(
      `${where} must be an enforcement level, one of ${LEVELS.join(", ")} (got ${describe(value)}); levels are lower case.`,
    );
  }
  return value as EnforcementLevel;
}

/** The policy name nearest a typo, for the message. */
function nearest(name: string, names: readonly string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diagonal = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const above = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length];
  };
  const [best] = [...names].sort((x, y) => distance(name, x) - distance(name, y));
  return best !== undefined && distance(name, best) <= Math.max(2, name.length / 4)
    ? best
    : undefined;
}

function unknownName(what: string, name: string, known: readonly string[]): Error {
  const close = nearest(name, known);
  return new Error(
    `policy config: ${what} ${JSON.stringify(name)} is not one of the pack's${close ? ` (did you mean ${close}?)` : ""}: it takes ${known.join(", ")}.`,
  );
}

/**
 * Reads a policy config as the CLI would for these policies, with the checks above. Throws an
 * Error naming the policy and the setting at the first problem.
 */
export function resolvePolicyConfig(
  given: unknown,
  policies: readonly Policy[],
): Map<string, ResolvedPolicyConfig> {
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new Error(
      `policy config must be a JSON object of policy names, like {"lambda-in-vpc": {"exemptFunctionNames": ["report"]}} (got ${Array.isArray(given) ? "a list" : describe(given)}).`,
    );
  }
  const entries = Object.entries(given as Record<string, unknown>);
  const names = policies.map((p) => p.name);
  const all = entries.find(([name]) => name === "all")?.[1];
  const allLevel =
    all === undefined
      ? undefined
      : levelOf(
          `policy config: all`,
          typeof all === "object" && all !== null
            ? (all as Record<string, unknown>).enforcementLevel
            : all,
        );
  for (const [name] of entries) {
    if (name !== "all" && !names.includes(name)) {
      throw unknownName("policy", name, names);
    }
  }
  return new Map(
    policies.map((policy) => {
      const value = (given as Record<string, unknown>)[policy.name];
      const where = `policy config: ${policy.name}`;
      if (
        value !== undefined &&
        typeof value !== "string" &&
        (typeof value !== "object" || value === null || Array.isArray(value))
      ) {
        throw new Error(
          `${where} must be an enforcement level or an object of settings (got ${describe(value)}).`,
        );
      }
      const own = typeof value === "object" ? { ...(value as Record<string, unknown>) } : {};
      const level =
        typeof value === "string"
          ? levelOf(where, value)
          : own.enforcementLevel !== undefined
            ? levelOf(`${where}.enforcementLevel`, own.enforcementLevel)
            : (allLevel ?? policy.enforcementLevel ?? "advisory");
      delete own.enforcementLevel;
      return [policy.name, { enforcementLevel: level, properties: settingsOf(policy, own) }];
    }),
  );
}

/** A policy's settings: the schema's defaults, then the given ones, validated by the schema. */
function settingsOf(policy: Policy, given: Record<string, unknown>): Record<string, unknown> {
  const schema = policy.configSchema;
  const keys = Object.keys(schema?.properties ?? {});
  for (const key of Object.keys(given)) {
    if (!keys.includes(key)) {
      throw keys.length === 0
        ? new Error(
            `policy config: ${policy.name} takes no settings but enforcementLevel (got ${key}).`,
          )
        : unknownName(`${policy.name} setting`, key, keys);
    }
  }
  const defaults = Object.fromEntries(
    Object.entries(schema?.properties ?? {})
      .filter(([, s]) => (s as { default?: unknown }).default !== undefined)
      .map(([key, s]) => [key, (s as { default?: unknown }).default]),
  );
  const settings = { ...defaults, ...given };
  if (schema !== undefined) {
    const validate = ajv.compile({
      type: "object",
      properties: schema.properties,
      ...(schema.required ? { required: schema.required } : {}),
    });
    if (!validate(settings)) {
      const [first] = validate.errors ?? [];
      const path = (first?.instancePath ?? "").split("/").filter(Boolean);
      const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], settings);
      const at = path.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join("");
      throw new Error(
        `policy config: ${policy.name}${at} ${first?.message ?? "is not valid"} (got ${describe(value)}).`,
      );
    }
  }
  return settings;
}
