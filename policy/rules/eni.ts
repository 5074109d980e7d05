/**
 * Hyperplane ENIs, counted once for the library (VpcFunction's ledger, the pre-flight, the offline
 * plan) and the policy pack (hyperplane-eni-budget). Lambda creates one Hyperplane ENI per
 * distinct (subnet, security-group set) in a VPC, shared by every function with that combination;
 * the VPC's quota (DEFAULT_HYPERPLANE_ENI_QUOTA in ./limits) caps combinations, not concurrency
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */

/** What decides a function's Hyperplane ENIs: its subnets and its security groups. */
export interface FunctionNetwork {
  readonly subnetIds: readonly string[];
  /** Order does not matter: the set is what counts. */
  readonly securityGroupIds: readonly string[];
}

/** The combinations of one function, as stable keys. */
export function eniCombinations(fn: FunctionNetwork): string[] {
  const groups = [...new Set(fn.securityGroupIds)].sort().join(",");
  return [...new Set(fn.subnetIds)].map((subnet) => `${subnet}|${groups}`);
}

/** Distinct combinations across a set of functions: shared combinations count once. */
export function countHyperplaneEnis(functions: readonly FunctionNetwork[]): number {
  return new Set(functions.flatMap(eniCombinations)).size;
}
