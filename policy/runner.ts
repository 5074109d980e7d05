/**
 * Runs the pack's policies over a recorded resource graph, without the Pulumi CLI: what
 * `pulumi preview --policy-pack policy` would report, for `npm start` and the tests. Config
 * defaults from each policy's schema are applied here, as the CLI would.
 */
import {
  EnforcementLevel,
  PolicyPackArgs,
  PolicyResource,
  ResourceValidationArgs,
} from "@pulumi/policy";
import { allPolicies } from "./policies";

/** A resource as the mock harness records it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly inputs: Record<string, unknown>;
  readonly parentUrn?: string;
  readonly propertyDependencies: Record<string, string[]>;
}

export interface Finding {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  /** The resource the violation is about, when there is one. */
  readonly resource?: string;
  readonly message: string;
}

/** Per-policy config, as in a policy config file: `{ "lambda-in-vpc": { "exemptFunctionNames": [...] } }`. */
export type PolicyConfig = Record<
  string,
  { enforcementLevel?: EnforcementLevel } & Record<string, unknown>
>;

type Policy = PolicyPackArgs["policies"][number];

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
  return cls.__pulumiType !== undefined
    ? cls.__pulumiType === type
    : cls.isInstance?.({ __pulumiType: type }) === true;
}

/** The policy's config: schema defaults, overridden by what the user set. */
function configOf(policy: Policy, config: PolicyConfig): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
      .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
  const own = { ...(config[policy.name] ?? {}) };
  delete own.enforcementLevel;
  return { ...defaults, ...own };
}

/** Links recorded resources into the graph the policy SDK hands to stack validations. */
function toPolicyResources(recorded: readonly RecordedResource[]): PolicyResource[] {
  const withUrn = recorded.filter((r) => r.urn !== undefined);
  const resources = withUrn.map((r): PolicyResource => ({
    type: r.type,
    name: r.name,
    urn: r.urn as string,
    props: r.inputs,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    dependencies: [],
    propertyDependencies: {},
    isType: (cls) => isTypeOf(r.type, cls),
    asType: ((cls: unknown) =>
      isTypeOf(r.type, cls) ? r.inputs : undefined) as PolicyResource["asType"],
  }));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  withUrn.forEach((r, i) => {
    const resource = resources[i];
    resource.parent = r.parentUrn ? byUrn.get(r.parentUrn) : undefined;
    for (const [property, urns] of Object.entries(r.propertyDependencies)) {
      resource.propertyDependencies[property] = urns
        .map((u) => byUrn.get(u))
        .filter((d): d is PolicyResource => d !== undefined);
    }
    resource.dependencies = [...new Set(Object.values(resource.propertyDependencies).flat())];
  });
  return resources;
}

export async function runPolicies(
  recorded: readonly RecordedResource[],
  config: PolicyConfig = {},
  policies: readonly Policy[] = allPolicies,
): Promise<Finding[]> {
  const resources = toPolicyResources(recorded);
  const nameOf = new Map(resources.map((r) => [r.urn, r.name]));
  const stackTags = new Map<string, string>();
  const findings: Finding[] = [];
  for (const policy of policies) {
    const enforcementLevel =
      config[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
    if (enforcementLevel === "disabled") {
      continue;
    }
    const getConfig = (() => configOf(policy, config)) as ResourceValidationArgs["getConfig"];
    const record = (resource: string | undefined) => (message: string) =>
      findings.push({ policy: policy.name, enforcementLevel, resource, message });
    try {
      if ("validateResource" in policy && policy.validateResource !== undefined) {
        const validations = [policy.validateResource].flat();
        for (const resource of resources) {
          const args = {
            ...resource,
            stackTags,
            getConfig,
            notApplicable,
            asType: ((cls: unknown) =>
              isTypeOf(resource.type, cls)
                ? resource.props
                : undefined) as ResourceValidationArgs["asType"],
          };
          for (const validate of validations) {
            try {
              await validate?.(args, record(resource.name));
            } catch (e) {
              if (!(e instanceof NotApplicable)) throw e;
            }
          }
        }
      }
      if ("validateStack" in policy && policy.validateStack !== undefined) {
        await policy.validateStack(
          { resources, stackTags, getConfig, notApplicable },
          (message, urn) => record(urn ? nameOf.get(urn) : undefined)(message),
        );
      }
    } catch (e) {
      if (!(e instanceof NotApplicable)) throw e;
    }
  }
  // Registration order varies between runs; policies keep theirs, resources go by name.
  const order = new Map(policies.map((p, i) => [p.name, i]));
  return findings.sort(
    (a, b) =>
      (order.get(a.policy) ?? 0) - (order.get(b.policy) ?? 0) ||
      (a.resource ?? "").localeCompare(b.resource ?? ""),
  );
}

/** True when a finding would fail `pulumi preview --policy-pack`. */
export const isMandatory = (f: Finding) => f.enforcementLevel === "mandatory";
