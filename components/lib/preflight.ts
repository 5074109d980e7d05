/**
 * Pre-flight: the constraints the AWS API enforces at deploy time, checked over a recorded
 * resource graph before anything is deployed. Mocks accept anything; AWS does not. Pure: it
 * reads types, names, ids and inputs only.
 */
import { blockContains, blocksOverlap, Ipv4Block, parseIpv4Block } from "./cidr";
import { eniCombinations } from "./eni";
import { ArgumentError } from "./errors";
import {
  DEFAULT_ELASTIC_IP_QUOTA,
  MAX_FUNCTION_NAME,
  MAX_FUNCTION_SECURITY_GROUPS,
  MAX_FUNCTION_SUBNETS,
  MAX_LOG_GROUP_NAME,
  MAX_ROLE_NAME,
  MAX_SECURITY_GROUP_RULES,
  MAX_TAGS,
  NAME_PREFIX_SUFFIX_LENGTH,
  NAME_RULES,
  RESERVED_ADDRESSES_PER_SUBNET,
  tagRuleOf,
  takesCharacters,
} from "../../policy/rules/limits";
import { AUTONAME_SUFFIX_LENGTH } from "./naming";
import { ResourceGraph, TableRef } from "../../policy/rules/graph";
import { IPV4_DEFAULT } from "../../policy/rules/routes";
import { TYPE_TOKENS as T } from "./typeTokens";

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

export interface PreflightFinding {
  readonly resource: string;
  readonly rule: string;
  readonly severity: PreflightSeverity;
  readonly message: string;
  /** The AWS documentation the rule comes from. */
  readonly doc: string;
}

const DOCS = {
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

/** The policies that give Lambda the EC2 permissions to manage a VPC function's ENIs. */
const ENI_POLICIES = ["AWSLambdaVPCAccessExecutionRole", "AWSLambdaENIManagementAccess"];
const ENI_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DeleteNetworkInterface",
];

function block(value: unknown): Ipv4Block | undefined {
  try {
    return typeof value === "string" ? parseIpv4Block("cidr", value) : undefined;
  } catch (e) {
    if (e instanceof ArgumentError) return undefined;
    throw e;
  }
}

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
interface Graph {
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

/** A group of pre-flight rules: what it checks, and the check. */
export interface PreflightRules {
  readonly name: string;
  readonly checks: string;
  readonly run: (graph: Graph) => void;
}

/** VPC blocks within /16 to /28. */
function vpcBlocks({ report, ofType }: Graph): void {
  for (const vpc of ofType(T.vpc)) {
    const b = block(vpc.inputs.cidrBlock);
    if (b && (b.prefixLength < 16 || b.prefixLength > 28)) {
      report(
        vpc,
        "vpc-cidr-size",
        `VPC block ${vpc.inputs.cidrBlock} is outside /16 to /28.`,
        DOCS.vpcCidr,
      );
    }
  }
}

/** Subnet blocks within /16 to /28, inside their VPC, not overlapping. */
function subnets({ report, ofType, byId }: Graph): void {
  const subnets = ofType(T.subnet);
  subnets.forEach((subnet, i) => {
    const b = block(subnet.inputs.cidrBlock);
    const vpc = byId.get(String(subnet.inputs.vpcId));
    const vpcBlock = vpc ? block(vpc.inputs.cidrBlock) : undefined;
    if (!b) return;
    if (b.prefixLength < 16 || b.prefixLength > 28) {
      report(
        subnet,
        "subnet-cidr-size",
        `subnet block ${subnet.inputs.cidrBlock} is outside /16 to /28.`,
        DOCS.vpcCidr,
      );
    }
    if (vpcBlock && !blockContains(vpcBlock, b)) {
      report(
        subnet,
        "subnet-in-vpc",
        `subnet block ${subnet.inputs.cidrBlock} is not inside its VPC's ${vpc?.inputs.cidrBlock}.`,
        DOCS.vpcCidr,
      );
    }
    for (const other of subnets
      .slice(i + 1)
      .filter((o) => o.inputs.vpcId === subnet.inputs.vpcId)) {
      const o = block(other.inputs.cidrBlock);
      if (o && blocksOverlap(b, o)) {
        report(
          subnet,
          "subnet-overlap",
          `subnet block ${subnet.inputs.cidrBlock} overlaps ${other.name}'s ${other.inputs.cidrBlock}.`,
          DOCS.vpcCidr,
        );
      }
    }
  });
}

/** Room in each subnet for the ENIs placed in it. */
function subnetRoom({ report, ofType }: Graph): void {
  for (const subnet of ofType(T.subnet)) {
    const b = block(subnet.inputs.cidrBlock);
    if (!b) continue;
    // ENIs placed in it: one per Hyperplane combination, interface endpoint and NAT gateway.
    const combos = new Set(
      ofType(T.function)
        .filter((f) => (f.inputs.vpcConfig?.subnetIds ?? []).includes(subnet.id))
        .flatMap((f) =>
          eniCombinations({
            subnetIds: [subnet.id as string],
            securityGroupIds: f.inputs.vpcConfig.securityGroupIds ?? [],
          }),
        ),
    );
    const endpointEnis = ofType(T.vpcEndpoint).filter((e) =>
      (e.inputs.subnetIds ?? []).includes(subnet.id),
    ).length;
    const natEnis = ofType(T.natGateway).filter((n) => n.inputs.subnetId === subnet.id).length;
    const needed = combos.size + endpointEnis + natEnis;
    const usable = 2 ** (32 - b.prefixLength) - RESERVED_ADDRESSES_PER_SUBNET;
    if (needed > usable) {
      report(
        subnet,
        "subnet-capacity",
        `subnet ${subnet.inputs.cidrBlock} has ${usable} usable addresses (AWS reserves ${RESERVED_ADDRESSES_PER_SUBNET}) but ${needed} ENIs are placed in it.`,
        DOCS.subnetSizing,
      );
    }
  }
}

/** Endpoint types, placement and VPCs. */
function endpoints({ report, ofType, vpcOf, subnetById }: Graph): void {
  for (const endpoint of ofType(T.vpcEndpoint)) {
    // Left out, the provider's default is Gateway: right for S3 and DynamoDB (awsx leaves it out
    // for them), refused by AWS for every other service.
    const gatewayService = /\.(s3|dynamodb)$/.test(String(endpoint.inputs.serviceName));
    const type = endpoint.inputs.vpcEndpointType ?? (gatewayService ? "Gateway" : undefined);
    if (type !== "Interface" && type !== "Gateway") {
      report(
        endpoint,
        "endpoint-type-explicit",
        "vpcEndpointType is not set, and the provider's default, Gateway, is offered only for S3 and DynamoDB: set it to Interface.",
        DOCS.interfaceEndpoint,
      );
      continue;
    }
    const endpointSubnets = (endpoint.inputs.subnetIds ?? []).map(subnetById);
    if (type === "Gateway" && endpointSubnets.length > 0) {
      report(
        endpoint,
        "gateway-endpoint-route-tables",
        "a gateway endpoint takes route tables, not subnets.",
        DOCS.gatewayEndpoint,
      );
    }
    if (type === "Interface") {
      const zones = endpointSubnets
        .map((s: PlannedResource | undefined) => s?.inputs.availabilityZone)
        .filter(Boolean);
      if (new Set(zones).size < zones.length) {
        report(
          endpoint,
          "interface-endpoint-one-subnet-per-zone",
          "an interface endpoint takes at most one subnet per Availability Zone.",
          DOCS.interfaceEndpoint,
        );
      }
      if (
        endpointSubnets.some(
          (s: PlannedResource | undefined) => s && vpcOf(s) !== endpoint.inputs.vpcId,
        )
      ) {
        report(
          endpoint,
          "interface-endpoint-subnets-in-vpc",
          "its subnets must be in the endpoint's VPC.",
          DOCS.interfaceEndpoint,
        );
      }
    }
  }
}

/** One default route per table, route targets in the table's VPC. */
function routes({ report, ofType, byId, vpcOf, subnetById, defaultRoutesOf }: Graph): void {
  for (const table of ofType(T.routeTable)) {
    const defaults = defaultRoutesOf(table);
    if (defaults.length > 1) {
      report(
        table,
        "one-default-route",
        `has ${defaults.length} routes for 0.0.0.0/0; a route table takes one per destination.`,
        DOCS.routeTables,
      );
    }
  }
  for (const route of ofType(T.route)) {
    const table = byId.get(String(route.inputs.routeTableId));
    const target = byId.get(String(route.inputs.natGatewayId ?? route.inputs.gatewayId));
    const targetVpc =
      target?.type === T.natGateway ? vpcOf(subnetById(target.inputs.subnetId)) : vpcOf(target);
    // Only two VPCs the plan names can differ; one it does not say is not a mistake.
    const tableVpc = vpcOf(table);
    if (target && targetVpc !== undefined && tableVpc !== undefined && targetVpc !== tableVpc) {
      report(
        route,
        "route-target-in-vpc",
        `targets ${target.name}, which is not in the route table's VPC.`,
        DOCS.routeTables,
      );
    }
  }
}

/**
 * Whether a public NAT gateway's subnet reaches the internet: an IPv4 default route of its route
 * table (its own, or the VPC's main table, found as the policy pack finds it) to an internet
 * gateway of its VPC. An internet gateway attached separately (InternetGatewayAttachment) has no
 * vpcId of its own: unknown is not wrong. Undefined when the plan cannot tell: its table is not
 * in the plan, or a default route's target is not known.
 */
function reachesInternet(graph: ResourceGraph<PlannedResource>, subnet: PlannedResource) {
  const table: TableRef<PlannedResource> | undefined = graph.routeTableOf(subnet);
  if (table === undefined || (table.resource === undefined && table.id === undefined)) {
    return undefined;
  }
  const defaults = graph.defaultRoutesOf(table).filter((r) => r.ipv4 === IPV4_DEFAULT);
  const ownVpc = (igw: PlannedResource | undefined) =>
    igw === undefined ||
    graph.vpcIdOf(igw) === undefined ||
    graph.vpcIdOf(igw) === graph.vpcIdOf(subnet);
  if (defaults.some((r) => r.target.kind === "internet-gateway" && ownVpc(r.target.resource))) {
    return true;
  }
  return defaults.some((r) => r.target.kind === "unknown") ? undefined : false;
}

/** NAT gateways: Elastic IPs, public subnets, regional mode. */
function natGateways({ report, ofType, subnetById, graph }: Graph): void {
  for (const nat of ofType(T.natGateway)) {
    const isPublic = (nat.inputs.connectivityType ?? "public") === "public";
    // A regional NAT gateway spans the VPC's zones: no subnet, and its addresses are given per
    // zone (availabilityZoneAddress) or managed by AWS, never as one allocationId.
    if (nat.inputs.availabilityMode === "regional") {
      if (nat.inputs.allocationId !== undefined) {
        report(
          nat,
          "nat-regional-allocation",
          "a regional NAT gateway takes no allocationId; give its addresses per zone (availabilityZoneAddress) or let AWS manage them.",
          DOCS.regionalNatGateway,
        );
      }
      continue;
    }
    if (isPublic && !nat.inputs.allocationId) {
      report(
        nat,
        "nat-elastic-ip",
        "a public NAT gateway needs an Elastic IP allocation.",
        DOCS.natGateway,
      );
    }
    const subnet = subnetById(nat.inputs.subnetId);
    if (isPublic && subnet && reachesInternet(graph, subnet) === false) {
      report(
        nat,
        "nat-in-public-subnet",
        `its subnet ${subnet.name} has no 0.0.0.0/0 route to an internet gateway of the VPC, so it cannot reach the internet.`,
        DOCS.natGateway,
      );
    }
  }
}

/** The Elastic IP quota per Region. */
function elasticIps({ report, ofType }: Graph): void {
  const eipsByProvider = new Map<string, PlannedResource[]>();
  for (const eip of ofType(T.eip)) {
    const key = eip.provider ?? "";
    eipsByProvider.set(key, [...(eipsByProvider.get(key) ?? []), eip]);
  }
  for (const eips of eipsByProvider.values()) {
    if (eips.length > DEFAULT_ELASTIC_IP_QUOTA) {
      report(
        eips[DEFAULT_ELASTIC_IP_QUOTA],
        "elastic-ip-quota",
        `the stack allocates ${eips.length} Elastic IPs in one Region, over the default quota of ${DEFAULT_ELASTIC_IP_QUOTA} per Region (which also counts those the account already holds): request more in Service Quotas ("EC2-VPC Elastic IPs") before deploying, or use fewer NAT gateways (natGateways: "single").`,
        DOCS.elasticIpQuota,
        "warning",
      );
    }
  }
}

/** Function names, vpcConfig limits, one VPC, and execution roles that may manage ENIs. */
function functions(graph: Graph): void {
  const { report, checkNameLength, ofType, vpcOf, subnetById, resources, roleByArn } = graph;
  for (const fn of ofType(T.function)) {
    checkNameLength(fn, MAX_FUNCTION_NAME, "function-name-length", "Lambda", DOCS.lambdaName);
    const vpcConfig = fn.inputs.vpcConfig;
    if (!vpcConfig) continue;
    const fnSubnets: unknown[] = vpcConfig.subnetIds ?? [];
    const groups: unknown[] = vpcConfig.securityGroupIds ?? [];
    if (fnSubnets.length > MAX_FUNCTION_SUBNETS || groups.length > MAX_FUNCTION_SECURITY_GROUPS) {
      report(
        fn,
        "function-vpc-config-size",
        `vpcConfig has ${fnSubnets.length} subnets and ${groups.length} security groups; Lambda takes at most ${MAX_FUNCTION_SUBNETS} and ${MAX_FUNCTION_SECURITY_GROUPS}.`,
        DOCS.lambdaLimits,
      );
    }
    const vpcs = new Set(
      fnSubnets
        .map(subnetById)
        .filter(Boolean)
        .map((s) => vpcOf(s)),
    );
    if (vpcs.size > 1) {
      report(fn, "function-one-vpc", "its subnets are in more than one VPC.", DOCS.lambdaVpc);
    }
    const role = roleByArn.get(String(fn.inputs.role));
    if (role && !grantsEniManagement(role, resources)) {
      report(
        fn,
        "function-role-eni-permissions",
        `its execution role ${role.name} does not allow managing network interfaces (attach AWSLambdaVPCAccessExecutionRole).`,
        DOCS.lambdaVpc,
      );
    }
  }
}

/** IAM role names, and policy documents with a Statement. */
function iam({ report, checkNameLength, ofType }: Graph): void {
  for (const role of ofType(T.role)) {
    checkNameLength(role, MAX_ROLE_NAME, "role-name-length", "IAM", DOCS.iamLimits);
  }
  const documents: [PlannedResource, unknown][] = [
    ...ofType(T.role).map((r): [PlannedResource, unknown] => [r, r.inputs.assumeRolePolicy]),
    ...[...ofType(T.rolePolicy), ...ofType(T.policy), ...ofType(T.vpcEndpoint)].map(
      (r): [PlannedResource, unknown] => [r, r.inputs.policy],
    ),
  ];
  for (const [r, document] of documents.filter(([, d]) => d !== undefined)) {
    if (!isPolicyDocument(document)) {
      report(
        r,
        "policy-document",
        "its policy document is not JSON with a Statement.",
        DOCS.iamPolicyGrammar,
      );
    }
  }
}

/**
 * Flow logs: a log group name CloudWatch Logs accepts, and for a CloudWatch Logs destination a
 * role of the stack that vpc-flow-logs.amazonaws.com may assume (else delivery fails).
 */
function flowLogs({ report, checkNameLength, ofType, roleByArn }: Graph): void {
  for (const group of ofType(T.logGroup)) {
    checkNameLength(
      group,
      MAX_LOG_GROUP_NAME,
      "log-group-name-length",
      "CloudWatch Logs",
      DOCS.logGroupName,
    );
    const name = group.inputs.name ?? group.inputs.namePrefix ?? group.name;
    if (typeof name === "string" && !takesCharacters(NAME_RULES.logGroup, name)) {
      report(
        group,
        "log-group-name-characters",
        `its name ${JSON.stringify(name)} has characters CloudWatch Logs refuses: use letters, digits and . - _ / #.`,
        DOCS.logGroupName,
      );
    }
  }
  for (const log of ofType(T.flowLog)) {
    const role = roleByArn.get(String(log.inputs.iamRoleArn));
    if ((log.inputs.logDestinationType ?? "cloud-watch-logs") !== "cloud-watch-logs" || !role) {
      continue;
    }
    const trust = parsePolicy(role.inputs.assumeRolePolicy) as { Statement?: unknown } | undefined;
    const statements = [trust?.Statement ?? []].flat() as { Effect?: string; Principal?: any }[];
    const trusted = statements.some(
      (st) =>
        st.Effect === "Allow" &&
        [st.Principal?.Service ?? []].flat().includes("vpc-flow-logs.amazonaws.com"),
    );
    if (!trusted) {
      report(
        log,
        "flow-log-role-trust",
        `its role ${role.name} does not trust vpc-flow-logs.amazonaws.com, so no record would be delivered: allow that service to assume it.`,
        DOCS.flowLogRole,
      );
    }
  }
}

/** Security group rule quotas and names. */
function securityGroups({ report, ofType, byId }: Graph): void {
  const prefixListWeight = (id: unknown) => {
    const list = byId.get(String(id));
    return list?.type === T.managedPrefixList && typeof list.inputs.maxEntries === "number"
      ? list.inputs.maxEntries
      : 1;
  };
  for (const sg of ofType(T.securityGroup)) {
    for (const direction of ["ingress", "egress"] as const) {
      // The quota holds apart for IPv4 and IPv6 rules; a group or prefix list source counts
      // toward both.
      const shared = (rule: any) =>
        (rule.securityGroups ?? []).length +
        (rule.self ? 1 : 0) +
        (rule.prefixListIds ?? []).reduce((n: number, id: unknown) => n + prefixListWeight(id), 0);
      const rulesOf: any[] = sg.inputs[direction] ?? [];
      const counts = {
        IPv4: rulesOf.reduce((n, rule) => n + (rule.cidrBlocks ?? []).length + shared(rule), 0),
        IPv6: rulesOf.reduce((n, rule) => n + (rule.ipv6CidrBlocks ?? []).length + shared(rule), 0),
      };
      for (const [family, count] of Object.entries(counts)) {
        if (count > MAX_SECURITY_GROUP_RULES) {
          report(
            sg,
            "security-group-rule-count",
            `has ${count} ${family} ${direction} rules; a security group takes ${MAX_SECURITY_GROUP_RULES} (each prefix list counts as its maximum entries).`,
            DOCS.securityGroupQuotas,
          );
        }
      }
    }
    if (typeof sg.inputs.name === "string" && sg.inputs.name.toLowerCase().startsWith("sg-")) {
      report(
        sg,
        "security-group-name",
        `its name ${sg.inputs.name} starts with "sg-", which AWS refuses.`,
        DOCS.securityGroupNames,
      );
    }
  }
}

/** Tag counts and lengths. */
function tags({ report, resources }: Graph): void {
  for (const r of resources) {
    const tags = r.inputs.tags;
    if (typeof tags !== "object" || tags === null) continue;
    const entries = Object.entries(tags as Record<string, unknown>);
    if (entries.length > MAX_TAGS) {
      report(r, "tag-count", `has ${entries.length} tags; AWS allows ${MAX_TAGS}.`, DOCS.tags);
    }
    // Each service's own limits (EC2 keys take 127 characters, IAM's 128).
    const rule = tagRuleOf(r.type);
    for (const [key, value] of entries) {
      if (key.length > rule.key.max || String(value).length > rule.value.max) {
        report(
          r,
          "tag-length",
          `tag ${key.slice(0, 40)}… is over ${rule.key.max} characters of key or ${rule.value.max} of value.`,
          DOCS.tags,
        );
      }
    }
  }
}

/** Every rule group, in the order findings are reported. */
export const PREFLIGHT_RULES: readonly PreflightRules[] = [
  { name: "vpcBlocks", checks: "VPC blocks within /16 to /28", run: vpcBlocks },
  {
    name: "subnets",
    checks: "subnet blocks within /16 to /28, inside their VPC, not overlapping",
    run: subnets,
  },
  { name: "subnetRoom", checks: "room in each subnet for the ENIs placed in it", run: subnetRoom },
  { name: "endpoints", checks: "endpoint types, placement and VPCs", run: endpoints },
  {
    name: "routes",
    checks: "one default route per table, route targets in the table's VPC",
    run: routes,
  },
  {
    name: "natGateways",
    checks: "NAT gateways: Elastic IPs, public subnets, regional mode",
    run: natGateways,
  },
  { name: "elasticIps", checks: "the Elastic IP quota per Region", run: elasticIps },
  {
    name: "functions",
    checks: "function names, vpcConfig limits, one VPC, execution roles that may manage ENIs",
    run: functions,
  },
  { name: "iam", checks: "IAM role names, policy documents with a Statement", run: iam },
  {
    name: "flowLogs",
    checks: "log group names, flow log roles trusted by VPC flow logs",
    run: flowLogs,
  },
  { name: "securityGroups", checks: "security group rule quotas and names", run: securityGroups },
  { name: "tags", checks: "tag counts and lengths", run: tags },
];

/** Checks a planned resource graph against the rules the AWS API enforces at deploy time. */
export function preflight(resources: readonly PlannedResource[]): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  const report: Graph["report"] = (r, rule, message, doc, severity = "error") =>
    findings.push({
      resource: `${r.type.split(":").pop()} ${r.name}`,
      rule,
      severity,
      message,
      doc,
    });
  const checkNameLength: Graph["checkNameLength"] = (r, max, rule, service, doc) => {
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
  const planned = new ResourceGraph(resources);
  const graph: Graph = {
    resources,
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
  PREFLIGHT_RULES.forEach((rules) => rules.run(graph));
  return findings;
}

/**
 * A policy document needs a Statement; Version is optional (IAM then applies 2012-10-17's
 * predecessor, 2008-10-17, which lacks policy variables):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
function isPolicyDocument(document: unknown): boolean {
  const parsed = parsePolicy(document);
  return typeof parsed === "object" && parsed !== null && "Statement" in parsed;
}

function parsePolicy(document: unknown): unknown {
  try {
    return typeof document === "string" ? JSON.parse(document) : document;
  } catch {
    return undefined;
  }
}

/** IAM matches actions case-insensitively, with `*` and `?` wildcards. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`, "i").test(action);
}

/** The actions an inline policy document's Allow statements grant (patterns as written). */
function allowedActions(document: unknown): string[] {
  const parsed = parsePolicy(document) as { Statement?: unknown } | undefined;
  const statements = parsed?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list
    .filter((s: { Effect?: unknown }) => s?.Effect === "Allow")
    .flatMap((s: { Action?: unknown }) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((a): a is string => typeof a === "string");
}

/** The role has a managed ENI policy attached, or an inline policy allowing the ENI actions. */
function grantsEniManagement(
  role: PlannedResource,
  resources: readonly PlannedResource[],
): boolean {
  const roleName = role.outputs?.name ?? role.inputs.name;
  // A role is named in an attachment by its name or its id (which for a role is the name), or
  // given as the role resource itself, which the provider receives as a reference to it.
  const names = (r: PlannedResource) => {
    const value: unknown = r.inputs.role;
    return typeof value === "string"
      ? value === roleName || (role.id !== undefined && value === role.id)
      : role.urn !== undefined && (r.propertyDependencies?.role ?? []).includes(role.urn);
  };
  const eniPolicy = (arn: unknown) => ENI_POLICIES.some((p) => String(arn).endsWith(p));
  const managed: unknown[] = Array.isArray(role.inputs.managedPolicyArns)
    ? role.inputs.managedPolicyArns
    : [];
  const attached =
    managed.some(eniPolicy) ||
    resources.some(
      (r) => r.type === T.rolePolicyAttachment && names(r) && eniPolicy(r.inputs.policyArn),
    );
  const inline = resources.some((r) => {
    if (r.type !== T.rolePolicy || !names(r)) return false;
    const granted = allowedActions(r.inputs.policy);
    return ENI_ACTIONS.every((action) => granted.some((p) => actionMatches(p, action)));
  });
  return attached || inline;
}
