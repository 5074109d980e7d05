// The package entry: components, their argument types, and the pure helpers users may reuse.
export { PrivateNetwork, PrivateNetworkArgs, validatePrivateNetworkArgs } from "./privateNetwork";
export {
  ServiceEndpoints,
  ServiceEndpointsArgs,
  validateServiceEndpointsArgs,
} from "./serviceEndpoints";
export {
  FunctionLogsArgs,
  VpcFunction,
  VpcFunctionArgs,
  VpcFunctionFunctionArgs,
  VPC_ACCESS_POLICY,
  validateVpcFunctionArgs,
} from "./vpcFunction";
export {
  LambdaInterfaceEndpoint,
  LambdaInterfaceEndpointArgs,
  validateLambdaInterfaceEndpointArgs,
} from "./lambdaInterfaceEndpoint";
export { VpcFlowLog, VpcFlowLogArgs, validateVpcFlowLogArgs } from "./vpcFlowLog";
export { SharedServiceEndpoints, SharedServiceEndpointsArgs } from "./sharedServiceEndpoints";
export {
  SharedServiceEndpointsSpoke,
  SharedServiceEndpointsSpokeArgs,
} from "./sharedServiceEndpointsSpoke";
export { EndpointDnsEntry } from "./serviceEndpoints";
export {
  INVOKE_ACTIONS,
  PolicyDocument,
  PolicyStatement,
  lambdaInvokePolicy,
} from "./lib/iamPolicy";
export { Tags } from "./tags";
export {
  DEFAULT_HYPERPLANE_ENI_QUOTA,
  FunctionNetwork,
  countHyperplaneEnis,
  eniCombinations,
} from "./lib/eni";
export { EndpointSpec, EndpointType, GATEWAY_SERVICES, endpointServiceName } from "./lib/endpoints";
export {
  AWS_OWNED_S3_OBJECTS,
  DEFAULT_ENDPOINT_POLICY_SCOPE,
  EndpointPolicyScope,
  MAX_ENDPOINT_POLICY_CHARACTERS,
  PerimeterFacts,
  perimeterPolicy,
} from "./lib/endpointPolicies";
export { NatGatewayStrategy } from "./lib/nat";
export { EgressRule, FunctionEgress } from "./lib/egress";
export { ExecutionRolePolicy, vpcAccessPolicy } from "./lib/executionRole";
export { DEFAULT_LOG_RETENTION_DAYS } from "./lib/logGroups";
export {
  DEFAULT_FLOW_LOG_RETENTION_DAYS,
  FlowLogTrafficType,
  FlowLogsArgs,
  LOG_RETENTION_DAYS,
} from "./lib/flowLogs";
export { ArgumentError } from "./lib/errors";
export {
  AvailabilityZone,
  DEFAULT_AVAILABILITY_ZONE_COUNT,
  DEFAULT_EXCLUDED_AVAILABILITY_ZONE_IDS,
} from "./lib/azs";
export { DEFAULT_VPC_CIDR_BLOCK, subnetBlocksForZone, parseVpcCidrBlock } from "./lib/cidr";
export {
  BilledResources,
  CostLine,
  HOURS_PER_MONTH,
  PRICES_USD,
  estimateMonthlyCostUsd,
  monthlyCostLines,
} from "./lib/cost";
export { PlannedResource, PreflightFinding, preflight } from "../policy/rules/preflight";
export { physicalName } from "./lib/naming";
