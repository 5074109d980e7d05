import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { parseSourceBlocks } from "./lib/cidr";
import { estimateMonthlyCostUsd, NO_BILLED_RESOURCES } from "./lib/cost";
import {
  DEFAULT_ENDPOINT_POLICY_SCOPE,
  EndpointPolicyScope,
  PerimeterFacts,
  perimeterPolicy,
  validateEndpointPolicyScope,
  validateTrustedAccounts,
} from "./lib/endpointPolicies";
import {
  checkIngressQuota,
  EndpointPlacement,
  EndpointSpec,
  PlacedSubnet,
  placeInterfaceEndpoints,
  providerSendsInboundResolverOption,
  ResolvedEndpoint,
  resolveEndpoints,
  validatePolicyDocument,
} from "./lib/endpoints";
import { ArgumentError, positiveInteger, rethrowArgumentErrors } from "./lib/errors";
import { checkSecurityGroupAutoName, names, securityGroupText } from "./lib/naming";
import { applyInputs, isKnownNow, mapInput, mapInputs, plainArray, plainValue } from "./lib/plain";
import { checkArgs, defineOutputs, failureOf, initializing, stackScope } from "./component";
import {
  accountIdOf,
  EndpointServiceFacts,
  interfaceServiceZones,
  lookedUp,
  lookUpEndpointServices,
  lookUpEndpointSubnetZone,
  lookUpVpc,
  organizationIdOf,
  partitionOf,
  regionOf,
} from "./lookups";
import { claimPrivateDns } from "./programState";
import { childTags, Tags, validateTags } from "./tags";

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

const CLASS = "ServiceEndpoints";

/** A DNS name of an interface endpoint and the private hosted zone it is in. */
export interface EndpointDnsEntry {
  readonly dnsName: string;
  readonly hostedZoneId: string;
}

/** An endpoint `initialize` made, with its placement when it is an interface endpoint. */
interface CreatedEndpoint {
  /** The service, or `<service>-interface` (see `endpointKey`). */
  readonly key: string;
  readonly resource: aws.ec2.VpcEndpoint;
  readonly placement: pulumi.Input<EndpointPlacement<string>> | undefined;
}

/** What `initialize` made, which the outputs are derived from. */
interface ServiceEndpointsState {
  readonly endpoints: readonly CreatedEndpoint[];
  readonly gatewayEndpoints: number;
  readonly securityGroup: aws.ec2.SecurityGroup | undefined;
}

/**
 * Checks the arguments alone, before anything is registered, and returns the resolved endpoint
 * list. Inputs that are not plain values yet are checked again once known.
 */
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
 * Endpoint lists a parent component resolved already. The list marks arguments the parent built
 * from its own checked ones, so its child checks none of them again.
 */
const resolvedByParent = new WeakMap<readonly EndpointSpec[], ResolvedEndpoint[]>();

/**
 * For PrivateNetwork and LambdaInterfaceEndpoint: hands their child the list they resolved, with
 * arguments their constructor checked (internal; a list given by anyone else is resolved and
 * checked as usual).
 */
export function resolvedEndpointList(
  list: EndpointSpec[],
  resolved: ResolvedEndpoint[],
): EndpointSpec[] {
  resolvedByParent.set(list, resolved);
  return list;
}

export function validateServiceEndpointsArgs(given: ServiceEndpointsArgs): ResolvedEndpoint[] {
  const args = withoutNulls(given);
  const fromParent = args.endpoints && resolvedByParent.get(args.endpoints);
  if (fromParent !== undefined) {
    return fromParent;
  }
  checkArgShapes(SHAPES, args);
  if (args.vpcId === undefined) {
    throw new ArgumentError("vpcId is required: pass the id of the VPC the endpoints go in.");
  }
  const endpoints = resolveEndpoints("endpoints", args.endpoints);
  validateTags(args.tags);
  validateEndpointPolicyScope("endpointPolicyScope", args.endpointPolicyScope);
  validateTrustedAccounts(
    "endpointPolicyTrustedAccounts",
    args.endpointPolicyTrustedAccounts,
    args.endpointPolicyScope,
  );
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
 * VPC endpoints for AWS services: gateway endpoints attached to route tables, and interface
 * endpoints in one subnet per supported zone behind one security group that admits only HTTPS
 * from the allowed sources.
 */
export class ServiceEndpoints extends pulumi.ComponentResource<ServiceEndpointsState> {
  /**
   * Endpoint id by endpoint key: the service short name, or `<service>-interface` for the
   * interface endpoint of s3 or dynamodb, e.g. `{ s3: "vpce-…", sqs: "vpce-…" }`.
   */
  declare public readonly endpointIds: pulumi.Output<Record<string, string>>;
  /** The DNS entries of each interface endpoint, by endpoint key. */
  declare public readonly dnsEntries: pulumi.Output<Record<string, EndpointDnsEntry[]>>;
  /** The zones each interface endpoint covers, by endpoint key. */
  declare public readonly endpointAvailabilityZones: pulumi.Output<Record<string, string[]>>;
  /**
   * The prefix list of each gateway endpoint, by endpoint key (e.g. `{ s3: "pl-…" }`): what a
   * security group's outbound rule names to reach the service through it.
   */
  declare public readonly gatewayPrefixListIds: pulumi.Output<Record<string, string>>;
  /** The interface endpoints' security group; undefined when the list has no interface endpoint. */
  declare public readonly securityGroupId: pulumi.Output<string | undefined>;
  /** Hourly charges of the endpoints for a 730-hour month, in USD (data processing not included). */
  declare public readonly estimatedMonthlyCostUsd: pulumi.Output<number>;

  constructor(
    name: string,
    args: ServiceEndpointsArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const endpoints = checkArgs(CLASS, name, validateServiceEndpointsArgs, args);
    if (endpoints.some((e) => e.type === "Interface")) {
      checkArgs(CLASS, name, checkSecurityGroupAutoName, names.endpointSecurityGroup(name));
    }
    const given = withoutNulls(args);
    // `initialize` gets the arguments as given to super; it finds them checked here.
    checkedArgs.set(given, endpoints);
    super(`lambda-networking:index:${CLASS}`, name, given, opts);
    defineOutputs(this as ServiceEndpoints, this.getData(), {
      endpointIds: (s) => byService(s.endpoints, (e) => e.resource.id),
      dnsEntries: (s) =>
        byService(interfaceEndpoints(s), (e) =>
          e.resource.dnsEntries.apply((entries) =>
            // Mocks written by users may leave dnsEntries out.
            (entries ?? []).map((d) => ({ dnsName: d.dnsName, hostedZoneId: d.hostedZoneId })),
          ),
        ),
      endpointAvailabilityZones: (s) => interfaceZones(s),
      gatewayPrefixListIds: (s) =>
        byService(
          s.endpoints.filter((e) => e.placement === undefined),
          (e) => e.resource.prefixListId,
        ),
      securityGroupId: (s) => s.securityGroup?.id,
      estimatedMonthlyCostUsd: (s) =>
        mapInput(interfaceZones(s), (zones) =>
          estimateMonthlyCostUsd({
            ...NO_BILLED_RESOURCES,
            interfaceEndpointAzs: Object.values(zones).reduce((n, z) => n + z.length, 0),
            gatewayEndpoints: s.gatewayEndpoints,
          }),
        ),
    });
  }

  protected async initialize(
    args: ServiceEndpointsArgs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<ServiceEndpointsState> {
    return initializing(CLASS, name as string, this, () => this.build(args, name as string));
  }

  private async build(args: ServiceEndpointsArgs, name: string): Promise<ServiceEndpointsState> {
    const endpoints = checkedArgs.get(args) as ResolvedEndpoint[];
    const fail = failureOf(CLASS, name, this);
    const region = await regionOf(this, fail);
    const services = await lookUpEndpointServices(this, fail, region, endpoints);
    const placements = await endpointPlacements(
      this,
      args,
      interfaceServiceZones(endpoints, services),
      fail,
    );
    const vpcId = this.claimedVpcId(args, name, endpoints, services, fail);
    const perimeter = await perimeterFacts(this, args, endpoints, services, region, fail);
    const interfaces = endpoints.filter((e) => e.type === "Interface");
    const securityGroup =
      interfaces.length === 0 ? undefined : await this.securityGroup(args, name, fail);
    // Gateways first: an interface endpoint of the same service is created after its gateway.
    const made = new Map<string, aws.ec2.VpcEndpoint>();
    const ordered = [...endpoints].sort(
      (a, b) => Number(a.type !== "Gateway") - Number(b.type !== "Gateway"),
    );
    for (const endpoint of ordered) {
      made.set(
        endpoint.key,
        createEndpoint(this, name, {
          args,
          vpcId,
          endpoint,
          service: services.get(endpoint.key) as EndpointServiceFacts,
          placement: placements.get(endpoint.key),
          perimeter,
          securityGroup,
          gateway: endpoint.gatewayKey === undefined ? undefined : made.get(endpoint.gatewayKey),
          where: `endpoints[${endpoints.indexOf(endpoint)}]`,
          fail,
        }),
      );
    }
    return {
      endpoints: endpoints.map((e) => ({
        key: e.key,
        resource: made.get(e.key) as aws.ec2.VpcEndpoint,
        placement: placements.get(e.key),
      })),
      gatewayEndpoints: endpoints.length - interfaces.length,
      securityGroup,
    };
  }

  /**
   * The VPC id, once each private-DNS endpoint has claimed its service's private DNS zone in it
   * for the program (one per service and VPC): at once for a known id, else as soon as it is
   * known; the endpoints wait for it.
   */
  private claimedVpcId(
    args: ServiceEndpointsArgs,
    name: string,
    endpoints: readonly ResolvedEndpoint[],
    services: ReadonlyMap<string, EndpointServiceFacts>,
    fail: (message: string) => Error,
  ): pulumi.Input<string> {
    const privateDns = endpoints.filter((e) => e.type === "Interface" && e.privateDnsEnabled);
    return mapInput(args.vpcId, (id) =>
      rethrowArgumentErrors(fail, () => {
        for (const e of privateDns) {
          const serviceName = (services.get(e.key) as EndpointServiceFacts).serviceName;
          claimPrivateDns(id, serviceName, `ServiceEndpoints "${name}"`);
        }
        return id;
      }),
    );
  }

  /** The interface endpoints' security group: HTTPS in from the allowed sources, nothing out. */
  private async securityGroup(
    args: ServiceEndpointsArgs,
    name: string,
    fail: (message: string) => Error,
  ): Promise<aws.ec2.SecurityGroup> {
    const allowedCidrBlocks = await this.allowedCidrBlocks(args, fail);
    const groupName = names.endpointSecurityGroup(name);
    const text = securityGroupText(
      groupName,
      `HTTPS to the interface endpoints of ${name}`,
      stackScope(),
    );
    return new aws.ec2.SecurityGroup(
      groupName,
      {
        vpcId: args.vpcId,
        ...text,
        ingress: [httpsIngress(allowedCidrBlocks, args, fail)],
        // No egress: endpoint ENIs only answer; the provider drops AWS's default allow-all.
        egress: [],
        tags: childTags(args.tags, groupName),
      },
      // Not delete-first for a fixed name: names are unique per VPC, and what replaces the group
      // (another VPC, another name) frees it; deleting first would fail while the group is used.
      { parent: this },
    );
  }

  /**
   * The blocks allowed to the interface endpoints: the given ones, else every block of the VPC,
   * IPv4 and IPv6, secondary ones too (clients in any of them reach the endpoints).
   */
  private async allowedCidrBlocks(
    args: ServiceEndpointsArgs,
    fail: (message: string) => Error,
  ): Promise<pulumi.Input<pulumi.Input<string>[]>> {
    if (args.allowedCidrBlocks !== undefined) {
      return args.allowedCidrBlocks;
    }
    const cidrOf = async (id: string) => {
      const vpc = await lookedUp(fail, "vpcId", id, () => lookUpVpc(id, this));
      return [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks];
    };
    const vpcId = plainValue(args.vpcId);
    return vpcId !== undefined ? cidrOf(vpcId) : pulumi.output(args.vpcId).apply(cidrOf);
  }
}

/** Whether a parent component built these arguments from its own checked ones. */
function madeByParent(args: ServiceEndpointsArgs): boolean {
  return args.endpoints !== undefined && resolvedByParent.has(args.endpoints);
}

/** The endpoint list each component's constructor resolved, for its `initialize`. */
const checkedArgs = new WeakMap<object, ResolvedEndpoint[]>();

/** The interface endpoints: those with a placement in the subnets. */
function interfaceEndpoints(state: ServiceEndpointsState): CreatedEndpoint[] {
  return state.endpoints.filter((e) => e.placement !== undefined);
}

/** The zones each interface endpoint covers, by service (plain when every placement is). */
function interfaceZones(state: ServiceEndpointsState) {
  const placed = interfaceEndpoints(state);
  return mapInputs(
    placed.map((e) => e.placement as pulumi.Input<EndpointPlacement<string>>),
    (known) => Object.fromEntries(known.map((p, i) => [placed[i].key, p.availabilityZones])),
  );
}

/** A map by service of one value per endpoint (an Output when any value is one). */
function byService<T>(
  endpoints: readonly CreatedEndpoint[],
  value: (endpoint: CreatedEndpoint) => pulumi.Input<T>,
) {
  return mapInputs(endpoints.map(value), (values) =>
    Object.fromEntries(values.map((v, i) => [endpoints[i].key, v as T])),
  );
}

/** What one endpoint is made from. */
interface EndpointParts {
  readonly args: ServiceEndpointsArgs;
  /** The VPC id, once the endpoints' private DNS names are claimed in it. */
  readonly vpcId: pulumi.Input<string>;
  readonly endpoint: ResolvedEndpoint;
  readonly service: EndpointServiceFacts;
  readonly placement: pulumi.Input<EndpointPlacement<string>> | undefined;
  /** What the default policy is written from; undefined when no endpoint gets one. */
  readonly perimeter: PerimeterFacts | undefined;
  readonly securityGroup: aws.ec2.SecurityGroup | undefined;
  /** The gateway endpoint of the same service, when the list has one. */
  readonly gateway: aws.ec2.VpcEndpoint | undefined;
  /** Its entry in `endpoints`, for errors. */
  readonly where: string;
  readonly fail: (message: string) => Error;
}

/**
 * One endpoint: a gateway in the route tables, or an interface endpoint in its placement. An
 * interface endpoint of S3 answers private DNS only for the inbound Resolver when the S3 gateway
 * endpoint serves the VPC; AWS checks that the gateway exists, so it is created after it.
 */
function createEndpoint(
  parent: pulumi.Resource,
  componentName: string,
  parts: EndpointParts,
): aws.ec2.VpcEndpoint {
  const { args, vpcId, endpoint, service, placement, securityGroup, gateway } = parts;
  const resourceName = names.endpoint(componentName, endpoint.key);
  const common = {
    vpcId,
    // The name AWS returned, which in China is not always com.amazonaws.<region>.<service>.
    serviceName: service.serviceName,
    vpcEndpointType: endpoint.type,
    policy: endpointPolicy(parts),
    tags: childTags(args.tags, resourceName),
  };
  if (placement === undefined) {
    return new aws.ec2.VpcEndpoint(
      resourceName,
      { ...common, routeTableIds: args.routeTableIds },
      { parent },
    );
  }
  // Where the provider would drop the option (China's S3 names), none is sent: AWS's default
  // applies, which is the component's own when the list has the gateway endpoint.
  const sent = providerSendsInboundResolverOption(service.serviceName);
  const inboundOnly = sent ? endpoint.privateDnsOnlyForInboundResolverEndpoint : undefined;
  if (!sent && endpoint.privateDnsOnlyForInboundResolverEndpoint === false) {
    void pulumi.log.warn(
      `${parts.where} (${endpoint.service}): the AWS provider cannot send privateDnsOnlyForInboundResolverEndpoint for ${service.serviceName}, so AWS applies its default, true, which needs the S3 gateway endpoint in the VPC: add { service: "s3" } to the list (or have the VPC's own), or set privateDnsEnabled: false.`,
      parent,
    );
  }
  return new aws.ec2.VpcEndpoint(
    resourceName,
    {
      ...common,
      subnetIds: mapInput(placement, (p) => p.subnetIds),
      securityGroupIds: [(securityGroup as aws.ec2.SecurityGroup).id],
      privateDnsEnabled: endpoint.privateDnsEnabled,
      ...(inboundOnly === undefined
        ? {}
        : { dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: inboundOnly } }),
    },
    {
      parent,
      dependsOn: gateway === undefined ? [] : [gateway],
      // Before interface endpoints of s3 and dynamodb had a key of their own, they were named
      // after the service alone; a list without that service's gateway keeps that name's state.
      aliases:
        endpoint.key !== endpoint.service && gateway === undefined
          ? [{ name: names.endpoint(componentName, endpoint.service) }]
          : [],
    },
  );
}

/**
 * The account or organization the default policies admit, looked up from the provider, when some
 * endpoint gets one: an entry without a policy of its own, for a service that takes policies.
 */
async function perimeterFacts(
  parent: pulumi.Resource,
  args: ServiceEndpointsArgs,
  endpoints: readonly ResolvedEndpoint[],
  services: ReadonlyMap<string, EndpointServiceFacts>,
  region: string,
  fail: (message: string) => Error,
): Promise<PerimeterFacts | undefined> {
  const scope = args.endpointPolicyScope ?? DEFAULT_ENDPOINT_POLICY_SCOPE;
  const needed = endpoints.some(
    (e) => e.policy === undefined && services.get(e.key)?.policySupported,
  );
  if (scope === "Open" || !needed) {
    return undefined;
  }
  const [id, partition] = await Promise.all([
    scope === "Account"
      ? accountIdOf(parent, fail)
      : organizationIdOf(parent, fail, "endpointPolicyScope"),
    partitionOf(parent, fail),
  ]);
  return {
    scope,
    id,
    partition,
    region,
    trustedAccounts: args.endpointPolicyTrustedAccounts ?? [],
  };
}

/**
 * The endpoint's policy: the entry's own, else the perimeter's for its service. A policy change
 * is an update in place (ModifyVpcEndpoint with PolicyDocument, or ResetPolicy when removed:
 * terraform-provider-aws internal/service/ec2/vpc_endpoint.go, resourceVPCEndpointUpdate).
 */
function endpointPolicy({
  endpoint,
  service,
  perimeter,
  where,
  fail,
}: EndpointParts): pulumi.Input<string> | undefined {
  const given = endpoint.policy;
  if (given !== undefined) {
    // A policy given as a string was checked with the arguments; one known only at deployment
    // (built from other resources' outputs) is checked by the same rules once it is known.
    const check = (policy: string) =>
      rethrowArgumentErrors(fail, () => {
        validatePolicyDocument(`${where} (${endpoint.service}).policy`, policy);
        return policy;
      });
    return typeof given === "string" ? given : pulumi.output(given).apply(check);
  }
  return perimeter === undefined || !service.policySupported
    ? undefined
    : JSON.stringify(perimeterPolicy(endpoint.service, perimeter));
}

/** The one ingress rule: TCP 443 from the allowed blocks and groups. */
function httpsIngress(
  allowedCidrBlocks: pulumi.Input<pulumi.Input<string>[]>,
  args: ServiceEndpointsArgs,
  fail: (message: string) => Error,
): aws.types.input.ec2.SecurityGroupIngress {
  const blocks = mapInput(allowedCidrBlocks, (values) =>
    rethrowArgumentErrors(fail, () => parseSourceBlocks("allowedCidrBlocks", values)),
  );
  return {
    description: "HTTPS from allowed sources",
    protocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrBlocks: mapInput(blocks, (b) => b.ipv4),
    ipv6CidrBlocks: mapInput(blocks, (b) => b.ipv6),
    securityGroups: args.allowedSecurityGroupIds ?? [],
  };
}

/**
 * The subnets' zones when known before the ids are: looked up for plain ids, else as given in
 * `subnetAvailabilityZones`. Zones a parent gives for the subnets it made are true by
 * construction; a user's are held against AWS's answer (two subnets of one zone declared a and b
 * would give an endpoint two subnets in one zone, which AWS refuses): now for plain ids, else
 * with `confirm`, once the ids are known.
 */
async function subnetZones(
  args: ServiceEndpointsArgs,
  lookUpZone: (id: string) => Promise<string>,
  fail: (message: string) => Error,
): Promise<{
  knownZones: string[] | undefined;
  confirm: ((ids: readonly string[]) => Promise<void>) | undefined;
}> {
  const plainIds = plainArray(args.subnetIds);
  const asserted = args.subnetAvailabilityZones;
  const lookedUp = plainIds === undefined ? undefined : await Promise.all(plainIds.map(lookUpZone));
  const confirm = async (ids: readonly string[]) => {
    const actual = lookedUp ?? (await Promise.all(ids.map(lookUpZone)));
    const wrong = ids.findIndex((_, i) => asserted?.[i] !== undefined && asserted[i] !== actual[i]);
    if (wrong >= 0) {
      throw fail(
        `subnetAvailabilityZones says ${ids[wrong]} is in ${asserted?.[wrong]}, but AWS puts it in ${actual[wrong]}: correct subnetAvailabilityZones, or leave it out to have the zones looked up.`,
      );
    }
  };
  if (asserted === undefined || madeByParent(args)) {
    return { knownZones: lookedUp ?? asserted, confirm: undefined };
  }
  if (plainIds !== undefined) {
    await confirm(plainIds);
    return { knownZones: lookedUp, confirm: undefined };
  }
  return { knownZones: asserted, confirm };
}

/**
 * Where each interface endpoint goes, by service. When the subnets' zones are known up front
 * (given in `subnetAvailabilityZones`, or looked up now for plain ids), an endpoint with no
 * supported zone fails before anything is registered. Ids known only at deployment are looked up
 * then, once for all endpoints, and checked as soon as they are known.
 */
async function endpointPlacements(
  parent: pulumi.Resource,
  args: ServiceEndpointsArgs,
  supportedZones: Map<string, string[]>,
  fail: (message: string) => Error,
): Promise<Map<string, pulumi.Input<EndpointPlacement<string>>>> {
  const placements = new Map<string, pulumi.Input<EndpointPlacement<string>>>();
  if (supportedZones.size === 0) {
    return placements;
  }
  const vpcId = plainValue(args.vpcId);
  const lookUpZone = (id: string) => lookUpEndpointSubnetZone(fail, parent, id, vpcId);
  const minimum = positiveInteger("minAvailabilityZones", args.minAvailabilityZones, 1);
  const checked = <Id>(subnets: PlacedSubnet<Id>[]) =>
    rethrowArgumentErrors(fail, () =>
      placeInterfaceEndpoints(subnets, supportedZones, minimum, "add subnets in those zones"),
    );
  // One Output of the ids for all the endpoints, when they are not known yet: each mapInput
  // of the list itself would combine its elements again.
  const givenIds = args.subnetIds ?? [];
  const subnetIds = isKnownNow(givenIds) ? givenIds : pulumi.output(givenIds);
  const { knownZones, confirm } = await subnetZones(args, lookUpZone, fail);
  if (knownZones !== undefined) {
    const byIndex = checked(
      knownZones.map((availabilityZone, i) => ({ subnetId: i, availabilityZone })),
    );
    for (const [service, placement] of byIndex) {
      const place = (ids: string[]) => {
        if (ids.length !== knownZones.length) {
          throw fail(
            `subnetAvailabilityZones has ${knownZones.length} entries but subnetIds has ${ids.length}: give one zone per subnet, in the same order.`,
          );
        }
        return { ...placement, subnetIds: placement.subnetIds.map((i) => ids[i]) };
      };
      placements.set(
        service,
        confirm === undefined
          ? mapInput(subnetIds, place)
          : applyInputs([subnetIds], async ([ids]) => (await confirm(ids), place(ids))),
      );
    }
    return placements;
  }
  const looked = applyInputs([subnetIds], ([ids]) =>
    Promise.all(ids.map(async (id) => ({ subnetId: id, availabilityZone: await lookUpZone(id) }))),
  ).apply(checked);
  for (const service of supportedZones.keys()) {
    placements.set(
      service,
      looked.apply((byService) => byService.get(service) as EndpointPlacement<string>),
    );
  }
  return placements;
}
