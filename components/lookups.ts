import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { endpointServiceName, ResolvedEndpoint } from "./lib/endpoints";

/** The region of the provider the resource uses (its own, or inherited from its parent). */
export async function regionOf(parent: pulumi.Resource): Promise<string> {
  return (await aws.getRegion({}, { parent })).region;
}

/**
 * The zones each interface endpoint's service is offered in, by service. One look-up per
 * service; a service the region does not offer fails with a message naming it.
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
          const found = await aws.ec2.getVpcEndpointService(
            { serviceName, serviceType: "Interface" },
            { parent },
          );
          return [e.service, [...found.availabilityZones].sort()];
        } catch (err) {
          throw fail(
            `endpoints: ${serviceName} is not an interface endpoint service in ${region} (${(err as Error).message}); check the service name.`,
          );
        }
      }),
  );
  return new Map(entries);
}
