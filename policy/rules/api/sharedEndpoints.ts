/**
 * Interface endpoints shared through a Route 53 Profile (lambda-networking's
 * SharedServiceEndpoints and its spokes, or any stack's), and the AWS RAM share of the profile:
 * what AWS refuses (a second Profile on a VPC), and what it takes but gets wrong without a word (a
 * shared endpoint without private DNS, a spoke's own endpoint for a shared service, a spoke the
 * endpoints' security groups do not admit, a share open to outside accounts for principals inside
 * the organization).
 *
 * The checks read the shared graph reader (../graph.ts) and report through a callback, so the
 * pre-flight (`sharedEndpoints`, below, in API_RULES) and the policy pack
 * (policy/policies/sharedEndpoints.ts) run the same code. About what they cannot resolve (a
 * profile, VPC or endpoint outside the stack, a value not known yet in a preview) they conclude
 * nothing.
 */
import { blockContains, Ipv4Block, ipv4BlockOf } from "../cidr";
import { GraphResource, ResourceGraph } from "../graph";
import { NOT_KNOWN } from "../routes";
import { RAM_PRINCIPAL_FORMS } from "../limits";
import { TYPE_TOKENS as T } from "../typeTokens";
import { ApiRule, DOCS, PreflightSeverity } from "./graph";

/** The AWS documentation the checks come from. */
export const SHARING_DOCS = {
  associateProfile:
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53profiles_AssociateProfile.html",
  profileResource:
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53profiles_AssociateResourceToProfile.html",
  profiles: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/profiles.html",
  resourceShare: "https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html",
} as const;

/** Where a check reports: the resource a finding is about, and what it says of it. */
export type SharingReport<R> = (resource: R, message: string) => void;

/** A check over the stack's graph, as the pre-flight and the pack both run it. */
export type SharingCheck = <R extends GraphResource>(
  graph: ResourceGraph<R>,
  report: SharingReport<R>,
) => void;

/** How messages name a resource: its type's last part and its name ("VpcEndpoint sqs"). */
export const labelOf = (r: GraphResource): string => `${r.type.split(":").pop()} ${r.name}`;

/** A property's value, when it is a string that is known. */
function text<R extends GraphResource>(graph: ResourceGraph<R>, r: R, property: string) {
  const value = graph.read(r, property);
  return typeof value === "string" ? value : undefined;
}

/** A property's value (undefined when absent), or NOT_KNOWN when not known yet (a preview). */
function readMarked<R extends GraphResource>(graph: ResourceGraph<R>, r: R, property: string) {
  const state = { read: false };
  const value = graph.known(() => {
    const v = r.inputs[property];
    state.read = true;
    return v;
  });
  return state.read ? value : NOT_KNOWN;
}

/** An ARN: among the pack's resources' properties, or the pre-flight's recorded outputs. */
function arnOf<R extends GraphResource>(graph: ResourceGraph<R>, r: R): unknown {
  return graph.read(r, "arn") ?? graph.known(() => r.outputs?.arn);
}

/**
 * The one resource of `type` that `r`'s `property` names. By value where it is known: the
 * resource whose id (or ARN) it holds. Else the resource it was built from, when it was built
 * from one of the type whose own id (or ARN) is not known to differ: in a preview, where those are
 * not known yet. A hub's ProfilesResourceAssociations are built from an output of every endpoint
 * of the hub, so only the value tells which endpoint each names.
 */
function named<R extends GraphResource>(
  graph: ResourceGraph<R>,
  r: R,
  property: string,
  type: string,
  by: "id" | "arn",
): R | undefined {
  const value = text(graph, r, property);
  const keyOf = (t: R) => (by === "id" ? graph.known(() => t.id) : arnOf(graph, t));
  const found =
    value === undefined ? undefined : graph.ofType(type).find((t) => keyOf(t) === value);
  if (found !== undefined) return found;
  const built = graph
    .dependencies(r, property, type)
    .filter((t) => value === undefined || keyOf(t) === undefined);
  return built.length === 1 ? built[0] : undefined;
}

/** What a property names: the stack's resource, else its value (an id from outside the stack). */
function keyOf<R extends GraphResource>(
  graph: ResourceGraph<R>,
  r: R,
  property: string,
  type: string,
): R | string | undefined {
  return named(graph, r, property, type, "id") ?? text(graph, r, property);
}

const nameOf = (key: GraphResource | string): string => (typeof key === "string" ? key : key.name);

/** An endpoint of a profile: the ProfilesResourceAssociation and the endpoint it names. */
interface SharedEndpoint<R> {
  readonly association: R;
  readonly endpoint: R;
}

/** The stack's endpoints associated with a profile (the stack's, or one named by its id). */
export function sharedEndpointsOf<R extends GraphResource>(
  graph: ResourceGraph<R>,
  profile: R | string,
): SharedEndpoint<R>[] {
  return graph.ofType(T.route53ProfileResourceAssociation).flatMap((association) => {
    if (keyOf(graph, association, "profileId", T.route53Profile) !== profile) return [];
    const endpoint = named(graph, association, "resourceArn", T.vpcEndpoint, "arn");
    return endpoint === undefined ? [] : [{ association, endpoint }];
  });
}

/**
 * How an endpoint answers names: its type and whether it has private DNS, with the provider's
 * defaults (Gateway; private DNS off: @pulumi/aws ec2/vpcEndpoint); undefined while not known.
 */
function dnsOf<R extends GraphResource>(graph: ResourceGraph<R>, endpoint: R) {
  const type = readMarked(graph, endpoint, "vpcEndpointType");
  const dns = readMarked(graph, endpoint, "privateDnsEnabled");
  if (type === NOT_KNOWN || dns === NOT_KNOWN) return undefined;
  const kind = typeof type === "string" ? type : "Gateway";
  return { kind, names: kind === "Interface" && dns === true };
}

const serviceOf = <R extends GraphResource>(graph: ResourceGraph<R>, endpoint: R) =>
  text(graph, endpoint, "serviceName");

/**
 * "A VPC can have only one Profile associated with it" (Route 53 API reference, route53profiles
 * AssociateProfile): a second ProfilesAssociation of a VPC is refused.
 */
export const checkOneProfilePerVpc: SharingCheck = (graph, report) => {
  const first = new Map<unknown, (typeof graph.resources)[number]>();
  for (const association of graph.ofType(T.route53ProfileAssociation)) {
    const vpc = keyOf(graph, association, "resourceId", T.vpc);
    if (vpc === undefined) continue;
    const earlier = first.get(vpc);
    if (earlier === undefined) {
      first.set(vpc, association);
      continue;
    }
    const profile = (a: typeof association) =>
      nameOf(keyOf(graph, a, "profileId", T.route53Profile) ?? "(not known)");
    report(
      association,
      `associates VPC ${nameOf(vpc)} with profile ${profile(association)}, but ${labelOf(earlier)} already associates it with profile ${profile(earlier)}, and "A VPC can have only one Profile associated with it" (Route 53 API reference, AssociateProfile): keep one association, and put what both profiles share in that one profile.`,
    );
  }
};

/**
 * Profiles take interface endpoints ("Either a private hosted zone, DNS Firewall rule group,
 * Resolver rule, or an interface VPC endpoint", AssociateResourceToProfile ResourceArn), and the
 * spokes use one only through its private DNS names: one with private DNS off gives them none.
 */
export const checkSharedEndpointsPrivateDns: SharingCheck = (graph, report) => {
  for (const association of graph.ofType(T.route53ProfileResourceAssociation)) {
    const endpoint = named(graph, association, "resourceArn", T.vpcEndpoint, "arn");
    const dns = endpoint && dnsOf(graph, endpoint);
    if (endpoint === undefined || dns === undefined || dns.names) continue;
    const profile = keyOf(graph, association, "profileId", T.route53Profile);
    const what =
      dns.kind === "Interface"
        ? "an interface endpoint with private DNS off"
        : `a ${dns.kind} endpoint, where a profile takes interface endpoints ("Either a private hosted zone, DNS Firewall rule group, Resolver rule, or an interface VPC endpoint", AssociateResourceToProfile)`;
    report(
      association,
      `associates endpoint ${endpoint.name} (${serviceOf(graph, endpoint)}), ${what}, with profile ${nameOf(profile ?? "(not known)")}: a profile shares an endpoint only through its private DNS names, so the spoke VPCs get no names from it and keep calling the public service. Make it an Interface endpoint with privateDnsEnabled: true, or remove the association.`,
    );
  }
};

/** Whether an endpoint is in a VPC: its vpcId holds the VPC's id, or was built from the VPC. */
function inVpc<R extends GraphResource>(
  graph: ResourceGraph<R>,
  endpoint: R,
  vpc: R | string,
): boolean {
  const id = typeof vpc === "string" ? vpc : graph.known(() => vpc.id);
  return (
    (typeof id === "string" && graph.read(endpoint, "vpcId") === id) ||
    (typeof vpc !== "string" && graph.vpcOf(endpoint) === vpc)
  );
}

/**
 * A spoke VPC's own interface endpoint with private DNS for a service its profile's endpoint
 * (with private DNS) answers: "the local DNS settings take precedence" (Route 53 Developer
 * Guide, Profiles), so the VPC's clients use its own endpoint, and the shared one is bypassed
 * without a word.
 */
export const checkSpokeDuplicateEndpoints: SharingCheck = (graph, report) => {
  for (const association of graph.ofType(T.route53ProfileAssociation)) {
    const profile = keyOf(graph, association, "profileId", T.route53Profile);
    const vpc = keyOf(graph, association, "resourceId", T.vpc);
    if (profile === undefined || vpc === undefined) continue;
    const shared = sharedEndpointsOf(graph, profile).filter(
      (s) => dnsOf(graph, s.endpoint)?.names === true,
    );
    const sharedEndpoints = new Set(shared.map((s) => s.endpoint));
    for (const endpoint of graph.ofType(T.vpcEndpoint)) {
      if (sharedEndpoints.has(endpoint) || !inVpc(graph, endpoint, vpc)) continue;
      const service = serviceOf(graph, endpoint);
      const hub = shared.find(
        (s) => service !== undefined && serviceOf(graph, s.endpoint) === service,
      );
      if (hub === undefined || dnsOf(graph, endpoint)?.names !== true) continue;
      report(
        endpoint,
        `has private DNS for ${service} in VPC ${nameOf(vpc)}, which ${labelOf(association)} associates with profile ${nameOf(profile)}, whose endpoint ${hub.endpoint.name} answers the same names: "the local DNS settings take precedence" (Route 53 Developer Guide, Profiles), so the VPC's clients use this endpoint and bypass the shared one without a word. Remove this endpoint (or the VPC's association), or stop sharing the service at the hub.`,
      );
    }
  }
};

/** One ingress permission as far as admitting a block on TCP 443 goes. */
interface Permission {
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly cidrs: unknown;
  readonly prefixLists: unknown;
}

const listOf = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v === undefined || v === null || v === "" ? [] : [v];

/** Whether a permission covers TCP 443: tcp (6) over a range holding 443, or all traffic. */
function coversHttps(p: Permission): boolean {
  const protocol = String(p.protocol).toLowerCase();
  if (protocol === "-1" || protocol === "all") return true;
  return (
    (protocol === "tcp" || protocol === "6") && Number(p.fromPort) <= 443 && Number(p.toPort) >= 443
  );
}

/** A group's ingress permissions: inline, and the rule resources attached to it. */
function permissionsOf<R extends GraphResource>(graph: ResourceGraph<R>, group: R): Permission[] {
  const inline = listOf(group.inputs.ingress).map((rule) => {
    const r = rule as Record<string, unknown>;
    return {
      protocol: r.protocol,
      fromPort: r.fromPort,
      toPort: r.toPort,
      cidrs: r.cidrBlocks,
      prefixLists: r.prefixListIds,
    };
  });
  const rules = graph
    .referencing(T.securityGroupRule, "securityGroupId", group)
    .filter((r) => r.inputs.type === "ingress")
    .map((r) => ({
      protocol: r.inputs.protocol,
      fromPort: r.inputs.fromPort,
      toPort: r.inputs.toPort,
      cidrs: r.inputs.cidrBlocks,
      prefixLists: r.inputs.prefixListIds,
    }));
  const ingressRules = graph.referencing(T.ingressRule, "securityGroupId", group).map((r) => ({
    protocol: r.inputs.ipProtocol,
    fromPort: r.inputs.fromPort,
    toPort: r.inputs.toPort,
    cidrs: r.inputs.cidrIpv4,
    prefixLists: r.inputs.prefixListId,
  }));
  return [...inline, ...rules, ...ingressRules];
}

/** The blocks of a managed prefix list of the stack; undefined for a list outside it. */
function prefixListBlocks<R extends GraphResource>(graph: ResourceGraph<R>, id: unknown) {
  const list = graph.byIdOf(id, T.managedPrefixList);
  if (list === undefined) return undefined;
  const entries = listOf(list.inputs.entries).map((e) => (e as { cidr?: unknown }).cidr);
  const separate = graph
    .referencing(T.managedPrefixListEntry, "prefixListId", list)
    .map((e) => e.inputs.cidr);
  return [...entries, ...separate];
}

/**
 * The IPv4 blocks a security group admits on TCP 443; undefined when the stack cannot tell (a
 * prefix list outside the stack, a value not known yet).
 */
function httpsBlocksOf<R extends GraphResource>(
  graph: ResourceGraph<R>,
  group: R,
): Ipv4Block[] | undefined {
  return graph.known(() => {
    const sources = permissionsOf(graph, group)
      .filter(coversHttps)
      .flatMap((p) => [
        listOf(p.cidrs),
        ...listOf(p.prefixLists).map((id) => prefixListBlocks(graph, id)),
      ]);
    if (sources.some((s) => s === undefined)) return undefined;
    return sources.flatMap((s) => (s ?? []).flatMap((b) => ipv4BlockOf(b) ?? []));
  });
}

/**
 * An endpoint's security groups: those it lists and those associated apart
 * (SecurityGroupAssociation); undefined unless it has some and every one is in the stack.
 */
function groupsOf<R extends GraphResource>(graph: ResourceGraph<R>, endpoint: R): R[] | undefined {
  return graph.known(() => {
    const listed = listOf(endpoint.inputs.securityGroupIds).map((id) =>
      graph.byIdOf(id, T.securityGroup),
    );
    const associated = graph
      .referencing(T.securityGroupAssociation, "vpcEndpointId", endpoint)
      .map((a) => named(graph, a, "securityGroupId", T.securityGroup, "id"));
    const all = [...listed, ...associated];
    return all.length === 0 || all.some((g) => g === undefined) ? undefined : (all as R[]);
  });
}

/** Whether an endpoint's groups admit a block on TCP 443; undefined when the stack cannot tell. */
export function admits<R extends GraphResource>(
  graph: ResourceGraph<R>,
  endpoint: R,
  block: Ipv4Block,
) {
  const groups = groupsOf(graph, endpoint);
  if (groups === undefined) return undefined;
  const allowed = groups.map((g) => httpsBlocksOf(graph, g));
  if (allowed.some((blocks) => blocks?.some((b) => blockContains(b, block)))) return true;
  return allowed.some((blocks) => blocks === undefined) ? undefined : false;
}

/**
 * A spoke VPC of the stack whose block the security groups of its profile's endpoints do not
 * admit on TCP 443 (some allowed block must hold the spoke's): its clients resolve the shared
 * names to the hub's addresses and time out.
 */
export const checkSpokesAdmitted: SharingCheck = (graph, report) => {
  for (const association of graph.ofType(T.route53ProfileAssociation)) {
    const vpc = named(graph, association, "resourceId", T.vpc, "id");
    const cidr = vpc && text(graph, vpc, "cidrBlock");
    const block = ipv4BlockOf(cidr);
    const profile = keyOf(graph, association, "profileId", T.route53Profile);
    if (vpc === undefined || block === undefined || profile === undefined) continue;
    const blocked = sharedEndpointsOf(graph, profile).filter(
      ({ endpoint }) => admits(graph, endpoint, block) === false,
    );
    if (blocked.length === 0) continue;
    const endpoints = blocked.map(({ endpoint }) => {
      const groups = (groupsOf(graph, endpoint) ?? []).map((g) => g.name);
      return `${endpoint.name} (security group${groups.length === 1 ? "" : "s"} ${groups.join(", ")})`;
    });
    report(
      association,
      `associates VPC ${vpc.name} (${cidr}) with profile ${nameOf(profile)}, but the security groups of its shared endpoint${blocked.length === 1 ? "" : "s"} ${endpoints.join(", ")} do not admit ${cidr} on TCP 443, so clients in ${vpc.name} resolve the shared names and time out: admit ${cidr} on TCP 443 in those groups (with lambda-networking: list it in SharedServiceEndpoints' spokeCidrBlocks).`,
    );
  }
};

/**
 * A share with allowExternalPrincipals true whose principal associations (of the stack) all name
 * organizations or OUs: those are inside the organization, where `false` keeps the share ("A value
 * of false only has meaning if your account is a member of an Amazon Web Services Organization",
 * RAM API reference, CreateResourceShare; RAM's default is true, the provider's false), so `true`
 * gains them nothing and lets a principal added later reach outside the organization.
 */
export const checkShareExternalPrincipals: SharingCheck = (graph, report) => {
  for (const share of graph.ofType(T.resourceShare)) {
    if (graph.read(share, "allowExternalPrincipals") !== true) continue;
    const associations = graph
      .ofType(T.ramPrincipalAssociation)
      .filter((p) => named(graph, p, "resourceShareArn", T.resourceShare, "arn") === share);
    const principals = associations.map((p) => text(graph, p, "principal"));
    const inside = (p: string | undefined) =>
      p !== undefined &&
      (RAM_PRINCIPAL_FORMS.organization.test(p) || RAM_PRINCIPAL_FORMS.organizationalUnit.test(p));
    if (principals.length === 0 || !principals.every(inside)) continue;
    report(
      share,
      `has allowExternalPrincipals true, but its principals (${principals.join(", ")}) are all organizations or OUs, inside the organization, where false keeps the share ("A value of false only has meaning if your account is a member of an Amazon Web Services Organization", RAM API reference, CreateResourceShare): true gains them nothing and lets a principal added later be an account outside the organization. Set allowExternalPrincipals: false (the provider's default; RAM's is true).`,
    );
  }
};

/** The checks in the order they report, with their names, docs and severities. */
const CHECKS: readonly [string, SharingCheck, string, PreflightSeverity][] = [
  ["profile-one-per-vpc", checkOneProfilePerVpc, SHARING_DOCS.associateProfile, "error"],
  [
    "profile-endpoint-private-dns",
    checkSharedEndpointsPrivateDns,
    SHARING_DOCS.profileResource,
    "error",
  ],
  [
    "profile-spoke-duplicate-endpoint",
    checkSpokeDuplicateEndpoints,
    SHARING_DOCS.profiles,
    "error",
  ],
  ["profile-spoke-blocked", checkSpokesAdmitted, DOCS.interfaceEndpoint, "warning"],
  [
    "resource-share-external-principals",
    checkShareExternalPrincipals,
    SHARING_DOCS.resourceShare,
    "warning",
  ],
];

export const sharedEndpoints: ApiRule = {
  name: "shared-endpoints",
  description:
    "one Route 53 Profile per VPC; shared endpoints with private DNS, not duplicated in a spoke, admitting the spokes; organization shares kept inside",
  enforcementLevel: "mandatory",
  validateGraph: ({ graph, report }) => {
    for (const [rule, check, doc, severity] of CHECKS) {
      check(graph, (r, message) => report(r, rule, message, doc, severity));
    }
  },
};
