/**
 * PrivateNetwork's wiring: registers the network's children, each under its stable name, from
 * what the network resolved and planned. No decisions here beyond which resource waits for which.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { parseVpcCidrBlock, subnetBlocksForZone } from "./lib/cidr";
import { EndpointPolicyScope } from "./lib/endpointPolicies";
import { endpointLabels, EndpointSpec } from "./lib/endpoints";
import { rethrowArgumentErrors } from "./lib/errors";
import { FlowLogPlan } from "./lib/flowLogs";
import { NatElasticIps } from "./lib/nat";
import { NetworkPlan } from "./lib/networkPlan";
import { names } from "./lib/naming";
import { mapInput } from "./lib/plain";
import { createFlowLog } from "./flowLogResources";
import { egressOnlyGateway, ipv6DefaultRoute, Ipv6Setting, subnetIpv6Inputs } from "./ipv6Egress";
import {
  NatInstance,
  natInstance,
  natInstanceSecurityGroup,
  NatInstanceSetting,
} from "./natInstanceResources";
import { recordPublicSubnet } from "./programState";
import { ResolvedEndpointsOfParent, ServiceEndpoints } from "./serviceEndpoints";
import { childTags, Tags } from "./tags";

/** What the network's endpoints are made from. */
export interface NetworkEndpoints extends ResolvedEndpointsOfParent {
  /** The list as the network was given it. */
  readonly specs: EndpointSpec[];
  readonly endpointPolicyScope: EndpointPolicyScope | undefined;
  readonly endpointPolicyTrustedAccounts: string[] | undefined;
}

/** Registers a network's children, each under its stable name; wiring only. */
export class NetworkWiring {
  constructor(
    private readonly parent: pulumi.Resource,
    private readonly name: string,
    private readonly userTags: Tags | undefined,
    private readonly fail: (message: string) => Error,
    /** The VPC's block, checked. */
    private readonly cidrBlock: pulumi.Input<string>,
    /** Dual-stack (ipv6: true): a /56 on the VPC, a /64 per subnet, ::/0 routes. */
    private readonly ipv6 = false,
    /** The IPAM pool of the VPC's /56 (checked); else Amazon's. */
    private readonly ipv6IpamPoolId?: pulumi.Input<string>,
  ) {}

  private get ipv6Setting(): Ipv6Setting {
    return { parent: this.parent, network: this.name, tags: this.userTags, fail: this.fail };
  }

  private get opts() {
    return { parent: this.parent };
  }

  /** The network as messages name it: `PrivateNetwork "net"`. */
  private get network() {
    return `PrivateNetwork "${this.name}"`;
  }

  private tags(resourceName: string) {
    return childTags(this.userTags, resourceName);
  }

  private ipv6Block(): Partial<aws.ec2.VpcArgs> {
    return this.ipv6IpamPoolId === undefined
      ? { assignGeneratedIpv6CidrBlock: true }
      : { ipv6IpamPoolId: this.ipv6IpamPoolId, ipv6NetmaskLength: 56 };
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
        // In place: AssociateVpcCidrBlock (neither setting is ForceNew in terraform-provider-aws
        // internal/service/ec2/vpc_.go, modifyVPCIPv6CIDRBlockAssociation). From IPAM, a /56 (the
        // only ipv6_netmask_length that file's schema accepts, VPCCIDRMaxIPv6), as the layout needs.
        ...(this.ipv6 ? this.ipv6Block() : {}),
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

  /**
   * The network's endpoints, in its private subnets, from the list the network resolved: the
   * subnets' zones are the network's own, true by construction.
   */
  endpoints(
    vpc: aws.ec2.Vpc,
    privateSubnets: readonly { subnet: aws.ec2.Subnet; routeTable: aws.ec2.RouteTable }[],
    plan: NetworkPlan,
    given: NetworkEndpoints,
  ): ServiceEndpoints {
    return new ServiceEndpoints(
      names.endpoints(this.name),
      {
        vpcId: vpc.id,
        subnetIds: privateSubnets.map((p) => p.subnet.id),
        subnetAvailabilityZones: plan.zones.map((z) => z.name),
        routeTableIds: privateSubnets.map((p) => p.routeTable.id),
        endpoints: given.specs,
        // Dual-stack: clients in the /56 reach the endpoints over IPv6 too.
        allowedCidrBlocks: this.ipv6 ? [vpc.cidrBlock, vpc.ipv6CidrBlock] : [vpc.cidrBlock],
        endpointPolicyScope: given.endpointPolicyScope,
        endpointPolicyTrustedAccounts: given.endpointPolicyTrustedAccounts,
        tags: this.userTags,
      },
      this.opts,
      {
        endpoints: given.endpoints,
        labels: endpointLabels("endpoints", given.endpoints),
        // The network's own list: reported as the network's, naming its entries.
        reportAs: { component: this.network, fail: this.fail },
        dualStack: this.ipv6,
      },
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
        ...(this.ipv6
          ? subnetIpv6Inputs(
              this.ipv6Setting,
              vpc,
              zone,
              tier === "publicCidrBlock" ? "public" : "private",
            )
          : {}),
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

  /** The VPC's internet gateway: every NAT gateway's way out. */
  internetGateway(vpc: aws.ec2.Vpc): aws.ec2.InternetGateway {
    const name = names.internetGateway(this.name);
    return new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: this.tags(name) }, this.opts);
  }

  /**
   * The public route table, a public subnet per zone, and where planned a zonal NAT gateway, or a
   * NAT instance when `instances` says what they are made of.
   */
  publicTier(
    vpc: aws.ec2.Vpc,
    igw: aws.ec2.InternetGateway,
    plan: NetworkPlan,
    elasticIps: NatElasticIps<pulumi.Input<string>>,
    instances?: NatInstanceImage,
  ) {
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
    if (this.ipv6) {
      ipv6DefaultRoute(this.ipv6Setting, tableName, table, igw);
    }
    const subnets: aws.ec2.Subnet[] = [];
    const natGateways = new Map<string, aws.ec2.NatGateway>();
    const natInstances = new Map<string, NatInstance>();
    const setting = instances && this.natInstanceSetting(vpc, igw, instances);
    for (const { name: zone } of plan.zones) {
      const subnet = this.publicSubnet(vpc, zone, table);
      subnets.push(subnet);
      const natIndex = plan.natZones.indexOf(zone);
      if (natIndex >= 0 && setting !== undefined) {
        natInstances.set(zone, natInstance(setting, zone, subnet, elasticIps, natIndex));
      } else if (natIndex >= 0) {
        // The user's addresses go to the NAT gateways in zone order, as the argument says.
        const allocationId =
          elasticIps.source === "given"
            ? elasticIps.allocationIds[natIndex]
            : this.natElasticIp(zone, elasticIps.retain).allocationId;
        natGateways.set(zone, this.natGateway(zone, subnet, igw, allocationId));
      }
    }
    return { subnets, natGateways, natInstances };
  }

  /** What the network's NAT instances share, with their one security group. */
  private natInstanceSetting(
    vpc: aws.ec2.Vpc,
    igw: aws.ec2.InternetGateway,
    image: NatInstanceImage,
  ): NatInstanceSetting {
    const securityGroup = natInstanceSecurityGroup(
      this.parent,
      this.name,
      vpc,
      this.cidrBlock,
      this.userTags,
    );
    return {
      parent: this.parent,
      network: this.name,
      tags: this.userTags,
      igw,
      securityGroup,
      ...image,
    };
  }

  private publicSubnet(vpc: aws.ec2.Vpc, zone: string, table: aws.ec2.RouteTable) {
    const subnet = this.subnet(
      names.publicSubnet(this.name, zone),
      vpc,
      zone,
      "publicCidrBlock",
      table,
    );
    subnet.id.apply((id) => recordPublicSubnet(id, this.network, zone));
    return subnet;
  }

  /**
   * A NAT gateway's own Elastic IP. Allocating an address needs no internet gateway
   * (AllocateAddress takes only a domain and a pool); associating one does, and terraform's
   * aws_eip page advises depends_on the gateway only for an EIP associated with an instance or
   * ENI. Kept on destroy when asked: others allow-list the address, and a released one is gone
   * for good (AWS recovers a released address only sometimes: "Recover an Elastic IP address",
   * https://docs.aws.amazon.com/vpc/latest/userguide/WorkWithEIPs.html).
   */
  private natElasticIp(zone: string, retain: boolean): aws.ec2.Eip {
    const name = names.natGateway(this.name, zone);
    return new aws.ec2.Eip(
      name,
      { domain: "vpc", tags: this.tags(name) },
      retain ? { ...this.opts, retainOnDelete: true } : this.opts,
    );
  }

  /**
   * A public NAT gateway needs the VPC's internet gateway attached (terraform's aws_nat_gateway
   * page advises depends_on it; EC2 answers Gateway.NotAttached otherwise), so it waits for it.
   * A replacement keeps the Elastic IP (its allocation id does not change when, say, the subnet
   * is replaced), and an address serves one NAT gateway at a time: creating the new one first
   * fails with Resource.AlreadyAssociated ("Elastic IP address eipalloc-… is already
   * associated", the NatGateway failure codes:
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html), while deleting
   * the old one frees the address (DeleteNatGateway "disassociates its Elastic IP address":
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteNatGateway.html). So the
   * old one goes first; the zone has no egress meanwhile, which a replacement of a NAT gateway
   * means anyway (allocation_id and subnet_id are ForceNew in terraform-provider-aws
   * internal/service/ec2/vpc_nat_gateway.go).
   */
  private natGateway(
    zone: string,
    subnet: aws.ec2.Subnet,
    igw: aws.ec2.InternetGateway,
    allocationId: pulumi.Input<string>,
  ) {
    const name = names.natGateway(this.name, zone);
    return new aws.ec2.NatGateway(
      name,
      { allocationId, subnetId: subnet.id, connectivityType: "public", tags: this.tags(name) },
      { ...this.opts, dependsOn: [igw], deleteBeforeReplace: true },
    );
  }

  /**
   * The VPC's one regional NAT gateway: no subnet and no public subnets (AWS's user guide, "Regional
   * NAT gateways for automatic multi-AZ expansion":
   * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html). AWS creates a
   * route table for it with a route to the internet gateway, so it waits for the gateway, as a
   * zonal one does. That table (the gateway's routeTableId) is the gateway's own: no private
   * subnet is ever associated with it, as its default route goes to the internet gateway and
   * would make the subnet public. With the user's addresses it is in manual mode, one address
   * per zone (availabilityZoneAddresses); without, in automatic mode, AWS allocates them and
   * expands to the zones that have network interfaces (@pulumi/aws ec2/natGateway.d.ts). Deleted
   * before its replacement: the user's addresses serve one NAT gateway at a time, and a change
   * of mode (auto to manual and back) replaces it (terraform-provider-aws
   * internal/service/ec2/vpc_nat_gateway.go: regional_nat_gateway_auto_mode forces replacement;
   * availability_mode and vpc_id are ForceNew; the zones' addresses update in place).
   */
  regionalNatGateway(
    vpc: aws.ec2.Vpc,
    igw: aws.ec2.InternetGateway,
    plan: NetworkPlan,
    elasticIps: NatElasticIps<pulumi.Input<string>>,
  ): aws.ec2.NatGateway {
    const name = names.regionalNatGateway(this.name);
    const addresses =
      elasticIps.source === "given"
        ? {
            availabilityZoneAddresses: plan.zones.map((zone, i) => ({
              availabilityZone: zone.name,
              allocationIds: [elasticIps.allocationIds[i]],
            })),
          }
        : {};
    return new aws.ec2.NatGateway(
      name,
      {
        availabilityMode: "regional",
        vpcId: vpc.id,
        connectivityType: "public",
        ...addresses,
        tags: this.tags(name),
      },
      { ...this.opts, dependsOn: [igw], deleteBeforeReplace: true },
    );
  }

  /**
   * A private route table's default route, to a NAT gateway or to a NAT instance's primary
   * network interface (the instance's own interface, which its replacement changes: the route
   * is then updated in place, ReplaceRoute). Named after the private subnet whatever the target,
   * so switching strategies retargets it.
   */
  natRoute(
    zone: string,
    routeTable: aws.ec2.RouteTable,
    nat: aws.ec2.NatGateway | aws.ec2.Instance,
  ): void {
    const target =
      nat instanceof aws.ec2.Instance
        ? { networkInterfaceId: nat.primaryNetworkInterfaceId }
        : { natGatewayId: nat.id };
    new aws.ec2.Route(
      names.privateSubnet(this.name, zone),
      { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", ...target },
      this.opts,
    );
  }

  /**
   * The way out: the internet gateway, then zonal NAT gateways or NAT instances in public
   * subnets, or the one regional NAT gateway, and each private route table's default route to its
   * NAT. The routes keep their names (the private subnet's) whichever the strategy, so switching
   * strategies changes their target and leaves the private subnets, their tables and the
   * endpoints as they are.
   */
  egress(
    vpc: aws.ec2.Vpc,
    plan: NetworkPlan,
    privateSubnets: readonly { zone: string; routeTable: aws.ec2.RouteTable }[],
    elasticIps: NatElasticIps<pulumi.Input<string>>,
    instances: NatInstanceImage | undefined,
  ): NetworkEgress {
    if (this.ipv6) {
      // IPv6 destinations leave through the egress-only gateway, with or without NAT: that is
      // the point of dual-stack (no NAT charge for them), and it lets nothing in.
      const eigw = egressOnlyGateway(this.ipv6Setting, vpc);
      for (const { zone, routeTable } of privateSubnets) {
        ipv6DefaultRoute(this.ipv6Setting, names.privateSubnet(this.name, zone), routeTable, eigw);
      }
    }
    if (!plan.internet) {
      return {
        publicSubnets: [],
        natGateways: [],
        natInstances: [],
        regionalNatGateway: undefined,
      };
    }
    const igw = this.internetGateway(vpc);
    if (plan.regionalNat) {
      const nat = this.regionalNatGateway(vpc, igw, plan, elasticIps);
      privateSubnets.forEach(({ zone, routeTable }) => this.natRoute(zone, routeTable, nat));
      return { publicSubnets: [], natGateways: [nat], natInstances: [], regionalNatGateway: nat };
    }
    const tier = this.publicTier(vpc, igw, plan, elasticIps, instances);
    for (const { zone, routeTable } of privateSubnets) {
      const natZone = plan.natZoneFor.get(zone);
      const nat =
        natZone === undefined
          ? undefined
          : (tier.natInstances.get(natZone)?.instance ?? tier.natGateways.get(natZone));
      if (nat !== undefined) {
        this.natRoute(zone, routeTable, nat);
      }
    }
    return {
      publicSubnets: tier.subnets,
      natGateways: [...tier.natGateways.values()],
      natInstances: [...tier.natInstances.values()],
      regionalNatGateway: undefined,
    };
  }
}

/** What NAT instances are made of: the checked type and the image (the user's or AWS's latest). */
export interface NatInstanceImage {
  readonly instanceType: string;
  readonly imageId: pulumi.Input<string>;
}

/** What the way out made. */
export interface NetworkEgress {
  readonly publicSubnets: readonly aws.ec2.Subnet[];
  readonly natGateways: readonly aws.ec2.NatGateway[];
  /** The NAT instances (natGateways "instances"), in zone order. */
  readonly natInstances: readonly NatInstance[];
  /** The regional NAT gateway (natGateways "regional"), also in `natGateways`. */
  readonly regionalNatGateway: aws.ec2.NatGateway | undefined;
}

/**
 * A regional NAT gateway's addresses in zone order: in manual mode the user's, in automatic mode
 * those AWS has associated so far (one per zone it has expanded to).
 */
export function regionalPublicIps(nat: aws.ec2.NatGateway): pulumi.Output<string[]> {
  return nat.regionalNatGatewayAddresses.apply((addresses) =>
    [...(addresses ?? [])]
      .sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone))
      .map((a) => a.publicIp),
  );
}
