/**
 * The plan's function sections (scripts/planModel.ts): where each function runs, and each VPC's
 * Hyperplane ENIs with the functions that share them. Pure: it only reads registrations.
 */
import { countHyperplaneEnis } from "../components";
import type { MockVpc } from "../offline/runtime";
import { TYPE_TOKENS as T } from "../components/lib/typeTokens";
import { list, PlanLookups } from "./planLookups";

export interface PlanFunction {
  readonly name: string;
  readonly inVpc: boolean;
  /** Its subnets by name (ids, for subnets not in the stack). */
  readonly subnets: string[];
  readonly availabilityZones: string[];
  readonly securityGroups: string[];
}

/**
 * Hyperplane ENIs that one security-group set and one set of functions share: one per subnet.
 * Every function of `functions` uses each of them.
 */
export interface PlanEniShare {
  readonly subnets: string[];
  readonly securityGroups: string[];
  readonly functions: string[];
}

export interface PlanVpc {
  readonly name: string;
  readonly cidrBlock: string;
  readonly hyperplaneEnis: number;
  /** Which functions share which of the ENIs. */
  readonly eniShares: PlanEniShare[];
}

/** The stack's functions: in the Lambda service VPC, or in subnets (and so zones) of a VPC. */
export function functionsOf({ ofType, name, zonesOf }: PlanLookups): PlanFunction[] {
  return ofType(T.function).map((f) => ({
    name: f.name,
    inVpc: f.inputs.vpcConfig !== undefined,
    subnets: list(f.inputs.vpcConfig?.subnetIds).map(name),
    availabilityZones: zonesOf(list(f.inputs.vpcConfig?.subnetIds)),
    securityGroups: list(f.inputs.vpcConfig?.securityGroupIds).map(name),
  }));
}

/** The stack's VPCs, then those of the account its functions are placed in. */
export function vpcsOf(lookups: PlanLookups, accountVpcs: readonly MockVpc[]): PlanVpc[] {
  const { ofType, existingSubnets, name } = lookups;
  const usedSubnets = new Set(
    ofType(T.function).flatMap((f) => list(f.inputs.vpcConfig?.subnetIds).map(String)),
  );
  const existingVpcs = accountVpcs.filter((v) =>
    existingSubnets.some((s) => s.vpcId === v.id && usedSubnets.has(s.id)),
  );
  return [
    ...ofType(T.vpc).map((v) => ({ name: v.name, id: v.id, cidrBlock: v.inputs.cidrBlock })),
    ...existingVpcs.map((v) => ({ name: `${v.id} (existing)`, id: v.id, cidrBlock: v.cidrBlock })),
  ].map((v) => {
    const subnetIds = new Set([
      ...ofType(T.subnet)
        .filter((s) => s.inputs.vpcId === v.id)
        .map((s) => s.id),
      ...existingSubnets.filter((s) => s.vpcId === v.id).map((s) => s.id),
    ]);
    const inVpc = ofType(T.function)
      .filter((f) => list(f.inputs.vpcConfig?.subnetIds).some((id) => subnetIds.has(id as string)))
      .map((f) => ({
        name: f.name,
        subnetIds: list(f.inputs.vpcConfig.subnetIds).map(String),
        securityGroupIds: list(f.inputs.vpcConfig.securityGroupIds).map(String),
      }));
    return {
      name: v.name,
      cidrBlock: v.cidrBlock,
      hyperplaneEnis: countHyperplaneEnis(inVpc),
      eniShares: eniShares(inVpc, name),
    };
  });
}

/**
 * Which functions share which Hyperplane ENIs: Lambda makes one per subnet and security-group
 * set, shared by every function with that pair. ENIs used by the same functions with the same
 * groups are listed together, one per subnet.
 */
export function eniShares(
  functions: readonly { name: string; subnetIds: string[]; securityGroupIds: string[] }[],
  name: (id: unknown) => string = String,
): PlanEniShare[] {
  const users = new Map<string, { subnet: string; groups: string[]; functions: string[] }>();
  for (const f of functions) {
    const groups = [...new Set(f.securityGroupIds)].sort();
    for (const subnet of new Set(f.subnetIds)) {
      const key = `${subnet}|${groups.join(",")}`;
      const eni = users.get(key) ?? { subnet, groups, functions: [] };
      eni.functions.push(f.name);
      users.set(key, eni);
    }
  }
  const shares = new Map<string, PlanEniShare>();
  for (const eni of users.values()) {
    const fns = [...eni.functions].sort();
    const key = `${eni.groups.join(",")}|${fns.join(",")}`;
    const share = shares.get(key) ?? {
      subnets: [],
      securityGroups: eni.groups.map(name),
      functions: fns,
    };
    share.subnets.push(name(eni.subnet));
    shares.set(key, share);
  }
  return [...shares.values()];
}
