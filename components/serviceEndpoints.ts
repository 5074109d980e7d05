import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseSourceBlocks } from "./lib/cidr";
import { BilledResources, estimateMonthlyCostUsd, NO_BILLED_RESOURCES } from "./lib/cost";
import {
  checkInterfacePlacement,
  EndpointPlacement,
  EndpointSpec,
  endpointServiceName,
  placeInterfaceEndpoint,
  ResolvedEndpoint,
  resolveEndpoints,
} from "./lib/endpoints";
import { ArgumentError, positiveInteger, rethrowArgumentErrors } from "./lib/errors";
import { names } from "./lib/naming";
import { plainArray, plainValue } from "./lib/plain";
import { checkArgs, dataOutput, failureOf } from "./component";
import { endpointServiceZones, lookedUp, lookUpSubnet, lookUpVpc, regionOf } from "./lookups";
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
   * zone support are checked before anything is registered, even while subnet ids are unknown.
   * @default - each subnet is looked up with `aws.ec2.getSubnet`
   */
  readonly subnetAvailabilityZones?: string[];
  /**
   * Route tables that gateway endpoints (S3, DynamoDB) are added to: usually every private one.
   * @default - none; required when `endpoints` lists a gateway endpoint
   */
  readonly routeTableIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** The endpoints, one entry per service; gateway type for s3 and dynamodb unless set. */
  readonly endpoints: EndpointSpec[];
  /**
   * IPv4 or IPv6 blocks allowed to reach the interface endpoints on TCP 443.
   * @default - the VPC's primary CIDR block
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

interface ServiceEndpointsData {
  endpointIds: pulumi.Output<Record<string, string>>;
  dnsEntries: pulumi.Output<Record<string, EndpointDnsEntry[]>>;
  endpointAvailabilityZones: pulumi.Output<Record<string, string[]>>;
  securityGroupId: pulumi.Output<string | undefined>;
  estimatedMonthlyCostUsd: pulumi.Output<number>;
}

/**
 * Checks the arguments alone, before anything is registered, and returns the resolved endpoint
 * list. Inputs that are not plain values yet are checked again once known.
 */
export function validateServiceEndpointsArgs(args: ServiceEndpointsArgs): ResolvedEndpoint[] {
  if (args === undefined || args.vpcId === undefined) {
    throw new ArgumentError("vpcId is required: pass the id of the VPC the endpoints go in.");
  }
  const endpoints = resolveEndpoints("endpoints", args.endpoints);
  validateTags(args.tags);
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
    parseSourceBlocks("allowedCidrBlocks", cidrs);
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
export class ServiceEndpoints extends pulumi.ComponentResource<ServiceEndpointsData> {
  /** Endpoint id by service short name, e.g. `{ s3: "vpce-…", sqs: "vpce-…" }`. */
  public readonly endpointIds: pulumi.Output<Record<string, string>>;
  /** The DNS entries of each interface endpoint, by service. */
  public readonly dnsEntries: pulumi.Output<Record<string, EndpointDnsEntry[]>>;
  /** The zones each interface endpoint covers, by service. */
  public readonly endpointAvailabilityZones: pulumi.Output<Record<string, string[]>>;
  /** The interface endpoints' security group; undefined when the list has no interface endpoint. */
  public readonly securityGroupId: pulumi.Output<string | undefined>;
  /** Hourly charges of the endpoints for a 730-hour month, in USD (data processing not included). */
  public readonly estimatedMonthlyCostUsd: pulumi.Output<number>;

  constructor(
    name: string,
    args: ServiceEndpointsArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    checkArgs(CLASS, name, validateServiceEndpointsArgs, args);
    super(`lambda-networking:index:${CLASS}`, name, args, opts);
    const data = this.getData();
    this.endpointIds = dataOutput(data, "endpointIds");
    this.dnsEntries = dataOutput(data, "dnsEntries");
    this.endpointAvailabilityZones = dataOutput(data, "endpointAvailabilityZones");
    this.securityGroupId = dataOutput(data, "securityGroupId");
    this.estimatedMonthlyCostUsd = dataOutput(data, "estimatedMonthlyCostUsd");
  }

  protected async initialize(
    args: ServiceEndpointsArgs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<ServiceEndpointsData> {
    const componentName = name as string;
    const endpoints = checkArgs(CLASS, componentName, validateServiceEndpointsArgs, args);
    const fail = failureOf(CLASS, componentName, this);

    const region = await regionOf(this);
    const supportedZones = await endpointServiceZones(this, fail, region, endpoints);
    const placements = await placeInterfaceEndpoints(this, args, supportedZones, fail);

    const interfaces = endpoints.filter((e) => e.type === "Interface");
    const securityGroup =
      interfaces.length === 0
        ? undefined
        : new aws.ec2.SecurityGroup(
            names.endpointSecurityGroup(componentName),
            {
              vpcId: args.vpcId,
              description: `HTTPS to the interface endpoints of ${componentName}`,
              ingress: [this.httpsIngress(args, fail)],
              // No egress: endpoint ENIs only answer; the provider drops AWS's default allow-all.
              egress: [],
              tags: childTags(args.tags, names.endpointSecurityGroup(componentName)),
            },
            { parent: this },
          );

    const created = endpoints.map((endpoint) => {
      const resourceName = names.endpoint(componentName, endpoint.service);
      const common = {
        vpcId: args.vpcId,
        serviceName: endpointServiceName(region, endpoint.service),
        vpcEndpointType: endpoint.type,
        policy: endpoint.policy,
        tags: childTags(args.tags, resourceName),
      };
      const placement = placements.get(endpoint.service);
      const resource =
        placement === undefined
          ? new aws.ec2.VpcEndpoint(
              resourceName,
              { ...common, routeTableIds: args.routeTableIds },
              { parent: this },
            )
          : new aws.ec2.VpcEndpoint(
              resourceName,
              {
                ...common,
                subnetIds: placement.apply((p) => p.subnetIds),
                securityGroupIds: [(securityGroup as aws.ec2.SecurityGroup).id],
                privateDnsEnabled: endpoint.privateDnsEnabled,
              },
              { parent: this },
            );
      return { endpoint, resource, placement };
    });

    const interfaceZones = pulumi
      .all(
        created
          .filter((c) => c.placement !== undefined)
          .map((c) =>
            (c.placement as pulumi.Output<EndpointPlacement<string>>).apply(
              (p): [string, string[]] => [c.endpoint.service, p.availabilityZones],
            ),
          ),
      )
      .apply((pairs) => Object.fromEntries(pairs));
    const billed = interfaceZones.apply((byService): BilledResources => ({
      ...NO_BILLED_RESOURCES,
      interfaceEndpointAzs: Object.values(byService).reduce((n, zones) => n + zones.length, 0),
      gatewayEndpoints: endpoints.length - interfaces.length,
    }));

    const data: ServiceEndpointsData = {
      endpointIds: pulumi
        .all(
          created.map((c) =>
            c.resource.id.apply((id): [string, string] => [c.endpoint.service, id]),
          ),
        )
        .apply((pairs) => Object.fromEntries(pairs)),
      dnsEntries: pulumi
        .all(
          created
            .filter((c) => c.endpoint.type === "Interface")
            .map((c) =>
              c.resource.dnsEntries.apply((entries): [string, EndpointDnsEntry[]] => [
                c.endpoint.service,
                // Mocks written by users may leave dnsEntries out.
                (entries ?? []).map((e) => ({ dnsName: e.dnsName, hostedZoneId: e.hostedZoneId })),
              ]),
            ),
        )
        .apply((pairs) => Object.fromEntries(pairs)),
      endpointAvailabilityZones: interfaceZones,
      securityGroupId: securityGroup === undefined ? pulumi.output(undefined) : securityGroup.id,
      estimatedMonthlyCostUsd: billed.apply(estimateMonthlyCostUsd),
    };
    this.registerOutputs(data);
    return data;
  }

  /** The one ingress rule: TCP 443 from the allowed blocks (default: the VPC's) and groups. */
  private httpsIngress(
    args: ServiceEndpointsArgs,
    fail: (message: string) => Error,
  ): aws.types.input.ec2.SecurityGroupIngress {
    const blocks = pulumi
      .output(
        args.allowedCidrBlocks ??
          pulumi
            .output(args.vpcId)
            .apply((id) => lookUpVpc(id, this))
            .apply((vpc) => [vpc.cidrBlock]),
      )
      .apply((values) =>
        rethrowArgumentErrors(fail, () => parseSourceBlocks("allowedCidrBlocks", values)),
      );
    return {
      description: "HTTPS from allowed sources",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: blocks.apply((b) => b.ipv4),
      ipv6CidrBlocks: blocks.apply((b) => b.ipv6),
      securityGroups: args.allowedSecurityGroupIds ?? [],
    };
  }
}

/**
 * Where each interface endpoint goes, by service. When the subnets' zones are known up front
 * (given in `subnetAvailabilityZones`, or looked up now for plain ids), an endpoint with no
 * supported zone fails before anything is registered. Ids known only at deployment are looked up
 * then, once for all endpoints, and checked as soon as they are known.
 */
async function placeInterfaceEndpoints(
  parent: pulumi.Resource,
  args: ServiceEndpointsArgs,
  supportedZones: Map<string, string[]>,
  fail: (message: string) => Error,
): Promise<Map<string, pulumi.Output<EndpointPlacement<string>>>> {
  const placements = new Map<string, pulumi.Output<EndpointPlacement<string>>>();
  if (supportedZones.size === 0) {
    return placements;
  }
  const lookUpZone = async (id: string) =>
    (await lookedUp(fail, "subnetIds", id, () => lookUpSubnet(id, parent))).availabilityZone;
  const minimum = positiveInteger("minAvailabilityZones", args.minAvailabilityZones, 1);
  const check = (service: string, placement: EndpointPlacement<unknown>) =>
    rethrowArgumentErrors(fail, () =>
      checkInterfacePlacement(
        service,
        placement,
        supportedZones.get(service) ?? [],
        minimum,
        "add subnets in those zones",
      ),
    );
  const subnetIds = pulumi.output(args.subnetIds ?? []);
  const plainIds = plainArray(args.subnetIds);
  const knownZones =
    args.subnetAvailabilityZones ??
    (plainIds === undefined ? undefined : await Promise.all(plainIds.map(lookUpZone)));

  if (knownZones !== undefined) {
    for (const [service, supported] of supportedZones) {
      const byIndex = placeInterfaceEndpoint(
        knownZones.map((availabilityZone, i) => ({ subnetId: i, availabilityZone })),
        supported,
      );
      check(service, byIndex);
      placements.set(
        service,
        subnetIds.apply((ids) => {
          if (ids.length !== knownZones.length) {
            throw fail(
              `subnetAvailabilityZones has ${knownZones.length} entries but subnetIds has ${ids.length}: give one zone per subnet, in the same order.`,
            );
          }
          return { ...byIndex, subnetIds: byIndex.subnetIds.map((i) => ids[i]) };
        }),
      );
    }
    return placements;
  }
  const looked = subnetIds.apply((ids) =>
    Promise.all(ids.map(async (id) => ({ subnetId: id, availabilityZone: await lookUpZone(id) }))),
  );
  for (const [service, supported] of supportedZones) {
    placements.set(
      service,
      looked.apply((subnets) => {
        const placement = placeInterfaceEndpoint(subnets, supported);
        check(service, placement);
        return placement;
      }),
    );
  }
  return placements;
}
