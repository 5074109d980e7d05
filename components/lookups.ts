import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { endpointServiceName, ResolvedEndpoint } from "./lib/endpoints";
import { SubnetFacts } from "./lib/subnets";

/** The partition (aws, aws-cn, aws-us-gov) of the provider in use; once per program run. */
export function partitionOf(parent: pulumi.Resource): Promise<string> {
  return cached(
    parent,
    "partition",
    async () => (await aws.getPartition({}, { parent })).partition,
  );
}

/** The region of the provider the resource uses (its own, or inherited from its parent); once per provider and program run. */
export function regionOf(parent: pulumi.Resource): Promise<string> {
  return cached(parent, "region", async () => (await aws.getRegion({}, { parent })).region);
}

/**
 * The zones each interface endpoint's service is offered in, by service. One look-up per service
 * and program run; a service the region does not offer fails with a message naming it.
 */
export async function endpointServiceZones(
  parent: pulumi.Resource,
  fail: (message: string) => Error,
  region: string,
  endpoints: readonly ResolvedEndpoint[],
): Promise<Map<string, string[]>> {
  const entries = await Promise.all(
    endpoints
      .filter((e) => e.type === "Interface")
      .map(async (e): Promise<[string, string[]]> => {
        const serviceName = endpointServiceName(region, e.service);
        try {
          const zones = await cached(parent, `endpoint service ${serviceName}`, async () => {
            const found = await aws.ec2.getVpcEndpointService(
              { serviceName, serviceType: "Interface" },
              { parent },
            );
            return [...found.availabilityZones].sort();
          });
          return [e.service, zones];
        } catch (err) {
          throw fail(
            `endpoints: ${serviceName} is not an interface endpoint service in ${region} (${(err as Error).message}); check the service name.`,
          );
        }
      }),
  );
  return new Map(entries);
}

/**
 * Look-ups of existing subnets, cached for the program run: many functions usually share a few
 * subnets, and a subnet's zone, VPC and routes do not change while a program runs.
 */
const caches = new WeakMap<object, Map<string, Promise<unknown>>>();
const DEFAULT_PROVIDER = {};

/** Forgets cached look-ups (tests change the world between programs). */
export function clearLookupCache(): void {
  caches.delete(DEFAULT_PROVIDER);
}

function cached<T>(parent: pulumi.Resource, key: string, fetch: () => Promise<T>): Promise<T> {
  const providerKey = parent.getProvider("aws::") ?? DEFAULT_PROVIDER;
  const cache = caches.get(providerKey) ?? new Map<string, Promise<unknown>>();
  caches.set(providerKey, cache);
  if (!cache.has(key)) {
    cache.set(key, fetch());
  }
  return cache.get(key) as Promise<T>;
}

/** The subnet's zone, VPC and public-IP mapping. */
export function lookUpSubnet(id: string, parent: pulumi.Resource): Promise<SubnetFacts> {
  return cached(parent, `subnet ${id}`, async () => {
    const subnet = await aws.ec2.getSubnet({ id }, { parent });
    return {
      id,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    };
  });
}

/** The subnet's facts with the routes of its route table (its own, else the VPC's main table). */
export function lookUpSubnetWithRoutes(id: string, parent: pulumi.Resource): Promise<SubnetFacts> {
  return cached(parent, `routes ${id}`, async () => {
    const subnet = await lookUpSubnet(id, parent);
    const own = await aws.ec2.getRouteTables(
      { filters: [{ name: "association.subnet-id", values: [id] }] },
      { parent },
    );
    const tableId =
      own.ids[0] ??
      (
        await aws.ec2.getRouteTables(
          { vpcId: subnet.vpcId, filters: [{ name: "association.main", values: ["true"] }] },
          { parent },
        )
      ).ids[0];
    const routes =
      tableId === undefined
        ? []
        : (await aws.ec2.getRouteTable({ routeTableId: tableId }, { parent })).routes;
    return {
      ...subnet,
      routes: routes.map((r) => ({
        cidrBlock: r.cidrBlock || undefined,
        ipv6CidrBlock: r.ipv6CidrBlock || undefined,
        gatewayId: r.gatewayId || undefined,
        natGatewayId: r.natGatewayId || undefined,
      })),
    };
  });
}

/**
 * Runs a look-up of a resource the user named by id, turning "not found" into the component's
 * error naming the argument.
 */
export async function lookedUp<T>(
  fail: (message: string) => Error,
  arg: string,
  id: string,
  look: () => Promise<T>,
): Promise<T> {
  try {
    return await look();
  } catch (e) {
    throw fail(
      `${arg}: ${id} could not be looked up (${(e as Error).message}); check that it exists in this region.`,
    );
  }
}

/** What the components need to know about an existing VPC. */
export interface VpcFacts {
  readonly id: string;
  readonly cidrBlock: string;
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
}

export function lookUpVpc(id: string, parent: pulumi.Resource): Promise<VpcFacts> {
  return cached(parent, `vpc ${id}`, async () => {
    const vpc = await aws.ec2.getVpc({ id }, { parent });
    return {
      id,
      cidrBlock: vpc.cidrBlock,
      enableDnsSupport: vpc.enableDnsSupport,
      enableDnsHostnames: vpc.enableDnsHostnames,
    };
  });
}
