/**
 * How each AWS CLI shape of a `--world` file becomes the offline world's: a JSON object read field
 * by field (`Obj`, a wrong field naming itself), and one converter per EC2 API shape (botocore's
 * ec2/2016-11-15/service-2.json: Vpc, Subnet, RouteTable, Route, SecurityGroup, IpPermission,
 * VpcEndpoint, ServiceDetail, AvailabilityZone). What the files are and how they merge:
 * scripts/world.ts.
 */
import {
  MockCidrBlockAssociation,
  MockEndpointService,
  MockRoute,
  MockRouteTable,
  MockSecurityGroup,
  MockSecurityGroupRule,
  MockSubnet,
  MockVpc,
  MockVpcEndpoint,
  MockZone,
} from "../offline/runtime";
import { InputFileError } from "./stackConfig";

/** A JSON object of a file, at a place in it, read field by field; a wrong field names itself. */
export class Obj {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly value: Record<string, unknown>,
  ) {}

  fail(key: string, problem: string): InputFileError {
    return new InputFileError(`--world ${this.file}: ${this.where}${key} ${problem}`);
  }

  private typed<T>(key: string, type: string, required: boolean): T | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) throw this.fail(key, `is missing (the AWS CLI prints it for each entry)`);
      return undefined;
    }
    if (typeof v !== type) throw this.fail(key, `is ${JSON.stringify(v)}, not a ${type}`);
    return v as T;
  }

  str = (key: string): string => this.typed<string>(key, "string", true) as string;
  optStr = (key: string) => this.typed<string>(key, "string", false);
  bool = (key: string) => this.typed<boolean>(key, "boolean", false);
  num = (key: string) => this.typed<number>(key, "number", false);

  /** A list of objects (absent: empty). */
  list(key: string): Obj[] {
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.fail(key, `is ${kindOf(v)}, not a list`);
    return v.map((item, i) => {
      const where = `${this.where}${key}[${i}]`;
      if (!isObject(item)) throw this.fail(`${key}[${i}]`, `is ${kindOf(item)}, not an object`);
      return new Obj(this.file, `${where}.`, item);
    });
  }

  /** A list of strings (absent: empty). */
  strings(key: string): string[] {
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) {
      throw this.fail(key, `is ${kindOf(v)}, not a list of strings`);
    }
    return v as string[];
  }

  /** A boolean, or describe-vpc-attribute's {"Value": boolean}. */
  attribute(key: string): boolean | undefined {
    const v = this.value[key];
    if (isObject(v)) return new Obj(this.file, `${this.where}${key}.`, v).bool("Value");
    return this.bool(key);
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const kindOf = (v: unknown) =>
  Array.isArray(v) ? "a list" : v === null ? "null" : isObject(v) ? "an object" : JSON.stringify(v);

/** A VPC's block associations (CidrBlockAssociationSet, Ipv6CidrBlockAssociationSet). */
function associationsOf(vpc: Obj, key: string, block: string, stateKey: string) {
  return vpc.list(key).map((a): MockCidrBlockAssociation => ({
    associationId: a.optStr("AssociationId") ?? "",
    cidrBlock: a.str(block),
    state: stateOf(a, stateKey),
  }));
}

/**
 * An association's state ("associated", "associating", "disassociating", ...:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcCidrBlockState.html), from
 * {"State": ...}; without one, associated.
 */
const stateOf = (o: Obj, key: string): string => {
  const state = o.value[key];
  return isObject(state)
    ? (new Obj(o.file, `${o.where}${key}.`, state).optStr("State") ?? "associated")
    : "associated";
};

/** Whether an association is in effect (or about to be), as the library reads a VPC's blocks. */
const routes = (state: string) => state === "associated" || state === "associating";

/** describe-vpcs' Vpc. */
export function vpcOf(v: Obj): MockVpc {
  const cidrs = associationsOf(v, "CidrBlockAssociationSet", "CidrBlock", "CidrBlockState");
  const ipv6 = associationsOf(
    v,
    "Ipv6CidrBlockAssociationSet",
    "Ipv6CidrBlock",
    "Ipv6CidrBlockState",
  );
  return {
    id: v.str("VpcId"),
    cidrBlock: v.str("CidrBlock"),
    ...(v.value.CidrBlockAssociationSet !== undefined ? { cidrBlockAssociations: cidrs } : {}),
    ...(v.value.Ipv6CidrBlockAssociationSet !== undefined
      ? { ipv6CidrBlockAssociations: ipv6 }
      : {}),
    ipv6CidrBlock: ipv6.find((a) => routes(a.state))?.cidrBlock,
    isDefault: v.bool("IsDefault") ?? false,
    ownerId: v.optStr("OwnerId"),
    // Not printed by describe-vpcs: an entry may carry them (see world.ts's comment).
    enableDnsSupport: v.attribute("EnableDnsSupport"),
    enableDnsHostnames: v.attribute("EnableDnsHostnames"),
  };
}

/** describe-subnets' Subnet. An IPv6-only subnet has no CidrBlock. */
export function subnetOf(s: Obj): MockSubnet {
  const ipv6 = s
    .list("Ipv6CidrBlockAssociationSet")
    .map((a) => ({ block: a.str("Ipv6CidrBlock"), state: stateOf(a, "Ipv6CidrBlockState") }));
  return {
    id: s.str("SubnetId"),
    vpcId: s.str("VpcId"),
    availabilityZone: s.str("AvailabilityZone"),
    availabilityZoneId: s.optStr("AvailabilityZoneId"),
    cidrBlock: s.optStr("CidrBlock") ?? "",
    ipv6CidrBlock: ipv6.find((a) => routes(a.state))?.block,
    ipv6Native: s.bool("Ipv6Native"),
    mapPublicIpOnLaunch: s.bool("MapPublicIpOnLaunch") ?? false,
    defaultForAz: s.bool("DefaultForAz") ?? false,
    ownerId: s.optStr("OwnerId"),
  };
}

const ORIGINS = ["CreateRouteTable", "CreateRoute", "EnableVgwRoutePropagation", "Advertisement"];

/** describe-route-tables' Route; every target field the API has (botocore's Route shape). */
function routeOf(r: Obj, tableOwner: string | undefined): MockRoute {
  const origin = r.optStr("Origin");
  if (origin !== undefined && !ORIGINS.includes(origin)) {
    throw r.fail("Origin", `is "${origin}", not one of ${ORIGINS.join(", ")}`);
  }
  const networkInterfaceId = r.optStr("NetworkInterfaceId");
  const instanceOwner = r.optStr("InstanceOwnerId");
  return {
    cidrBlock: r.optStr("DestinationCidrBlock"),
    ipv6CidrBlock: r.optStr("DestinationIpv6CidrBlock"),
    destinationPrefixListId: r.optStr("DestinationPrefixListId"),
    gatewayId: r.optStr("GatewayId"),
    natGatewayId: r.optStr("NatGatewayId"),
    egressOnlyGatewayId: r.optStr("EgressOnlyInternetGatewayId"),
    transitGatewayId: r.optStr("TransitGatewayId"),
    vpcPeeringConnectionId: r.optStr("VpcPeeringConnectionId"),
    networkInterfaceId,
    instanceId: r.optStr("InstanceId"),
    carrierGatewayId: r.optStr("CarrierGatewayId"),
    localGatewayId: r.optStr("LocalGatewayId"),
    coreNetworkArn: r.optStr("CoreNetworkArn"),
    odbNetworkArn: r.optStr("OdbNetworkArn"),
    // An interface another account owns (an AWS service's): the provider's look-up leaves its
    // route out (it compares the interface's owner with its attachment's instance owner).
    otherAccountsInterface:
      networkInterfaceId !== undefined &&
      instanceOwner !== undefined &&
      tableOwner !== undefined &&
      instanceOwner !== tableOwner
        ? true
        : undefined,
    origin: origin as MockRoute["origin"],
  };
}

/** describe-route-tables' RouteTable: its main association and the subnets associated. */
export function routeTableOf(t: Obj): MockRouteTable {
  const owner = t.optStr("OwnerId");
  const associations = t.list("Associations").filter((a) => routes(stateOf(a, "AssociationState")));
  return {
    id: t.str("RouteTableId"),
    vpcId: t.str("VpcId"),
    main: associations.some((a) => a.bool("Main") === true),
    subnetIds: associations.map((a) => a.optStr("SubnetId")).filter((s) => s !== undefined),
    routes: t.list("Routes").map((r) => definedOnly(routeOf(r, owner))),
  };
}

/**
 * An IpPermission's rules, one per source, as DescribeSecurityGroupRules counts them; a rule for
 * every protocol ("-1") has no ports, which the rules API gives as -1.
 */
function rulesOf(p: Obj): MockSecurityGroupRule[] {
  const base = {
    protocol: p.str("IpProtocol"),
    fromPort: p.num("FromPort") ?? -1,
    toPort: p.num("ToPort") ?? -1,
  };
  const rule = (source: Partial<MockSecurityGroupRule>, d: Obj) =>
    definedOnly({ ...base, ...source, description: d.optStr("Description") });
  return [
    ...p.list("IpRanges").map((r) => rule({ cidrBlocks: [r.str("CidrIp")] }, r)),
    ...p.list("Ipv6Ranges").map((r) => rule({ ipv6CidrBlocks: [r.str("CidrIpv6")] }, r)),
    ...p.list("PrefixListIds").map((r) => rule({ prefixListIds: [r.str("PrefixListId")] }, r)),
    ...p.list("UserIdGroupPairs").map((r) => rule({ securityGroups: [r.str("GroupId")] }, r)),
  ];
}

/** describe-security-groups' SecurityGroup. */
export function securityGroupOf(g: Obj): MockSecurityGroup {
  return {
    id: g.str("GroupId"),
    vpcId: g.str("VpcId"),
    name: g.optStr("GroupName"),
    description: g.optStr("Description"),
    ingress: g.list("IpPermissions").flatMap(rulesOf),
    egress: g.list("IpPermissionsEgress").flatMap(rulesOf),
  };
}

/** describe-vpc-endpoints' VpcEndpoint. The API's states are "available", "pending", .... */
export function vpcEndpointOf(e: Obj): MockVpcEndpoint {
  return {
    id: e.str("VpcEndpointId"),
    vpcId: e.str("VpcId"),
    serviceName: e.str("ServiceName"),
    type: e.str("VpcEndpointType"),
    state: (e.optStr("State") ?? "available").toLowerCase(),
    privateDnsEnabled: e.bool("PrivateDnsEnabled") ?? false,
    routeTableIds: e.strings("RouteTableIds"),
    subnetIds: e.strings("SubnetIds"),
  };
}

const SERVICE_TYPES = ["Interface", "Gateway", "GatewayLoadBalancer"] as const;

/**
 * describe-vpc-endpoint-services' ServiceDetail, once per type (the provider reads
 * ServiceType[0].ServiceType; S3 and DynamoDB have one entry per type). Types AWS may add that no
 * endpoint of this library uses are read past.
 */
export function endpointServicesOf(s: Obj): MockEndpointService[] {
  const types = s.list("ServiceType").map((t) => t.str("ServiceType"));
  if (s.value.ServiceType === undefined) {
    throw s.fail("ServiceType", "is missing (the AWS CLI prints it for each service)");
  }
  return types
    .filter((t): t is MockEndpointService["type"] =>
      (SERVICE_TYPES as readonly string[]).includes(t),
    )
    .map((type) =>
      definedOnly({
        serviceName: s.str("ServiceName"),
        type,
        availabilityZones: s.strings("AvailabilityZones"),
        privateDnsName: s.optStr("PrivateDnsName") ?? "",
        policySupported: s.bool("VpcEndpointPolicySupported") ?? false,
        serviceId: s.optStr("ServiceId"),
        owner: s.optStr("Owner"),
        baseEndpointDnsNames: s.strings("BaseEndpointDnsNames"),
        acceptanceRequired: s.bool("AcceptanceRequired"),
        managesVpcEndpoints: s.bool("ManagesVpcEndpoints"),
        supportedIpAddressTypes: s.strings("SupportedIpAddressTypes"),
      }),
    );
}

/**
 * describe-availability-zones' AvailabilityZone: the region's standard zones that are available
 * (Local and Wavelength Zones, ZoneType "local-zone" and "wavelength-zone", are left out).
 */
export function zoneOf(z: Obj): (MockZone & { region: string })[] {
  const zone = { name: z.str("ZoneName"), id: z.str("ZoneId"), region: z.str("RegionName") };
  const type = z.optStr("ZoneType") ?? "availability-zone";
  const state = z.optStr("State") ?? "available";
  return type === "availability-zone" && state === "available" ? [zone] : [];
}

/** The value without its undefined fields (so a merged world compares and prints cleanly). */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
