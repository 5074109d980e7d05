import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  checkInboundResolverOptionSent,
  checkPrivateDnsOffered,
  endpointServiceNameCandidates,
  entryPrefix,
  GATEWAY_SERVICES,
  ResolvedEndpoint,
} from "./lib/endpoints";
import { rethrowArgumentErrors } from "./lib/errors";
import { lookUpFailureMessage, lookUpFailureOf } from "./lib/lookupErrors";
import { didYouMean, isKnownServiceName } from "./lib/serviceNames";
import { ROUTE_TARGET_PROPERTIES } from "../policy/rules/routes";
import { RouteFacts, SecurityGroupFacts, SubnetFacts } from "./lib/subnets";
import { lookedUpOnce, nameOfId } from "./programState";
import { AL2023_ARM64_IMAGE_PARAMETER } from "./lib/natInstances";

type Fail = (message: string) => Error;

/**
 * A look-up that AWS or the provider refused, as the component's error: what could not be
 * looked up, AWS's own words (they name the API call, e.g. "api error UnauthorizedOperation"),
 * and the fix.
 */
function refused(fail: Fail, what: string, fix: string): (err: Error) => never {
  return (err) => {
    throw fail(`${what} could not be looked up (${err.message}); ${fix}.`);
  };
}

/** The partition (aws, aws-cn, aws-us-gov) of the provider in use; once per program run. */
export function partitionOf(parent: pulumi.Resource, fail: Fail): Promise<string> {
  return cached(
    parent,
    "partition",
    async () => (await aws.getPartition({}, { parent })).partition,
  ).catch(refused(fail, "the provider's partition", "check the provider's credentials and region"));
}

/**
 * The latest Amazon Linux 2023 arm64 AMI, from the public parameter AWS keeps pointing at it
 * (lib/natInstances.ts); read at every run, so a new image is picked up at the next `pulumi up`.
 */
export function natInstanceImageOf(parent: pulumi.Resource, fail: Fail): Promise<string> {
  const name = AL2023_ARM64_IMAGE_PARAMETER;
  return cached(
    parent,
    `parameter ${name}`,
    async () => (await aws.ssm.getParameter({ name }, { parent })).value,
  ).catch(
    refused(
      fail,
      `the NAT instances' image (Systems Manager parameter ${name})`,
      "check the provider's credentials (ssm:GetParameter) and region, or give natInstanceImageId",
    ),
  );
}

/** The account id of the provider's credentials (sts:GetCallerIdentity); once per program run. */
export function accountIdOf(parent: pulumi.Resource, fail: Fail): Promise<string> {
  return cached(
    parent,
    "account",
    async () => (await aws.getCallerIdentity({}, { parent })).accountId,
  ).catch(refused(fail, "the provider's account", "check the provider's credentials"));
}

/**
 * The id (o-...) of the AWS Organizations organization the provider's account belongs to.
 * DescribeOrganization "can be called from any account in the organization"
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html);
 * an account outside any organization gets AWSOrganizationsNotInUseException.
 */
export function organizationIdOf(
  parent: pulumi.Resource,
  fail: Fail,
  arg: string,
): Promise<string> {
  return cached(
    parent,
    "organization",
    // DescribeOrganization alone (returnOrganizationOnly): the data source's default also lists
    // accounts and roots, which only the management account may do. That mode returns the
    // organization's ARN, arn:<partition>:organizations::<management account>:organization/o-<id>
    // (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html).
    async () => {
      const found = await aws.getOrganization({ returnOrganizationOnly: true }, { parent });
      return found.arn.split("/").pop() as string;
    },
  ).catch(
    refused(
      fail,
      `${arg}: the provider's AWS Organizations organization`,
      `the deploying identity needs organizations:DescribeOrganization, in an account that belongs to an organization; else set ${arg} to "Account"`,
    ),
  );
}

/** The region of the provider the resource uses (its own, or inherited from its parent); once per provider and program run. */
export function regionOf(parent: pulumi.Resource, fail: Fail): Promise<string> {
  return cached(parent, "region", async () => (await aws.getRegion({}, { parent })).region).catch(
    refused(
      fail,
      "the provider's region",
      "set aws:region, or the region of the provider you pass",
    ),
  );
}

/**
 * The region's standard zones (Local and Wavelength Zones lack most services), names and IDs in
 * the same order; once per provider and program run.
 */
export function availabilityZonesOf(
  parent: pulumi.Resource,
  fail: Fail,
): Promise<{ name: string; id: string }[]> {
  return cached(parent, "availability zones", async () => {
    const offered = await aws.getAvailabilityZones(
      { state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] },
      { parent },
    );
    return offered.names.map((name, i) => ({ name, id: offered.zoneIds[i] }));
  }).catch(
    refused(
      fail,
      "availability zones: the region's zones",
      "the deploying identity needs ec2:DescribeAvailabilityZones",
    ),
  );
}

/** What the components need to know about an AWS service's endpoint service in a region. */
export interface EndpointServiceFacts {
  /** The name AWS gives it there, e.g. `cn.com.amazonaws.cn-north-1.lambda`. */
  readonly serviceName: string;
  /** The zones it is offered in, sorted (for gateway endpoints: not used). */
  readonly availabilityZones: string[];
  /** Its private DNS name; empty when it offers none, and then private DNS cannot be on. */
  readonly privateDnsName: string;
  /**
   * Whether its endpoints take a policy: "If an AWS service doesn't support endpoint policies,
   * we allow full access to any endpoint for the service"
   * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
   */
  readonly policySupported: boolean;
  /**
   * The IP address types it accepts (`ipv4`, `ipv6`): getVpcEndpointService's
   * `supportedIpAddressTypes` (@pulumi/aws ec2/getVpcEndpointService.d.ts).
   */
  readonly supportedIpAddressTypes: string[];
}

/**
 * Each endpoint's service as AWS names and offers it in the region, by endpoint key. The service
 * is looked up under both of the names AWS uses (`com.amazonaws.` and, in China,
 * `cn.com.amazonaws.`) and the type, once per service, type and provider; one the region does not
 * offer fails with a message naming its entry (`labels`, by key: the argument the user gave, e.g.
 * `additionalEndpoints[0]`; "endpoints" without) and telling a typo from a service AWS has but
 * not there.
 */
export async function lookUpEndpointServices(
  parent: pulumi.Resource,
  fail: (message: string) => Error,
  region: string,
  endpoints: readonly ResolvedEndpoint[],
  labels?: ReadonlyMap<string, string>,
): Promise<Map<string, EndpointServiceFacts>> {
  const entries = await Promise.all(
    endpoints.map(async (e): Promise<[string, EndpointServiceFacts]> => {
      const where = labels?.get(e.key) ?? "endpoints";
      const names = endpointServiceNameCandidates(region, e.service);
      const facts = await cached(parent, `endpoint service ${e.type} ${names[0]}`, async () => {
        const found = await aws.ec2.getVpcEndpointService(
          { serviceType: e.type, filters: [{ name: "service-name", values: names }] },
          { parent },
        );
        return {
          serviceName: found.serviceName,
          availabilityZones: [...found.availabilityZones].sort(),
          privateDnsName: found.privateDnsName ?? "",
          policySupported: found.vpcEndpointPolicySupported,
          supportedIpAddressTypes: [...(found.supportedIpAddressTypes ?? [])],
        };
      }).catch((err: Error) => {
        throw fail(endpointServiceFailure(where, e, names[0], region, err.message));
      });
      rethrowArgumentErrors(fail, () => {
        checkPrivateDnsOffered(e, facts.serviceName, facts.privateDnsName, where);
        checkInboundResolverOptionSent(e, facts.serviceName, where);
      });
      return [e.key, facts];
    }),
  );
  return new Map(entries);
}

/**
 * Why an endpoint service look-up failed, as the message for the entry `where`: the provider's
 * words when no service matches ("no matching EC2 VPC Endpoint Service found":
 * terraform-provider-aws internal/service/ec2/vpc_endpoint_service_data_source.go), told apart
 * into a service AWS lists but the region does not offer as that type, and a name AWS does not
 * list (a typo, with the known names near it); anything else (AccessDenied, throttling) is not
 * the service name's fault.
 */
function endpointServiceFailure(
  where: string,
  e: ResolvedEndpoint,
  serviceName: string,
  region: string,
  message: string,
): string {
  const at = entryPrefix(where);
  if (lookUpFailureOf(message) !== "not-found") {
    return `${at}the ${e.service} endpoint service could not be looked up (${message}); the deploying identity needs ec2:DescribeVpcEndpointServices.`;
  }
  const kind = e.type === "Interface" ? "an interface" : "a gateway";
  const wrong = `${at}${serviceName} is not ${kind} endpoint service in ${region} (${message})`;
  if (isKnownServiceName(e.service)) {
    return `${wrong}; ${e.service} is one of AWS's endpoint services, but ${region} does not offer it as ${kind} endpoint: remove the entry, or deploy where it is offered.`;
  }
  const near = didYouMean(e.service);
  return near === ""
    ? `${wrong}; check the service name: AWS's page "AWS services that integrate with AWS PrivateLink" gives each as com.amazonaws.<region>.<name>.`
    : `${wrong}; ${near}`;
}

/** The zones of each interface endpoint's service, by endpoint key. */
export function interfaceServiceZones(
  endpoints: readonly ResolvedEndpoint[],
  services: ReadonlyMap<string, EndpointServiceFacts>,
): Map<string, string[]> {
  return new Map(
    endpoints
      .filter((e) => e.type === "Interface")
      .map((e) => [e.key, services.get(e.key)?.availabilityZones ?? []]),
  );
}

/** A look-up fetched once per program run and provider (see programState). */
function cached<T>(parent: pulumi.Resource, key: string, fetch: () => Promise<T>): Promise<T> {
  return lookedUpOnce(parent.getProvider("aws::"), key, fetch);
}

/**
 * The subnet's zone, VPC, public-IP mapping and IPv6 block. The provider reports the block of the
 * subnet's associated IPv6 association, else "" (terraform-provider-aws
 * internal/service/ec2/vpc_subnet_data_source.go: ipv6_cidr_block, ipv6_native).
 */
export function lookUpSubnet(id: string, parent: pulumi.Resource): Promise<SubnetFacts> {
  return cached(parent, `subnet ${id}`, async () => {
    const subnet = await aws.ec2.getSubnet({ id }, { parent });
    return {
      id,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
      ipv6CidrBlock: subnet.ipv6CidrBlock || undefined,
      ipv6Native: subnet.ipv6Native ?? false,
    };
  });
}

/**
 * The subnet's facts with the routes of its route table (its own, else the VPC's main table).
 *
 * The provider's route-table look-up (`getRouteTable`, terraform-provider-aws
 * internal/service/ec2/vpc_route_table_data_source.go, flattenDataSourceRoutes) leaves out the
 * local route, VPC Lattice routes, routes propagated from a virtual private gateway, routes to
 * another account's network interface, and gateway endpoint routes ("VPC endpoint routes are
 * handled separately"). Two of those decide what a function reaches, so they are asked of
 * DescribeRouteTables by filter, which sees every route: a route to the AWS-managed prefix list
 * of a gateway endpoint service (S3, DynamoDB), and a default route the look-up did not show
 * (a VPN that propagates 0.0.0.0/0 from on-premises, a firewall's or an AWS service's interface).
 */
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
    if (tableId === undefined) {
      return { ...subnet, routes: [] };
    }
    const shown: RouteFacts[] = (
      await aws.ec2.getRouteTable({ routeTableId: tableId }, { parent })
    ).routes.map((r) => {
      // The provider reports an unset field as "": each route keeps the one field naming its
      // target, which the one classifier reads (policy/rules/routes.ts).
      const target = Object.fromEntries(
        ROUTE_TARGET_PROPERTIES.map(([property]) => [
          property,
          (r as unknown as Record<string, string | undefined>)[property] || undefined,
        ]).filter(([, value]) => value !== undefined),
      ) as Partial<RouteFacts>;
      return {
        cidrBlock: r.cidrBlock || undefined,
        ipv6CidrBlock: r.ipv6CidrBlock || undefined,
        destinationPrefixListId: r.destinationPrefixListId || undefined,
        ...target,
      };
    });
    return { ...subnet, routes: [...shown, ...(await routesNotShown(parent, tableId, shown))] };
  });
}

/** The routes of a table that the route-table look-up leaves out but that decide egress. */
async function routesNotShown(
  parent: pulumi.Resource,
  tableId: string,
  shown: readonly RouteFacts[],
): Promise<RouteFacts[]> {
  // Whether the table has a route matching the filter (DescribeRouteTables filters on every route).
  const hasRoute = (name: string, value: string) =>
    cached(parent, `route ${tableId} ${name}=${value}`, async () => {
      const found = await aws.ec2.getRouteTables(
        {
          filters: [
            { name: "route-table-id", values: [tableId] },
            { name, values: [value] },
          ],
        },
        { parent },
      );
      return found.ids.length > 0;
    });
  const region = await regionOf(parent, (message) => new Error(message));
  const gateways = await Promise.all(
    GATEWAY_SERVICES.map(async (service): Promise<RouteFacts[]> => {
      const list = await managedPrefixListOf(parent, region, service);
      return list !== undefined && (await hasRoute("route.destination-prefix-list-id", list))
        ? [{ destinationPrefixListId: list, toGatewayEndpoint: true }]
        : [];
    }),
  );
  const defaults: RouteFacts[] = [];
  if (
    !shown.some((r) => r.cidrBlock === "0.0.0.0/0") &&
    (await hasRoute("route.destination-cidr-block", "0.0.0.0/0"))
  ) {
    defaults.push({ cidrBlock: "0.0.0.0/0", targetNotShown: true });
  }
  if (
    !shown.some((r) => r.ipv6CidrBlock === "::/0") &&
    (await hasRoute("route.destination-ipv6-cidr-block", "::/0"))
  ) {
    defaults.push({ ipv6CidrBlock: "::/0", targetNotShown: true });
  }
  return [...gateways.flat(), ...defaults];
}

/**
 * The id of an AWS service's managed prefix list in the region (com.amazonaws.<region>.s3: what a
 * gateway endpoint routes to), or undefined where the region has none.
 */
export function managedPrefixListOf(
  parent: pulumi.Resource,
  region: string,
  service: string,
): Promise<string | undefined> {
  return cached(parent, `prefix list ${service}`, async () => {
    try {
      const found = await aws.ec2.getPrefixList(
        {
          filters: [
            { name: "prefix-list-name", values: endpointServiceNameCandidates(region, service) },
          ],
        },
        { parent },
      );
      return found.id;
    } catch (e) {
      // The provider's words when no list matches; anything else is not an absence.
      if (/no matching EC2 Prefix List found/.test((e as Error).message)) {
        return undefined;
      }
      throw e;
    }
  });
}

/**
 * Runs a look-up of a resource the user named by id, turning its failure into the component's
 * error naming the argument, with the advice that fits the cause (see lookUpFailureMessage).
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
    throw fail(lookUpFailureMessage(arg, id, nameOfId(id), (e as Error).message));
  }
}

/** What the components need to know about an existing VPC. */
export interface VpcFacts {
  readonly id: string;
  /** arn:<partition>:ec2:<region>:<account>:vpc/<id> */
  readonly arn: string;
  /** Its IPv4 blocks: the primary first, then the secondary ones (EKS pods, grown address space). */
  readonly cidrBlocks: readonly string[];
  /** Its IPv6 blocks; empty when it has none. */
  readonly ipv6CidrBlocks: readonly string[];
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
}

/**
 * Whether an associated block routes: "associating" and "associated" do; "disassociating",
 * "disassociated", "failing" and "failed" no longer or never will
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcCidrBlockState.html).
 */
const routes = (state: string) => state === "associated" || state === "associating";

export function lookUpVpc(id: string, parent: pulumi.Resource): Promise<VpcFacts> {
  return cached(parent, `vpc ${id}`, async () => {
    const vpc = await aws.ec2.getVpc({ id }, { parent });
    const secondary = (vpc.cidrBlockAssociations ?? [])
      .filter((a) => routes(a.state) && a.cidrBlock !== vpc.cidrBlock)
      .map((a) => a.cidrBlock);
    return {
      id,
      arn: vpc.arn,
      cidrBlocks: [vpc.cidrBlock, ...secondary],
      ipv6CidrBlocks: (vpc.ipv6CidrBlockAssociations ?? [])
        .filter((a) => routes(a.state))
        .map((a) => a.ipv6CidrBlock),
      enableDnsSupport: vpc.enableDnsSupport,
      enableDnsHostnames: vpc.enableDnsHostnames,
    };
  });
}

/**
 * A security group's VPC and, with `withRules`, how many outbound rules it has (its rules are
 * listed by group, then each is read for its direction: DescribeSecurityGroupRules filters by
 * group but not by direction).
 */
export function lookUpSecurityGroup(
  id: string,
  parent: pulumi.Resource,
  withRules: boolean,
): Promise<SecurityGroupFacts> {
  return cached(parent, `security group ${id} ${withRules}`, async () => {
    const group = await aws.ec2.getSecurityGroup({ id }, { parent });
    if (!withRules) {
      return { id, vpcId: group.vpcId };
    }
    const rules = await aws.vpc.getSecurityGroupRules(
      { filters: [{ name: "group-id", values: [id] }] },
      { parent },
    );
    const directions = await Promise.all(
      rules.ids.map(
        async (ruleId) =>
          (await aws.vpc.getSecurityGroupRule({ securityGroupRuleId: ruleId }, { parent }))
            .isEgress,
      ),
    );
    return { id, vpcId: group.vpcId, egressRules: directions.filter(Boolean).length };
  });
}

/**
 * The zone of a subnet an interface endpoint would use, checked to be in the endpoint's VPC when
 * that is known (AWS refuses subnets of another VPC when it creates the endpoint).
 */
export async function lookUpEndpointSubnetZone(
  fail: Fail,
  parent: pulumi.Resource,
  id: string,
  vpcId: string | undefined,
): Promise<string> {
  const subnet = await lookedUp(fail, "subnetIds", id, () => lookUpSubnet(id, parent));
  if (vpcId !== undefined && subnet.vpcId !== vpcId) {
    throw fail(
      `subnetIds: ${nameOfId(id)} is in ${subnet.vpcId}, not in vpcId ${vpcId}; pass subnets of that VPC.`,
    );
  }
  return subnet.availabilityZone;
}
