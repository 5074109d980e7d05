/**
 * ServiceEndpoints' arguments and their checks: what can be known without the region, checked
 * before anything is registered, and resolved into the one value the component builds from.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { parseSourceBlocks } from "./lib/cidr";
import {
  DEFAULT_ENDPOINT_POLICY_SCOPE,
  EndpointPolicyScope,
  validateEndpointPolicyArgs,
} from "./lib/endpointPolicies";
import {
  checkIngressQuota,
  endpointLabels,
  EndpointSpec,
  ResolvedEndpoint,
  resolveEndpoints,
} from "./lib/endpoints";
import { ArgumentError, positiveInteger } from "./lib/errors";
import { checkSecurityGroupAutoName, names } from "./lib/naming";
import { plainArray, plainValue } from "./lib/plain";
import { Tags, validateTags } from "./tags";

export interface ServiceEndpointsArgs {
  /** The VPC the endpoints are created in. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Subnets for interface endpoints. Each endpoint gets the first of these subnets in every zone
   * its service supports (one per zone, as AWS requires).
   * @default - none; required when `endpoints` lists an interface endpoint
   */
  readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The zone name of each subnet in `subnetIds`, in the same order. With it, placement and
   * zone support are checked before anything is registered, even while subnet ids are unknown;
   * each subnet's zone is still looked up (as soon as its id is known) and must match.
   * @default - each subnet is looked up with `aws.ec2.getSubnet`
   */
  readonly subnetAvailabilityZones?: string[];
  /**
   * Route tables that gateway endpoints (S3, DynamoDB) are added to: usually every private one.
   * @default - none; required when `endpoints` lists a gateway endpoint
   */
  readonly routeTableIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The endpoints, one entry per service and type; gateway type for s3 and dynamodb unless set.
   * Outputs are keyed by service, and by `<service>-interface` for the interface endpoint of s3 or
   * dynamodb.
   */
  readonly endpoints: EndpointSpec[];
  /**
   * IPv4 or IPv6 blocks allowed to reach the interface endpoints on TCP 443.
   * @default - every block of the VPC, IPv4 and IPv6, secondary ones too
   */
  readonly allowedCidrBlocks?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Security groups whose members may reach the interface endpoints on TCP 443.
   * @default - none
   */
  readonly allowedSecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The fewest zones each interface endpoint must cover (after leaving out zones its service
   * does not support).
   * @default 1
   */
  readonly minAvailabilityZones?: number;
  /**
   * The policy of every endpoint whose entry gives none: a data perimeter that lets through only
   * requests by the deploying account's identities to its resources ("Account"), or the
   * organization's ("Organization"), plus AWS service principals and the AWS-owned resources the
   * service is documented to need; "Open" leaves AWS's full-access default. Services that take
   * no endpoint policy get none.
   * @default "Account"
   */
  readonly endpointPolicyScope?: EndpointPolicyScope;
  /**
   * Other accounts whose resources the identities inside the perimeter may use through the
   * endpoints (12-digit ids): the AWS accounts that publish the ECR images or Lambda layers you
   * use (AWS's data-perimeter examples leave them to you: they differ by Region), a partner's
   * bucket. Adds one statement to every perimeter policy; not with "Open".
   * @default - none
   */
  readonly endpointPolicyTrustedAccounts?: string[];
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const SHAPES: ArgSpec<ServiceEndpointsArgs> = {
  vpcId: "stringInput",
  subnetIds: "stringsInput",
  subnetAvailabilityZones: "strings",
  routeTableIds: "stringsInput",
  endpoints: "list",
  allowedCidrBlocks: "stringsInput",
  allowedSecurityGroupIds: "stringsInput",
  minAvailabilityZones: "number",
  endpointPolicyScope: "string",
  endpointPolicyTrustedAccounts: "strings",
  tags: "tags",
};

/**
 * Checks the arguments alone, before anything is registered, and returns the resolved endpoint
 * list. Inputs that are not plain values yet are checked again once known.
 */
export function validateServiceEndpointsArgs(given: ServiceEndpointsArgs): ResolvedEndpoint[] {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  if (args.vpcId === undefined) {
    throw new ArgumentError("vpcId is required: pass the id of the VPC the endpoints go in.");
  }
  const endpoints = resolveEndpoints("endpoints", args.endpoints);
  validateTags(args.tags);
  validateEndpointPolicyArgs(args);
  positiveInteger("minAvailabilityZones", args.minAvailabilityZones, 1);
  const interfaces = endpoints.filter((e) => e.type === "Interface").map((e) => e.service);
  const gateways = endpoints.filter((e) => e.type === "Gateway").map((e) => e.service);
  const subnetIds = plainValue(args.subnetIds);
  if (interfaces.length > 0 && (args.subnetIds === undefined || subnetIds?.length === 0)) {
    throw new ArgumentError(
      `subnetIds is empty, but interface endpoints (${interfaces.join(", ")}) need subnets: pass private subnet ids, one per zone.`,
    );
  }
  const routeTableIds = plainValue(args.routeTableIds);
  if (gateways.length > 0 && (args.routeTableIds === undefined || routeTableIds?.length === 0)) {
    throw new ArgumentError(
      `routeTableIds is empty, but gateway endpoints (${gateways.join(", ")}) are route-table targets: pass the private route table ids, or set type "Interface".`,
    );
  }
  const zones = args.subnetAvailabilityZones;
  if (zones !== undefined && subnetIds !== undefined && zones.length !== subnetIds.length) {
    throw new ArgumentError(
      `subnetAvailabilityZones has ${zones.length} entries but subnetIds has ${subnetIds.length}: give one zone per subnet, in the same order.`,
    );
  }
  const cidrs = plainArray(args.allowedCidrBlocks);
  if (cidrs !== undefined) {
    const groups = plainArray(args.allowedSecurityGroupIds);
    checkIngressQuota(parseSourceBlocks("allowedCidrBlocks", cidrs), groups?.length ?? 0);
  }
  const groups = plainValue(args.allowedSecurityGroupIds);
  if (
    interfaces.length > 0 &&
    cidrs?.length === 0 &&
    (groups === undefined || groups.length === 0)
  ) {
    throw new ArgumentError(
      "allowedCidrBlocks and allowedSecurityGroupIds are both empty, so nothing could reach the interface endpoints: allow a block or a security group, or leave allowedCidrBlocks out to allow the VPC.",
    );
  }
  return endpoints;
}

/**
 * What a parent component of this package (PrivateNetwork, LambdaInterfaceEndpoint) hands the
 * ServiceEndpoints it makes, beside the arguments: the endpoint list it resolved from its own
 * checked arguments, which the child does not check again. The subnets' zones it passes are true
 * by construction (its own subnets, or zones it checked), so the child does not confirm them.
 * Not for programs: a program's ServiceEndpoints resolves its arguments itself.
 */
export interface ResolvedEndpointsOfParent {
  readonly endpoints: ResolvedEndpoint[];
  /**
   * How messages name each entry, by endpoint key: the parent's own argument
   * (`additionalEndpoints[0]`), or "" for an endpoint the parent makes of its own.
   * @default `endpoints[<index>]`
   */
  readonly labels?: ReadonlyMap<string, string>;
  /**
   * The parent, as messages name it (`LambdaInterfaceEndpoint "invoke"`), and how it reports
   * bad input: the child's errors then name the component the user called and its arguments.
   * @default - the child reports as itself
   */
  readonly reportAs?: EndpointsReporter;
  /**
   * Whether the subnets are all dual-stack (PrivateNetwork's `ipv6`): its interface endpoints
   * then take IPv6 addresses where their service accepts them.
   * @default - each subnet is looked up
   */
  readonly dualStack?: boolean;
  /**
   * Whether the subnets' zones the parent passes are true by construction (its own subnets), or
   * given by its user, to be confirmed like a program's.
   * @default true
   */
  readonly zonesTrusted?: boolean;
  /**
   * Blocks admitted to the interface endpoints besides the allowed ones (by default the VPC's):
   * SharedServiceEndpoints' spokes.
   * @default - none
   */
  readonly additionalAllowedCidrBlocks?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Who reports a ServiceEndpoints' errors, and names it in messages of other components. */
export interface EndpointsReporter {
  readonly component: string;
  readonly fail: (message: string) => Error;
}

/**
 * ServiceEndpoints' arguments, resolved once before anything is registered: checked (by the
 * component, or by its parent), with defaults applied. The component reads nothing else of what
 * it was given.
 */
export interface ResolvedServiceEndpoints {
  readonly endpoints: ResolvedEndpoint[];
  /** How messages name each entry, by endpoint key (see ResolvedEndpointsOfParent). */
  readonly labels: ReadonlyMap<string, string>;
  /** The parent that reports for the component; undefined: it reports as itself. */
  readonly reportAs: EndpointsReporter | undefined;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly subnetAvailabilityZones: string[] | undefined;
  /** Whether the subnets are all dual-stack, as the parent says; undefined: looked up. */
  readonly dualStack: boolean | undefined;
  /** Whether `subnetAvailabilityZones` is known true (a parent's), or to be confirmed. */
  readonly zonesTrusted: boolean;
  readonly routeTableIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** Undefined: every block of the VPC. */
  readonly allowedCidrBlocks: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** Admitted besides `allowedCidrBlocks` (or the VPC's blocks): a parent's (see above). */
  readonly additionalAllowedCidrBlocks: pulumi.Input<pulumi.Input<string>[]> | undefined;
  readonly allowedSecurityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly minAvailabilityZones: number;
  readonly endpointPolicyScope: EndpointPolicyScope;
  readonly endpointPolicyTrustedAccounts: string[];
  readonly tags: Tags | undefined;
}

/** Checks the arguments (unless a parent did) and the names the component's gives, and resolves them. */
export function resolveServiceEndpointsArgs(
  component: string,
  given: ServiceEndpointsArgs,
  parent: ResolvedEndpointsOfParent | undefined,
): ResolvedServiceEndpoints {
  const endpoints = parent?.endpoints ?? validateServiceEndpointsArgs(given);
  if (parent === undefined && endpoints.some((e) => e.type === "Interface")) {
    checkSecurityGroupAutoName(names.endpointSecurityGroup(component));
  }
  const args = withoutNulls(given);
  return {
    endpoints,
    labels: parent?.labels ?? endpointLabels("endpoints", endpoints),
    reportAs: parent?.reportAs,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds ?? [],
    subnetAvailabilityZones: args.subnetAvailabilityZones,
    zonesTrusted: parent === undefined ? false : (parent.zonesTrusted ?? true),
    dualStack: parent?.dualStack,
    routeTableIds: args.routeTableIds,
    allowedCidrBlocks: args.allowedCidrBlocks,
    additionalAllowedCidrBlocks: parent?.additionalAllowedCidrBlocks,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    minAvailabilityZones: positiveInteger("minAvailabilityZones", args.minAvailabilityZones, 1),
    endpointPolicyScope: args.endpointPolicyScope ?? DEFAULT_ENDPOINT_POLICY_SCOPE,
    endpointPolicyTrustedAccounts: args.endpointPolicyTrustedAccounts ?? [],
    tags: args.tags,
  };
}
