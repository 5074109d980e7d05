/**
 * How long `pulumi up` and `pulumi destroy` take on AWS, read from a recorded resource graph, next
 * to the floor: the same resources with only the orderings AWS itself requires. Pure: arithmetic
 * on registrations, no Pulumi runtime call. Each duration names its source; figures no source
 * states are labelled estimates (scripts/deployDurations.ts).
 */
import {
  durationsOf,
  ENI_RELEASE,
  isVpcFunction,
  RecordedResource,
  replacesGroups,
  T,
} from "./deployDurations";

export {
  DURATIONS,
  durationsOf,
  ENI_RELEASE,
  FUNCTION,
  GATEWAY_ENDPOINT,
  INTERFACE_ENDPOINT,
  UNKNOWN_TYPE,
  VPC_FUNCTION,
  VPC_FUNCTION_REPLACING_GROUPS_DELETE,
} from "./deployDurations";
export type { Duration, RecordedResource, TypeDurations } from "./deployDurations";

const IAM = [T.role, T.rolePolicy, T.rolePolicyAttachment];
// A route to (or a public NAT gateway in a VPC without) an attached internet gateway fails.
const GATEWAYS = [T.internetGateway, T.internetGatewayAttachment];
const OTHER_TARGETS =
  "aws:ec2transitgateway/transitGateway:TransitGateway aws:ec2/vpnGateway:VpnGateway " +
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment aws:ec2/networkInterface:NetworkInterface " +
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection " +
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway";
const ROUTE_TARGETS = [
  ...GATEWAYS,
  T.natGateway,
  T.instance,
  T.vpcEndpoint,
  ...OTHER_TARGETS.split(" "),
];
const [VPC, RULE_NEEDS] = [[T.vpc], [T.securityGroup, T.managedPrefixList]];
const byType = (types: string[], needs: string[]) =>
  Object.fromEntries(types.map((t) => [t, needs]));

/**
 * What AWS requires to exist before it creates a resource (dependent type -> dependency types).
 * A public NAT gateway fails with Gateway.NotAttached without an internet gateway (EC2 API,
 * NatGateway.failureCode); a private one needs only its subnet. An Eip needs nothing:
 * AllocateAddress takes no VPC or gateway, and the provider's aws_eip note ("EIP may require IGW
 * to exist prior to association") is about associating it with an instance. A rule naming a
 * prefix list needs the list (an AWS-managed one always exists), never the gateway endpoint.
 */
export const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  [T.function]: [...IAM, T.subnet, T.securityGroup, T.logGroup],
  [T.natGateway]: [T.eip, T.subnet, ...GATEWAYS],
  [T.instance]: [T.subnet, T.securityGroup],
  // Associating an address needs the internet gateway (the provider's aws_eip note above).
  [T.eipAssociation]: [T.eip, T.instance, ...GATEWAYS],
  [T.route]: [T.routeTable, ...ROUTE_TARGETS],
  [T.subnet]: [T.vpc, T.cidrAssociation],
  [T.securityGroup]: [T.vpc, T.managedPrefixList],
  [T.internetGatewayAttachment]: [T.internetGateway, T.vpc],
  [T.vpcEndpoint]: [T.vpc, T.subnet, T.securityGroup, T.routeTable],
  [T.routeTableAssociation]: [T.subnet, T.routeTable, T.internetGateway],
  [T.rolePolicyAttachment]: [T.role, T.policy],
  [T.flowLog]: [T.vpc, T.subnet, T.logGroup, T.role],
  [T.rolePolicy]: [T.role],
  ...byType([T.egressRule, T.ingressRule, T.securityGroupRule], RULE_NEEDS),
  ...byType([T.internetGateway, T.routeTable, T.defaultRouteTable, T.defaultSecurityGroup], VPC),
  [T.cidrAssociation]: [T.vpc],
  // Route 53 Profiles and RAM: each call names the resources it ties together (the profile, the
  // endpoint by ARN, the VPC, the share); an association of a shared profile waits for the share's
  // acceptance, until which the profile is not visible to the spoke's account.
  [T.route53ProfileResourceAssociation]: [T.route53Profile, T.vpcEndpoint],
  [T.route53ProfileAssociation]: [T.route53Profile, T.vpc, T.resourceShareAccepter],
  [T.ramResourceAssociation]: [T.resourceShare, T.route53Profile],
  [T.ramPrincipalAssociation]: [T.resourceShare],
  ...byType([T.route53Profile, T.resourceShare, T.resourceShareAccepter], []),
  ...byType([T.eip, T.vpc, T.role, T.policy, T.logGroup, T.managedPrefixList], []),
};

function requiredTypes(r: RecordedResource): readonly string[] | undefined {
  const isPrivateNat = r.type === T.natGateway && r.inputs?.connectivityType === "private";
  return isPrivateNat ? [T.subnet] : REQUIRED[r.type];
}

/**
 * Why one resource waits for another: a recorded dependency; rule 1's wait for an ancestor
 * component's inputs ("parent-input"); a parent (a custom parent's creation; on destroy, a
 * parent's deletion after its children); the ENI release; the ENI permission (floor only).
 */
export type WaitKind = "dependency" | "parent-input" | "parent" | "eni-release" | "eni-permission";

interface Wait {
  readonly key: string;
  readonly kind: WaitKind;
  readonly lagSeconds: number;
}

interface Graph {
  readonly byKey: Map<string, RecordedResource>;
  readonly keys: string[];
  readonly children: Map<string, string[]>;
}

const keyOf = (r: RecordedResource) => r.urn ?? `${r.type}::${r.name}`;
const wait = (key: string, kind: WaitKind, lagSeconds = 0): Wait => ({ key, kind, lagSeconds });

function buildGraph(resources: readonly RecordedResource[]): Graph {
  const byKey = new Map(resources.map((r) => [keyOf(r), r] as const));
  const children = new Map<string, string[]>();
  for (const r of resources) {
    if (r.parentUrn === undefined) continue;
    children.set(r.parentUrn, [...(children.get(r.parentUrn) ?? []), keyOf(r)]);
  }
  return { byKey, keys: [...byKey.keys()], children };
}

function descendants(g: Graph, key: string): string[] {
  return (g.children.get(key) ?? []).flatMap((c) => [c, ...descendants(g, c)]);
}

const isCustom = (g: Graph, key: string) => g.byKey.get(key)!.custom;
const typeOf = (g: Graph, key: string) => g.byKey.get(key)!.type;

/**
 * Waiting on a component is waiting on its custom descendants: the Node SDK expands a component
 * dependency so (runtime/dependsOn.ts, getAllTransitivelyReferencedResourceURNs). URNs of
 * resources outside the graph are dropped.
 */
function customTargets(g: Graph, urns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const urn of urns.filter((u) => g.byKey.has(u))) {
    const found = isCustom(g, urn) ? [urn] : descendants(g, urn).filter((k) => isCustom(g, k));
    found.forEach((k) => out.add(k));
  }
  return [...out];
}

const direct = (g: Graph, key: string) => customTargets(g, g.byKey.get(key)!.dependencyUrns);

/**
 * Rule 1 (the SDK's own waits): a child registers only once its parent's URN is known
 * (runtime/resource.ts prepareResource awaits `parent.urn`), and a component's URN is known only
 * once its args, sent as its inputs, are serialized: every output in them resolved
 * (ComponentResource passes args unless PULUMI_NODEJS_SKIP_COMPONENT_INPUTS). So a child waits for
 * what its ancestor components' inputs depend on. A custom parent's URN comes back with its
 * RegisterResource answer, after its creation: the child waits for that parent.
 */
function ancestorWaits(g: Graph, key: string): Wait[] {
  const urns: string[] = [];
  const extra: Wait[] = [];
  for (let p = g.byKey.get(key)!.parentUrn; p !== undefined && g.byKey.has(p);) {
    const parent = g.byKey.get(p)!;
    if (parent.custom) {
      extra.push(wait(p, "parent"));
      break;
    }
    urns.push(...Object.values(parent.propertyDependencies).flat());
    p = parent.parentUrn;
  }
  const inputs = customTargets(g, urns).filter((k) => k !== key);
  return [...inputs.map((k) => wait(k, "parent-input")), ...extra];
}

/** Rule 2: a custom resource is created once all it waits for is created. */
function actualCreateWaits(g: Graph): Map<string, Wait[]> {
  const waits = new Map<string, Wait[]>();
  for (const key of g.keys.filter((k) => isCustom(g, k))) {
    const deps = direct(g, key);
    const inherited = ancestorWaits(g, key).filter((w) => !deps.includes(w.key));
    waits.set(key, [...deps.map((k) => wait(k, "dependency")), ...inherited]);
  }
  return waits;
}

/**
 * Rule 4: a resource's floor dependencies are the nearest resources of a type it requires,
 * reached through recorded dependencies (not rule 1's waits): the search stops at each
 * required-type resource it meets. A type the table does not list keeps its recorded edges.
 */
function floorDeps(g: Graph, key: string): string[] {
  const required = requiredTypes(g.byKey.get(key)!);
  if (required === undefined) return direct(g, key);
  const found: string[] = [];
  const seen = new Set([key]);
  const queue = direct(g, key);
  while (queue.length > 0) {
    const k = queue.shift()!;
    if (seen.has(k)) continue;
    seen.add(k);
    if (required.includes(typeOf(g, k))) found.push(k);
    else queue.push(...direct(g, k));
  }
  return found;
}

function floorCreateWaits(g: Graph): Map<string, Wait[]> {
  const customs = g.keys.filter((k) => isCustom(g, k));
  return new Map(customs.map((k) => [k, floorDeps(g, k).map((c) => wait(c, "dependency"))]));
}

function addWait(waits: Map<string, Wait[]>, key: string, w: Wait): void {
  waits.set(key, [...(waits.get(key) ?? []), w]);
}

/**
 * The AWS rule both destroys keep: the subnets and security groups of a VPC function (its
 * vpcConfig property dependencies) finish deleting only once Lambda has released its Hyperplane
 * ENIs, releaseSeconds after the function is gone. terraform-provider-aws's subnet and security
 * group deletes call deleteLingeringLambdaENIs (vpc_network_interface.go), which waits for each
 * "AWS Lambda VPC ENI*" to become available (at least 45 min), then detaches and deletes it. With
 * replaceSecurityGroupsOnDestroy the function's own groups hold none: it was moved off them.
 */
function addEniHolds(g: Graph, waits: Map<string, Wait[]>, releaseSeconds: number): void {
  for (const key of g.keys.filter((k) => isVpcFunction(g.byKey.get(k)!))) {
    const fn = g.byKey.get(key)!;
    const held: string[] = [T.subnet, ...(replacesGroups(fn) ? [] : [T.securityGroup])];
    for (const k of customTargets(g, fn.propertyDependencies.vpcConfig ?? [])) {
      if (held.includes(typeOf(g, k))) addWait(waits, k, wait(key, "eni-release", releaseSeconds));
    }
  }
}

/**
 * Rule 3: Pulumi deletes a resource only after everything that depends on it (recorded
 * dependencies, a component's too) and a parent after its children.
 */
function actualDeleteWaits(g: Graph, releaseSeconds: number): Map<string, Wait[]> {
  const waits = new Map<string, Wait[]>(g.keys.map((k) => [k, []]));
  for (const key of g.keys) {
    const r = g.byKey.get(key)!;
    for (const urn of r.dependencyUrns.filter((u) => g.byKey.has(u))) {
      const targets = isCustom(g, urn) ? [urn] : [urn, ...descendants(g, urn)];
      for (const k of targets) addWait(waits, k, wait(key, "dependency"));
    }
    if (r.parentUrn !== undefined && g.byKey.has(r.parentUrn)) {
      addWait(waits, r.parentUrn, wait(key, "parent"));
    }
  }
  addEniHolds(g, waits, releaseSeconds);
  return waits;
}

/**
 * The destroy floor: each floor edge reversed, the ENI hold, and the function's ENI permission (a
 * policy on its role) deleted after it, as Lambda deletes the ENIs with the role's permissions.
 */
function floorDeleteWaits(g: Graph, releaseSeconds: number): Map<string, Wait[]> {
  const customs = g.keys.filter((k) => isCustom(g, k));
  const waits = new Map<string, Wait[]>(customs.map((k) => [k, []]));
  for (const key of customs) {
    for (const dep of floorDeps(g, key)) addWait(waits, dep, wait(key, "dependency"));
  }
  addEniHolds(g, waits, releaseSeconds);
  const policyTypes: string[] = [T.rolePolicy, T.rolePolicyAttachment];
  for (const fn of customs.filter((k) => isVpcFunction(g.byKey.get(k)!))) {
    const roles = floorDeps(g, fn).filter((k) => typeOf(g, k) === T.role);
    const policies = customs.filter(
      (k) => policyTypes.includes(typeOf(g, k)) && direct(g, k).some((r) => roles.includes(r)),
    );
    for (const p of policies) addWait(waits, p, wait(fn, "eni-permission"));
  }
  return waits;
}

interface Schedule {
  readonly order: string[];
  readonly finish: Map<string, number>;
  /** The wait that decided each start (the first of equal ones, in wait order). */
  readonly via: Map<string, Wait | undefined>;
}

/** Each resource starts when all it waits for is done (plus that wait's lag), for its duration. */
function schedule(
  g: Graph,
  waits: Map<string, Wait[]>,
  seconds: (r: RecordedResource) => number,
): Schedule {
  const finish = new Map<string, number>();
  const via = new Map<string, Wait | undefined>();
  const visiting = new Set<string>();
  const visit = (key: string): number => {
    if (finish.has(key)) return finish.get(key)!;
    if (visiting.has(key)) throw new Error(`dependency cycle through ${g.byKey.get(key)!.name}`);
    visiting.add(key);
    let start = 0;
    for (const w of waits.get(key) ?? []) {
      const ready = visit(w.key) + w.lagSeconds;
      if (ready > start) {
        start = ready;
        via.set(key, w);
      }
    }
    visiting.delete(key);
    finish.set(key, start + seconds(g.byKey.get(key)!));
    return finish.get(key)!;
  };
  const order = [...waits.keys()];
  order.forEach(visit);
  return { order, finish, via };
}

/**
 * The chain of keys, first to last, ending at the custom resource that finishes last (the first of
 * ties): a component finishing with its last child adds nothing to the path.
 */
function criticalKeys(g: Graph, s: Schedule): string[] {
  let last: string | undefined;
  for (const key of s.order.filter((k) => isCustom(g, k))) {
    if (last === undefined || s.finish.get(key)! > s.finish.get(last)!) last = key;
  }
  const chain: string[] = [];
  for (let k = last; k !== undefined; k = s.via.get(k)?.key) chain.unshift(k);
  return chain;
}

const total = (s: Schedule) => Math.max(0, ...s.finish.values());
const createSeconds = (r: RecordedResource) => durationsOf(r).create.seconds;
const deleteSeconds = (r: RecordedResource) => durationsOf(r).delete.seconds;

export interface DeployTimeOptions {
  /** Seconds from a VPC function's deletion to Lambda's release of its ENIs (ENI_RELEASE). */
  readonly eniReleaseSeconds?: number;
}

function analyse(resources: readonly RecordedResource[], options: DeployTimeOptions) {
  const graph = buildGraph(resources);
  const release = options.eniReleaseSeconds ?? ENI_RELEASE.seconds;
  const floorWaits = { deploy: floorCreateWaits(graph), destroy: floorDeleteWaits(graph, release) };
  return {
    graph,
    floorWaits,
    deploy: schedule(graph, actualCreateWaits(graph), createSeconds),
    destroy: schedule(graph, actualDeleteWaits(graph, release), deleteSeconds),
    floorDeploy: schedule(graph, floorWaits.deploy, createSeconds),
    floorDestroy: schedule(graph, floorWaits.destroy, deleteSeconds),
  };
}

export interface DeployTimeEstimate {
  readonly deploySeconds: number;
  readonly destroySeconds: number;
  readonly floorDeploySeconds: number;
  readonly floorDestroySeconds: number;
  /** Custom resources on the critical path, first created (or deleted) first; no components. */
  readonly deployPath: string[];
  readonly destroyPath: string[];
}

/** The critical paths of `pulumi up` and `pulumi destroy` for a recorded graph, and their floors. */
export function estimateDeployTime(
  resources: readonly RecordedResource[],
  options: DeployTimeOptions = {},
): DeployTimeEstimate {
  const a = analyse(resources, options);
  const names = (keys: string[]) =>
    keys.filter((k) => isCustom(a.graph, k)).map((k) => a.graph.byKey.get(k)!.name);
  return {
    deploySeconds: total(a.deploy),
    destroySeconds: total(a.destroy),
    floorDeploySeconds: total(a.floorDeploy),
    floorDestroySeconds: total(a.floorDestroy),
    deployPath: names(criticalKeys(a.graph, a.deploy)),
    destroyPath: names(criticalKeys(a.graph, a.destroy)),
  };
}

export interface AddedWait {
  readonly phase: "deploy" | "destroy";
  /** The resource created (on destroy: deleted) after `waitsFor`. */
  readonly waiter: string;
  readonly waitsFor: string;
  readonly kind: WaitKind;
}

function addedOnPath(
  g: Graph,
  phase: AddedWait["phase"],
  s: Schedule,
  floor: Map<string, Wait[]>,
): AddedWait[] {
  const name = (k: string) => g.byKey.get(k)!.name;
  return criticalKeys(g, s).flatMap((key) => {
    const w = s.via.get(key);
    if (w === undefined || (floor.get(key) ?? []).some((f) => f.key === w.key)) return [];
    return [{ phase, waiter: name(key), waitsFor: name(w.key), kind: w.kind }];
  });
}

/**
 * The waits on each critical path that AWS does not require (actual waits absent from the floor),
 * in path order: where to look when an estimate is above its floor. Waits through a component
 * (rule 1's, or a child's deletion before its parent's) are never in the floor.
 */
export function addedWaits(
  resources: readonly RecordedResource[],
  options: DeployTimeOptions = {},
): AddedWait[] {
  const a = analyse(resources, options);
  return [
    ...addedOnPath(a.graph, "deploy", a.deploy, a.floorWaits.deploy),
    ...addedOnPath(a.graph, "destroy", a.destroy, a.floorWaits.destroy),
  ];
}
