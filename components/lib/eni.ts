import { eniCombinations, FunctionNetwork } from "../../policy/rules/eni";
import { ArgumentError } from "./errors";

/**
 * Hyperplane ENIs: the counting and the quota are shared with the policy pack
 * (policy/rules/eni.ts, policy/rules/limits.ts); the ledger, which refuses a function at
 * construction, is the library's.
 */
export { countHyperplaneEnis, eniCombinations, FunctionNetwork } from "../../policy/rules/eni";
export { DEFAULT_HYPERPLANE_ENI_QUOTA } from "../../policy/rules/limits";

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
}
