/**
 * What `pulumi up` would create, read from a recorded resource graph: resources by component,
 * the layout by zone, routes, endpoints, functions, cost and Hyperplane ENIs. Pure: it only
 * reads registrations. Each section has its module: planResources (resources by component,
 * planDescribe their lines), planNetwork (zones, routes, endpoints), planFunctions (functions,
 * VPCs and their ENIs), planSharing (Route 53 Profiles sharing endpoints), planCost,
 * planDestroyOrder; planLookups what they read the graph with.
 */
import { preflight, PreflightFinding } from "../components";
import { Finding } from "../policy/runner";
import type { MockWorld, Registration } from "../offline/runtime";
import { nameIdsInAll } from "./resourceNames";
import { PlanCost, costOf } from "./planCost";
import { destroyOrder } from "./planDestroyOrder";
import { functionsOf, PlanFunction, PlanVpc, vpcsOf } from "./planFunctions";
import { lookupsOf } from "./planLookups";
import {
  endpointsOf,
  PlanEndpoint,
  PlanRoute,
  PlanZone,
  routesOf,
  zonesOfPlan,
} from "./planNetwork";
import { groupsOf, PlanGroup } from "./planResources";
import { PlanSharedProfile, sharedProfilesOf } from "./planSharing";

export type { PlanComponentCost, PlanCost } from "./planCost";
export { destroyOrder } from "./planDestroyOrder";
export type { PlanEniShare, PlanFunction, PlanVpc } from "./planFunctions";
export { eniShares } from "./planFunctions";
export { ZONE_LEFT_TO_AWS } from "./planLookups";
export type { PlanEndpoint, PlanRoute, PlanSubnet, PlanZone } from "./planNetwork";
export { shortServiceName } from "./planNetwork";
export type { PlanEntry, PlanGroup } from "./planResources";
export type { PlanSharedProfile, PlanSharedSpoke, PlanSharingComparison } from "./planSharing";
export { SHARING_REQUIREMENT } from "./planSharing";

export interface Plan {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly assumptions: string[];
  readonly resourceCount: number;
  readonly groups: PlanGroup[];
  readonly vpcs: PlanVpc[];
  readonly zones: PlanZone[];
  readonly routes: PlanRoute[];
  readonly endpoints: PlanEndpoint[];
  readonly functions: PlanFunction[];
  /** The stack's Route 53 Profiles sharing interface endpoints (SharedServiceEndpoints). */
  readonly sharedEndpoints: PlanSharedProfile[];
  readonly cost: PlanCost;
  readonly outputs: Record<string, unknown>;
  readonly warnings: string[];
  /** What the policy pack reports on this stack. */
  readonly policyFindings: Finding[];
  /** The policy config file the findings were computed with, as given; "" for none. */
  readonly policyConfigFile: string;
  /** What the AWS API would refuse at deploy time. */
  readonly preflight: PreflightFinding[];
  /** Why pre-flight did not run (a first preview), when it did not. */
  readonly preflightSkipped?: string;
  /**
   * The order in which `pulumi destroy` would delete the resources, in waves: every resource of a
   * wave is deleted after all of the waves before it (they depend on it); within a wave, in
   * parallel. Each entry is `<Type> <name>`.
   */
  readonly destroyOrder: string[][];
}

export interface PlanInput {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly zones: readonly { name: string; id: string }[];
  readonly assumptions: string[];
  readonly registrations: readonly Registration[];
  readonly outputs: Record<string, unknown>;
  readonly warnings: string[];
  readonly policyFindings: Finding[];
  readonly policyConfigFile: string;
  /** A first preview: pre-flight, which judges what AWS is asked to create, is skipped. */
  readonly preview?: boolean;
  /**
   * What the account already holds (the --world files): the zones of its subnets and its VPCs,
   * for functions placed in them.
   */
  readonly existing?: Pick<Partial<MockWorld>, "vpcs" | "subnets">;
}

/** Why a first preview has no pre-flight, in the words every output uses. */
export const PREFLIGHT_SKIPPED_IN_PREVIEW =
  "it judges what AWS is asked to create, which a first preview does not know";

export function buildPlan(input: PlanInput): Plan {
  const lookups = lookupsOf(input);
  const { regs } = lookups;
  const endpoints = endpointsOf(lookups);
  const functions = functionsOf(lookups);
  const named = (messages: readonly string[]) => nameIdsInAll(messages, regs);
  const withNamedIds = <F extends { message: string }>(findings: readonly F[]): F[] => {
    const messages = named(findings.map((f) => f.message));
    return findings.map((f, i) => ({ ...f, message: messages[i] }));
  };
  // Pre-flight judges the values an update sends to AWS: a first preview does not have them.
  const checked = input.preview ? [] : preflight(input.registrations);
  return {
    project: input.project,
    stack: input.stack,
    region: input.region,
    assumptions: input.assumptions,
    resourceCount: regs.filter((r) => r.custom).length,
    groups: groupsOf(lookups),
    vpcs: vpcsOf(lookups, input.existing?.vpcs ?? []),
    zones: zonesOfPlan(lookups, input.zones, endpoints, functions),
    routes: routesOf(lookups),
    endpoints,
    functions,
    sharedEndpoints: sharedProfilesOf(lookups),
    cost: costOf(lookups, endpoints),
    outputs: input.outputs,
    // Ids in messages are the mock's placeholders: each is followed by the resource it is.
    warnings: named(input.warnings),
    policyFindings: withNamedIds(input.policyFindings),
    policyConfigFile: input.policyConfigFile,
    preflight: withNamedIds(checked),
    ...(input.preview ? { preflightSkipped: PREFLIGHT_SKIPPED_IN_PREVIEW } : {}),
    destroyOrder: destroyOrder(regs),
  };
}
