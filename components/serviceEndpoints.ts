import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { interfaceSubnetsDualStack } from "./endpointIpAddress";
import { estimateMonthlyCostUsd, NO_BILLED_RESOURCES } from "./lib/cost";
import { EndpointPlacement } from "./lib/endpoints";
import { rethrowArgumentErrors } from "./lib/errors";
import { names, securityGroupText } from "./lib/naming";
import { mapInput, mapInputs, plainValue } from "./lib/plain";
import {
  checkArgs,
  deferred,
  initializing,
  noInputs,
  defineOutputs,
  failureOf,
  stackScope,
} from "./component";
import {
  createEndpoint,
  endpointPlacements,
  httpsIngress,
  perimeterFacts,
} from "./endpointResources";
import {
  EndpointServiceFacts,
  interfaceServiceZones,
  lookedUp,
  lookUpEndpointServices,
  lookUpVpc,
  regionOf,
} from "./lookups";
import { claimPrivateDns } from "./programState";
import {
  ResolvedEndpointsOfParent,
  ResolvedServiceEndpoints,
  resolveServiceEndpointsArgs,
  ServiceEndpointsArgs,
} from "./serviceEndpointsArgs";
import { childTags } from "./tags";

export {
  ResolvedEndpointsOfParent,
  ServiceEndpointsArgs,
  validateServiceEndpointsArgs,
} from "./serviceEndpointsArgs";

const CLASS = "ServiceEndpoints";

/** A DNS name of an interface endpoint and the private hosted zone it is in. */
export interface EndpointDnsEntry {
  readonly dnsName: string;
  readonly hostedZoneId: string;
}

/** An endpoint `build` made, with its placement when it is an interface endpoint. */
interface CreatedEndpoint {
  /** The service, or `<service>-interface` (see `endpointKey`). */
  readonly key: string;
  readonly resource: aws.ec2.VpcEndpoint;
  readonly placement: pulumi.Input<EndpointPlacement<string>> | undefined;
}

/** What `build` made, which the outputs are derived from. */
interface ServiceEndpointsState {
  readonly endpoints: readonly CreatedEndpoint[];
  readonly gatewayEndpoints: number;
  readonly securityGroup: aws.ec2.SecurityGroup | undefined;
}

/**
 * What each ServiceEndpoints built, for `endpointArn`. Beside the class, not a field of it: the
 * plugin's schema analyzer (@pulumi/pulumi provider/experimental/analyzer.js) takes every property
 * a component class declares for an output.
 */
const BUILT = new WeakMap<ServiceEndpoints, Promise<ServiceEndpointsState>>();

/**
 * VPC endpoints for AWS services: gateway endpoints attached to route tables, and interface
 * endpoints in one subnet per supported zone behind one security group that admits only HTTPS
 * from the allowed sources.
 */
export class ServiceEndpoints extends pulumi.ComponentResource {
  /**
   * Endpoint id by endpoint key: the service short name, or `<service>-interface` for the
   * interface endpoint of s3 or dynamodb, e.g. `{ s3: "vpce-…", sqs: "vpce-…" }`.
   */
  declare public readonly endpointIds: pulumi.Output<Record<string, string>>;
  /** Endpoint ARN by endpoint key, as `endpointIds`. */
  declare public readonly endpointArns: pulumi.Output<Record<string, string>>;
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

  /**
   * @param parent - for PrivateNetwork and LambdaInterfaceEndpoint alone: the endpoint list they
   * resolved (see ResolvedEndpointsOfParent); a program leaves it out.
   */
  constructor(
    name: string,
    args: ServiceEndpointsArgs,
    opts: pulumi.ComponentResourceOptions = {},
    parent?: ResolvedEndpointsOfParent,
  ) {
    const resolved = checkArgs(
      CLASS,
      name,
      (a) => resolveServiceEndpointsArgs(name, a, parent),
      args,
    );
    super(`lambda-networking:index:${CLASS}`, name, noInputs(), opts);
    const built = initializing(CLASS, name, this, () => this.build(name, resolved));
    BUILT.set(this, built);
    defineOutputs(this as ServiceEndpoints, built, {
      endpointIds: (s) => byService(s.endpoints, (e) => e.resource.id),
      endpointArns: (s) => byService(s.endpoints, (e) => e.resource.arn),
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

  /**
   * One endpoint's ARN, by endpoint key: an Output of that endpoint alone, so what takes it waits
   * for it and not for the others (`endpointArns` is built from every endpoint).
   */
  endpointArn(key: string): pulumi.Output<string> {
    return deferred<string>(
      (BUILT.get(this) as Promise<ServiceEndpointsState>).then((s) => {
        const endpoint = s.endpoints.find((e) => e.key === key);
        if (endpoint === undefined) {
          throw new Error(`ServiceEndpoints has no endpoint ${key}`);
        }
        return endpoint.resource.arn;
      }),
    );
  }

  private async build(name: string, r: ResolvedServiceEndpoints): Promise<ServiceEndpointsState> {
    // A parent's list is reported as the parent's: its name and its arguments.
    const fail = r.reportAs?.fail ?? failureOf(CLASS, name, this);
    const endpoints = r.endpoints;
    const region = await regionOf(this, fail);
    const services = await lookUpEndpointServices(this, fail, region, endpoints, r.labels);
    const placements = await endpointPlacements(
      this,
      r,
      interfaceServiceZones(endpoints, services),
      fail,
    );
    const dualStack = await interfaceSubnetsDualStack(this, r, fail);
    const vpcId = this.claimedVpcId(r, name, services, fail);
    const perimeter = await perimeterFacts(this, r, services, region, fail);
    const interfaces = endpoints.filter((e) => e.type === "Interface");
    const securityGroup =
      interfaces.length === 0 ? undefined : await this.securityGroup(r, name, fail);
    // Gateways first: an interface endpoint of the same service is created after its gateway.
    const made = new Map<string, aws.ec2.VpcEndpoint>();
    const ordered = [...endpoints].sort(
      (a, b) => Number(a.type !== "Gateway") - Number(b.type !== "Gateway"),
    );
    for (const endpoint of ordered) {
      made.set(
        endpoint.key,
        createEndpoint(this, name, {
          r,
          vpcId,
          endpoint,
          service: services.get(endpoint.key) as EndpointServiceFacts,
          placement: placements.get(endpoint.key),
          dualStack,
          perimeter,
          securityGroup,
          gateway: endpoint.gatewayKey === undefined ? undefined : made.get(endpoint.gatewayKey),
          where: r.labels.get(endpoint.key) ?? `endpoints[${endpoints.indexOf(endpoint)}]`,
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
    r: ResolvedServiceEndpoints,
    name: string,
    services: ReadonlyMap<string, EndpointServiceFacts>,
    fail: (message: string) => Error,
  ): pulumi.Input<string> {
    const privateDns = r.endpoints.filter((e) => e.type === "Interface" && e.privateDnsEnabled);
    const owner = r.reportAs?.component ?? `${CLASS} "${name}"`;
    return mapInput(r.vpcId, (id) =>
      rethrowArgumentErrors(fail, () => {
        for (const e of privateDns) {
          const serviceName = (services.get(e.key) as EndpointServiceFacts).serviceName;
          claimPrivateDns(id, serviceName, owner, r.labels.get(e.key));
        }
        return id;
      }),
    );
  }

  /** The interface endpoints' security group: HTTPS in from the allowed sources, nothing out. */
  private async securityGroup(
    r: ResolvedServiceEndpoints,
    name: string,
    fail: (message: string) => Error,
  ): Promise<aws.ec2.SecurityGroup> {
    const allowedCidrBlocks = await this.allowedCidrBlocks(r, fail);
    const groupName = names.endpointSecurityGroup(name);
    const text = securityGroupText(
      groupName,
      `HTTPS to the interface endpoints of ${name}`,
      stackScope(),
    );
    return new aws.ec2.SecurityGroup(
      groupName,
      {
        vpcId: r.vpcId,
        ...text,
        ingress: [httpsIngress(allowedCidrBlocks, r, fail)],
        // No egress: endpoint ENIs only answer; the provider drops AWS's default allow-all.
        egress: [],
        tags: childTags(r.tags, groupName),
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
    r: ResolvedServiceEndpoints,
    fail: (message: string) => Error,
  ): Promise<pulumi.Input<pulumi.Input<string>[]>> {
    const allowed = r.allowedCidrBlocks ?? (await this.vpcBlocks(r, fail));
    const more = r.additionalAllowedCidrBlocks;
    return more === undefined
      ? allowed
      : pulumi.all([allowed, more]).apply(([a, b]) => [...a, ...b]);
  }

  /** Every block of the VPC, IPv4 and IPv6, secondary ones too. */
  private async vpcBlocks(
    r: ResolvedServiceEndpoints,
    fail: (message: string) => Error,
  ): Promise<pulumi.Input<pulumi.Input<string>[]>> {
    const cidrOf = async (id: string) => {
      const vpc = await lookedUp(fail, "vpcId", id, () => lookUpVpc(id, this));
      return [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks];
    };
    const vpcId = plainValue(r.vpcId);
    return vpcId !== undefined ? cidrOf(vpcId) : pulumi.output(r.vpcId).apply(cidrOf);
  }
}

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
