import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AvailabilityZone,
  selectAvailabilityZones,
  validateAvailabilityZoneRequest,
} from "./lib/azs";
import {
  availabilityZoneSlot,
  DEFAULT_VPC_CIDR_BLOCK,
  parseVpcCidrBlock,
  subnetBlocksForZone,
} from "./lib/cidr";
import { estimateMonthlyCostUsd, NO_BILLED_RESOURCES, roundUsd } from "./lib/cost";
import {
  checkInterfacePlacement,
  EndpointSpec,
  placeInterfaceEndpoint,
  ResolvedEndpoint,
  resolveEndpoints,
} from "./lib/endpoints";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { rethrowArgumentErrors } from "./lib/errors";
import { NatGatewayStrategy, natGatewayZoneFor, validateNatGatewayStrategy } from "./lib/nat";
import { checkEndpointsChildAutoName, names } from "./lib/naming";
import { mapInput, plainValue } from "./lib/plain";
import { checkArgs, defineOutputs, failureOf, initializing } from "./component";
import {
  availabilityZonesOf,
  interfaceServiceZones,
  lookUpEndpointServices,
  regionOf,
} from "./lookups";
import { recordPublicSubnet } from "./programState";
import { ServiceEndpoints } from "./serviceEndpoints";
import { childTags, Tags, validateTags } from "./tags";

export interface PrivateNetworkArgs {
  /**
   * The VPC's IPv4 block: private (RFC 1918), /16 to /21. Private subnets take its first half,
   * one slot per zone letter; public subnets a small part of the second half; the rest is free.
   * @default "10.0.0.0/16"
   */
  readonly cidrBlock?: pulumi.Input<string>;
  /**
   * How many zones to spread over: the first ones by name, after `excludeAvailabilityZoneIds`.
   * Give at most one of this, `availabilityZoneNames` and `availabilityZoneIds`.
   * @default 3
   */
  readonly availabilityZoneCount?: number;
  /**
   * The zones to use, by name (e.g. `us-east-1a`).
   * @default - the first `availabilityZoneCount` zones
   */
  readonly availabilityZoneNames?: string[];
  /**
   * The zones to use, by zone ID (e.g. `use1-az1`), which names the same physical zone in every account.
   * @default - the first `availabilityZoneCount` zones
   */
  readonly availabilityZoneIds?: string[];
  /**
   * Zone IDs never chosen by `availabilityZoneCount`, nor accepted by name or ID.
   * @default ["use1-az3"], a constrained zone that Lambda's interface endpoint does not support
   */
  readonly excludeAvailabilityZoneIds?: string[];
  /**
   * Internet access for the private subnets: "none" (no internet gateway, no public subnets),
   * "single" (one NAT gateway) or "perAz" (a NAT gateway per zone, zone-local egress).
   * @default "none"
   */
  readonly natGateways?: NatGatewayStrategy;
  /**
   * VPC endpoints to create in the private subnets and route tables, one entry per service.
   * @default - none
   */
  readonly endpoints?: EndpointSpec[];
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const CLASS = "PrivateNetwork";

/** Everything about the arguments that can be known without the region. */
interface ValidatedArgs {
  readonly natGateways: NatGatewayStrategy;
  readonly endpoints: ResolvedEndpoint[];
}

/** What `initialize` made, which the outputs are derived from. */
interface PrivateNetworkState {
  readonly vpc: aws.ec2.Vpc;
  readonly zones: readonly AvailabilityZone[];
  readonly privateSubnets: readonly { subnet: aws.ec2.Subnet; routeTable: aws.ec2.RouteTable }[];
  readonly publicSubnets: readonly aws.ec2.Subnet[];
  readonly natGateways: readonly aws.ec2.NatGateway[];
  readonly endpoints: ServiceEndpoints | undefined;
  /** The NAT gateways' and their addresses' share of the monthly cost. */
  readonly natCostUsd: number;
}

const SHAPES: ArgSpec<PrivateNetworkArgs> = {
  cidrBlock: "stringInput",
  availabilityZoneCount: "number",
  availabilityZoneNames: "strings",
  availabilityZoneIds: "strings",
  excludeAvailabilityZoneIds: "strings",
  natGateways: "string",
  endpoints: "list",
  tags: "tags",
};

/** Checks the arguments alone, before anything is registered. */
export function validatePrivateNetworkArgs(given: PrivateNetworkArgs): ValidatedArgs {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  const cidrBlock = plainValue(args.cidrBlock);
  if (cidrBlock !== undefined) {
    parseVpcCidrBlock(cidrBlock);
  }
  validateAvailabilityZoneRequest(args);
  for (const zone of args.availabilityZoneNames ?? []) {
    availabilityZoneSlot(zone);
  }
  validateTags(args.tags);
  return {
    natGateways: validateNatGatewayStrategy(args.natGateways),
    endpoints: resolveEndpoints("endpoints", args.endpoints),
  };
}

/**
 * A VPC for Lambda functions and the resources they reach: one private subnet and route table
 * per zone, optional NAT gateways (with the public subnets and internet gateway they need), and
 * VPC endpoints. Subnet blocks and names are keyed by zone, so growing the network never moves
 * or replaces what exists.
 */
export class PrivateNetwork extends pulumi.ComponentResource<PrivateNetworkState> {
  declare public readonly vpcId: pulumi.Output<string>;
  declare public readonly vpcCidrBlock: pulumi.Output<string>;
  /** Zone names, sorted; `privateSubnetIds` and `privateRouteTableIds` follow the same order. */
  declare public readonly availabilityZones: pulumi.Output<string[]>;
  /** Zone IDs of `availabilityZones`, in the same order. */
  declare public readonly availabilityZoneIds: pulumi.Output<string[]>;
  declare public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Empty unless `natGateways` is "single" or "perAz". */
  declare public readonly publicSubnetIds: pulumi.Output<string[]>;
  declare public readonly privateRouteTableIds: pulumi.Output<string[]>;
  declare public readonly natGatewayIds: pulumi.Output<string[]>;
  /** Endpoint id by service short name. */
  declare public readonly endpointIds: pulumi.Output<Record<string, string>>;
  /** Hourly charges (NAT gateways, their IPv4 addresses, interface endpoints) for a 730-hour month, in USD. */
  declare public readonly estimatedMonthlyCostUsd: pulumi.Output<number>;

  constructor(
    name: string,
    args: PrivateNetworkArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const checked = checkArgs(CLASS, name, validatePrivateNetworkArgs, args);
    if (checked.endpoints.some((e) => e.type === "Interface")) {
      checkArgs(CLASS, name, checkEndpointsChildAutoName, name);
    }
    super(`lambda-networking:index:${CLASS}`, name, withoutNulls(args), opts);
    defineOutputs(this as PrivateNetwork, this.getData(), {
      vpcId: (s) => s.vpc.id,
      vpcCidrBlock: (s) => s.vpc.cidrBlock,
      availabilityZones: (s) => s.zones.map((z) => z.name),
      availabilityZoneIds: (s) => s.zones.map((z) => z.id),
      privateSubnetIds: (s) => pulumi.all(s.privateSubnets.map((p) => p.subnet.id)),
      publicSubnetIds: (s) => pulumi.all(s.publicSubnets.map((subnet) => subnet.id)),
      privateRouteTableIds: (s) => pulumi.all(s.privateSubnets.map((p) => p.routeTable.id)),
      natGatewayIds: (s) => pulumi.all(s.natGateways.map((nat) => nat.id)),
      endpointIds: (s) => s.endpoints?.endpointIds ?? {},
      estimatedMonthlyCostUsd: (s) =>
        mapInput(s.endpoints?.estimatedMonthlyCostUsd ?? 0, (endpointCost) =>
          roundUsd(s.natCostUsd + endpointCost),
        ),
    });
  }

  protected async initialize(
    args: PrivateNetworkArgs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<PrivateNetworkState> {
    return initializing(CLASS, name as string, this, () => this.build(args, name as string));
  }

  private async build(
    args: PrivateNetworkArgs,
    componentName: string,
  ): Promise<PrivateNetworkState> {
    const checked = checkArgs(CLASS, componentName, validatePrivateNetworkArgs, args);
    const fail = failureOf(CLASS, componentName, this);
    const zones = await this.chooseZones(fail, args, checked.endpoints);
    const zoneNames = zones.map((z) => z.name);
    const tags = (resourceName: string) => childTags(args.tags, resourceName);

    // A block known only at deployment (e.g. from IPAM) is checked as soon as it is known, and
    // the VPC registers only a block that passed.
    const cidrBlock = mapInput(args.cidrBlock ?? DEFAULT_VPC_CIDR_BLOCK, (block) =>
      rethrowArgumentErrors(fail, () => (parseVpcCidrBlock(block), block)),
    );
    const vpc = new aws.ec2.Vpc(
      names.vpc(componentName),
      {
        cidrBlock,
        // Both are needed for interface endpoints' private DNS names to resolve.
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: tags(names.vpc(componentName)),
      },
      { parent: this },
    );
    const blocks = (zone: string) =>
      mapInput(cidrBlock, (block) =>
        rethrowArgumentErrors(fail, () => subnetBlocksForZone(parseVpcCidrBlock(block), zone)),
      );

    const privateSubnets = zones.map((zone) => {
      const subnetName = names.privateSubnet(componentName, zone.name);
      const subnet = new aws.ec2.Subnet(
        subnetName,
        {
          vpcId: vpc.id,
          availabilityZone: zone.name,
          cidrBlock: mapInput(blocks(zone.name), (b) => b.privateCidrBlock),
          mapPublicIpOnLaunch: false,
          tags: tags(subnetName),
        },
        { parent: this },
      );
      const routeTable = new aws.ec2.RouteTable(
        subnetName,
        { vpcId: vpc.id, tags: tags(subnetName) },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        subnetName,
        { subnetId: subnet.id, routeTableId: routeTable.id },
        { parent: this },
      );
      return { zone: zone.name, subnet, routeTable };
    });

    const natZoneFor = natGatewayZoneFor(checked.natGateways, zoneNames);
    const natZones = [...new Set(natZoneFor.values())].filter((z): z is string => z !== undefined);
    const natGateways = new Map<string, aws.ec2.NatGateway>();
    const publicSubnets: aws.ec2.Subnet[] = [];
    if (checked.natGateways !== "none") {
      const igw = new aws.ec2.InternetGateway(
        names.internetGateway(componentName),
        { vpcId: vpc.id, tags: tags(names.internetGateway(componentName)) },
        { parent: this },
      );
      const publicRouteTable = new aws.ec2.RouteTable(
        names.publicRouteTable(componentName),
        { vpcId: vpc.id, tags: tags(names.publicRouteTable(componentName)) },
        { parent: this },
      );
      new aws.ec2.Route(
        names.publicRouteTable(componentName),
        { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
        { parent: this },
      );
      for (const zone of zoneNames) {
        const subnetName = names.publicSubnet(componentName, zone);
        const subnet = new aws.ec2.Subnet(
          subnetName,
          {
            vpcId: vpc.id,
            availabilityZone: zone,
            cidrBlock: mapInput(blocks(zone), (b) => b.publicCidrBlock),
            // Only NAT gateways live here, and they bring their own Elastic IP.
            mapPublicIpOnLaunch: false,
            tags: tags(subnetName),
          },
          { parent: this },
        );
        new aws.ec2.RouteTableAssociation(
          subnetName,
          { subnetId: subnet.id, routeTableId: publicRouteTable.id },
          { parent: this },
        );
        publicSubnets.push(subnet);
        subnet.id.apply((id) => recordPublicSubnet(id, `PrivateNetwork "${componentName}"`));
        if (natZones.includes(zone)) {
          const natName = names.natGateway(componentName, zone);
          // An Elastic IP and a public NAT gateway need the VPC's internet gateway attached first.
          const eip = new aws.ec2.Eip(
            natName,
            { domain: "vpc", tags: tags(natName) },
            { parent: this, dependsOn: [igw] },
          );
          natGateways.set(
            zone,
            new aws.ec2.NatGateway(
              natName,
              {
                allocationId: eip.allocationId,
                subnetId: subnet.id,
                connectivityType: "public",
                tags: tags(natName),
              },
              { parent: this, dependsOn: [igw] },
            ),
          );
        }
      }
    }

    for (const { zone, routeTable } of privateSubnets) {
      const natZone = natZoneFor.get(zone);
      if (natZone !== undefined) {
        new aws.ec2.Route(
          names.privateSubnet(componentName, zone),
          {
            routeTableId: routeTable.id,
            destinationCidrBlock: "0.0.0.0/0",
            natGatewayId: (natGateways.get(natZone) as aws.ec2.NatGateway).id,
          },
          { parent: this },
        );
      }
    }

    const endpoints =
      checked.endpoints.length === 0
        ? undefined
        : new ServiceEndpoints(
            names.endpoints(componentName),
            {
              vpcId: vpc.id,
              subnetIds: privateSubnets.map((p) => p.subnet.id),
              subnetAvailabilityZones: zoneNames,
              routeTableIds: privateSubnets.map((p) => p.routeTable.id),
              endpoints: args.endpoints ?? [],
              allowedCidrBlocks: [vpc.cidrBlock],
              tags: args.tags,
            },
            { parent: this },
          );

    return {
      vpc,
      zones,
      privateSubnets,
      publicSubnets,
      natGateways: [...natGateways.values()],
      endpoints,
      natCostUsd: estimateMonthlyCostUsd({
        ...NO_BILLED_RESOURCES,
        natGateways: natGateways.size,
        publicIpv4Addresses: natGateways.size,
      }),
    };
  }

  /**
   * Looks up the region's zones and the endpoint services' zones, and checks the request against
   * them, all before the first child is registered.
   */
  private async chooseZones(
    fail: (message: string) => Error,
    args: PrivateNetworkArgs,
    endpoints: readonly ResolvedEndpoint[],
  ): Promise<AvailabilityZone[]> {
    const [region, offered] = await Promise.all([
      regionOf(this, fail),
      availabilityZonesOf(this, fail),
    ]);
    const zones = rethrowArgumentErrors(fail, () => selectAvailabilityZones(args, offered, region));
    rethrowArgumentErrors(fail, () => zones.forEach((z) => availabilityZoneSlot(z.name)));
    const services = await lookUpEndpointServices(this, fail, region, endpoints);
    for (const [service, serviceZones] of interfaceServiceZones(endpoints, services)) {
      const placement = placeInterfaceEndpoint(
        zones.map((z) => ({ subnetId: z.name, availabilityZone: z.name })),
        serviceZones,
      );
      rethrowArgumentErrors(fail, () =>
        checkInterfacePlacement(
          service,
          placement,
          serviceZones,
          1,
          "choose zones that include one of those",
        ),
      );
    }
    return zones;
  }
}
