/**
 * Runs the pack's policies over a recorded resource graph, without the Pulumi CLI: what
 * `pulumi preview --policy-pack policy` would report, for `npm start` and the tests. Config
 * defaults from each policy's schema are applied here, as the CLI would.
 *
 * What CrossGuard does, and this reproduces (read from @pulumi/policy's server.js):
 * - resource policies see each resource's inputs; stack policies see every resource's outputs
 *   (its state: inputs and what the provider computed, including `id`);
 * - values not known yet (a preview, before the resources exist) are the SDK's unknown
 *   sentinels behind its checking proxy: reading one throws, and a policy that lets that escape
 *   is skipped with an advisory "can't run policy ... during preview" instead of reporting;
 * - a thrown NotApplicable skips the policy for that resource.
 * What it cannot reproduce: the outputs AWS computes are the mock's, fewer than AWS's (a subnet's
 * zone when none was written, a default security group given to an endpoint).
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyPackArgs, PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";
import { PolicyConfig, resolvePolicyConfig } from "./config";
import { allPolicies } from "./policies";
import { Check, Finding, notApplicable, Report, RuleSettings, runRules } from "./rules/engine";

export { PolicyConfig };

/** The SDK's sentinel for a value not known yet, and its error on reading one (SDK internals). */
const sdk = proxy as unknown as {
  unknownCheckingProxy<T extends object>(value: T): T;
  unknownStringValue: string;
  UnknownValueError: new () => Error;
};

/** A resource as the mock harness records it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly inputs: Record<string, unknown>;
  /** The state after creation: inputs and computed outputs. Absent: the inputs are all there is. */
  readonly outputs?: Record<string, unknown>;
  readonly id?: string;
  readonly parentUrn?: string;
  readonly propertyDependencies: Record<string, string[]>;
}

/** What a policy reports: the one finding type of every rule (./rules/engine.ts). */
export { Finding };

type Policy = PolicyPackArgs["policies"][number];

export interface RunOptions {
  /** The policies to run; all of the pack's by default. */
  readonly policies?: readonly Policy[];
  /**
   * A first `pulumi preview`: nothing exists yet, so stack policies see the inputs with every
   * value that depends on another resource (the Pulumi runtime's unknowns) not known, and no ids.
   */
  readonly preview?: boolean;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
  return cls.__pulumiType !== undefined
    ? cls.__pulumiType === type
    : cls.isInstance?.({ __pulumiType: type }) === true;
}

/** A value as the policy SDK deserializes it: the runtime's unknowns become the SDK's sentinel. */
function asAnalyzed(value: unknown): unknown {
  if (pulumi.isUnknown(value)) {
    return sdk.unknownStringValue;
  }
  if (Array.isArray(value)) {
    return value.map(asAnalyzed);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asAnalyzed(v)]));
  }
  return value;
}

/** What a policy reads of a resource, behind the SDK's unknown-checking proxy. */
function propsOf(r: RecordedResource, stage: "inputs" | "outputs", preview: boolean) {
  const props =
    stage === "inputs" || preview
      ? { ...r.inputs, ...(preview ? { id: pulumi.unknown } : {}) }
      : { ...(r.outputs ?? r.inputs), ...(r.id !== undefined ? { id: r.id } : {}) };
  return sdk.unknownCheckingProxy(asAnalyzed(props) as Record<string, unknown>);
}

/** Links recorded resources into the graph the policy SDK hands to stack validations. */
function toPolicyResources(
  recorded: readonly RecordedResource[],
  stage: "inputs" | "outputs",
  preview: boolean,
): PolicyResource[] {
  const withUrn = recorded.filter((r) => r.urn !== undefined);
  const resources = withUrn.map((r): PolicyResource => {
    const props = propsOf(r, stage, preview);
    return {
      type: r.type,
      name: r.name,
      urn: r.urn as string,
      props,
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
        isTypeOf(r.type, cls) ? props : undefined) as PolicyResource["asType"],
    };
  });
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
  config: unknown = {},
  options: RunOptions = {},
): Promise<Finding[]> {
  const { policies = allPolicies, preview = false } = options;
  // Read as the CLI reads it, against the whole pack (a subset may run).
  const resolved = resolvePolicyConfig(config, allPolicies);
  const inputs = toPolicyResources(recorded, "inputs", preview);
  const outputs = toPolicyResources(recorded, "outputs", preview);
  const findings = await runRules(policies, {
    settingsOf: (policy) => resolved.get(policy.name),
    checksOf: (policy, settings, report) => checksOf(policy, settings, report, { inputs, outputs }),
    // As the SDK does: a value not known yet skips the policy (for that resource) with advice.
    isNotKnown: (e): e is Error => e instanceof sdk.UnknownValueError,
  });
  // Registration order varies between runs; policies keep theirs, resources go by name.
  const order = new Map(policies.map((p, i) => [p.name, i]));
  return findings.sort(
    (a, b) =>
      (order.get(a.policy) ?? 0) - (order.get(b.policy) ?? 0) ||
      (a.resource ?? "").localeCompare(b.resource ?? ""),
  );
}

/**
 * A policy's checks, with the arguments CrossGuard gives: a resource policy's, one per
 * validation of each resource (its inputs); a stack policy's, one over every resource (outputs).
 */
function checksOf(
  policy: Policy,
  settings: RuleSettings,
  report: Report,
  stack: { inputs: PolicyResource[]; outputs: PolicyResource[] },
): Check[] {
  const stackTags = new Map<string, string>();
  const getConfig = (() => settings.properties) as ResourceValidationArgs["getConfig"];
  const checks: Check[] = [];
  if ("validateResource" in policy && policy.validateResource !== undefined) {
    const validations = [policy.validateResource].flat();
    for (const resource of stack.inputs) {
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
        checks.push({
          resource: resource.name,
          run: () => validate?.(args, (message) => report(resource.name, message)),
        });
      }
    }
  }
  if ("validateStack" in policy && policy.validateStack !== undefined) {
    const validate = policy.validateStack;
    const nameOf = new Map(stack.inputs.map((r) => [r.urn, r.name]));
    checks.push({
      run: () =>
        validate(
          { resources: stack.outputs, stackTags, getConfig, notApplicable },
          (message, urn) => report(urn ? nameOf.get(urn) : undefined, message),
        ),
    });
  }
  return checks;
}

/** True when a finding would fail `pulumi preview --policy-pack`. */
export const isMandatory = (f: Finding) => f.enforcementLevel === "mandatory";
