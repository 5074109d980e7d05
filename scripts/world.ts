/**
 * `--world FILE`: the user's real account, offline. `npm start` and `npm run check-stack` play AWS
 * from a made-up world; a program on an existing VPC names ids that world does not have. These
 * files give the facts of the account as the AWS CLI prints them, run in the stack's region with
 * JSON output (the CLI's default), e.g. for a VPC vpc-0abc:
 *
 *   aws ec2 describe-vpcs --vpc-ids vpc-0abc                                       > vpc.json
 *   aws ec2 describe-subnets --filters Name=vpc-id,Values=vpc-0abc                 > subnets.json
 *   aws ec2 describe-route-tables --filters Name=vpc-id,Values=vpc-0abc            > routes.json
 *   aws ec2 describe-security-groups --filters Name=vpc-id,Values=vpc-0abc         > groups.json
 *   aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=vpc-0abc           > endpoints.json
 *   aws ec2 describe-vpc-endpoint-services                                         > services.json
 *   aws ec2 describe-availability-zones                                            > zones.json
 *   aws ec2 describe-vpc-attribute --vpc-id vpc-0abc --attribute enableDnsHostnames > dns.json
 *
 * Each file is one command's whole output (or several merged into one object); files are merged,
 * and the same key in two files concatenates (an id given twice: the later file's wins). Every key
 * and field is the EC2 API's (botocore's ec2/2016-11-15/service-2.json shapes DescribeVpcsResult,
 * Vpc, DescribeSubnetsResult, Subnet, RouteTable, Route, RouteTableAssociation, SecurityGroup,
 * IpPermission, VpcEndpoint, DescribeVpcEndpointServicesResult, ServiceDetail, AvailabilityZone,
 * DescribeVpcAttributeResult, PrefixList; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/).
 * Fields the offline check does not use (Tags, State, OwnerId of most, ...) are read past.
 * Each shape's reading: scripts/worldShapes.ts.
 *
 * What the CLI does not print, and what the world then assumes:
 * - A VPC's DNS attributes are not in describe-vpcs: they come from describe-vpc-attribute, whose
 *   output (VpcId with EnableDnsSupport or EnableDnsHostnames: {"Value": true}) a file may hold,
 *   or a Vpcs entry may carry them itself ("EnableDnsHostnames": true or {"Value": true}). Not
 *   given, both are taken as on, as the VPC console's wizard, the default VPC and the usual IaC
 *   modules make them (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html): the offline
 *   check does not claim the account has something off that it was not told.
 * - The region: from the zones, subnet and group ARNs, service names, or a "Region" key (the
 *   CLI's --region, which it does not print). Files naming two regions are refused; the stack's
 *   aws:region must be theirs (`worldForStack`).
 * - Zones: describe-availability-zones' standard zones that are available; without it, the
 *   offline runtime's assumed zones (scripts/regions.ts), and each subnet keeps its own zone ID.
 * - A gateway endpoint's prefix list id (pl-...): from the route its endpoint (describe-vpc-
 *   endpoints) has in each of its tables, or from describe-prefix-lists' output (PrefixLists).
 */
import * as fs from "fs";
import {
  DEFAULT_WORLD,
  MockEndpointService,
  MockRouteTable,
  MockSecurityGroup,
  MockSubnet,
  MockVpc,
  MockVpcEndpoint,
  MockWorld,
  MockZone,
} from "../offline/runtime";
import { assumedZones, DEFAULT_REGION } from "./regions";
import { InputFileError, StackConfig } from "./stackConfig";
import {
  definedOnly,
  endpointServicesOf,
  isObject,
  kindOf,
  Obj,
  routeTableOf,
  securityGroupOf,
  subnetOf,
  vpcEndpointOf,
  vpcOf,
  zoneOf,
} from "./worldShapes";

/** Far above any describe call's output (an account's security groups run to a few MB). */
export const MAX_WORLD_FILE_BYTES = 64 * 1024 * 1024;

/** The command that prints each top-level key a world file may hold. */
const KEYS: Readonly<Record<string, string>> = {
  Vpcs: "aws ec2 describe-vpcs",
  Subnets: "aws ec2 describe-subnets",
  RouteTables: "aws ec2 describe-route-tables",
  SecurityGroups: "aws ec2 describe-security-groups",
  VpcEndpoints: "aws ec2 describe-vpc-endpoints",
  ServiceDetails: "aws ec2 describe-vpc-endpoint-services",
  ServiceNames: "aws ec2 describe-vpc-endpoint-services",
  AvailabilityZones: "aws ec2 describe-availability-zones",
  PrefixLists: "aws ec2 describe-prefix-lists",
  VpcId: "aws ec2 describe-vpc-attribute",
  EnableDnsSupport: "aws ec2 describe-vpc-attribute --attribute enableDnsSupport",
  EnableDnsHostnames: "aws ec2 describe-vpc-attribute --attribute enableDnsHostnames",
  EnableNetworkAddressUsageMetrics: "aws ec2 describe-vpc-attribute",
  // Printed with --max-items: the output is then a page, which is read as it is.
  NextToken: "the CLI's paging",
  Region: "the region the commands ran in (the CLI's --region, which it does not print)",
};

const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const REGION_PREFIX = /^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)/;

/** Where a region was read, for the message when files disagree. */
interface RegionEvidence {
  readonly region: string;
  readonly source: string;
}

/** What one file gives, before the files are merged. */
interface FileFacts {
  vpcs: MockVpc[];
  subnets: MockSubnet[];
  routeTables: MockRouteTable[];
  securityGroups: MockSecurityGroup[];
  vpcEndpoints: MockVpcEndpoint[];
  endpointServices: MockEndpointService[];
  zones: (MockZone & { region: string })[];
  prefixLists: Record<string, string>;
  dns: { vpcId: string; support?: boolean; hostnames?: boolean; where: string }[];
  regions: RegionEvidence[];
}

/**
 * Reads world files (paths already resolved) into the part of the offline world they describe:
 * their VPCs, subnets, route tables, security groups, endpoints and endpoint services, and the
 * region and zones when they tell. Bad input throws `InputFileError` naming the file and field.
 */
export function readWorldFiles(files: readonly string[]): Partial<MockWorld> {
  if (files.length === 0) {
    return {};
  }
  return mergeFacts(
    files.map((file) => factsOf(file, readJson(file))),
    files,
  );
}

/** The file's JSON object: it exists, is not huge, parses, and holds only keys the CLI prints. */
function readJson(file: string): Obj {
  const named = (message: string) => new InputFileError(`--world ${file}: ${message}`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw named("no such file (a relative path is read from the folder the command runs in).");
  }
  const size = fs.statSync(file).size;
  if (size > MAX_WORLD_FILE_BYTES) {
    throw named(
      `${size} bytes, more than the ${MAX_WORLD_FILE_BYTES} a world file may have: describe only the VPC the stack uses (--filters Name=vpc-id,Values=vpc-...).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded(fs.readFileSync(file)));
  } catch (e) {
    throw named(
      `not JSON (${(e as Error).message}); write the AWS CLI's output with --output json.`,
    );
  }
  if (!isObject(parsed)) {
    throw named(
      `${kindOf(parsed)}, not the JSON object the AWS CLI prints (e.g. {"Subnets": [...]}); write the command's whole output, without --query.`,
    );
  }
  const unknown = Object.keys(parsed).filter((k) => KEYS[k] === undefined);
  if (unknown.length > 0) {
    throw named(
      `unknown key ${unknown.map((k) => JSON.stringify(k)).join(", ")}; a world file holds what these print: ${[
        ...new Set(Object.entries(KEYS).map(([k, command]) => `${k} (${command})`)),
      ].join(", ")}.`,
    );
  }
  return new Obj(file, "", parsed);
}

/** The text of a file as the CLI wrote it: UTF-8, or UTF-16 (Windows PowerShell's `>`). */
function decoded(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function factsOf(file: string, json: Obj): FileFacts {
  const facts: FileFacts = {
    vpcs: json.list("Vpcs").map(vpcOf),
    subnets: json.list("Subnets").map(subnetOf),
    routeTables: json.list("RouteTables").map(routeTableOf),
    securityGroups: json.list("SecurityGroups").map(securityGroupOf),
    vpcEndpoints: json.list("VpcEndpoints").map(vpcEndpointOf),
    endpointServices: json.list("ServiceDetails").flatMap(endpointServicesOf),
    zones: json.list("AvailabilityZones").flatMap(zoneOf),
    prefixLists: Object.fromEntries(
      json.list("PrefixLists").map((p) => [p.str("PrefixListName"), p.str("PrefixListId")]),
    ),
    dns: [],
    regions: regionsOf(json),
  };
  // Checked only: the details are what the offline check answers from.
  json.strings("ServiceNames");
  json.optStr("NextToken");
  const vpcId = json.optStr("VpcId");
  const support = json.attribute("EnableDnsSupport");
  const hostnames = json.attribute("EnableDnsHostnames");
  json.attribute("EnableNetworkAddressUsageMetrics");
  if (vpcId !== undefined) {
    facts.dns.push({ vpcId, support, hostnames, where: file });
  } else if (support !== undefined || hostnames !== undefined) {
    throw json.fail(
      "VpcId",
      "is missing beside the VPC attribute (describe-vpc-attribute prints it)",
    );
  }
  return facts;
}

/** Every place a file names its region. */
function regionsOf(json: Obj): RegionEvidence[] {
  const found: RegionEvidence[] = [];
  const note = (region: string | undefined, o: Obj, key: string, value: string) => {
    if (region !== undefined)
      found.push({ region, source: `${o.file}: ${o.where}${key} "${value}"` });
  };
  const fromArn = (arn: string) => arn.split(":")[3] || undefined;
  const fromName = (name: string) => name.split(".").find((part) => REGION.test(part));
  const given = json.optStr("Region");
  if (given !== undefined && !REGION.test(given))
    throw json.fail("Region", `is "${given}", not a region`);
  note(given, json, "Region", given ?? "");
  for (const z of json.list("AvailabilityZones"))
    note(z.str("RegionName"), z, "RegionName", z.str("RegionName"));
  for (const s of json.list("Subnets")) {
    const arn = s.optStr("SubnetArn");
    const zone = s.str("AvailabilityZone");
    if (arn !== undefined) note(fromArn(arn), s, "SubnetArn", arn);
    else note(REGION_PREFIX.exec(zone)?.[1], s, "AvailabilityZone", zone);
  }
  for (const g of json.list("SecurityGroups")) {
    const arn = g.optStr("SecurityGroupArn");
    if (arn !== undefined) note(fromArn(arn), g, "SecurityGroupArn", arn);
  }
  for (const s of [...json.list("ServiceDetails"), ...json.list("VpcEndpoints")]) {
    const region = s.optStr("ServiceRegion");
    if (region !== undefined) note(region, s, "ServiceRegion", region);
    else note(fromName(s.str("ServiceName")), s, "ServiceName", s.str("ServiceName"));
  }
  return found;
}

/** The last of each id, in the order first seen. */
function lastById<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const item of items) byId.set(key(item), item);
  return [...byId.values()];
}

function mergeFacts(all: readonly FileFacts[], files: readonly string[]): Partial<MockWorld> {
  const flat = <K extends keyof FileFacts>(k: K) => all.flatMap((f) => f[k] as unknown[]);
  const region = regionOfFacts(flat("regions") as RegionEvidence[]);
  const routeTables = lastById(flat("routeTables") as MockRouteTable[], (t) => t.id);
  const vpcEndpoints = lastById(flat("vpcEndpoints") as MockVpcEndpoint[], (e) => e.id);
  const zones = flat("zones") as (MockZone & { region: string })[];
  const world: Partial<MockWorld> = {
    vpcs: withDns(
      lastById(flat("vpcs") as MockVpc[], (v) => v.id),
      all,
    ),
    subnets: lastById(flat("subnets") as MockSubnet[], (s) => s.id).map(definedOnly),
    routeTables,
    securityGroups: lastById(flat("securityGroups") as MockSecurityGroup[], (g) => g.id).map(
      definedOnly,
    ),
    vpcEndpoints,
    endpointServices: lastById(
      flat("endpointServices") as MockEndpointService[],
      (s) => `${s.serviceName} ${s.type}`,
    ),
    prefixLists: {
      ...gatewayPrefixLists(vpcEndpoints, routeTables),
      ...(Object.assign({}, ...all.map((f) => f.prefixLists)) as Record<string, string>),
    },
    ...(zones.length > 0
      ? {
          zonesByRegion: {
            [zones[0].region]: lastById(zones, (z) => z.name).map(({ name, id }) => ({ name, id })),
          },
        }
      : {}),
  };
  return definedOnly({ ...world, region, origin: files.join(", ") });
}

/** The one region the files name, if any; two are refused, naming where each was read. */
function regionOfFacts(evidence: readonly RegionEvidence[]): string | undefined {
  const regions = [...new Set(evidence.map((e) => e.region))];
  if (regions.length > 1) {
    const first = regions.map((r) => `${r} (${evidence.find((e) => e.region === r)?.source})`);
    throw new InputFileError(
      `--world: the files describe more than one region: ${first.join(" and ")}; describe the stack's region only (run the commands with --region REGION).`,
    );
  }
  return regions[0];
}

/**
 * Each VPC with its DNS attributes: its own entry's, else describe-vpc-attribute's, else both on
 * (see the file's comment).
 */
function withDns(vpcs: MockVpc[], all: readonly FileFacts[]): MockVpc[] {
  const attributes = all.flatMap((f) => f.dns);
  for (const a of attributes) {
    if (!vpcs.some((v) => v.id === a.vpcId)) {
      throw new InputFileError(
        `--world ${a.where}: VpcId ${a.vpcId} is in no Vpcs given; add its description (aws ec2 describe-vpcs --vpc-ids ${a.vpcId}).`,
      );
    }
  }
  return vpcs.map((v) => {
    const given = attributes.filter((a) => a.vpcId === v.id);
    const last = (pick: (a: (typeof given)[number]) => boolean | undefined) =>
      given
        .map(pick)
        .filter((x) => x !== undefined)
        .pop();
    return definedOnly({
      ...v,
      enableDnsSupport: v.enableDnsSupport ?? last((a) => a.support) ?? true,
      enableDnsHostnames: v.enableDnsHostnames ?? last((a) => a.hostnames) ?? true,
    });
  });
}

/**
 * Each gateway endpoint's service's prefix list id, from the route the endpoint put in its tables
 * (DestinationPrefixListId, with the endpoint as GatewayId).
 */
function gatewayPrefixLists(
  endpoints: readonly MockVpcEndpoint[],
  tables: readonly MockRouteTable[],
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const e of endpoints.filter((e) => e.type === "Gateway")) {
    const route = tables
      .filter((t) => e.routeTableIds.includes(t.id))
      .flatMap((t) => t.routes)
      .find((r) => r.gatewayId === e.id && r.destinationPrefixListId !== undefined);
    if (route?.destinationPrefixListId !== undefined) {
      found[e.serviceName] = route.destinationPrefixListId;
    }
  }
  return found;
}

/** The world's lists of what exists in the account: the given ones are added to the default's. */
const ACCOUNT_LISTS = [
  "vpcs",
  "subnets",
  "routeTables",
  "securityGroups",
  "vpcEndpoints",
  "endpointServices",
] as const;

/**
 * The world a stack runs against: the given one (read with `readWorldFiles`) over the default,
 * in the stack's region. Its VPCs, subnets, route tables, ... are added to the default world's
 * lists; its zones replace the assumed ones. A world of another region than the stack's
 * aws:region is refused, naming both; a stack without aws:region takes the world's.
 */
export function worldForStack(
  stack: StackConfig,
  given: Partial<MockWorld> = {},
): { region: string; zones: readonly MockZone[]; world: Partial<MockWorld> } {
  const stackRegion = stack.config["aws:region"];
  if (given.region !== undefined && stackRegion !== undefined && given.region !== stackRegion) {
    throw new InputFileError(
      `--world${given.origin === undefined ? "" : ` ${given.origin}`}: the files describe region ${given.region}, but the stack's aws:region is ${stackRegion} (${stack.file}); describe the account in ${stackRegion} (run the commands with --region ${stackRegion}), or check the stack's region.`,
    );
  }
  const region = stackRegion ?? given.region ?? DEFAULT_REGION;
  const zones = given.zonesByRegion?.[region] ?? assumedZones(region);
  const lists = Object.fromEntries(
    ACCOUNT_LISTS.map((key) => [key, [...DEFAULT_WORLD[key], ...(given[key] ?? [])]]),
  ) as Partial<MockWorld>;
  return {
    region,
    zones,
    world: {
      ...given,
      ...lists,
      prefixLists: { ...DEFAULT_WORLD.prefixLists, ...given.prefixLists },
      region,
      zonesByRegion: { [region]: zones },
    },
  };
}
