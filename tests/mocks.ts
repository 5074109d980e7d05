/**
 * Test helpers over the offline runtime (offline/runtime.ts, re-exported here), and mocha's root
 * hooks. Mocha loads this module (see .mocharc.json) before any code under test is imported, in
 * each of its parallel workers, and it installs the offline runtime there.
 */
import { preflight } from "../policy/rules/preflight";
import {
  forgetPendingRegistrations,
  installOfflineRuntime,
  Registration,
  registrations,
  settle,
  takeUnhandled,
} from "../offline/runtime";
import { ACCOUNT_ID, partitionOfRegion } from "../offline/runtime";
import { perimeterPolicy } from "../components/lib/endpointPolicies";

export * from "../offline/runtime";

// Every test runs on the mocked runtime: install it before any test file is loaded (offline
// modules patch nothing on import). Idempotent, so a test file importing this module again is
// harmless.
installOfflineRuntime();

/** The endpoint policy a component writes by default: the Account perimeter of the mocked account. */
export function accountPerimeter(service: string, region = "us-east-1"): string {
  return JSON.stringify(
    perimeterPolicy(service, {
      scope: "Account",
      id: ACCOUNT_ID,
      partition: partitionOfRegion(region),
      region,
      trustedAccounts: [],
    }),
  );
}

/** The one registration of this type and name; fails loudly when missing. */
export function resource(type: string, name: string): Registration {
  const found = registrations().filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type} named ${name}, found ${found.length}; registered: ${registrations()
        .map((r) => `${r.type} ${r.name}`)
        .join(", ")}`,
    );
  }
  return found[0];
}

/** Resources (any depth) registered under the named component. */
export function childrenOf(componentName: string): Registration[] {
  const below = (urn: string | undefined): Registration[] =>
    urn === undefined
      ? []
      : registrations()
          .filter((r) => r.parentUrn === urn)
          .flatMap((r) => [r, ...below(r.urn)]);
  return registrations()
    .filter((r) => r.name === componentName && !r.custom)
    .flatMap((c) => below(c.urn));
}

/**
 * The error a component raised after construction (from `initialize` or an apply), which the
 * Pulumi runtime reports as an unhandled rejection. Fails when there was none.
 */
export async function asyncError(): Promise<Error> {
  await settle();
  const errors = takeUnhandled();
  if (errors.length === 0) {
    throw new Error("expected the component to fail, but nothing was rejected");
  }
  const messages = [...new Set(errors.map((e) => (e as Error).message))];
  if (messages.length > 1) {
    throw new Error(`expected one error, got: ${messages.join(" | ")}`);
  }
  // The rejected input's registration waits for good: expected here, not a leak.
  forgetPendingRegistrations();
  return errors[0] as Error;
}

/**
 * Root hooks: a test that leaves an unexpected rejection behind fails, naming it; and every
 * component or sample-stack test must leave a graph that AWS would accept (pre-flight).
 */
export const mochaHooks = {
  async afterEach(this: Mocha.Context) {
    await settle();
    const left = takeUnhandled();
    if (left.length > 0) {
      throw new Error(
        `unexpected error after the test: ${[...new Set(left.map((e) => (e as Error)?.message ?? String(e)))].join(" | ")}`,
      );
    }
    const file = this.currentTest?.file ?? "";
    if (
      this.currentTest?.state === "passed" &&
      /[\\/]tests[\\/](components|sample)[\\/]/.test(file)
    ) {
      // Warnings (quotas an account may have raised) are asserted where they are expected.
      const findings = preflight(registrations()).filter((f) => f.severity === "error");
      if (findings.length > 0) {
        throw new Error(
          `pre-flight: AWS would refuse this plan:\n${findings.map((f) => `  ${f.resource}: ${f.rule}: ${f.message}`).join("\n")}`,
        );
      }
    }
  },
};
