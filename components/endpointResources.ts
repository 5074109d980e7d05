/**
 * ServiceEndpoints' pieces: where each interface endpoint goes, what policy each endpoint gets,
 * and the endpoint resources themselves, from the component's resolved arguments.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { endpointIpArgs } from "./endpointIpAddress";
import { parseSourceBlocks } from "./lib/cidr";
import { PerimeterFacts, perimeterPolicy } from "./lib/endpointPolicies";
import {
  EndpointPlacement,
  PlacedSubnet,
  placeInterfaceEndpoints,
  providerSendsInboundResolverOption,
  ResolvedEndpoint,
  SUBNETS_FIX,
  validatePolicyDocument,
} from "./lib/endpoints";
import { rethrowArgumentErrors } from "./lib/errors";
import { names } from "./lib/naming";
import { applyInputs, isKnownNow, mapInput, plainArray, plainValue } from "./lib/plain";
import {
  accountIdOf,
  EndpointServiceFacts,
  lookUpEndpointSubnetZone,
  organizationIdOf,
  partitionOf,
} from "./lookups";
import { nameOfId } from "./programState";
import { ResolvedServiceEndpoints } from "./serviceEndpointsArgs";
import { childTags } from "./tags";

/** What one endpoint is made from. */
export interface EndpointParts {
  readonly r: ResolvedServiceEndpoints;
  /** The VPC id, once the endpoints' private DNS names are claimed in it. */
  readonly vpcId: pulumi.Input<string>;
  readonly endpoint: ResolvedEndpoint;
  readonly service: EndpointServiceFacts;
  readonly placement: pulumi.Input<EndpointPlacement<string>> | undefined;
  /** Whether the interface endpoints' subnets are all dual-stack (interfaceSubnetsDualStack). */
  readonly dualStack: pulumi.Input<boolean>;
  /** What the default policy is written from; undefined when no endpoint gets one. */
  readonly perimeter: PerimeterFacts | undefined;
  readonly securityGroup: aws.ec2.SecurityGroup | undefined;
  /** The gateway endpoint of the same service, when the list has one. */
  readonly gateway: aws.ec2.VpcEndpoint | undefined;
  /** Its entry, for errors: `endpoints[1]`, or "" for an endpoint a parent makes of its own. */
  readonly where: string;
  readonly fail: (message: string) => Error;
}

/** An entry as messages name it: `endpoints[1] (sqs)`, or `the lambda endpoint` (see entryPrefix). */
function entryName(where: string, service: string): string {
  return where === "" ? `the ${service} endpoint` : `${where} (${service})`;
}

/**
 * One endpoint: a gateway in the route tables, or an interface endpoint in its placement. An
 * interface endpoint of S3 answers private DNS only for the inbound Resolver when the S3 gateway
 * endpoint serves the VPC; AWS checks that the gateway exists, so it is created after it.
 */
export function createEndpoint(
  parent: pulumi.Resource,
  componentName: string,
  parts: EndpointParts,
): aws.ec2.VpcEndpoint {
  const { r, vpcId, endpoint, service, placement, securityGroup, gateway } = parts;
  const resourceName = names.endpoint(componentName, endpoint.key);
  const common = {
    vpcId,
    // The name AWS returned, which in China is not always com.amazonaws.<region>.<service>.
    serviceName: service.serviceName,
    vpcEndpointType: endpoint.type,
    policy: endpointPolicy(parts),
    tags: childTags(r.tags, resourceName),
  };
  if (placement === undefined) {
    return new aws.ec2.VpcEndpoint(
      resourceName,
      { ...common, routeTableIds: r.routeTableIds },
      { parent },
    );
  }
  // Where the provider would drop the option (China's S3 names), none is sent: AWS's default
  // applies, which is the component's own when the list has the gateway endpoint.
  const sent = providerSendsInboundResolverOption(service.serviceName);
  const inboundOnly = sent ? endpoint.privateDnsOnlyForInboundResolverEndpoint : undefined;
  if (!sent && endpoint.privateDnsOnlyForInboundResolverEndpoint === false) {
    void pulumi.log.warn(
      `${entryName(parts.where, endpoint.service)}: the AWS provider cannot send privateDnsOnlyForInboundResolverEndpoint for ${service.serviceName}, so AWS applies its default, true, which needs the S3 gateway endpoint in the VPC: add { service: "s3" } to the list (or have the VPC's own), or set privateDnsEnabled: false.`,
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
      ...endpointIpArgs(parts.dualStack, service, inboundOnly),
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
export async function perimeterFacts(
  parent: pulumi.Resource,
  r: ResolvedServiceEndpoints,
  services: ReadonlyMap<string, EndpointServiceFacts>,
  region: string,
  fail: (message: string) => Error,
): Promise<PerimeterFacts | undefined> {
  const scope = r.endpointPolicyScope;
  const needed = r.endpoints.some(
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
    trustedAccounts: r.endpointPolicyTrustedAccounts,
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
        validatePolicyDocument(`${entryName(where, endpoint.service)}.policy`, policy);
        return policy;
      });
    return typeof given === "string" ? given : pulumi.output(given).apply(check);
  }
  return perimeter === undefined || !service.policySupported
    ? undefined
    : JSON.stringify(perimeterPolicy(endpoint.service, perimeter));
}

/** The one ingress rule: TCP 443 from the allowed blocks and groups. */
export function httpsIngress(
  allowedCidrBlocks: pulumi.Input<pulumi.Input<string>[]>,
  r: ResolvedServiceEndpoints,
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
    securityGroups: r.allowedSecurityGroupIds,
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
  r: ResolvedServiceEndpoints,
  lookUpZone: (id: string) => Promise<string>,
  fail: (message: string) => Error,
): Promise<{
  knownZones: string[] | undefined;
  confirm: ((ids: readonly string[]) => Promise<void>) | undefined;
}> {
  const plainIds = plainArray(r.subnetIds);
  const asserted = r.subnetAvailabilityZones;
  const lookedUp = plainIds === undefined ? undefined : await Promise.all(plainIds.map(lookUpZone));
  const confirm = async (ids: readonly string[]) => {
    const actual = lookedUp ?? (await Promise.all(ids.map(lookUpZone)));
    const wrong = ids.findIndex((_, i) => asserted?.[i] !== undefined && asserted[i] !== actual[i]);
    if (wrong >= 0) {
      throw fail(
        `subnetAvailabilityZones says ${nameOfId(ids[wrong])} is in ${asserted?.[wrong]}, but AWS puts it in ${actual[wrong]}: correct subnetAvailabilityZones, or leave it out to have the zones looked up.`,
      );
    }
  };
  if (asserted === undefined || r.zonesTrusted) {
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
export async function endpointPlacements(
  parent: pulumi.Resource,
  r: ResolvedServiceEndpoints,
  supportedZones: Map<string, string[]>,
  fail: (message: string) => Error,
): Promise<Map<string, pulumi.Input<EndpointPlacement<string>>>> {
  const placements = new Map<string, pulumi.Input<EndpointPlacement<string>>>();
  if (supportedZones.size === 0) {
    return placements;
  }
  const vpcId = plainValue(r.vpcId);
  const lookUpZone = (id: string) => lookUpEndpointSubnetZone(fail, parent, id, vpcId);
  const minimum = r.minAvailabilityZones;
  const checked = <Id>(subnets: PlacedSubnet<Id>[]) =>
    rethrowArgumentErrors(fail, () =>
      placeInterfaceEndpoints(subnets, supportedZones, minimum, SUBNETS_FIX, r.labels),
    );
  // One Output of the ids for all the endpoints, when they are not known yet: each mapInput
  // of the list itself would combine its elements again.
  const givenIds = r.subnetIds;
  const subnetIds = isKnownNow(givenIds) ? givenIds : pulumi.output(givenIds);
  const { knownZones, confirm } = await subnetZones(r, lookUpZone, fail);
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
