/**
 * Everything the components of one program share: the one place program-wide state lives. It is
 * one object, `ProgramState`; `clearProgramState()` replaces it with a new one, so a test (or a
 * runner that runs several programs in one process) starts from nothing and no part can be left
 * over. It holds what no single component can see: which subnets are public, which networks made
 * which private subnets (what they reach, whether dual-stack), what each subnet a network made is
 * called, which private-DNS interface endpoints a VPC has, the Hyperplane ENI combinations per
 * VPC, the look-ups of existing resources, what is derived once for a fleet, and warnings said
 * together.
 */
import { all, log, output } from "@pulumi/pulumi";
import type * as pulumi from "@pulumi/pulumi";
import { EgressFacts, EgressRule } from "./lib/egress";
import { entryPrefix } from "./lib/endpoints";
import { HyperplaneEniLedger } from "./lib/eni";
import { ArgumentError, listWords } from "./lib/errors";

/** What a function in the private subnets of one of the program's networks may reach. */
export interface NetworkEgress {
  /** The network, for messages. */
  readonly network: string;
  /**
   * What its private subnets reach, once the network is built: plain when the network's block
   * and its gateway endpoints' prefix lists are known now, so the functions' security groups get
   * plain rules.
   */
  readonly facts: Promise<pulumi.Input<EgressFacts>>;
  /** Its `ipv6` setting: whether its private subnets are dual-stack. */
  readonly ipv6: boolean;
  /** The services of its interface endpoints with private DNS. */
  readonly privateDnsServices: readonly string[];
}

/** Who answers a service's private DNS name in a VPC: an endpoint of it, or a shared profile. */
interface PrivateDnsClaim {
  readonly owner: string;
  /** Through a Route 53 Profile (a spoke of SharedServiceEndpoints), not an endpoint in the VPC. */
  readonly viaProfile: boolean;
}

/** A SharedServiceEndpoints of the program, as its spokes need it. */
export interface SharedProfile {
  /** As messages name it: `SharedServiceEndpoints "hub"`. */
  readonly hub: string;
  /** The services (short names) of its endpoints. */
  readonly services: readonly string[];
}

/** The state of one program run. */
class ProgramState {
  /** Combinations of every VpcFunction in this program, per VPC. */
  readonly hyperplaneEniLedger = new HyperplaneEniLedger();
  /**
   * Look-ups of existing resources, by provider (the default provider under `defaultProvider`)
   * and key: many functions usually share a few subnets, and a subnet's zone, VPC and routes do
   * not change while a program runs. Weak: a provider object may outlive a program.
   */
  readonly lookUps = new WeakMap<object, Map<string, Promise<unknown>>>();
  readonly defaultProvider = {};
  /** One Output of a VPC id and a subnet list, by the two Inputs (see vpcAndSubnetsOnce). */
  readonly idPairs = new WeakMap<object, WeakMap<object, pulumi.Output<[string, string[]]>>>();
  /** Rules derived from a network's facts, by the facts Output, then egress and IPv6 setting. */
  readonly rulesByFacts = new WeakMap<object, Map<string, pulumi.Output<EgressRule[]>>>();
  /** Ids of the public subnets the program's PrivateNetworks made, with their network. */
  readonly publicSubnets = new Map<string, string>();
  /**
   * What each subnet the program's PrivateNetworks made is, by id, for messages that would
   * otherwise show a bare id: `private subnet us-east-1a of PrivateNetwork "net"`.
   */
  readonly subnetNames = new Map<string, string>();
  /**
   * The program's PrivateNetworks' private subnets: by the `privateSubnetIds` Output itself
   * (known even in a preview, when the ids are not), and by id once known (for lists a program
   * builds from them).
   */
  readonly bySubnetList = new WeakMap<object, NetworkEgress>();
  readonly bySubnetId = new Map<string, NetworkEgress>();
  /** Interface endpoints with private DNS, by VPC and service name (see claimPrivateDns). */
  readonly privateDnsEndpoints = new Map<string, PrivateDnsClaim>();
  /** The program's SharedServiceEndpoints, by their `profileId` Output (see recordSharedProfile). */
  readonly sharedProfiles = new WeakMap<object, SharedProfile>();
  /**
   * The hub blocks a SharedServiceEndpointsSpoke gives its VPC's functions (HTTPS to them), by
   * the `vpcId` Input it was given (an Output, or a plain id).
   */
  readonly hubBlocksByVpcInput = new WeakMap<object, pulumi.Input<pulumi.Input<string>[]>>();
  readonly hubBlocksByVpcId = new Map<string, pulumi.Input<pulumi.Input<string>[]>>();
  /** The VPCs a spoke of the program associates with a profile, and the spoke (one per VPC). */
  readonly profileOfVpc = new Map<string, string>();
  /** Warnings being gathered until the event loop turns (see warnTogether). */
  readonly gathering = new Map<string, { components: string[]; said: Promise<void> }>();
}

let state = new ProgramState();

/** Forgets everything: the next component starts a new program run. */
export function clearProgramState(): void {
  state = new ProgramState();
}

/** The Hyperplane ENI combinations of every VpcFunction of this program, per VPC. */
export function hyperplaneEniLedger(): HyperplaneEniLedger {
  return state.hyperplaneEniLedger;
}

/** The look-up under `key` for this provider (undefined: the default one), fetched once. */
export function lookedUpOnce<T>(
  provider: object | undefined,
  key: string,
  fetch: () => Promise<T>,
): Promise<T> {
  const providerKey = provider ?? state.defaultProvider;
  const cache = state.lookUps.get(providerKey) ?? new Map<string, Promise<unknown>>();
  state.lookUps.set(providerKey, cache);
  if (!cache.has(key)) {
    cache.set(key, fetch());
  }
  return cache.get(key) as Promise<T>;
}

/**
 * `pulumi.all([vpcId, subnetIds])`, made once per pair of Output objects: a fleet of functions
 * on one network's `vpcId` and `privateSubnetIds` waits on one Output, not one each.
 */
export function vpcAndSubnetsOnce(
  vpcId: pulumi.Input<string>,
  subnetIds: pulumi.Input<pulumi.Input<string>[]>,
): pulumi.Output<[string, string[]]> {
  const make = () => all([vpcId, subnetIds]) as pulumi.Output<[string, string[]]>;
  if (typeof vpcId !== "object" || typeof subnetIds !== "object") {
    return make();
  }
  const byVpc = state.idPairs;
  const bySubnets = byVpc.get(vpcId) ?? new WeakMap<object, pulumi.Output<[string, string[]]>>();
  byVpc.set(vpcId, bySubnets);
  const pair = bySubnets.get(subnetIds) ?? make();
  bySubnets.set(subnetIds, pair);
  return pair;
}

/** The rules derived from `facts` (a network's facts Output) under `key`, derived once. */
export function derivedOnce(
  facts: object,
  key: string,
  derive: () => pulumi.Output<EgressRule[]>,
): pulumi.Output<EgressRule[]> {
  const cache = state.rulesByFacts.get(facts) ?? new Map<string, pulumi.Output<EgressRule[]>>();
  state.rulesByFacts.set(facts, cache);
  const rules = cache.get(key) ?? derive();
  cache.set(key, rules);
  return rules;
}

/**
 * Records a public subnet of a network (its label names the network in messages), and its name
 * when its zone is given.
 */
export function recordPublicSubnet(id: string, network: string, zone?: string): void {
  state.publicSubnets.set(id, network);
  if (zone !== undefined) {
    state.subnetNames.set(id, `public subnet ${zone} of ${network}`);
  }
}

/**
 * An id as messages show it: with what it is when one of the program's PrivateNetworks made it,
 * `subnet-0abc (private subnet us-east-1a of PrivateNetwork "net")`; else the id alone.
 */
export function nameOfId(id: string): string {
  const name = state.subnetNames.get(id);
  return name === undefined ? id : `${id} (${name})`;
}

/** The program's own public subnets among these ids, with the network each belongs to. */
export function knownPublicSubnets(ids: readonly string[]): [string, string][] {
  const known = state.publicSubnets;
  return ids.filter((id) => known.has(id)).map((id) => [id, known.get(id) as string]);
}

/**
 * Records a network's private subnets. Their routes and gateway endpoints may not exist yet when
 * the ids are known, so a look-up cannot tell what they reach; the network that made them can.
 * `zoneOf` gives the zone of the subnet at each index, once the ids are known, for its name.
 */
export function recordNetwork(
  privateSubnetIds: pulumi.Output<string[]>,
  egress: NetworkEgress,
  zoneOf?: (index: number) => string | undefined,
): void {
  // The run's own maps: ids that become known after a reset belong to the run that made them.
  const { bySubnetList, bySubnetId, subnetNames } = state;
  bySubnetList.set(privateSubnetIds, egress);
  privateSubnetIds.apply((ids) =>
    ids.forEach((id, i) => {
      bySubnetId.set(id, egress);
      const zone = zoneOf?.(i);
      if (zone !== undefined) {
        subnetNames.set(id, `private subnet ${zone} of ${egress.network}`);
      }
    }),
  );
}

/** The network whose `privateSubnetIds` this is, when it is one. */
export function networkOfSubnetList(subnetIds: unknown): NetworkEgress | undefined {
  return typeof subnetIds === "object" && subnetIds !== null
    ? state.bySubnetList.get(subnetIds)
    : undefined;
}

/** The network that made all these subnets; undefined when none or several did. */
export function networkOfSubnetIds(ids: readonly string[]): NetworkEgress | undefined {
  const found = ids.map((id) => state.bySubnetId.get(id));
  const first = found[0];
  return first !== undefined && found.every((f) => f === first) ? first : undefined;
}

/**
 * Claims a service's private DNS in a VPC for `owner` (its entry `where`, e.g. `endpoints[1]`);
 * throws if the program claimed it already.
 * AWS gives each interface endpoint with private DNS a private hosted zone for the service's DNS
 * name and refuses a second in the same VPC ("there is already a conflicting DNS domain for
 * lambda.us-east-1.amazonaws.com in the VPC":
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns-enabled).
 */
export function claimPrivateDns(
  vpcId: string,
  serviceName: string,
  owner: string,
  where = "endpoints",
  viaProfile = false,
): void {
  const key = `${vpcId}|${serviceName}`;
  const holder = state.privateDnsEndpoints.get(key);
  if (holder !== undefined && holder.owner !== owner) {
    throw new ArgumentError(
      holder.viaProfile || viaProfile
        ? `${entryPrefix(where)}${vpcId} gets the ${serviceName} names from ${holder.owner}, and would get them from ${owner} too: two answers for one name, of which the VPC's own endpoint wins over the Route 53 Profile's ("the local DNS settings take precedence", Route 53 Developer Guide, Profiles): keep one.`
        : `${entryPrefix(where)}${vpcId} already gets a ${serviceName} interface endpoint with private DNS from ${holder.owner}, and AWS refuses a second one in the same VPC: keep one, or set privateDnsEnabled: false on the other.`,
    );
  }
  state.privateDnsEndpoints.set(key, { owner, viaProfile });
}

/** The services (`com.amazonaws.<region>.sqs`) the program's interface endpoints in a VPC claim. */
export function privateDnsServicesIn(vpcId: string): string[] {
  return [...state.privateDnsEndpoints.keys()]
    .filter((key) => key.startsWith(`${vpcId}|`))
    .map((key) => key.slice(vpcId.length + 1))
    .sort();
}

/**
 * Says `warning` about `component` (e.g. `VpcFunction "worker"`), once for all the components
 * that say it in the same turn: `VpcFunction "a", "b" and "c": <warning>`. Resolves once said.
 * Warnings several components of a program would each give in the same words (a fleet of
 * functions on subnets without a default route) are said once, naming every component: those
 * that reach the same warning together (their look-ups of the same subnets are shared, so they
 * resume together) are gathered until the event loop turns, then it is logged on the first.
 */
export function warnTogether(
  component: string,
  warning: string,
  resource: pulumi.Resource,
): Promise<void> {
  const gathering = state.gathering;
  const gathered = gathering.get(warning);
  if (gathered !== undefined) {
    gathered.components.push(component);
    return gathered.said;
  }
  const components = [component];
  const said = new Promise<void>((resolve) =>
    setImmediate(() => {
      gathering.delete(warning);
      resolve(log.warn(`${together(components)}: ${warning}`, resource));
    }),
  );
  gathering.set(warning, { components, said });
  return said;
}

/** `VpcFunction "a"`, `VpcFunction "a" and "b"`: one class, several names. */
function together(components: readonly string[]): string {
  const [cls] = components[0].split(" ");
  const names = components.map((c) => c.slice(cls.length + 1));
  return `${cls} ${listWords(names)}`;
}

/**
 * Records a SharedServiceEndpoints by its `profileId` Output, so a spoke of the same program given
 * that Output knows the hub and its services (known in a preview, when the id is not).
 */
export function recordSharedProfile(
  profileId: pulumi.Output<string>,
  profile: SharedProfile,
): void {
  state.sharedProfiles.set(profileId, profile);
}

/** The program's SharedServiceEndpoints whose `profileId` this is, when it is one. */
export function sharedProfileOf(profileId: unknown): SharedProfile | undefined {
  return typeof profileId === "object" && profileId !== null
    ? state.sharedProfiles.get(profileId)
    : undefined;
}

/**
 * Claims a VPC's one Route 53 Profile for a spoke: "A VPC can have only one Profile associated
 * with it" (Route 53 API reference, route53profiles AssociateProfile).
 */
export function claimVpcProfile(vpcId: string, spoke: string): void {
  const holder = state.profileOfVpc.get(vpcId);
  if (holder !== undefined && holder !== spoke) {
    throw new ArgumentError(
      `${vpcId} is associated with a Route 53 Profile by ${holder} already, and a VPC takes one Profile: share one hub's profile, or put the endpoints of both in one SharedServiceEndpoints.`,
    );
  }
  state.profileOfVpc.set(vpcId, spoke);
}

/**
 * Records the hub blocks a spoke VPC's functions reach the shared endpoints at: by the `vpcId`
 * the spoke was given (the Output itself, or the plain id), so a VpcFunction given the same finds
 * them whichever of the two was constructed first (functions read them after their look-ups).
 */
export function recordSpokeHubBlocks(
  vpcId: pulumi.Input<string>,
  blocks: pulumi.Input<pulumi.Input<string>[]>,
): void {
  if (typeof vpcId === "string") {
    state.hubBlocksByVpcId.set(vpcId, blocks);
  } else {
    state.hubBlocksByVpcInput.set(vpcId, blocks);
    const { hubBlocksByVpcId } = state;
    output(vpcId).apply((id) => hubBlocksByVpcId.set(id, blocks));
  }
}

/** The hub blocks a spoke of the program gives this VPC's functions, if any. */
export function spokeHubBlocksOf(
  vpcIdInput: pulumi.Input<string>,
  vpcId: string | undefined,
): pulumi.Input<pulumi.Input<string>[]> | undefined {
  const byInput =
    typeof vpcIdInput === "object" && vpcIdInput !== null
      ? state.hubBlocksByVpcInput.get(vpcIdInput)
      : undefined;
  return byInput ?? (vpcId === undefined ? undefined : state.hubBlocksByVpcId.get(vpcId));
}
