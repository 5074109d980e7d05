/**
 * The spoke side of SharedServiceEndpoints: a VPC associated with the hub's Route 53 Profile, so
 * the shared endpoints' names resolve in it (and, for a hub in another account outside the
 * organization, the RAM share accepted first). PrivateNetwork's `sharedServiceEndpoints` makes one;
 * a VPC this package did not make takes one directly.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import {
  checkArgs,
  checkedWhenKnown,
  defineOutputs,
  failureOf,
  initializing,
  noInputs,
} from "./component";
import { ResolvedEndpoint } from "./lib/endpoints";
import { ArgumentError, listWords, rethrowArgumentErrors } from "./lib/errors";
import { parseSourceBlocks } from "./lib/cidr";
import { mapInput, plainArray, plainValue } from "./lib/plain";
import { EndpointServiceFacts, lookUpEndpointServices, regionOf } from "./lookups";
import {
  claimPrivateDns,
  claimVpcProfile,
  recordSpokeHubBlocks,
  sharedProfileOf,
} from "./programState";
import { profileName } from "./sharedServiceEndpoints";
import { childTags, Tags, validateTags } from "./tags";

export interface SharedServiceEndpointsSpokeArgs {
  /** The spoke VPC. */
  readonly vpcId: pulumi.Input<string>;
  /** The hub's Route 53 Profile: its `profileId` output (another stack's, through a StackReference). */
  readonly profileId: pulumi.Input<string>;
  /**
   * The hub's `resourceShareArn`, for a spoke account outside the hub's organization: the share is
   * accepted (RAM invitation) before the VPC is associated. Inside the organization, with RAM
   * sharing enabled, there is no invitation: leave it out.
   * @default - nothing to accept
   */
  readonly resourceShareArn?: pulumi.Input<string>;
  /**
   * The hub VPC's blocks: the VpcFunctions of this program in the VPC (egress "Network") get
   * HTTPS to them, where the shared endpoints' addresses are. Without it, give those functions
   * egress "Https" or groups of your own.
   * @default - none
   */
  readonly hubCidrBlocks?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The services the hub shares (its entries' short names), when the hub is not in this program,
   * so an endpoint of the same service in this VPC is refused; a hub of this program says them.
   * @default - the hub's, when it is in this program; else none checked
   */
  readonly sharedServices?: string[];
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const SHAPES: ArgSpec<SharedServiceEndpointsSpokeArgs> = {
  vpcId: "stringInput",
  profileId: "stringInput",
  resourceShareArn: "stringInput",
  hubCidrBlocks: "stringsInput",
  sharedServices: "strings",
  tags: "tags",
};

const CLASS = "SharedServiceEndpointsSpoke";

/** A spoke's arguments, resolved once before anything is registered. */
interface ResolvedSpoke {
  readonly vpcId: pulumi.Input<string>;
  readonly profileId: pulumi.Input<string>;
  readonly resourceShareArn: pulumi.Input<string> | undefined;
  readonly hubCidrBlocks: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /** The hub, as messages name it (`SharedServiceEndpoints "hub"`), when it is in this program. */
  readonly hub: string | undefined;
  readonly sharedServices: readonly string[];
  readonly tags: Tags | undefined;
}

/** The services a spoke gets from its hub: the program's hub's, else those given. */
export function sharedServicesOf(
  profileId: unknown,
  given: readonly string[] | undefined,
): { hub: string | undefined; services: readonly string[] } {
  const hub = sharedProfileOf(profileId);
  return hub ?? { hub: undefined, services: given ?? [] };
}

function resolveSpokeArgs(given: SharedServiceEndpointsSpokeArgs): ResolvedSpoke {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  for (const arg of ["vpcId", "profileId"] as const) {
    if (args[arg] === undefined) {
      throw new ArgumentError(
        arg === "vpcId"
          ? "vpcId is required: pass the spoke VPC's id."
          : "profileId is required: pass the hub's profileId output (SharedServiceEndpoints).",
      );
    }
  }
  validateTags(args.tags);
  checkWhenPlain(args.profileId, checkProfileId);
  checkWhenPlain(args.resourceShareArn, checkResourceShareArn);
  const hubBlocks = plainArray(args.hubCidrBlocks);
  if (hubBlocks !== undefined) {
    checkSpokeHubBlocks(hubBlocks);
  }
  const { hub, services } = sharedServicesOf(args.profileId, args.sharedServices);
  return {
    vpcId: args.vpcId,
    profileId: args.profileId,
    resourceShareArn: args.resourceShareArn,
    hubCidrBlocks: args.hubCidrBlocks,
    hub,
    sharedServices: services,
    tags: args.tags,
  };
}

const checkWhenPlain = <T>(value: pulumi.Input<T> | undefined, check: (known: T) => void) => {
  const known = plainValue(value);
  if (known !== undefined) check(known);
};

// Profile ids are "rp-…" (route53profiles API reference examples, rp-4987774726example; the
// provider's import example rp-12345678): an ARN or another id here would reach AWS.
const PROFILE_ID = /^rp-[0-9A-Za-z]+$/;

/** Checks a Route 53 Profile id; throws ArgumentError naming profileId. */
export function checkProfileId(id: string): void {
  if (!PROFILE_ID.test(id)) {
    throw new ArgumentError(
      `profileId "${id}" is not a Route 53 Profile id: pass the hub's profileId output (rp-…), not its ARN or name.`,
    );
  }
}

// RAM share ARNs: arn:${Partition}:ram:${Region}:${Account}:resource-share/${ResourcePath} (IAM
// service authorization reference, AWS RAM resource types).
const RESOURCE_SHARE_ARN = /^arn:aws(-[a-z]+)*:ram:[a-z0-9-]+:\d{12}:resource-share\/.+$/;

/** Checks a RAM resource share ARN; throws ArgumentError naming resourceShareArn. */
export function checkResourceShareArn(arn: string): void {
  if (arn === "") {
    // The hub's resourceShareArn output when its shareWith is empty.
    throw new ArgumentError(
      `resourceShareArn is "": the hub shares its profile with no account (shareWith is empty), so there is nothing to accept; leave resourceShareArn out.`,
    );
  }
  if (!RESOURCE_SHARE_ARN.test(arn)) {
    throw new ArgumentError(
      `resourceShareArn "${arn}" is not an AWS RAM resource share ARN: pass the hub's resourceShareArn output (arn:aws:ram:<region>:<account>:resource-share/…).`,
    );
  }
}

/** Checks the hub's blocks given to a spoke; throws ArgumentError naming hubCidrBlocks. */
function checkSpokeHubBlocks(blocks: readonly string[]): void {
  if (blocks.length === 0) {
    throw new ArgumentError("hubCidrBlocks is empty: list the hub VPC's blocks, or leave it out.");
  }
  parseSourceBlocks("hubCidrBlocks", blocks);
}

/**
 * Associates a spoke VPC with a SharedServiceEndpoints hub's Route 53 Profile. A VPC takes one
 * Profile; the spoke claims the shared services' names in the VPC, so an endpoint of the program
 * with private DNS for one of them in this VPC is refused (the VPC would have two answers).
 */
export class SharedServiceEndpointsSpoke extends pulumi.ComponentResource {
  /** The Profile–VPC association (`rpassoc-…`). */
  declare public readonly associationId: pulumi.Output<string>;
  /** The services whose names the profile answers in the VPC, as far as this program knows. */
  declare public readonly sharedServices: pulumi.Output<string[]>;

  constructor(
    name: string,
    args: SharedServiceEndpointsSpokeArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const resolved = checkArgs(CLASS, name, resolveSpokeArgs, args);
    super(`lambda-networking:index:${CLASS}`, name, noInputs(), opts);
    if (resolved.hubCidrBlocks !== undefined) {
      const fail = failureOf(CLASS, name, this);
      recordSpokeHubBlocks(
        resolved.vpcId,
        checkedWhenKnown(resolved.hubCidrBlocks, fail, checkSpokeHubBlocks),
      );
    }
    const built = initializing(CLASS, name, this, () => this.build(name, resolved));
    defineOutputs(this as SharedServiceEndpointsSpoke, built, {
      associationId: (s) => s.id,
      sharedServices: () => [...resolved.sharedServices],
    });
  }

  private async build(name: string, r: ResolvedSpoke): Promise<aws.route53.ProfilesAssociation> {
    const fail = failureOf(CLASS, name, this);
    const owner =
      r.hub === undefined
        ? `${CLASS} "${name}"`
        : `${CLASS} "${name}" (the Route 53 Profile of ${r.hub})`;
    const services = await this.serviceNames(r, fail);
    // AWS refuses a second Profile on a VPC, and an endpoint of a shared service would answer its
    // names in the VPC instead of the hub's: both checked as soon as the VPC id is known.
    const vpcId = mapInput(r.vpcId, (id) =>
      rethrowArgumentErrors(fail, () => {
        claimVpcProfile(id, owner);
        for (const serviceName of services) {
          claimPrivateDns(id, serviceName, owner, "sharedServices", true);
        }
        return id;
      }),
    );
    // The association waits for the share to be accepted: until then the profile is not visible
    // to the spoke's account.
    const shareArn =
      r.resourceShareArn === undefined
        ? undefined
        : checkedWhenKnown(r.resourceShareArn, fail, checkResourceShareArn);
    const accepter =
      shareArn === undefined
        ? undefined
        : new aws.ram.ResourceShareAccepter(`${name}-accept`, { shareArn }, { parent: this });
    const resourceName = `${name}-association`;
    return new aws.route53.ProfilesAssociation(
      resourceName,
      {
        name: profileName(resourceName),
        profileId: checkedWhenKnown(r.profileId, fail, checkProfileId),
        resourceId: vpcId,
        tags: childTags(r.tags, resourceName),
      },
      { parent: this, dependsOn: accepter === undefined ? [] : [accepter] },
    );
  }

  /** The shared services' endpoint service names in the region (com.amazonaws.<region>.sqs). */
  private async serviceNames(r: ResolvedSpoke, fail: (message: string) => Error) {
    if (r.sharedServices.length === 0) {
      return [];
    }
    const region = await regionOf(this, fail);
    const entries: ResolvedEndpoint[] = r.sharedServices.map((service) => ({
      key: service,
      service,
      type: "Interface",
      privateDnsEnabled: true,
    }));
    const labels = new Map(entries.map((e) => [e.key, "sharedServices"]));
    const facts = await lookUpEndpointServices(this, fail, region, entries, labels);
    return entries.map((e) => (facts.get(e.key) as EndpointServiceFacts).serviceName);
  }
}

/**
 * A network's own interface endpoints for a service its profile shares: refused, naming both.
 */
export function checkNotSharedToo(
  own: readonly ResolvedEndpoint[],
  labels: ReadonlyMap<string, string>,
  shared: { hub: string | undefined; services: readonly string[] },
): void {
  const both = own.filter((e) => e.type === "Interface" && shared.services.includes(e.service));
  if (both.length > 0) {
    const where = both.map((e) => labels.get(e.key) ?? "endpoints");
    throw new ArgumentError(
      `${listWords(where)}: ${listWords(both.map((e) => e.service))} ${both.length === 1 ? "is" : "are"} shared by ${shared.hub ?? "the hub"} through sharedServiceEndpoints, so the VPC would have two answers for ${both.length === 1 ? "its names" : "their names"} (its own endpoint wins over the profile's): remove ${both.length === 1 ? "the entry" : "the entries"}, or stop sharing ${both.length === 1 ? "it" : "them"} at the hub.`,
    );
  }
}
