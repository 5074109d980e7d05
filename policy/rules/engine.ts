/**
 * The one rule runner: the policy pack's policies (run offline by policy/runner.ts, as `pulumi
 * preview --policy-pack policy` would) and the API rules (./api: what AWS refuses at deploy time,
 * the library's `preflight`) both run through `runRules`, and report the one `Finding`.
 *
 * What it does for every rule, as CrossGuard does for a policy (read from @pulumi/policy's
 * server.js): a rule whose level is "disabled" does not run; a thrown NotApplicable skips the rule
 * for that resource; an error the caller says is a value not known yet (the policy SDK's
 * UnknownValueError under `pulumi preview`) skips the check with an advisory "can't run policy
 * ... during preview" instead of reporting. What a rule is given (resources, settings) is the
 * caller's: the pack's adapter (policy/runner.ts) builds the SDK's arguments and resolves config
 * with JSON Schema; the library's pre-flight (./preflight.ts) gives a graph. Nothing here imports
 * the SDK or the Pulumi runtime: the library compiles this file in.
 *
 * Synchronous when every check is (the library's `preflight` returns its findings directly); a
 * Promise when a check returns one (the pack's policies may be async).
 */

/** The levels a finding has: @pulumi/policy's EnforcementLevel values. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** What any rule reports. */
export interface Finding {
  /** The rule (a pack policy, or a group of API rules) that reported it. */
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  /** The resource it is about, when there is one. */
  readonly resource?: string;
  readonly message: string;
  /** An API rule's check (e.g. "subnet-overlap"); pack policies have none. */
  readonly rule?: string;
  /** The AWS documentation an API rule comes from. */
  readonly doc?: string;
}

/** A rule as the runner needs it: a name and a default level. */
export interface NamedRule {
  readonly name: string;
  readonly enforcementLevel?: EnforcementLevel;
}

/** What a rule runs with: its level and its settings. */
export interface RuleSettings {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

/** What a finding may say beyond its message: an API rule's check, doc and own level. */
export interface FindingDetail {
  readonly rule?: string;
  readonly doc?: string;
  readonly enforcementLevel?: EnforcementLevel;
}

export type Report = (
  resource: string | undefined,
  message: string,
  detail?: FindingDetail,
) => void;

/** One check of a rule: over one resource (a resource policy's) or the whole stack. */
export interface Check {
  readonly resource?: string;
  readonly run: () => unknown;
}

/** Thrown by a check to skip its rule for the resource (CrossGuard's args.notApplicable()). */
export class NotApplicable extends Error {}
export const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

/** How a caller's rules run. */
export interface RuleRunner<P extends NamedRule> {
  /** The level and settings a rule runs with; the rule's own level and none by default. */
  readonly settingsOf?: (rule: P) => RuleSettings | undefined;
  /** The checks of a rule, each reporting through `report`. */
  readonly checksOf: (rule: P, settings: RuleSettings, report: Report) => readonly Check[];
  /** Whether a thrown error is a value not known yet (preview); none is by default. */
  readonly isNotKnown?: (e: unknown) => e is Error;
}

/** The result of steps run in order, synchronously until one returns a Promise. */
type Maybe<T> = T | Promise<T>;

const isThenable = (v: unknown): v is Promise<unknown> =>
  typeof (v as { then?: unknown } | undefined)?.then === "function";

function inOrder(steps: readonly (() => Maybe<void>)[], from = 0): Maybe<void> {
  for (let i = from; i < steps.length; i++) {
    const result = steps[i]();
    if (isThenable(result)) {
      return result.then(() => inOrder(steps, i + 1));
    }
  }
}

/** Runs the rules in order and returns what they report, in the order they report it. */
export function runRules<P extends NamedRule>(
  rules: readonly P[],
  runner: RuleRunner<P>,
): Maybe<Finding[]> {
  const findings: Finding[] = [];
  const steps = rules.flatMap((rule) => {
    const settings = runner.settingsOf?.(rule) ?? {
      enforcementLevel: rule.enforcementLevel ?? "advisory",
      properties: {},
    };
    if (settings.enforcementLevel === "disabled") {
      return [];
    }
    const report: Report = (resource, message, detail = {}) =>
      findings.push({
        policy: rule.name,
        enforcementLevel: detail.enforcementLevel ?? settings.enforcementLevel,
        resource,
        message,
        ...(detail.rule === undefined ? {} : { rule: detail.rule }),
        ...(detail.doc === undefined ? {} : { doc: detail.doc }),
      });
    return runner
      .checksOf(rule, settings, report)
      .map((check) => () => guarded(rule, check, runner, findings));
  });
  const done = inOrder(steps);
  return isThenable(done) ? done.then(() => findings) : findings;
}

/**
 * Runs one check as the SDK does: a value not known yet skips the check (for that resource) with
 * advice; NotApplicable skips it; anything else is the rule's error.
 */
function guarded<P extends NamedRule>(
  rule: P,
  check: Check,
  runner: RuleRunner<P>,
  findings: Finding[],
): Maybe<void> {
  const handle = (e: unknown) => {
    if (runner.isNotKnown?.(e)) {
      findings.push({
        policy: rule.name,
        enforcementLevel: "advisory",
        resource: check.resource,
        message: `can't run policy '${rule.name}' during preview: ${e.message}`,
      });
    } else if (!(e instanceof NotApplicable)) {
      throw e;
    }
  };
  try {
    const result = check.run();
    if (isThenable(result)) {
      return result.then(() => undefined, handle);
    }
  } catch (e) {
    handle(e);
  }
}
