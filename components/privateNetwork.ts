import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { AvailabilityZone } from "./lib/azs";
import { parseVpcCidrBlock } from "./lib/cidr";
import { roundUsd } from "./lib/cost";
import { EgressFacts } from "./lib/egress";
import { endpointLabels, ResolvedEndpoint } from "./lib/endpoints";
import { rethrowArgumentErrors } from "./lib/errors";
import { checkFlowLogArns } from "./flowLogResources";
import { FlowLogPlan } from "./lib/flowLogs";
import { checkedElasticIps } from "./lib/nat";
import { NatInstancePlan } from "./lib/natInstances";
import { networkEgressFacts, NetworkFacts, planNetwork } from "./lib/networkPlan";
import { mapInput, mapInputs, plainValue } from "./lib/plain";
import {
  checkArgs,
  checkedWhenKnown,
  initializing,
  noInputs,
  defineOutputs,
  failureOf,
} from "./component";
import {
  availabilityZonesOf,
  interfaceServiceZones,
  lookUpEndpointServices,
  managedPrefixListOf,
  natInstanceImageOf,
  partitionOf,
  regionOf,
} from "./lookups";
import { NatInstanceImage, NetworkEgress, NetworkWiring, regionalPublicIps } from "./networkWiring";
import {
  checkHubBlocks,
  checkIpamPoolId,
  PrivateNetworkArgs,
  ResolvedPrivateNetwork,
  resolvePrivateNetworkArgs,
} from "./privateNetworkArgs";
import { recordNetwork } from "./programState";
import { networkDualStack } from "./lib/dualStack";
import { ServiceEndpoints } from "./serviceEndpoints";
import { SharedServiceEndpointsSpoke, sharedServicesOf } from "./sharedServiceEndpointsSpoke";

export { PrivateNetworkArgs, validatePrivateNetworkArgs } from "./privateNetworkArgs";

const CLASS = "PrivateNetwork";

/** What `build` made, which the outputs are derived from. */
interface PrivateNetworkState extends NetworkEgress {
  readonly vpc: aws.ec2.Vpc;
  readonly ipv6: boolean;
  readonly zones: readonly AvailabilityZone[];
  readonly privateSubnets: readonly { subnet: aws.ec2.Subnet; routeTable: aws.ec2.RouteTable }[];
  readonly endpoints: ServiceEndpoints | undefined;
  /** The NAT gateways' and their addresses' share of the monthly cost. */
  readonly natCostUsd: number;
  /** What a function in the private subnets reaches, for its security group's egress. */
  readonly egress: pulumi.Input<EgressFacts>;
}

/**
 * A VPC for Lambda functions and the resources they reach: one private subnet and route table
 * per zone, optional NAT gateways (with the public subnets and internet gateway they need), and
 * VPC endpoints. Subnet blocks and names are keyed by zone, so growing the network never moves
 * or replaces what exists.
 */
export class PrivateNetwork extends pulumi.ComponentResource {
  declare public readonly vpcId: pulumi.Output<string>;
  declare public readonly vpcCidrBlock: pulumi.Output<string>;
  /** The VPC's IPv6 /56 with `ipv6` (Amazon's or the IPAM pool's); "" without. */
  declare public readonly vpcIpv6CidrBlock: pulumi.Output<string>;
  /** The private subnets' IPv6 /64s with `ipv6`, in zone order; empty without. */
  declare public readonly privateSubnetIpv6CidrBlocks: pulumi.Output<string[]>;
  /** Zone names, sorted; `privateSubnetIds` and `privateRouteTableIds` follow the same order. */
  declare public readonly availabilityZones: pulumi.Output<string[]>;
  /** Zone IDs of `availabilityZones`, in the same order. */
  declare public readonly availabilityZoneIds: pulumi.Output<string[]>;
  declare public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Empty unless `natGateways` is "single", "perAz" or "instances" ("regional" needs none). */
  declare public readonly publicSubnetIds: pulumi.Output<string[]>;
  declare public readonly privateRouteTableIds: pulumi.Output<string[]>;
  /** The NAT gateways' ids; empty with "instances" (see `natInstanceIds`). */
  declare public readonly natGatewayIds: pulumi.Output<string[]>;
  /** The NAT instances' ids (natGateways "instances"), in zone order; empty otherwise. */
  declare public readonly natInstanceIds: pulumi.Output<string[]>;
  /**
   * The NAT gateways' (or NAT instances') public IPv4 addresses, in zone order: what the internet sees the private
   * subnets' traffic come from (for allow-lists). Empty with "none"; with "regional" in automatic
   * mode, those AWS has associated so far, in the zones it has expanded to.
   */
  declare public readonly natPublicIps: pulumi.Output<string[]>;
  /** Endpoint id by service short name. */
  declare public readonly endpointIds: pulumi.Output<Record<string, string>>;
  /**
   * Each gateway endpoint's prefix list (`pl-…`), by endpoint key: what a security group's
   * outbound rule names to reach the service through it.
   */
  declare public readonly gatewayPrefixListIds: pulumi.Output<Record<string, string>>;
  /**
   * Hourly charges (NAT gateways, their IPv4 addresses, interface endpoints) for a 730-hour month,
   * in USD. Not the flow log: it is billed per GB delivered, which no plan knows. Not a NAT
   * instance's hourly charge, nor the addresses AWS allocates a regional NAT gateway in automatic
   * mode: not estimated.
   */
  declare public readonly estimatedMonthlyCostUsd: pulumi.Output<number>;

  constructor(
    name: string,
    args: PrivateNetworkArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const resolved = checkArgs(CLASS, name, (a) => resolvePrivateNetworkArgs(name, a), args);
    super(`lambda-networking:index:${CLASS}`, name, noInputs(), opts);
    const built = initializing(CLASS, name, this, () => this.build(name, resolved));
    defineOutputs(this as PrivateNetwork, built, {
      vpcId: (s) => s.vpc.id,
      vpcCidrBlock: (s) => s.vpc.cidrBlock,
      vpcIpv6CidrBlock: (s) => (s.ipv6 ? s.vpc.ipv6CidrBlock : pulumi.output("")),
      privateSubnetIpv6CidrBlocks: (s) =>
        pulumi.all(s.ipv6 ? s.privateSubnets.map((p) => p.subnet.ipv6CidrBlock) : []),
      availabilityZones: (s) => s.zones.map((z) => z.name),
      availabilityZoneIds: (s) => s.zones.map((z) => z.id),
      privateSubnetIds: (s) => pulumi.all(s.privateSubnets.map((p) => p.subnet.id)),
      publicSubnetIds: (s) => pulumi.all(s.publicSubnets.map((subnet) => subnet.id)),
      privateRouteTableIds: (s) => pulumi.all(s.privateSubnets.map((p) => p.routeTable.id)),
      natGatewayIds: (s) => pulumi.all(s.natGateways.map((nat) => nat.id)),
      natInstanceIds: (s) => pulumi.all(s.natInstances.map((nat) => nat.instance.id)),
      natPublicIps: (s) =>
        s.regionalNatGateway !== undefined
          ? regionalPublicIps(s.regionalNatGateway)
          : pulumi.all([
              ...s.natGateways.map((nat) => nat.publicIp),
              ...s.natInstances.map((nat) => nat.publicIp),
            ]),
      endpointIds: (s) => s.endpoints?.endpointIds ?? {},
      gatewayPrefixListIds: (s) => s.endpoints?.gatewayPrefixListIds ?? {},
      estimatedMonthlyCostUsd: (s) =>
        mapInput(s.endpoints?.estimatedMonthlyCostUsd ?? 0, (endpointCost) =>
          roundUsd(s.natCostUsd + endpointCost),
        ),
    });
    // The program's VpcFunctions in these subnets draw their egress from what the network offers.
    const facts = built.then((s) => s.egress);
    // The network's own failure is reported once, by the network; a function reading the facts
    // gets it too.
    facts.catch(() => undefined);
    // The subnets' zones, for their names in messages: known before their ids are, as the ids
    // come from what was built.
    let zones: readonly AvailabilityZone[] = [];
    built.then((s) => (zones = s.zones)).catch(() => undefined);
    recordNetwork(
      this.privateSubnetIds,
      {
        network: `PrivateNetwork "${name}"`,
        facts,
        ...networkDualStack(resolved, sharedServicesOfNetwork(resolved)),
      },
      (i) => zones[i]?.name,
    );
  }

  /** Looks AWS up, plans, then wires the plan's resources. */
  private async build(name: string, r: ResolvedPrivateNetwork): Promise<PrivateNetworkState> {
    const fail = failureOf(CLASS, name, this);
    const facts = await this.facts(fail, r.endpoints);
    const plan = rethrowArgumentErrors(fail, () =>
      planNetwork(r.zones, r.natGateways, facts, r.natElasticIps),
    );
    const flowLogs = await this.checkedFlowLogs(r.flowLogs, fail);
    const cidrBlock = checkedCidrBlock(r.cidrBlock, fail);
    const ipamPool = checkedIpamPoolId(r.ipv6IpamPoolId, fail);
    const wiring = new NetworkWiring(this, name, r.tags, fail, cidrBlock, r.ipv6, ipamPool);
    const vpc = wiring.vpc();
    if (r.restrictDefaultSecurityGroup) {
      wiring.closedDefaultSecurityGroup(vpc);
    }
    if (flowLogs.destination !== "none") {
      wiring.flowLog(vpc, flowLogs);
    }
    const privateSubnets = plan.zones.map((zone) => wiring.privateSubnet(vpc, zone.name));
    const egress = wiring.egress(
      vpc,
      plan,
      privateSubnets,
      checkedElasticIps(r.natElasticIps, fail),
      await this.natInstanceImage(r.natInstances, fail),
    );
    const endpoints =
      r.endpoints.length === 0 ? undefined : wiring.endpoints(vpc, privateSubnets, plan, r);
    this.sharedEndpointsSpoke(name, vpc, r);
    return {
      vpc,
      ipv6: r.ipv6,
      zones: plan.zones,
      privateSubnets,
      ...egress,
      endpoints,
      natCostUsd: plan.natCostUsd,
      // The block as given (checked), not the VPC's output: plain when the argument is.
      egress: mapInputs(
        [
          cidrBlock,
          await this.gatewayPrefixLists(facts.region, r.endpoints, endpoints),
          r.ipv6 ? vpc.ipv6CidrBlock : "",
          checkedHubBlocks(r, fail),
        ],
        ([block, prefixListIds, ipv6Block, hubBlocks]) =>
          networkEgressFacts(r, block, prefixListIds, ipv6Block, hubBlocks),
      ),
    };
  }

  /**
   * The flow log's destination checked: a key or bucket of another partition could never be
   * used, so it is checked with the provider's partition before anything is registered.
   */
  private async checkedFlowLogs(
    flowLogs: FlowLogPlan,
    fail: (message: string) => Error,
  ): Promise<FlowLogPlan> {
    return flowLogs.destination === "none"
      ? flowLogs
      : checkFlowLogArns(flowLogs, {
          partition: await partitionOf(this, fail),
          fail,
          at: (field) => `flowLogs.${field}`,
        });
  }

  /** With `sharedServiceEndpoints`: the VPC associated with the hub's profile (a child spoke). */
  private sharedEndpointsSpoke(name: string, vpc: aws.ec2.Vpc, r: ResolvedPrivateNetwork): void {
    const sharing = r.sharedServiceEndpoints;
    if (sharing !== undefined) {
      new SharedServiceEndpointsSpoke(
        `${name}-shared-endpoints`,
        {
          vpcId: vpc.id,
          profileId: sharing.profileId,
          resourceShareArn: sharing.resourceShareArn,
          sharedServices: sharing.sharedServices,
          tags: r.tags,
        },
        { parent: this },
      );
    }
  }

  /** The NAT instances' type and image: the user's image, else AWS's latest (looked up). */
  private async natInstanceImage(
    plan: NatInstancePlan | undefined,
    fail: (message: string) => Error,
  ): Promise<NatInstanceImage | undefined> {
    if (plan === undefined) {
      return undefined;
    }
    const imageId = plan.imageId ?? (await natInstanceImageOf(this, fail));
    return { instanceType: plan.instanceType, imageId };
  }

  /**
   * The prefix lists of the network's gateway endpoints, looked up by service name: the list a
   * gateway endpoint reports is that managed prefix list (terraform-provider-aws
   * internal/service/ec2/vpc_endpoint.go reads `prefix_list_id` with findPrefixListByName of the
   * service name), and it exists before the endpoint, so the functions' security groups do not
   * wait for the endpoints to be created. A Region without the list keeps the endpoint's own.
   */
  private async gatewayPrefixLists(
    region: string,
    resolved: readonly ResolvedEndpoint[],
    endpoints: ServiceEndpoints | undefined,
  ): Promise<pulumi.Input<string>[]> {
    const gateways = resolved.filter((e) => e.type === "Gateway");
    return Promise.all(
      gateways.map(async (e) => {
        const id = await managedPrefixListOf(this, region, e.service);
        return (
          id ?? (endpoints as ServiceEndpoints).gatewayPrefixListIds.apply((ids) => ids[e.key])
        );
      }),
    );
  }

  /** The region, its zones and the interface endpoint services' zones. */
  private async facts(
    fail: (message: string) => Error,
    endpoints: readonly ResolvedEndpoint[],
  ): Promise<NetworkFacts> {
    const [region, partition, offeredZones] = await Promise.all([
      regionOf(this, fail),
      partitionOf(this, fail),
      availabilityZonesOf(this, fail),
    ]);
    const labels = endpointLabels("endpoints", endpoints);
    const services = await lookUpEndpointServices(this, fail, region, endpoints, labels);
    return {
      region,
      partition,
      offeredZones,
      interfaceServiceZones: interfaceServiceZones(endpoints, services),
      endpointLabels: labels,
    };
  }
}

/** The services a hub shares with the network (`sharedServiceEndpoints`), as far as known. */
function sharedServicesOfNetwork(r: ResolvedPrivateNetwork): readonly string[] {
  const sharing = r.sharedServiceEndpoints;
  return sharing === undefined
    ? []
    : sharedServicesOf(sharing.profileId, sharing.sharedServices).services;
}

/** The hub's blocks of `sharedServiceEndpoints` (none without), checked once known. */
function checkedHubBlocks(r: ResolvedPrivateNetwork, fail: (message: string) => Error) {
  const blocks = r.sharedServiceEndpoints?.hubCidrBlocks;
  return blocks === undefined
    ? []
    : checkedWhenKnown(blocks, fail, (known) =>
        checkHubBlocks(known as string[], plainValue(r.cidrBlock)),
      );
}

/** The IPAM pool id, checked as soon as it is known (it may come from another stack). */
function checkedIpamPoolId(
  id: pulumi.Input<string> | undefined,
  fail: (message: string) => Error,
): pulumi.Input<string> | undefined {
  return id === undefined ? undefined : checkedWhenKnown(id, fail, checkIpamPoolId);
}

/**
 * The VPC block. One known only at deployment (e.g. from IPAM) is checked as soon as it is
 * known, and the VPC registers only a block that passed.
 */
function checkedCidrBlock(block: pulumi.Input<string>, fail: (message: string) => Error) {
  return checkedWhenKnown(block, fail, parseVpcCidrBlock);
}
