import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AvailabilityZone,
  CheckedAvailabilityZoneRequest,
  requestedZoneCount,
  validateAvailabilityZoneRequest,
} from "./lib/azs";
import { availabilityZoneSlot, DEFAULT_VPC_CIDR_BLOCK, parseVpcCidrBlock } from "./lib/cidr";
import { roundUsd } from "./lib/cost";
import { EgressFacts } from "./lib/egress";
import { EndpointPolicyScope, validateEndpointPolicyArgs } from "./lib/endpointPolicies";
import { endpointLabels, EndpointSpec, ResolvedEndpoint, resolveEndpoints } from "./lib/endpoints";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { rethrowArgumentErrors } from "./lib/errors";
import { checkFlowLogs, FlowLogPlan, FlowLogsArgs } from "./lib/flowLogs";
import { checkFlowLogArns } from "./flowLogResources";
import {
  NatElasticIps,
  NatGatewayStrategy,
  checkedElasticIps,
  validateNatElasticIps,
  validateNatGatewayStrategy,
} from "./lib/nat";
import { NatInstancePlan, validateNatInstanceArgs } from "./lib/natInstances";
import { networkEgressFacts, NetworkFacts, planNetwork } from "./lib/networkPlan";
import { checkEndpointsChildAutoName } from "./lib/naming";
import { mapInput, mapInputs, plainValue } from "./lib/plain";
import { checkArgs, initializing, noInputs, defineOutputs, failureOf } from "./component";
import {
  availabilityZonesOf,
  interfaceServiceZones,
  lookUpEndpointServices,
  managedPrefixListOf,
  natInstanceImageOf,
  partitionOf,
  regionOf,
} from "./lookups";
import {
  NatInstanceImage,
  NetworkEgress,
  NetworkEndpoints,
  NetworkWiring,
  regionalPublicIps,
} from "./networkWiring";
import { recordNetwork } from "./programState";
import { networkDualStack } from "./lib/dualStack";
import { ServiceEndpoints } from "./serviceEndpoints";
import { Tags, validateTags } from "./tags";

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
   * "single" (one NAT gateway), "perAz" (a NAT gateway per zone, zone-local egress) or
   * "regional" (one regional NAT gateway that AWS spreads over the zones in use: an internet
   * gateway but no public subnets; its hourly charge is not in `estimatedMonthlyCostUsd`) or
   * "instances" (a NAT instance per zone, arm64: cheaper, but not highly available, patched only
   * by replacing it, and as fast as its type; its hourly charge is not in the estimate).
   * @default "none"
   */
  readonly natGateways?: NatGatewayStrategy;
  /**
   * The NAT instances' type (natGateways "instances" only). With the default image it must be
   * arm64 (Graviton, e.g. "t4g.small", "c7gn.medium"); with `natInstanceImageId`, any type that
   * image runs on. It bounds the zone's egress bandwidth.
   * @default "t4g.nano"
   */
  readonly natInstanceType?: string;
  /**
   * Your own AMI for the NAT instances (natGateways "instances" only), configured as a NAT by the
   * network's user data (Amazon Linux 2023 or alike: dnf, iptables-services). Pins the image: no
   * replacement until you change it.
   * @default - the latest Amazon Linux 2023 arm64 AMI, read at every deployment
   */
  readonly natInstanceImageId?: string;
  /**
   * Your own Elastic IPs for the NAT gateways (allocation ids, `eipalloc-…`), in zone order
   * (zones sorted by name): 1 with "single", one per zone with "perAz" and with "regional" (the
   * regional NAT gateway then uses each zone's in manual mode, instead of addresses AWS
   * allocates). The internet then sees addresses you hold, which outlive the network, for
   * allow-lists. Not with "none".
   * @default - one new Elastic IP per NAT gateway
   */
  readonly natElasticIpAllocationIds?: pulumi.Input<string>[];
  /**
   * Keep the Elastic IPs the network allocates for its NAT gateways when the network is destroyed
   * (Pulumi's `retainOnDelete`), since allow-lists depend on them; they stay billed until you
   * release them. Not with `natElasticIpAllocationIds`, which are never released, nor with
   * "regional", which creates none.
   * @default false
   */
  readonly retainNatElasticIps?: boolean;
  /**
   * Dual-stack subnets: an Amazon-provided IPv6 /56 on the VPC, a /64 per subnet (fixed by zone
   * letter and tier), and an egress-only internet gateway, with any NAT strategy (no NAT charge;
   * not in the estimate), that every private route table sends ::/0 to; public subnets send ::/0 to the
   * internet gateway. Only IPv6 destinations skip NAT. Switching it updates subnets in place.
   * @default false
   */
  readonly ipv6?: boolean;
  /**
   * VPC endpoints to create in the private subnets and route tables, one entry per service.
   * @default - none
   */
  readonly endpoints?: EndpointSpec[];
  /**
   * The policy of each endpoint whose entry gives none, as for ServiceEndpoints: a data perimeter
   * for the deploying account ("Account") or its organization ("Organization"), or AWS's
   * full-access default ("Open").
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
   * The VPC's flow log: on by default, recording REJECT traffic to a CloudWatch Logs group kept
   * 90 days, with the role flow logs need (Security Hub EC2.6). `{ enabled: false }` for none.
   * @default - REJECT traffic to a new log group, 90 days
   */
  readonly flowLogs?: FlowLogsArgs;
  /**
   * Adopt the VPC's default security group and remove its rules (AWS gives it all traffic from
   * its members and all outbound), so a resource left in it can reach nothing (Security Hub
   * EC2.2). false leaves the group as AWS made it.
   * @default true
   */
  readonly restrictDefaultSecurityGroup?: boolean;
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const CLASS = "PrivateNetwork";

/** Everything about the arguments that can be known without the region. */
interface PrivateNetworkSettings {
  readonly zones: CheckedAvailabilityZoneRequest;
  readonly flowLogs: FlowLogPlan;
  readonly natGateways: NatGatewayStrategy;
  readonly natElasticIps: NatElasticIps<pulumi.Input<string>>;
  /** The NAT instances' type and image, with natGateways "instances". */
  readonly natInstances: NatInstancePlan | undefined;
  readonly endpoints: ResolvedEndpoint[];
  readonly ipv6: boolean;
}

/**
 * A PrivateNetwork's arguments, resolved once before anything is registered: checked, with
 * defaults applied. The component reads nothing else of what it was given.
 */
interface ResolvedPrivateNetwork extends PrivateNetworkSettings, NetworkEndpoints {
  readonly cidrBlock: pulumi.Input<string>;
  readonly restrictDefaultSecurityGroup: boolean;
  readonly tags: Tags | undefined;
}

/** Checks a network's arguments and the names its own name gives, and resolves them. */
function resolvePrivateNetworkArgs(component: string, given: PrivateNetworkArgs) {
  const settings = validatePrivateNetworkArgs(given);
  if (settings.endpoints.some((e) => e.type === "Interface")) {
    checkEndpointsChildAutoName(component);
  }
  const args = withoutNulls(given);
  const resolved: ResolvedPrivateNetwork = {
    ...settings,
    specs: args.endpoints ?? [],
    endpointPolicyScope: args.endpointPolicyScope,
    endpointPolicyTrustedAccounts: args.endpointPolicyTrustedAccounts,
    cidrBlock: args.cidrBlock ?? DEFAULT_VPC_CIDR_BLOCK,
    restrictDefaultSecurityGroup: args.restrictDefaultSecurityGroup ?? true,
    tags: args.tags,
  };
  return resolved;
}

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

const SHAPES: ArgSpec<PrivateNetworkArgs> = {
  cidrBlock: "stringInput",
  availabilityZoneCount: "number",
  availabilityZoneNames: "strings",
  availabilityZoneIds: "strings",
  excludeAvailabilityZoneIds: "strings",
  natGateways: "string",
  natInstanceType: "string",
  natInstanceImageId: "string",
  natElasticIpAllocationIds: "stringsInput",
  retainNatElasticIps: "boolean",
  ipv6: "boolean",
  endpoints: "list",
  endpointPolicyScope: "string",
  endpointPolicyTrustedAccounts: "strings",
  flowLogs: "object",
  restrictDefaultSecurityGroup: "boolean",
  tags: "tags",
};

/** Checks the arguments alone, before anything is registered. */
export function validatePrivateNetworkArgs(given: PrivateNetworkArgs): PrivateNetworkSettings {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  const cidrBlock = plainValue(args.cidrBlock);
  if (cidrBlock !== undefined) {
    parseVpcCidrBlock(cidrBlock);
  }
  const zones = validateAvailabilityZoneRequest(args);
  for (const zone of args.availabilityZoneNames ?? []) {
    availabilityZoneSlot(zone);
  }
  validateTags(args.tags);
  validateEndpointPolicyArgs(args);
  const natGateways = validateNatGatewayStrategy(args.natGateways);
  return {
    zones,
    flowLogs: checkFlowLogs(args.flowLogs),
    natGateways,
    natElasticIps: validateNatElasticIps(
      natGateways,
      requestedZoneCount(zones),
      args.natElasticIpAllocationIds,
      args.retainNatElasticIps,
    ),
    natInstances: validateNatInstanceArgs(
      natGateways,
      args.natInstanceType,
      args.natInstanceImageId,
    ),
    endpoints: resolveEndpoints("endpoints", args.endpoints),
    ipv6: args.ipv6 ?? false,
  };
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
  /** The VPC's Amazon-provided IPv6 /56 with `ipv6`; "" without. */
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
   * in USD. Not the flow log: it is billed per GB delivered, which no plan knows. Not a regional
   * NAT gateway's hourly charge, nor the addresses AWS allocates it: not estimated.
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
      { network: `PrivateNetwork "${name}"`, facts, ...networkDualStack(resolved) },
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
    // A key or bucket of another partition could never be used: checked with the provider's,
    // before anything is registered.
    const flowLogs =
      r.flowLogs.destination === "none"
        ? r.flowLogs
        : checkFlowLogArns(r.flowLogs, {
            partition: await partitionOf(this, fail),
            fail,
            at: (field) => `flowLogs.${field}`,
          });
    const cidrBlock = checkedCidrBlock(r.cidrBlock, fail);
    const wiring = new NetworkWiring(this, name, r.tags, fail, cidrBlock, r.ipv6);
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
        ],
        ([block, prefixListIds, ipv6Block]) =>
          networkEgressFacts(r, block, prefixListIds, ipv6Block),
      ),
    };
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
    const [region, offeredZones] = await Promise.all([
      regionOf(this, fail),
      availabilityZonesOf(this, fail),
    ]);
    const labels = endpointLabels("endpoints", endpoints);
    const services = await lookUpEndpointServices(this, fail, region, endpoints, labels);
    return {
      region,
      offeredZones,
      interfaceServiceZones: interfaceServiceZones(endpoints, services),
      endpointLabels: labels,
    };
  }
}

/**
 * The VPC block. One known only at deployment (e.g. from IPAM) is checked as soon as it is
 * known, and the VPC registers only a block that passed.
 */
function checkedCidrBlock(block: pulumi.Input<string>, fail: (message: string) => Error) {
  return mapInput(block, (value) =>
    rethrowArgumentErrors(fail, () => (parseVpcCidrBlock(value), value)),
  );
}
