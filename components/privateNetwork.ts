import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AvailabilityZone,
  CheckedAvailabilityZoneRequest,
  validateAvailabilityZoneRequest,
} from "./lib/azs";
import {
  availabilityZoneSlot,
  DEFAULT_VPC_CIDR_BLOCK,
  parseVpcCidrBlock,
  subnetBlocksForZone,
} from "./lib/cidr";
import { roundUsd } from "./lib/cost";
import {
  EndpointPolicyScope,
  validateEndpointPolicyScope,
  validateTrustedAccounts,
} from "./lib/endpointPolicies";
import { EndpointSpec, ResolvedEndpoint, resolveEndpoints } from "./lib/endpoints";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { rethrowArgumentErrors } from "./lib/errors";
import { checkFlowLogs, FlowLogPlan, FlowLogsArgs } from "./lib/flowLogs";
import { checkFlowLogArns, createFlowLog } from "./flowLogResources";
import { NatGatewayStrategy, validateNatGatewayStrategy } from "./lib/nat";
import { NetworkFacts, NetworkPlan, planNetwork } from "./lib/networkPlan";
import { checkEndpointsChildAutoName, names } from "./lib/naming";
import { mapInput, plainValue } from "./lib/plain";
import { checkArgs, defineOutputs, failureOf, initializing } from "./component";
import {
  availabilityZonesOf,
  interfaceServiceZones,
  lookUpEndpointServices,
  partitionOf,
  regionOf,
} from "./lookups";
import { recordNetwork, recordPublicSubnet } from "./programState";
import { resolvedEndpointList, ServiceEndpoints } from "./serviceEndpoints";
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
interface ValidatedArgs {
  readonly zones: CheckedAvailabilityZoneRequest;
  readonly flowLogs: FlowLogPlan;
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
  endpointPolicyScope: "string",
  endpointPolicyTrustedAccounts: "strings",
  flowLogs: "object",
  restrictDefaultSecurityGroup: "boolean",
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
  const zones = validateAvailabilityZoneRequest(args);
  for (const zone of args.availabilityZoneNames ?? []) {
    availabilityZoneSlot(zone);
  }
  validateTags(args.tags);
  validateEndpointPolicyScope("endpointPolicyScope", args.endpointPolicyScope);
  validateTrustedAccounts(
    "endpointPolicyTrustedAccounts",
    args.endpointPolicyTrustedAccounts,
    args.endpointPolicyScope,
  );
  return {
    zones,
    flowLogs: checkFlowLogs(args.flowLogs),
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
  /**
   * Each gateway endpoint's prefix list (`pl-…`), by endpoint key: what a security group's
   * outbound rule names to reach the service through it.
   */
  declare public readonly gatewayPrefixListIds: pulumi.Output<Record<string, string>>;
  /**
   * Hourly charges (NAT gateways, their IPv4 addresses, interface endpoints) for a 730-hour month,
   * in USD. Not the flow log: it is billed per GB delivered, which no plan knows.
   */
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
    const given = withoutNulls(args);
    // `initialize` gets the arguments as given to super; it finds them checked here.
    checkedArgs.set(given, checked);
    super(`lambda-networking:index:${CLASS}`, name, given, opts);
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
      gatewayPrefixListIds: (s) => s.endpoints?.gatewayPrefixListIds ?? {},
      estimatedMonthlyCostUsd: (s) =>
        mapInput(s.endpoints?.estimatedMonthlyCostUsd ?? 0, (endpointCost) =>
          roundUsd(s.natCostUsd + endpointCost),
        ),
    });
    // The program's VpcFunctions in these subnets draw their egress from what the network offers.
    const internet = checked.natGateways !== "none";
    recordNetwork(this.privateSubnetIds, {
      network: `PrivateNetwork "${name}"`,
      facts: pulumi
        .all([this.vpcCidrBlock, this.gatewayPrefixListIds])
        .apply(([cidrBlock, prefixLists]) => ({
          vpcCidrBlocks: [cidrBlock],
          vpcIpv6CidrBlocks: [],
          prefixListIds: Object.values(prefixLists).sort(),
          internet,
          ipv6Internet: false,
        })),
    });
  }

  protected async initialize(
    args: PrivateNetworkArgs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<PrivateNetworkState> {
    return initializing(CLASS, name as string, this, () => this.build(args, name as string));
  }

  /** Looks AWS up, plans, then wires the plan's resources. */
  private async build(args: PrivateNetworkArgs, name: string): Promise<PrivateNetworkState> {
    const checked = checkedArgs.get(args) as ValidatedArgs;
    const fail = failureOf(CLASS, name, this);
    const facts = await this.facts(fail, checked.endpoints);
    const plan = rethrowArgumentErrors(fail, () =>
      planNetwork(checked.zones, checked.natGateways, facts),
    );
    // A key or bucket of another partition could never be used: checked with the provider's,
    // before anything is registered.
    const flowLogs =
      checked.flowLogs.destination === "none"
        ? checked.flowLogs
        : checkFlowLogArns(checked.flowLogs, {
            partition: await partitionOf(this, fail),
            fail,
            at: (field) => `flowLogs.${field}`,
          });
    const wiring = new Wiring(this, name, args.tags, fail, this.cidrBlockOf(fail, args));
    const vpc = wiring.vpc();
    if (args.restrictDefaultSecurityGroup ?? true) {
      wiring.closedDefaultSecurityGroup(vpc);
    }
    if (flowLogs.destination !== "none") {
      wiring.flowLog(vpc, flowLogs);
    }
    const privateSubnets = plan.zones.map((zone) => wiring.privateSubnet(vpc, zone.name));
    const publicTier = plan.internet ? wiring.publicTier(vpc, plan) : undefined;
    for (const { zone, routeTable } of privateSubnets) {
      const natZone = plan.natZoneFor.get(zone);
      if (natZone !== undefined) {
        wiring.natRoute(
          zone,
          routeTable,
          publicTier?.natGateways.get(natZone) as aws.ec2.NatGateway,
        );
      }
    }
    const endpoints =
      checked.endpoints.length === 0
        ? undefined
        : wiring.endpoints(vpc, privateSubnets, plan, args, checked.endpoints);
    return {
      vpc,
      zones: plan.zones,
      privateSubnets,
      publicSubnets: publicTier?.subnets ?? [],
      natGateways: [...(publicTier?.natGateways.values() ?? [])],
      endpoints,
      natCostUsd: plan.natCostUsd,
    };
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
    const services = await lookUpEndpointServices(this, fail, region, endpoints);
    return {
      region,
      offeredZones,
      interfaceServiceZones: interfaceServiceZones(endpoints, services),
    };
  }

  /**
   * The VPC block. One known only at deployment (e.g. from IPAM) is checked as soon as it is
   * known, and the VPC registers only a block that passed.
   */
  private cidrBlockOf(fail: (message: string) => Error, args: PrivateNetworkArgs) {
    return mapInput(args.cidrBlock ?? DEFAULT_VPC_CIDR_BLOCK, (block) =>
      rethrowArgumentErrors(fail, () => (parseVpcCidrBlock(block), block)),
    );
  }
}

/** The arguments each network's constructor checked, for its `initialize`. */
const checkedArgs = new WeakMap<object, ValidatedArgs>();

/** Registers a network's children, each under its stable name; wiring only. */
class Wiring {
  constructor(
    private readonly parent: PrivateNetwork,
    private readonly name: string,
    private readonly userTags: Tags | undefined,
    private readonly fail: (message: string) => Error,
    /** The VPC's block, checked. */
    private readonly cidrBlock: pulumi.Input<string>,
  ) {}

  private get opts() {
    return { parent: this.parent };
  }

  private tags(resourceName: string) {
    return childTags(this.userTags, resourceName);
  }

  vpc(): aws.ec2.Vpc {
    const name = names.vpc(this.name);
    // Both DNS settings are needed for interface endpoints' private DNS names to resolve.
    return new aws.ec2.Vpc(
      name,
      {
        cidrBlock: this.cidrBlock,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: this.tags(name),
      },
      this.opts,
    );
  }

  /**
   * The VPC's default security group with no rules. The provider adopts the group AWS made with
   * the VPC and removes every rule not given here; deleting it only forgets it (the group goes
   * with the VPC). (@pulumi/aws ec2/defaultSecurityGroup.d.ts; AWS Config's
   * vpc-default-security-group-closed, behind Security Hub EC2.2, fails a default group with any
   * rule: https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html.)
   */
  closedDefaultSecurityGroup(vpc: aws.ec2.Vpc): aws.ec2.DefaultSecurityGroup {
    const name = names.defaultSecurityGroup(this.name);
    return new aws.ec2.DefaultSecurityGroup(
      name,
      { vpcId: vpc.id, ingress: [], egress: [], tags: this.tags(name) },
      this.opts,
    );
  }

  /** The network's endpoints, in its private subnets, with the arguments the network checked. */
  endpoints(
    vpc: aws.ec2.Vpc,
    privateSubnets: readonly { subnet: aws.ec2.Subnet; routeTable: aws.ec2.RouteTable }[],
    plan: NetworkPlan,
    args: PrivateNetworkArgs,
    resolved: ResolvedEndpoint[],
  ): ServiceEndpoints {
    return new ServiceEndpoints(
      names.endpoints(this.name),
      {
        vpcId: vpc.id,
        subnetIds: privateSubnets.map((p) => p.subnet.id),
        subnetAvailabilityZones: plan.zones.map((z) => z.name),
        routeTableIds: privateSubnets.map((p) => p.routeTable.id),
        endpoints: resolvedEndpointList(args.endpoints ?? [], resolved),
        allowedCidrBlocks: [vpc.cidrBlock],
        endpointPolicyScope: args.endpointPolicyScope,
        endpointPolicyTrustedAccounts: args.endpointPolicyTrustedAccounts,
        tags: args.tags,
      },
      this.opts,
    );
  }

  /** The VPC's flow log (see createFlowLog). */
  flowLog(vpc: aws.ec2.Vpc, plan: Exclude<FlowLogPlan, { destination: "none" }>): void {
    createFlowLog(this.parent, names.flowLogs(this.name), vpc, plan, this.userTags);
  }

  /** One of a zone's blocks: plain when the VPC's block is, else when it is known. */
  private block(zone: string, tier: "privateCidrBlock" | "publicCidrBlock") {
    return mapInput(this.cidrBlock, (block) =>
      rethrowArgumentErrors(
        this.fail,
        () => subnetBlocksForZone(parseVpcCidrBlock(block), zone)[tier],
      ),
    );
  }

  /**
   * A subnet of a tier in a zone, associated with a route table. No public IPs on launch in
   * either tier: only NAT gateways live in the public one, and they bring their own Elastic IP.
   */
  private subnet(
    name: string,
    vpc: aws.ec2.Vpc,
    zone: string,
    tier: "privateCidrBlock" | "publicCidrBlock",
    routeTable: aws.ec2.RouteTable,
  ): aws.ec2.Subnet {
    const subnet = new aws.ec2.Subnet(
      name,
      {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: this.block(zone, tier),
        mapPublicIpOnLaunch: false,
        tags: this.tags(name),
      },
      this.opts,
    );
    new aws.ec2.RouteTableAssociation(
      name,
      { subnetId: subnet.id, routeTableId: routeTable.id },
      this.opts,
    );
    return subnet;
  }

  /** A private subnet with a route table of its own. */
  privateSubnet(vpc: aws.ec2.Vpc, zone: string) {
    const name = names.privateSubnet(this.name, zone);
    const routeTable = new aws.ec2.RouteTable(
      name,
      { vpcId: vpc.id, tags: this.tags(name) },
      this.opts,
    );
    return {
      zone,
      subnet: this.subnet(name, vpc, zone, "privateCidrBlock", routeTable),
      routeTable,
    };
  }

  /** The internet gateway, the public route table, a public subnet per zone, NAT where planned. */
  publicTier(vpc: aws.ec2.Vpc, plan: NetworkPlan) {
    const igwName = names.internetGateway(this.name);
    const igw = new aws.ec2.InternetGateway(
      igwName,
      { vpcId: vpc.id, tags: this.tags(igwName) },
      this.opts,
    );
    const tableName = names.publicRouteTable(this.name);
    const table = new aws.ec2.RouteTable(
      tableName,
      { vpcId: vpc.id, tags: this.tags(tableName) },
      this.opts,
    );
    new aws.ec2.Route(
      tableName,
      { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      this.opts,
    );
    const subnets: aws.ec2.Subnet[] = [];
    const natGateways = new Map<string, aws.ec2.NatGateway>();
    for (const { name: zone } of plan.zones) {
      const subnet = this.publicSubnet(vpc, zone, table);
      subnets.push(subnet);
      if (plan.natZones.includes(zone)) {
        natGateways.set(zone, this.natGateway(zone, subnet, igw));
      }
    }
    return { subnets, natGateways };
  }

  private publicSubnet(vpc: aws.ec2.Vpc, zone: string, table: aws.ec2.RouteTable) {
    const subnet = this.subnet(
      names.publicSubnet(this.name, zone),
      vpc,
      zone,
      "publicCidrBlock",
      table,
    );
    subnet.id.apply((id) => recordPublicSubnet(id, `PrivateNetwork "${this.name}"`));
    return subnet;
  }

  private natGateway(zone: string, subnet: aws.ec2.Subnet, igw: aws.ec2.InternetGateway) {
    const name = names.natGateway(this.name, zone);
    // An Elastic IP and a public NAT gateway need the VPC's internet gateway attached first.
    const after = { ...this.opts, dependsOn: [igw] };
    const eip = new aws.ec2.Eip(name, { domain: "vpc", tags: this.tags(name) }, after);
    return new aws.ec2.NatGateway(
      name,
      {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        connectivityType: "public",
        tags: this.tags(name),
      },
      after,
    );
  }

  natRoute(zone: string, routeTable: aws.ec2.RouteTable, nat: aws.ec2.NatGateway): void {
    new aws.ec2.Route(
      names.privateSubnet(this.name, zone),
      { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
      this.opts,
    );
  }
}
