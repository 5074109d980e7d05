/**
 * What the fake AWS answers for the resources that share interface endpoints across VPCs: Route 53
 * Profiles (a profile, its resource associations, its VPC associations) and AWS RAM (a resource
 * share, its resource and principal associations, an accepted invitation). Ids and ARNs are shaped
 * like AWS's; see each function for its source.
 */
import { createHash } from "crypto";
import { ACCOUNT_ID, autoName, partitionOfRegion, shortHash, TYPES } from "./world";

/**
 * Route 53 Profiles' ids: "rp-", "rpassoc-" and "rpr-" followed by hex (the Route 53 API
 * reference's examples, e.g. Profile.Id "rp-4987774726example"; ProfileAssociation.Id and
 * ProfileResourceAssociation.Id as terraform-provider-aws's acceptance tests read them).
 */
const PROFILE_ID_PREFIXES: Record<string, string> = {
  [TYPES.route53Profile]: "rp",
  [TYPES.route53ProfileAssociation]: "rpassoc",
  [TYPES.route53ProfileResourceAssociation]: "rpr",
};

/** A UUID-shaped value fixed by `text` (RAM's resource share ids are UUIDs). */
function uuidOf(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join("-");
}

/**
 * A resource share's ARN, which is its id too (terraform-provider-aws ram resource_share.go sets
 * the id to ResourceShareArn): arn:<partition>:ram:<region>:<account>:resource-share/<uuid>
 * (Service Authorization Reference, AWS RAM, resource type "resource-share").
 */
function resourceShareArn(name: string, region: string): string {
  return `arn:${partitionOfRegion(region)}:ram:${region}:${ACCOUNT_ID}:resource-share/${uuidOf(`${TYPES.resourceShare}/${name}`)}`;
}

/**
 * The id of a sharing resource, or undefined for other types. RAM's associations are the share's
 * ARN and the resource's ARN (or the principal) joined by "," (terraform-provider-aws
 * flex.ResourceIdSeparator); an accepted share is the share's ARN.
 */
export function sharingId(
  type: string,
  name: string,
  inputs: any,
  region: string,
): string | undefined {
  const prefix = PROFILE_ID_PREFIXES[type];
  if (prefix !== undefined) {
    return `${prefix}-${shortHash(`${type}/${name}`)}`;
  }
  switch (type) {
    case TYPES.resourceShare:
      return resourceShareArn(name, region);
    case TYPES.ramResourceAssociation:
      return `${String(inputs.resourceShareArn)},${String(inputs.resourceArn)}`;
    case TYPES.ramPrincipalAssociation:
      return `${String(inputs.resourceShareArn)},${String(inputs.principal)}`;
    case TYPES.resourceShareAccepter:
      return String(inputs.shareArn);
    default:
      return undefined;
  }
}

/**
 * The outputs AWS computes for a sharing resource, or undefined for other types. Profile ARNs:
 * arn:<partition>:route53profiles:<region>:<account>:profile/<id> and …:profile-association/<id>
 * (Service Authorization Reference, Amazon Route 53 Profiles). A profile is created COMPLETE and
 * NOT_SHARED (ProfileStatus, ShareStatus); its resource associations have no ARN, and their
 * resourceType is left out (no AWS source gives the value for an interface endpoint).
 */
export function sharingState(
  type: string,
  id: string,
  name: string,
  inputs: any,
  region: string,
): Record<string, unknown> | undefined {
  const arnOf = (kind: string) =>
    `arn:${partitionOfRegion(region)}:route53profiles:${region}:${ACCOUNT_ID}:${kind}/${id}`;
  const named = { name: inputs.name ?? autoName(name), ownerId: ACCOUNT_ID, status: "COMPLETE" };
  switch (type) {
    case TYPES.route53Profile:
      return { ...named, arn: arnOf("profile"), shareStatus: "NOT_SHARED" };
    case TYPES.route53ProfileAssociation:
      return { ...named, arn: arnOf("profile-association") };
    case TYPES.route53ProfileResourceAssociation:
      return named;
    case TYPES.resourceShare:
      return { name: inputs.name ?? autoName(name), arn: id };
    case TYPES.resourceShareAccepter:
      return acceptedShareState(String(inputs.shareArn));
    default:
      return undefined;
  }
}

/**
 * An accepted invitation (terraform-provider-aws ram resource_share_accepter.go): the share's
 * id is its ARN's last part with "resource-share/" replaced by "rs-".
 */
function acceptedShareState(shareArn: string): Record<string, unknown> {
  return {
    shareArn,
    shareId: shareArn.slice(shareArn.lastIndexOf(":") + 1).replace("resource-share/", "rs-"),
    status: "ACCEPTED",
    receiverAccountId: ACCOUNT_ID,
  };
}
