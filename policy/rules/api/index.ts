/**
 * The API rules: what the AWS API refuses at deploy time, which mocks and `pulumi preview` accept.
 * The library's `preflight` runs them over a recorded graph (../preflight.ts); the policy pack
 * does not (its findings are those of `pulumi preview --policy-pack`).
 */
import { ApiRule } from "./graph";
import { flowLogs, iam } from "./iam";
import { ipv6 } from "./ipv6";
import { functions } from "./lambda";
import { subnetRoom, subnets, vpcBlocks } from "./network";
import { elasticIps, endpoints, natGateways, routes } from "./routing";
import { securityGroups } from "./securityGroups";
import { sharedEndpoints } from "./sharedEndpoints";
import { tags } from "./tags";

export { ApiRule, PlannedResource, PreflightSeverity } from "./graph";
export {
  elasticIps,
  endpoints,
  flowLogs,
  functions,
  iam,
  ipv6,
  natGateways,
  routes,
  securityGroups,
  sharedEndpoints,
  subnetRoom,
  subnets,
  tags,
  vpcBlocks,
};

/** Every API rule, in the order findings are reported. */
export const API_RULES: readonly ApiRule[] = [
  vpcBlocks,
  subnets,
  subnetRoom,
  ipv6,
  endpoints,
  routes,
  natGateways,
  elasticIps,
  functions,
  iam,
  flowLogs,
  securityGroups,
  sharedEndpoints,
  tags,
];
