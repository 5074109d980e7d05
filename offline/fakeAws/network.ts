/**
 * The fake AWS's network look-ups: subnets, VPCs, route tables (the world's and those the program
 * registered, with the routes its routes and gateway endpoints add) and the prefix lists of
 * gateway endpoint services.
 */
import { recordedRegistrations, resourcesOfType } from "../recorder";
import {
  ACCOUNT_ID,
  currentWorld,
  invokeError,
  mockServiceName,
  MockRoute,
  MockRouteTable,
  MockSubnet,
  MockVpc,
  notInWorld,
  partitionOfRegion,
  shortHash,
  TYPES,
  zonesOf,
} from "./world";

export function subnetById(id: string, region: string): Record<string, any> {
  const given = currentWorld().subnets.find((s) => s.id === id);
  const registered = recordedRegistrations().find(
    (r) => r.type === "aws:ec2/subnet:Subnet" && r.id === id,
  );
  const subnet: MockSubnet | undefined =
    given ?? (registered ? ({ id, ...registered.inputs } as MockSubnet) : undefined);
  if (subnet === undefined) {
    throw invokeError(
      `no matching EC2 Subnet found ${notInWorld(id, `describe-subnets --subnet-ids ${id}`)}`,
    );
  }
  const zone = zonesOf(region).find((z) => z.name === subnet.availabilityZone);
  const owner = subnet.ownerId ?? ACCOUNT_ID;
  return {
    ...subnet,
    id,
    availabilityZoneId: subnet.availabilityZoneId ?? zone?.id ?? "",
    ipv6CidrBlock: subnet.ipv6CidrBlock ?? "",
    ipv6Native: subnet.ipv6Native ?? subnet.cidrBlock === "",
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch ?? false,
    defaultForAz: subnet.defaultForAz ?? false,
    ownerId: owner,
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${owner}:subnet/${id}`,
  };
}

/** Route tables of the world and of the resources registered so far, as one list. */
function allRouteTables(): MockRouteTable[] {
  const registered = resourcesOfType(TYPES.routeTable).map((t): MockRouteTable => ({
    id: t.id as string,
    vpcId: t.inputs.vpcId,
    subnetIds: resourcesOfType(TYPES.routeTableAssociation)
      .filter((a) => a.inputs.routeTableId === t.id)
      .map((a) => a.inputs.subnetId),
    routes: [
      ...resourcesOfType(TYPES.route)
        .filter((r) => r.inputs.routeTableId === t.id)
        .map((r) => ({
          cidrBlock: r.inputs.destinationCidrBlock,
          gatewayId: r.inputs.gatewayId,
          natGatewayId: r.inputs.natGatewayId,
        })),
      // A gateway endpoint adds a route to its service's prefix list in each of its tables.
      ...resourcesOfType(TYPES.vpcEndpoint)
        .filter((e) => e.inputs.vpcEndpointType === "Gateway")
        .filter((e) =>
          ((e.inputs.routeTableIds as string[] | undefined) ?? []).includes(t.id as string),
        )
        .map((e) => ({
          destinationPrefixListId: prefixListIdOf(String(e.inputs.serviceName)),
          gatewayId: e.id as string,
        })),
    ],
  }));
  return [...currentWorld().routeTables, ...registered];
}

/**
 * Answers getRouteTables as DescribeRouteTables filters: by association, and by the routes each
 * table has (every route, including those the route-table look-up leaves out).
 */
export function routeTableIds(inputs: any): string[] {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const routeField: Record<string, keyof MockRoute> = {
    "route.destination-prefix-list-id": "destinationPrefixListId",
    "route.destination-cidr-block": "cidrBlock",
    "route.destination-ipv6-cidr-block": "ipv6CidrBlock",
  };
  const ids = allRouteTables()
    .filter((t) => inputs.vpcId === undefined || t.vpcId === inputs.vpcId)
    .filter((t) =>
      filters.every((f) => {
        switch (f.name) {
          case "association.subnet-id":
            return t.subnetIds.some((id) => f.values.includes(id));
          case "association.main":
            return f.values.includes(String(t.main ?? false));
          case "route-table-id":
            return f.values.includes(t.id);
          default: {
            const field = routeField[f.name];
            if (field === undefined) {
              throw invokeError(`mocks: getRouteTables filter ${f.name} is not mocked`);
            }
            return t.routes.some((r) => f.values.includes(String(r[field])));
          }
        }
      }),
    )
    .map((t) => t.id);
  if (ids.length === 0 && filters.some((f) => f.name === "association.main")) {
    requireWorldTables(inputs.vpcId);
  }
  return ids;
}

/**
 * Every VPC has a main route table, so a VPC of a world read from an account (--world) or of its
 * subnets, without one there, is one whose route tables the files did not give: refused, saying
 * how to add them, rather than answering that its subnets have no routes. (The tests' worlds may
 * leave route tables out: their subnets then have none.)
 */
function requireWorldTables(vpcId: string | undefined): void {
  const world = currentWorld();
  const ofWorld =
    world.origin !== undefined &&
    vpcId !== undefined &&
    (world.vpcs.some((v) => v.id === vpcId) || world.subnets.some((s) => s.vpcId === vpcId));
  if (ofWorld && !world.routeTables.some((t) => t.vpcId === vpcId)) {
    throw invokeError(
      `the VPC's main route table was not found ${notInWorld(`the main route table of ${vpcId}`, `describe-route-tables --filters Name=vpc-id,Values=${vpcId}`)}`,
    );
  }
}

/**
 * Whether the provider's route-table look-up shows a route: it leaves out the local route, VPC
 * Lattice routes, routes propagated from a virtual private gateway, gateway endpoint routes and
 * routes to another account's network interface (terraform-provider-aws
 * internal/service/ec2/vpc_route_table_data_source.go, flattenDataSourceRoutes).
 */
function shownByLookUp(r: MockRoute): boolean {
  return !(
    r.gatewayId === "local" ||
    r.gatewayId === "VpcLattice" ||
    r.origin === "EnableVgwRoutePropagation" ||
    (r.destinationPrefixListId !== undefined && r.gatewayId?.startsWith("vpce-")) ||
    r.otherAccountsInterface === true
  );
}

/** The route target fields the provider's route-table look-up reports, each "" when unset. */
const LOOKED_UP_TARGETS = [
  "natGatewayId",
  "egressOnlyGatewayId",
  "transitGatewayId",
  "vpcPeeringConnectionId",
  "networkInterfaceId",
  "instanceId",
  "carrierGatewayId",
  "localGatewayId",
  "coreNetworkArn",
  "odbNetworkArn",
] as const;

export function routeTableById(id: string): Record<string, any> {
  const table = allRouteTables().find((t) => t.id === id);
  if (table === undefined) {
    // The provider's words when DescribeRouteTables finds none (vpc_route_table_data_source.go).
    throw invokeError(
      `query returned no results. Please change your search criteria and try again ${notInWorld(id, `describe-route-tables --route-table-ids ${id}`)}`,
    );
  }
  return {
    id,
    routeTableId: id,
    vpcId: table.vpcId,
    // The provider reports every route field, empty when unset; a vpce- target of a block (a
    // Gateway Load Balancer endpoint) as vpcEndpointId.
    routes: table.routes.filter(shownByLookUp).map((r) => {
      const endpoint = r.gatewayId?.startsWith("vpce-") ? r.gatewayId : undefined;
      return {
        cidrBlock: r.cidrBlock ?? "",
        ipv6CidrBlock: r.ipv6CidrBlock ?? "",
        destinationPrefixListId: r.destinationPrefixListId ?? "",
        gatewayId: endpoint === undefined ? (r.gatewayId ?? "") : "",
        vpcEndpointId: endpoint ?? "",
        ...Object.fromEntries(LOOKED_UP_TARGETS.map((field) => [field, r[field] ?? ""])),
      };
    }),
    associations: [
      ...(table.main ? [{ subnetId: "", gatewayId: "", routeTableId: id, main: true }] : []),
      ...table.subnetIds.map((subnetId) => ({
        subnetId,
        gatewayId: "",
        routeTableId: id,
        main: false,
      })),
    ],
  };
}

/**
 * Answers getPrefixList for the AWS-managed prefix lists of gateway endpoint services, by name
 * (com.amazonaws.<region>.s3), as DescribePrefixLists does; one must match.
 */
export function prefixListByName(inputs: any, region: string): Record<string, any> {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const names = [
    ...(inputs.name ? [inputs.name] : []),
    ...filters.filter((f) => f.name === "prefix-list-name").flatMap((f) => f.values),
  ];
  const offered = [
    ...currentWorld().gatewayServices.map((s) => mockServiceName(region, s, "Gateway")),
    ...currentWorld()
      .endpointServices.filter((s) => s.type === "Gateway")
      .map((s) => s.serviceName),
  ];
  const found = [...new Set(offered.filter((n) => names.includes(n)))];
  if (found.length !== 1) {
    throw invokeError(
      found.length === 0
        ? "no matching EC2 Prefix List found"
        : "multiple EC2 Prefix Lists matched; use additional constraints to reduce matches to a single EC2 Prefix List",
    );
  }
  return { id: prefixListIdOf(found[0]), name: found[0], cidrBlocks: [], filters };
}

/**
 * The prefix list id AWS gives a gateway endpoint service: the world's (read from the account),
 * else a placeholder, stable per service.
 */
export function prefixListIdOf(serviceName: string): string {
  return currentWorld().prefixLists[serviceName] ?? `pl-${shortHash(serviceName)}`;
}

export function vpcById(id: string, region: string): Record<string, any> {
  const given = currentWorld().vpcs.find((v) => v.id === id);
  const registered = recordedRegistrations().find(
    (r) => r.type === "aws:ec2/vpc:Vpc" && r.id === id,
  );
  // A VPC of the program: what it was given and what AWS computed (an Amazon IPv6 block).
  const vpc: MockVpc | undefined =
    given ??
    (registered
      ? ({ ...registered.inputs, ipv6CidrBlock: registered.outputs?.ipv6CidrBlock, id } as MockVpc)
      : undefined);
  if (vpc === undefined) {
    throw invokeError(
      `no matching EC2 VPC found ${notInWorld(id, `describe-vpcs --vpc-ids ${id}`)}`,
    );
  }
  const ipv6 = [vpc.ipv6CidrBlock ?? "", ...(vpc.secondaryIpv6CidrBlocks ?? [])].filter(Boolean);
  const { cidrBlockAssociations, ipv6CidrBlockAssociations, isDefault, ...rest } = vpc;
  const owner = vpc.ownerId ?? ACCOUNT_ID;
  return {
    enableDnsSupport: true,
    enableDnsHostnames: false,
    ...rest,
    default: isDefault ?? false,
    ownerId: owner,
    ipv6CidrBlock: vpc.ipv6CidrBlock ?? "",
    // Every associated block, the primary first, as DescribeVpcs reports them.
    cidrBlockAssociations:
      cidrBlockAssociations ??
      [vpc.cidrBlock, ...(vpc.secondaryCidrBlocks ?? [])].map((block, i) => ({
        associationId: `vpc-cidr-assoc-${shortHash(`${id}/${i}`)}`,
        cidrBlock: block,
        state: "associated",
      })),
    ipv6CidrBlockAssociations: (
      ipv6CidrBlockAssociations ??
      ipv6.map((block, i) => ({
        associationId: `vpc-cidr-assoc-${shortHash(`${id}/v6/${i}`)}`,
        cidrBlock: block,
        state: "associated",
      }))
    ).map(({ cidrBlock, ...a }) => ({ ...a, ipv6CidrBlock: cidrBlock })),
    id,
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${owner}:vpc/${id}`,
  };
}
