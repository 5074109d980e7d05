import { ArgumentError } from "./errors";

/**
 * Lambda creates one Hyperplane ENI per distinct (subnet, security-group set) in a VPC, shared by
 * every function with that combination; the VPC's quota (500 by default) caps combinations, not
 * concurrency.
 */
export interface FunctionNetwork {
  readonly subnetIds: readonly string[];
  /** Order does not matter: the set is what counts. */
  readonly securityGroupIds: readonly string[];
}

/**
 * Lambda quotas, "Elastic network interfaces per virtual private cloud (VPC)": 500 by default,
 * raisable to thousands; "This quota is shared with other services, such as Amazon Elastic File
 * System (Amazon EFS)" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html,
 * read 2026-12; copies before late 2023 said 250). ENIs of other services in the VPC count too,
 * so `hyperplaneEniQuota` takes a lower budget as well as a raised quota.
 */
export const DEFAULT_HYPERPLANE_ENI_QUOTA = 500;

/** The combinations of one function, as stable keys. */
export function eniCombinations(fn: FunctionNetwork): string[] {
  const groups = [...new Set(fn.securityGroupIds)].sort().join(",");
  return [...new Set(fn.subnetIds)].map((subnet) => `${subnet}|${groups}`);
}

/** Distinct combinations across a set of functions: shared combinations count once. */
export function countHyperplaneEnis(functions: readonly FunctionNetwork[]): number {
  return new Set(functions.flatMap(eniCombinations)).size;
}

/**
 * The combinations the functions of one program use, per VPC, so each new function is checked
 * against the quota together with those declared before it.
 */
export class HyperplaneEniLedger {
  private readonly byVpc = new Map<string, Set<string>>();

  /**
   * Adds a function's combinations to its VPC's and returns how many of them are new. Throws,
   * adding nothing, when the VPC's total would exceed the quota.
   */
  add(vpcId: string, fn: FunctionNetwork, quota: number): number {
    const known = this.byVpc.get(vpcId) ?? new Set<string>();
    const added = eniCombinations(fn).filter((c) => !known.has(c));
    const total = known.size + added.length;
    if (total > quota) {
      throw new ArgumentError(
        `this function brings ${vpcId} to ${total} Hyperplane ENI combinations (distinct subnet and security-group sets), over hyperplaneEniQuota ${quota}: share security groups and subnets between functions, or raise the quota with AWS and then hyperplaneEniQuota.`,
      );
    }
    added.forEach((c) => known.add(c));
    this.byVpc.set(vpcId, known);
    return added.length;
  }

  /** Forgets everything (for tests: each program run starts empty). */
  clear(): void {
    this.byVpc.clear();
  }
}
