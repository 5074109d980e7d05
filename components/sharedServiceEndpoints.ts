/**
 * SharedServiceEndpoints: one set of interface endpoints in a hub VPC that spoke VPCs (of this
 * account, or of others through AWS RAM) use by name, paying for each endpoint once.
 *
 * How the spokes resolve the names: Route 53 Profiles take interface endpoints directly ("Either a
 * private hosted zone, DNS Firewall rule group, Resolver rule, or an interface VPC endpoint",
 * Route 53 API reference, route53profiles AssociateResourceToProfile `ResourceArn`), so each
 * endpoint keeps its private DNS at the hub and is associated with one Profile, which the spokes'
 * VPCs are associated with. No private hosted zone or record of our own: AWS keeps the names
 * (and the wildcard names S3 needs) as it does for the hub VPC.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  checkArgs,
  checkedWhenKnown,
  defineOutputs,
  failureOf,
  initializing,
  noInputs,
} from "./component";
import { roundUsd } from "./lib/cost";
import { fittedName, names } from "./lib/naming";
import { mapInputs, plainArray } from "./lib/plain";
import { compareSharing, profileMonthlyUsd, SharingComparison } from "./lib/sharedEndpoints";
import { NAME_RULES } from "../policy/rules/limits";
import { lookUpEndpointServices, regionOf } from "./lookups";
import { recordSharedProfile } from "./programState";
import { ServiceEndpoints } from "./serviceEndpoints";
import {
  checkSpokeBlocks,
  ResolvedSharedServiceEndpoints,
  resolveSharedServiceEndpointsArgs,
  SharedServiceEndpointsArgs,
} from "./sharedServiceEndpointsArgs";
import { childTags } from "./tags";

export { SharedServiceEndpointsArgs } from "./sharedServiceEndpointsArgs";

const CLASS = "SharedServiceEndpoints";

/** What `build` made, which the outputs are derived from. */
interface SharedServiceEndpointsState {
  readonly endpoints: ServiceEndpoints;
  readonly profile: aws.route53.ProfilesProfile;
  readonly share: aws.ram.ResourceShare | undefined;
  readonly spokeCount: pulumi.Input<number>;
}

/**
 * Interface endpoints in a hub VPC, shared with spoke VPCs through a Route 53 Profile (and an AWS
 * RAM share of it). The transit between the VPCs (a transit gateway or peering) is yours.
 */
export class SharedServiceEndpoints extends pulumi.ComponentResource {
  /** The Route 53 Profile (`rp-…`) the spokes associate their VPCs with. */
  declare public readonly profileId: pulumi.Output<string>;
  declare public readonly profileArn: pulumi.Output<string>;
  /** The RAM share of the profile; "" when `shareWith` is empty. */
  declare public readonly resourceShareArn: pulumi.Output<string>;
  /** Endpoint id by endpoint key, as ServiceEndpoints'. */
  declare public readonly endpointIds: pulumi.Output<Record<string, string>>;
  /** The services shared (short names, as the entries give them). */
  declare public readonly sharedServices: pulumi.Output<string[]>;
  /** The endpoints' security group. */
  declare public readonly securityGroupId: pulumi.Output<string>;
  /**
   * Hourly charges for a 730-hour month, in USD: the endpoints and the profile with `spokeCount`
   * associations. Not the transit, nor data processing.
   */
  declare public readonly estimatedMonthlyCostUsd: pulumi.Output<number>;
  /** The spokes the comparison is for (`spokeCount`, else the number of `spokeCidrBlocks`). */
  declare public readonly spokeCount: pulumi.Output<number>;
  /**
   * One set of these endpoints per spoke, less sharing (endpoints, profile, transit per VPC),
   * monthly: negative while sharing costs more.
   */
  declare public readonly estimatedMonthlySavingUsd: pulumi.Output<number>;
  /** The fewest spokes from which sharing costs less; undefined if it never does. */
  declare public readonly breakEvenSpokeCount: pulumi.Output<number | undefined>;

  constructor(
    name: string,
    args: SharedServiceEndpointsArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const resolved = checkArgs(
      CLASS,
      name,
      (a) => resolveSharedServiceEndpointsArgs(name, a),
      args,
    );
    super(`lambda-networking:index:${CLASS}`, name, noInputs(), opts);
    const built = initializing(CLASS, name, this, () => this.build(name, resolved));
    const comparison = (s: SharedServiceEndpointsState) =>
      mapInputs([s.endpoints.endpointAvailabilityZones, s.spokeCount], ([zones, spokes]) =>
        compareSharing({
          interfaceEndpointAzs: Object.values(zones).reduce((n, z) => n + z.length, 0),
          spokeCount: spokes,
          transitMonthlyUsdPerVpc: resolved.transitMonthlyUsdPerVpc,
        }),
      );
    const of =
      <K extends keyof SharingComparison>(key: K) =>
      (s: SharedServiceEndpointsState) =>
        pulumi.output(comparison(s)).apply((c) => c[key]);
    defineOutputs(this as SharedServiceEndpoints, built, {
      profileId: (s) => s.profile.id,
      profileArn: (s) => s.profile.arn,
      resourceShareArn: (s) => s.share?.arn ?? "",
      endpointIds: (s) => s.endpoints.endpointIds,
      sharedServices: () => resolved.endpoints.map((e) => e.service),
      securityGroupId: (s) => s.endpoints.securityGroupId.apply((id) => id ?? ""),
      estimatedMonthlyCostUsd: (s) =>
        mapInputs([s.endpoints.estimatedMonthlyCostUsd, s.spokeCount], ([endpoints, spokes]) =>
          roundUsd(endpoints + profileMonthlyUsd(spokes)),
        ),
      spokeCount: (s) => s.spokeCount,
      estimatedMonthlySavingUsd: of("savingMonthlyUsd"),
      breakEvenSpokeCount: of("breakEvenSpokeCount"),
    });
    recordSharedProfile(this.profileId, {
      hub: `${CLASS} "${name}"`,
      services: resolved.endpoints.map((e) => e.service),
    });
  }

  private async build(
    name: string,
    r: ResolvedSharedServiceEndpoints,
  ): Promise<SharedServiceEndpointsState> {
    const fail = failureOf(CLASS, name, this);
    // Each service is looked up (cached for the child) before anything is registered, so a
    // service the region does not offer fails the hub, not half of it.
    await lookUpEndpointServices(this, fail, await regionOf(this, fail), r.endpoints, r.labels);
    const endpoints = new ServiceEndpoints(
      names.endpoints(name),
      {
        vpcId: r.vpcId,
        subnetIds: r.subnetIds,
        subnetAvailabilityZones: r.subnetAvailabilityZones,
        endpoints: [],
        allowedSecurityGroupIds: r.allowedSecurityGroupIds,
        minAvailabilityZones: r.minAvailabilityZones,
        endpointPolicyScope: r.endpointPolicyScope,
        endpointPolicyTrustedAccounts: r.endpointPolicyTrustedAccounts,
        tags: r.tags,
      },
      { parent: this },
      {
        endpoints: r.endpoints,
        labels: r.labels,
        reportAs: { component: `${CLASS} "${name}"`, fail },
        zonesTrusted: false,
        // Checked once known too: blocks from another stack's output reach the group only if valid.
        additionalAllowedCidrBlocks: checkedWhenKnown(r.spokeCidrBlocks, fail, (blocks) =>
          checkSpokeBlocks(blocks, plainArray(r.allowedSecurityGroupIds)?.length ?? 0),
        ),
      },
    );
    const profile = this.profile(name, r);
    for (const e of r.endpoints) {
      const resourceName = `${name}-profile-${e.key}`;
      new aws.route53.ProfilesResourceAssociation(
        resourceName,
        {
          name: profileName(resourceName),
          profileId: profile.id,
          // This endpoint's ARN alone: each association waits for its own endpoint only.
          resourceArn: endpoints.endpointArn(e.key),
        },
        { parent: this },
      );
    }
    return {
      endpoints,
      profile,
      share: r.principals.length === 0 ? undefined : this.share(name, r, profile),
      spokeCount: r.spokeCount ?? pulumi.output(r.spokeCidrBlocks).apply((blocks) => blocks.length),
    };
  }

  private profile(name: string, r: ResolvedSharedServiceEndpoints): aws.route53.ProfilesProfile {
    const resourceName = `${name}-profile`;
    return new aws.route53.ProfilesProfile(
      resourceName,
      { name: profileName(resourceName), tags: childTags(r.tags, resourceName) },
      { parent: this },
    );
  }

  /**
   * The RAM share of the profile with each principal. Its default permission,
   * AWSRAMPermissionRoute53ProfileAllowAssociation, lets the principals associate the profile
   * with their VPCs and nothing more (Route 53 Developer Guide, sharing-profiles.html).
   */
  private share(
    name: string,
    r: ResolvedSharedServiceEndpoints,
    profile: aws.route53.ProfilesProfile,
  ): aws.ram.ResourceShare {
    const shareName = `${name}-share`;
    const share = new aws.ram.ResourceShare(
      shareName,
      {
        allowExternalPrincipals: r.allowExternalPrincipals,
        tags: childTags(r.tags, shareName),
      },
      { parent: this },
    );
    new aws.ram.ResourceAssociation(
      `${shareName}-profile`,
      { resourceArn: profile.arn, resourceShareArn: share.arn },
      { parent: this },
    );
    for (const p of r.principals) {
      new aws.ram.PrincipalAssociation(
        `${shareName}-${p.key}`,
        { principal: p.principal, resourceShareArn: share.arn },
        { parent: this },
      );
    }
    return share;
  }
}

/** A Route 53 Profiles name (profile or association): auto-named unless it would not fit. */
export function profileName(resourceName: string): string | undefined {
  return fittedName(NAME_RULES.route53Profiles, resourceName);
}
