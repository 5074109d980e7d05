/**
 * Hyperplane ENIs, as the pack counts them. Lambda creates one Hyperplane ENI per distinct
 * (subnet, security-group set) in a VPC, shared by every function with that combination, and a
 * VPC's quota (500 by default, raisable, and shared with other services' ENIs such as Amazon EFS's)
 * caps combinations, not concurrency (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 *
 * The pack's own copy of the library's components/lib/eni.ts counting, so the pack loads from its
 * own folder; tests/policy checks the two agree.
 */
export const DEFAULT_HYPERPLANE_ENI_QUOTA = 500;

export interface FunctionNetwork {
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

/** Distinct (subnet, security-group set) combinations across functions. */
export function countHyperplaneEnis(functions: readonly FunctionNetwork[]): number {
  return new Set(
    functions.flatMap((fn) => {
      const groups = [...new Set(fn.securityGroupIds)].sort().join(",");
      return [...new Set(fn.subnetIds)].map((subnet) => `${subnet}|${groups}`);
    }),
  ).size;
}
