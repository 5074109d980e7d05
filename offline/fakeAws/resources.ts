/**
 * What the fake AWS answers for a created resource: an id shaped like AWS's, and the outputs AWS
 * computes (ARNs, generated names, a VPC's default security group and route table, ...).
 */
import { recordedRegistrations } from "../recorder";
import { prefixListIdOf } from "./network";
import { sharingId, sharingState } from "./sharing";
import {
  ACCOUNT_ID,
  autoName,
  currentWorld,
  MockVpc,
  partitionOfRegion,
  shortHash,
  TYPES,
} from "./world";

const ID_PREFIXES: Record<string, string> = {
  [TYPES.vpc]: "vpc",
  [TYPES.subnet]: "subnet",
  [TYPES.routeTable]: "rtb",
  [TYPES.routeTableAssociation]: "rtbassoc",
  [TYPES.route]: "r-rtb",
  [TYPES.internetGateway]: "igw",
  [TYPES.natGateway]: "nat",
  [TYPES.eip]: "eipalloc",
  "aws:ec2/instance:Instance": "i",
  "aws:ec2/eipAssociation:EipAssociation": "eipassoc",
  [TYPES.securityGroup]: "sg",
  [TYPES.defaultSecurityGroup]: "sg",
  [TYPES.vpcEndpoint]: "vpce",
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": "pcx",
};

/** Ids shaped like AWS's: prefixed hex for EC2, the (auto-)name for buckets, the URL for queues. */
export function mockId(type: string, name: string, inputs: any, region: string): string {
  const prefix = ID_PREFIXES[type];
  if (prefix !== undefined) {
    return `${prefix}-${shortHash(`${type}/${name}`)}`;
  }
  const shared = sharingId(type, name, inputs, region);
  if (shared !== undefined) {
    return shared;
  }
  switch (type) {
    // Adopting a VPC's default table: the resource's id is the table's (and so are its routes').
    case TYPES.defaultRouteTable:
      return String(inputs.defaultRouteTableId);
    case "aws:s3/bucket:Bucket":
      return inputs.bucket ?? autoName(name);
    case "aws:sqs/queue:Queue":
      return `https://sqs.${region}.amazonaws.com/${ACCOUNT_ID}/${inputs.name ?? autoName(name)}`;
    default:
      return `${name}-id`;
  }
}

export function regionOfProvider(providerRef: string | undefined): string {
  if (!providerRef) {
    return currentWorld().region;
  }
  const urn = providerRef.substring(0, providerRef.lastIndexOf("::"));
  const provider = recordedRegistrations().find((r) => r.urn === urn);
  const region = provider?.inputs.region as string | undefined;
  return region ?? currentWorld().region;
}

export function computedState(type: string, id: string, name: string, inputs: any, region: string) {
  const partition = partitionOfRegion(region);
  // Tokens are package:module/name:Type; a program's own may be "acme:Network" or just "Network".
  const service = (type.split(":")[1] ?? type).split("/")[0].toLowerCase();
  const arn = `arn:${partition}:${service}:${region}:${ACCOUNT_ID}:${name}`;
  const shared = sharingState(type, id, name, inputs, region);
  if (shared !== undefined) {
    return shared;
  }
  switch (type) {
    case "aws:ec2/eip:Eip":
      return { allocationId: id, publicIp: documentationAddress(id) };
    case "aws:ec2/instance:Instance":
      // Its primary network interface, which routes to a NAT instance name.
      return { arn, primaryNetworkInterfaceId: `eni-${id.slice(2)}`, publicIp: "" };
    case "aws:ec2/eipAssociation:EipAssociation":
      return { publicIp: addressOfAllocation(inputs.allocationId) };
    case TYPES.natGateway:
      return inputs.availabilityMode === "regional"
        ? regionalNatGatewayState(id, inputs)
        : natGatewayState(inputs);
    case "aws:s3/bucket:Bucket":
      return { bucket: id, arn: `arn:${partition}:s3:::${id}` };
    case "aws:sqs/queue:Queue": {
      const queueName = id.split("/").pop() as string;
      return {
        name: queueName,
        url: id,
        arn: `arn:${partition}:sqs:${region}:${ACCOUNT_ID}:${queueName}`,
      };
    }
    case TYPES.function:
      return functionState(name, inputs, region);
    case TYPES.role: {
      const roleName = inputs.name ?? autoName(name);
      return { name: roleName, arn: `arn:${partition}:iam::${ACCOUNT_ID}:role/${roleName}` };
    }
    case TYPES.logGroup:
      return logGroupState(name, inputs, region);
    case TYPES.defaultRouteTable:
      // The provider reads the adopted table's VPC (an output only).
      return {
        vpcId: recordedRegistrations().find(
          (r) =>
            r.type === TYPES.vpc && r.outputs?.defaultRouteTableId === inputs.defaultRouteTableId,
        )?.id,
      };
    case "aws:ec2/vpc:Vpc":
      return vpcState(id, inputs, region);
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return vpcEndpointState(id, inputs, region);
    case "awsx:ec2:Vpc":
      return awsxVpcState();
    default:
      return { arn };
  }
}

function functionState(name: string, inputs: any, region: string) {
  const partition = partitionOfRegion(region);
  const functionName = inputs.name ?? autoName(name);
  return {
    name: functionName,
    arn: `arn:${partition}:lambda:${region}:${ACCOUNT_ID}:function:${functionName}`,
    invokeArn: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/arn:${partition}:lambda:${region}:${ACCOUNT_ID}:function:${functionName}/invocations`,
  };
}

function logGroupState(name: string, inputs: any, region: string) {
  // name_prefix gets a 26-character unique suffix (terraform-plugin-sdk's id.PrefixedUniqueId).
  const groupName =
    inputs.name ??
    (inputs.namePrefix === undefined
      ? autoName(name)
      : `${inputs.namePrefix}${`20261129000000${shortHash(name)}`.padEnd(26, "0").slice(0, 26)}`);
  return {
    name: groupName,
    arn: `arn:${partitionOfRegion(region)}:logs:${region}:${ACCOUNT_ID}:log-group:${groupName}`,
  };
}

function vpcState(id: string, inputs: any, region: string) {
  return {
    ...(inputs.assignGeneratedIpv6CidrBlock === true && inputs.ipv6CidrBlock === undefined
      ? amazonIpv6Block(id)
      : {}),
    ...(inputs.ipv6IpamPoolId !== undefined && inputs.ipv6CidrBlock === undefined
      ? ipamIpv6Block(id, Number(inputs.ipv6NetmaskLength ?? 56))
      : {}),
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:vpc/${id}`,
    defaultSecurityGroupId: `sg-default-${id}`,
    defaultRouteTableId: `rtb-main-${id}`,
    mainRouteTableId: `rtb-main-${id}`,
  };
}

function vpcEndpointState(id: string, inputs: any, region: string) {
  return {
    // Service Authorization Reference, Amazon EC2, resource type "vpc-endpoint".
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:vpc-endpoint/${id}`,
    // A gateway endpoint's service has a prefix list (pl-…); interface endpoints have none.
    ...(inputs.vpcEndpointType === "Gateway"
      ? { prefixListId: prefixListIdOf(String(inputs.serviceName)) }
      : {}),
    dnsEntries:
      inputs.vpcEndpointType === "Interface"
        ? [
            {
              dnsName: `${id}.${String(inputs.serviceName).replace(/^(cn\.)?com\.amazonaws\.[^.]+\./, "")}.${region}.vpce.amazonaws.com`,
              hostedZoneId: "Z7HUB22UULQXV",
            },
          ]
        : [],
  };
}

function awsxVpcState() {
  // awsx v3 components run in the awsx provider plugin, so the mock plays its outputs: the
  // world's first VPC, and its subnets as the private ones.
  const world = currentWorld();
  const vpc: MockVpc | undefined = world.vpcs[0];
  if (vpc === undefined) {
    throw new Error("mocks: an awsx.ec2.Vpc needs a VPC in the world");
  }
  return {
    vpcId: vpc.id,
    privateSubnetIds: world.subnets.filter((s) => s.vpcId === vpc.id).map((s) => s.id),
    publicSubnetIds: [],
    isolatedSubnetIds: [],
  };
}

/**
 * The block AWS gives a VPC created with assignGeneratedIpv6CidrBlock: "a /56 IPv6 CIDR block
 * from Amazon's pool of IPv6 addresses" (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html);
 * here one of 2600:1f18::/32 (an Amazon range), fixed per VPC.
 */
function amazonIpv6Block(vpcId: string): Record<string, string> {
  const hash = shortHash(`ipv6/${vpcId}`);
  return {
    ipv6CidrBlock: `2600:1f18:${hash.slice(0, 4)}:${hash.slice(4, 6)}00::/56`,
    ipv6AssociationId: `vpc-cidr-assoc-${hash}`,
  };
}

/**
 * The block an IPAM pool allocates a VPC (ipv6IpamPoolId with ipv6NetmaskLength): here one of
 * the documentation prefix 2001:db8::/32 (RFC 3849), fixed per VPC; only /56 is played.
 */
function ipamIpv6Block(vpcId: string, netmask: number): Record<string, string> {
  if (netmask !== 56) {
    throw new Error(`offline: an IPAM IPv6 allocation of /${netmask} is not played (only /56)`);
  }
  const hash = shortHash(`ipam/${vpcId}`);
  return {
    ipv6CidrBlock: `2001:db8:${hash.slice(0, 4)}:${hash.slice(4, 6)}00::/56`,
    ipv6AssociationId: `vpc-cidr-assoc-${hash}`,
  };
}

/** An address of TEST-NET-3 (RFC 5737), one per allocation id: never a real host. */
function documentationAddress(allocationId: string): string {
  return `203.0.113.${(parseInt(shortHash(allocationId).slice(0, 4), 16) % 254) + 1}`;
}

/**
 * A regional NAT gateway: its own route table (AWS creates one with a route to the internet
 * gateway) and, in manual mode, an address per allocation it was given, zone by zone. In
 * automatic mode AWS associates addresses only as workloads appear in a zone: none yet.
 */
function regionalNatGatewayState(id: string, inputs: any) {
  const given: any[] = Array.isArray(inputs.availabilityZoneAddresses)
    ? inputs.availabilityZoneAddresses
    : [];
  return {
    routeTableId: `rtb-${shortHash(`nat-route-table/${id}`)}`,
    regionalNatGatewayAddresses: given.flatMap((zone) =>
      (Array.isArray(zone.allocationIds) ? zone.allocationIds : [])
        .filter((allocationId: unknown) => typeof allocationId === "string")
        .map((allocationId: string) => ({
          allocationId,
          availabilityZone: zone.availabilityZone,
          publicIp: documentationAddress(allocationId),
        })),
    ),
  };
}

/**
 * A public NAT gateway's address is its Elastic IP's: the registered one's, or for an allocation
 * the account already holds, one derived from its id.
 */
function natGatewayState(inputs: any) {
  if (inputs.connectivityType === "private" || typeof inputs.allocationId !== "string") {
    return {};
  }
  return { publicIp: addressOfAllocation(inputs.allocationId) };
}

/** An allocation's address: the registered Eip's, or one derived from a held allocation's id. */
function addressOfAllocation(allocationId: unknown): string | undefined {
  if (typeof allocationId !== "string") {
    return undefined;
  }
  const eip = recordedRegistrations().find(
    (r) => r.type === "aws:ec2/eip:Eip" && r.id === allocationId,
  );
  return (eip?.outputs?.publicIp as string | undefined) ?? documentationAddress(allocationId);
}
