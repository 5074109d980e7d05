/**
 * How long each resource takes to create and delete on AWS, for the deploy-time model
 * (scripts/deployTime.ts): by type, and for endpoints and functions by their inputs. Each duration
 * names its source; figures no source states are labelled estimates.
 */
import { TYPE_TOKENS } from "../components/lib/typeTokens";

/** One registration as the offline runtime records it (a structural subset of `Registration`). */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly urn?: string;
  readonly parentUrn?: string;
  readonly dependencyUrns: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly inputs?: Readonly<Record<string, unknown>>;
}

export type Duration = { readonly seconds: number; readonly source: string };
export type TypeDurations = { readonly create: Duration; readonly delete: Duration };

/** The library's type tokens and the rule and CIDR types the model also times. */
export const T = {
  ...TYPE_TOKENS,
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  cidrAssociation: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
} as const;

// Terraform logs are public `terraform apply`/`destroy` outputs: pulumi-aws bridges the same
// provider (terraform-provider-aws), so the same API calls and waiters.
const BSHEHRAM =
  "terraform logs, us-west-2, github.com/bshehram/devops-aws-tf SAMPLE_TF_APPLY.md / SAMPLE_TF_DESTROY.md";
const ANTONAKV =
  "terraform apply log, eu-central-1, github.com/antonakv/tfe-aws-activeactive-usingmodule README.md";
const TF_LOGS = "public terraform apply/destroy logs of terraform-aws-modules users (code search)";
const ESTIMATE = "estimate: one API call, no waiter, and no source states a figure";

const d = (seconds: number, source: string): Duration => ({ seconds, source });
const both = (create: Duration, del: Duration): TypeDurations => ({ create, delete: del });
const quick = (source: string) => both(d(1, source), d(1, source));

/** Create and delete durations by type token; variants (endpoint type, VPC function) follow. */
export const DURATIONS: Readonly<Record<string, TypeDurations>> = {
  [T.vpc]: both(d(5, `${TF_LOGS}: 1-15 s (${BSHEHRAM}: 12 s)`), d(1, `${BSHEHRAM}: 1 s`)),
  [T.subnet]: both(d(2, `${BSHEHRAM}: 0-11 s`), d(1, `${BSHEHRAM}: 0-1 s`)),
  // Deleting takes 17 s to minutes only while public addresses are still mapped in the VPC.
  [T.internetGateway]: both(d(1, `${BSHEHRAM}: 0-1 s`), d(3, `${TF_LOGS}: 1-10 s`)),
  [T.internetGatewayAttachment]: quick(ESTIMATE),
  [T.routeTable]: both(d(1, `${BSHEHRAM}: 0-2 s`), d(1, `${BSHEHRAM}: 0-1 s`)),
  [T.defaultRouteTable]: quick(ESTIMATE),
  [T.route]: both(d(1, `${BSHEHRAM}: 0-2 s`), d(1, `${BSHEHRAM}: 0-1 s`)),
  [T.routeTableAssociation]: both(d(1, `${BSHEHRAM}: 0-1 s`), d(1, `${BSHEHRAM}: 0-1 s`)),
  [T.eip]: both(d(1, `${BSHEHRAM}: 0-1 s`), d(1, `${BSHEHRAM}: 1 s`)),
  [T.natGateway]: both(
    d(100, `${BSHEHRAM}: 84-124 s over 12 gateways, median 99 s; ${ANTONAKV}: 96-97 s`),
    d(50, `${BSHEHRAM}: 40-71 s over 12 gateways, median 50 s; ${TF_LOGS}: 37-79 s`),
  ),
  // A NAT instance: RunInstances, then the provider waits for "running"; deleting waits for
  // "terminated". No public log read for either: both estimates.
  [T.instance]: both(
    d(15, "estimate: RunInstances and the provider's wait for the running state"),
    d(60, "estimate: TerminateInstances and the provider's wait for the terminated state"),
  ),
  [T.eipAssociation]: quick(ESTIMATE),
  [T.securityGroup]: both(d(2, `${ANTONAKV}: 1-2 s`), d(1, ESTIMATE)),
  [T.defaultSecurityGroup]: both(d(1, `${BSHEHRAM}: 1-2 s`), d(1, `${BSHEHRAM}: 0 s`)),
  [T.securityGroupRule]: both(d(1, `${ANTONAKV}: 0-2 s`), d(1, ESTIMATE)),
  [T.egressRule]: quick(ESTIMATE),
  [T.ingressRule]: quick(ESTIMATE),
  [T.managedPrefixList]: both(d(2, ESTIMATE), d(2, ESTIMATE)),
  [T.flowLog]: both(d(2, `${TF_LOGS}: 1-2 s`), d(1, ESTIMATE)),
  [T.logGroup]: quick(ESTIMATE),
  [T.role]: both(d(1, `${TF_LOGS}: 1-3 s`), d(1, ESTIMATE)),
  [T.rolePolicy]: quick(ESTIMATE),
  [T.rolePolicyAttachment]: quick(ESTIMATE),
  [T.policy]: quick(ESTIMATE),
};

/** Gateway endpoints are route-table entries; interface endpoints are ENIs in each subnet. */
export const GATEWAY_ENDPOINT = both(
  d(6, `${BSHEHRAM}: 6 s (s3, dynamodb); ${ANTONAKV}: 6 s (s3)`),
  d(5, `${BSHEHRAM}: 5 s`),
);
export const INTERFACE_ENDPOINT = both(
  d(95, `${ANTONAKV}: 93-104 s over 5 endpoints (ec2, ec2messages, ssm, ssmmessages, kms)`),
  d(60, "estimate: the provider waits for state 'deleted' (10 min timeout); no log found"),
);
export const FUNCTION = both(d(10, `${TF_LOGS}: 9-13 s`), d(2, `${TF_LOGS}: 1-3 s`));
/**
 * A VPC function stays Pending until Lambda has made its Hyperplane ENIs, "which can take 60-90
 * seconds" (AWS Compute Blog, "Coming soon: Updated Lambda states lifecycle for VPC networking"),
 * and the provider waits for Active (lambda/function.go, waitFunctionCreated). An ENI another
 * function already has for the same (subnet, groups) pair would be reused; not credited here.
 */
export const VPC_FUNCTION = both(
  d(90, "AWS Compute Blog (Lambda states for VPC): ENIs take 60-90 s, function Pending till done"),
  FUNCTION.delete,
);
/**
 * With replaceSecurityGroupsOnDestroy the provider first moves the function to the VPC's default
 * group and waits for LastUpdateStatus Successful (function.go, replaceSecurityGroupsOnDestroy):
 * ENIs for the new pair, the same 60-90 s, then DeleteFunction.
 */
export const VPC_FUNCTION_REPLACING_GROUPS_DELETE = d(92, "90 s ENI update (as creation) + 2 s");
/**
 * Lambda frees a deleted VPC function's Hyperplane ENIs later: "up to 20 minutes" is the README's
 * figure (attributed to AWS Support; no AWS page found for it here); terraform-provider-aws cites
 * the Lambda team's P99 of ~35 min and waits at least 45 (vpc_network_interface.go,
 * deleteLingeringLambdaENIs). Pass 2100 s for that P99.
 */
export const ENI_RELEASE = d(1200, "20 min (README, AWS Support); provider: Lambda P99 ~35 min");
/** Any other type: a small default, most AWS resources being one API call. */
export const UNKNOWN_TYPE = both(d(5, "default: type not listed"), d(5, "default"));
const NO_CALL = both(d(0, "no AWS call"), d(0, "no AWS call"));

/** A function in a VPC: subnets listed in its vpcConfig, or not known yet but depended on. */
export function isVpcFunction(r: RecordedResource): boolean {
  const subnets = (r.inputs?.vpcConfig as { subnetIds?: unknown } | undefined)?.subnetIds;
  const listed = Array.isArray(subnets) && subnets.length > 0;
  return r.type === T.function && (listed || !!r.propertyDependencies.vpcConfig?.length);
}

export const replacesGroups = (r: RecordedResource) =>
  r.inputs?.replaceSecurityGroupsOnDestroy === true;

/** The durations of one resource: by type, and for endpoints and functions by inputs too. */
export function durationsOf(r: RecordedResource): TypeDurations {
  // Components and providers make no AWS call.
  if (!r.custom || r.type.startsWith("pulumi:providers:")) return NO_CALL;
  if (r.type === T.vpcEndpoint) {
    // AWS's default VpcEndpointType is Gateway (CreateVpcEndpoint).
    const type = r.inputs?.vpcEndpointType ?? "Gateway";
    return type === "Gateway" ? GATEWAY_ENDPOINT : INTERFACE_ENDPOINT;
  }
  if (r.type !== T.function) return DURATIONS[r.type] ?? UNKNOWN_TYPE;
  if (!isVpcFunction(r)) return FUNCTION;
  if (!replacesGroups(r)) return VPC_FUNCTION;
  return both(VPC_FUNCTION.create, VPC_FUNCTION_REPLACING_GROUPS_DELETE);
}
