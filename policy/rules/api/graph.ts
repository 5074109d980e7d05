/**
 * What every API rule reads: the planned resource graph (the shared reader, ../graph.ts, with the
 * lookups the rules share) and where it reports. The pre-flight (../preflight.ts) builds it and
 * runs the rules through the one runner (../engine.ts).
 */
import { ResourceGraph } from "../graph";
import { AUTONAME_SUFFIX_LENGTH, NAME_PREFIX_SUFFIX_LENGTH } from "../limits";
import { IPV4_DEFAULT } from "../routes";
import { TYPE_TOKENS as T } from "../typeTokens";

/** A resource as planned: type token, resource name, id (once known) and inputs. */
export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly inputs: Record<string, any>;
  /** Outputs known before deployment (mock state): ARNs and generated names. */
  readonly outputs?: Record<string, any>;
  /** The URN of its explicit provider; undefined for the default provider. */
  readonly provider?: string;
  readonly urn?: string;
  /** URNs of the resources each input was built from. */
  readonly propertyDependencies?: Record<string, string[]>;
}

/**
 * How sure a finding is: "error", AWS refuses the request as planned; "warning", it refuses it
 * unless the account's quota was raised or the account holds more than the plan shows.
 */
export type PreflightSeverity = "error" | "warning";

/** The AWS documentation each rule comes from. */
export const DOCS = {
  vpcCidr: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
  subnetSizing: "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
  interfaceEndpoint:
    "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
  gatewayEndpoint: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
  natGateway: "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html",
  routeTables: "https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html",
  lambdaLimits: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
  lambdaName: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
  lambdaVpc: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
  iamLimits: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
  iamPolicyGrammar:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
  securityGroupQuotas:
    "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups",
  prefixListRules:
    "https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html#managed-prefix-lists-concepts",
  elasticIpQuota:
    "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-eips",
  regionalNatGateway: "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html",
  securityGroupNames:
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
  tags: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions",
  logGroupName:
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  flowLogRole: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html",
} as const;

/**
 * The name AWS will see: the explicit one, a name prefix plus the provider's suffix, or the
 * resource name plus Pulumi's random suffix.
 */
function physicalNameLength(r: PlannedResource): { length: number; explicit: boolean } {
  const explicit = typeof r.inputs.name === "string";
  const prefix = r.inputs.namePrefix;
  return {
    length: explicit
      ? (r.inputs.name as string).length
      : typeof prefix === "string"
        ? prefix.length + NAME_PREFIX_SUFFIX_LENGTH
        : r.name.length + AUTONAME_SUFFIX_LENGTH,
    explicit,
  };
}

/** The planned graph, as every rule reads it, and where rules report. */
export interface ApiGraph {
  readonly resources: readonly PlannedResource[];
  readonly report: (
    r: PlannedResource,
    rule: string,
    message: string,
    doc: string,
    severity?: PreflightSeverity,
  ) => void;
  /** A physical name (given, or generated from the resource name) within the service's limit. */
  readonly checkNameLength: (
    r: PlannedResource,
    max: number,
    rule: string,
    service: string,
    doc: string,
  ) => void;
  /** The shared reader of the graph (policy/rules/graph.ts). */
  readonly graph: ResourceGraph<PlannedResource>;
  readonly ofType: (type: string) => PlannedResource[];
  readonly byId: ReadonlyMap<string, PlannedResource>;
  /** The id of the VPC a resource is in, when the plan says (ResourceGraph.vpcIdOf). */
  readonly vpcOf: (r: PlannedResource | undefined) => unknown;
  readonly subnetById: (id: unknown) => PlannedResource | undefined;
  /** The separate IPv4 default routes (aws.ec2.Route) of a route table. */
  readonly defaultRoutesOf: (table: PlannedResource) => PlannedResource[];
  /** The stack's roles by ARN, where the ARN is known (functions and flow logs name them so). */
  readonly roleByArn: ReadonlyMap<string, PlannedResource>;
}

/** A rule of what the AWS API refuses: a named group of checks over the planned graph. */
export interface ApiRule {
  readonly name: string;
  /** What it checks, in a line. */
  readonly description: string;
  /** Every finding is an error unless the check says "warning" (a quota that may be raised). */
  readonly enforcementLevel: "mandatory";
  readonly validateGraph: (graph: ApiGraph) => void;
}

/** The planned graph as the rules read it, reporting through `report`. */
export function apiGraphOf(
  planned: ResourceGraph<PlannedResource>,
  report: ApiGraph["report"],
): ApiGraph {
  const checkNameLength: ApiGraph["checkNameLength"] = (r, max, rule, service, doc) => {
    const { length, explicit } = physicalNameLength(r);
    if (length > max) {
      report(
        r,
        rule,
        `its ${explicit ? "" : "generated "}name is ${length} characters; ${service} allows ${max}.`,
        doc,
      );
    }
  };
  return {
    resources: planned.resources,
    report,
    checkNameLength,
    graph: planned,
    ofType: (type) => planned.ofType(type),
    byId: planned.byId,
    vpcOf: (r) => planned.vpcIdOf(r),
    subnetById: (id) => planned.subnetById(id),
    defaultRoutesOf: (table) =>
      planned
        .defaultRoutesOf(planned.tableRef(table))
        .flatMap((r) => (r.resource !== undefined && r.ipv4 === IPV4_DEFAULT ? [r.resource] : [])),
    roleByArn: new Map(
      planned
        .ofType(T.role)
        .filter((r) => r.outputs?.arn)
        .map((r) => [String(r.outputs?.arn), r]),
    ),
  };
}
