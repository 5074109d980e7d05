/**
 * Shared interface endpoints across VPCs (SharedServiceEndpoints and its spokes): who the Route 53
 * Profile is shared with, which endpoint policy scope lets the spokes' identities through, and
 * what sharing costs against one set of endpoints per spoke. Pure: no Pulumi, no AWS.
 */
import { RAM_PRINCIPAL_FORMS } from "../../policy/rules/limits";
import { EndpointPolicyScope } from "./endpointPolicies";
import { ResolvedEndpoint } from "./endpoints";
import { ArgumentError, listWords } from "./errors";
import {
  estimateMonthlyCostUsd,
  HOURS_PER_MONTH,
  NO_BILLED_RESOURCES,
  PRICES_USD,
  roundUsd,
} from "./cost";

/** A principal a resource share names: an account, an organization or an organizational unit. */
export interface SharePrincipal {
  readonly kind: "account" | "organization" | "organizationalUnit";
  /** As given: what RAM's AssociateResourceShare takes. */
  readonly principal: string;
  /** What the principal's association is named by: the account id, o-…, or ou-…. */
  readonly key: string;
}

// IAM roles and users are RAM principals too, but "Not all resource types can be shared with IAM
// roles and users" (AssociateResourceShare) and the Route 53 Profiles guide (sharing-profiles.html)
// speaks only of accounts, organizations and OUs: refused. The forms: policy/rules/limits.ts.
const KINDS = ["account", "organization", "organizationalUnit"] as const;

/** Reads one `shareWith` entry; throws ArgumentError naming it. */
export function parseSharePrincipal(arg: string, value: string): SharePrincipal {
  for (const kind of KINDS) {
    const match = RAM_PRINCIPAL_FORMS[kind].exec(value);
    if (match !== null) {
      return { kind, principal: value, key: match[match.length - 1] };
    }
  }
  throw new ArgumentError(
    `${arg} "${value}" is not an account id, an organization ARN or an OU ARN: give a 12-digit account id, arn:aws:organizations::<management account>:organization/o-…, or arn:aws:organizations::<management account>:ou/o-…/ou-…-… (aws organizations describe-organization / list-organizational-units-for-parent).`,
  );
}

/** Reads `shareWith`: every entry a principal, none twice. */
export function parseSharePrincipals(values: readonly string[]): SharePrincipal[] {
  const principals = values.map((v, i) => parseSharePrincipal(`shareWith[${i}]`, v));
  const seen = new Set<string>();
  for (const p of principals) {
    if (seen.has(p.key)) {
      throw new ArgumentError(
        `shareWith names ${p.principal} twice: RAM associates a principal with a share once; list it once.`,
      );
    }
    seen.add(p.key);
  }
  return principals;
}

/**
 * The endpoint policy scope of a hub whose endpoints serve the principals it shares with: "Account"
 * would refuse every other account's identities, "Organization" those outside it. Default: the
 * organization when the profile is shared, else the account. Not checked when every entry has a
 * policy of its own (the scope then writes none).
 */
export function sharedEndpointPolicyScope(
  given: EndpointPolicyScope | undefined,
  principals: readonly SharePrincipal[],
  allowExternalPrincipals: boolean,
  everyEntryHasPolicy: boolean,
): EndpointPolicyScope {
  const accounts = principals.filter((p) => p.kind === "account").map((p) => p.principal);
  const scope = given ?? (principals.length > 0 ? "Organization" : "Account");
  if (everyEntryHasPolicy) {
    return scope;
  }
  if (scope === "Account" && accounts.length > 0) {
    throw new ArgumentError(
      `endpointPolicyScope is "Account", which lets only this account's identities through the endpoints, but shareWith names account${accounts.length === 1 ? "" : "s"} ${listWords(accounts)}: use "Organization" (accounts of your organization), or give the entries policies of your own.`,
    );
  }
  if (scope === "Organization" && allowExternalPrincipals) {
    throw new ArgumentError(
      `allowExternalPrincipals shares the profile with accounts outside your organization, but the "Organization" endpoint policy refuses their identities: give the entries policies of your own (or endpointPolicyScope "Open"), or drop allowExternalPrincipals.`,
    );
  }
  return scope;
}

/**
 * `allowExternalPrincipals` means something only for accounts: an organization or OU is inside
 * the organization by definition (RAM: "A value of false only has meaning if your account is a
 * member of an Amazon Web Services Organization").
 */
export function checkExternalPrincipals(
  principals: readonly SharePrincipal[],
  allowExternalPrincipals: boolean,
): void {
  if (allowExternalPrincipals && !principals.some((p) => p.kind === "account")) {
    throw new ArgumentError(
      `allowExternalPrincipals admits accounts outside your organization, but shareWith names ${principals.length === 0 ? "no principal" : "only organizations and OUs"}: drop allowExternalPrincipals, or name the outside accounts.`,
    );
  }
}

/**
 * The hub's interface endpoints: only they can be shared. A gateway endpoint is a route-table
 * target of its own VPC, and an endpoint without private DNS has no names for a profile to share.
 */
export function checkSharedEndpoints(
  endpoints: readonly ResolvedEndpoint[],
  labels: ReadonlyMap<string, string>,
): void {
  if (endpoints.length === 0) {
    throw new ArgumentError(
      'endpoints is empty: list the interface endpoints to share, e.g. [{ service: "sqs" }].',
    );
  }
  for (const e of endpoints) {
    const at = labels.get(e.key) ?? "endpoints";
    if (e.type === "Gateway") {
      throw new ArgumentError(
        `${at}: the ${e.service} gateway endpoint serves only the route tables of its own VPC, so it cannot be shared: set type "Interface", or give each spoke its own gateway endpoint (free).`,
      );
    }
    if (!e.privateDnsEnabled) {
      throw new ArgumentError(
        `${at}: the ${e.service} endpoint has private DNS off, so the profile would give the spokes no name for it: leave privateDnsEnabled on.`,
      );
    }
  }
}

/**
 * A transit gateway attachment: "$0.05 per VPC attachment" per hour, and $0.02 per GB processed
 * (AWS's pricing example for US East (Ohio), https://aws.amazon.com/transit-gateway/pricing/, as
 * transcribed by api-evangelist; us-east-1's rate is not in that text). The comparison's default
 * transit per VPC; the user sets their own.
 */
export const TRANSIT_GATEWAY_ATTACHMENT_PER_HOUR_USD = 0.05;

/** A Route 53 Profile's monthly charge with this many VPC associations (lib/cost.ts prices). */
export function profileMonthlyUsd(associations: number): number {
  return estimateMonthlyCostUsd({
    ...NO_BILLED_RESOURCES,
    route53Profiles: 1,
    route53ProfileExtraAssociations: Math.max(
      0,
      associations - PRICES_USD.route53ProfileIncludedAssociations,
    ),
  });
}

/** What sharing one set of interface endpoints costs against one set per spoke, monthly. */
export interface SharingComparison {
  readonly spokeCount: number;
  /** The hub's endpoints, the profile and the transit of the hub and every spoke. */
  readonly sharedMonthlyUsd: number;
  /** The same endpoints in every spoke, in as many zones as the hub's. */
  readonly separateMonthlyUsd: number;
  /** separate − shared: negative while sharing costs more. */
  readonly savingMonthlyUsd: number;
  /** The fewest spokes from which sharing costs less; undefined when it never does. */
  readonly breakEvenSpokeCount: number | undefined;
}

export interface SharingCostInputs {
  /** Sum over the hub's interface endpoints of the zones each is placed in. */
  readonly interfaceEndpointAzs: number;
  readonly spokeCount: number;
  /** Transit per VPC (hub and each spoke), monthly: a TGW attachment by default; 0 if in place. */
  readonly transitMonthlyUsdPerVpc: number;
}

const endpointSetMonthlyUsd = (azs: number) =>
  azs * PRICES_USD.interfaceEndpointPerAzHour * HOURS_PER_MONTH;

function sharedMonthlyUsd(i: SharingCostInputs, spokes: number): number {
  return (
    endpointSetMonthlyUsd(i.interfaceEndpointAzs) +
    profileMonthlyUsd(spokes) +
    i.transitMonthlyUsdPerVpc * (spokes + 1)
  );
}

/** The most spokes the break-even search looks at: a Profile's VPC quota (1000, adjustable) × 10. */
const MAX_SPOKES = 10000;

/** Compares sharing with one set per spoke; the break-even is the first count that saves. */
export function compareSharing(i: SharingCostInputs): SharingComparison {
  const saving = (spokes: number) =>
    spokes * endpointSetMonthlyUsd(i.interfaceEndpointAzs) - sharedMonthlyUsd(i, spokes);
  let breakEven: number | undefined;
  for (let n = 1; n <= MAX_SPOKES && breakEven === undefined; n++) {
    if (saving(n) > 0) {
      breakEven = n;
    }
  }
  return {
    spokeCount: i.spokeCount,
    sharedMonthlyUsd: roundUsd(sharedMonthlyUsd(i, i.spokeCount)),
    separateMonthlyUsd: roundUsd(i.spokeCount * endpointSetMonthlyUsd(i.interfaceEndpointAzs)),
    savingMonthlyUsd: roundUsd(saving(i.spokeCount)),
    breakEvenSpokeCount: breakEven,
  };
}
