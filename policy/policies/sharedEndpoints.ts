/**
 * Interface endpoints shared through a Route 53 Profile, and the AWS RAM share of the profile.
 * The checks are the pre-flight's (policy/rules/api/sharedEndpoints.ts): one rule engine, run here
 * over the stack's graph as the pack reads it (./graph.ts, values not known yet left undecided).
 */
import { StackValidationPolicy } from "@pulumi/policy";
import {
  checkShareExternalPrincipals,
  checkSharedEndpointsPrivateDns,
  checkSpokeDuplicateEndpoints,
  labelOf,
  SharingCheck,
} from "../rules/api/sharedEndpoints";
import { graphOf } from "./graph";

/** A stack policy that runs one of the shared checks, each finding on its resource's URN. */
function sharingPolicy(
  name: string,
  description: string,
  enforcementLevel: "mandatory" | "advisory",
  check: SharingCheck,
): StackValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    validateStack: (args, reportViolation) => {
      check(graphOf(args.resources), (r, message) =>
        reportViolation(`${labelOf(r)} ${message}`, r.source.urn),
      );
    },
  };
}

/** A profile shares an endpoint only through its private DNS names (pre-flight's profile-endpoint-private-dns). */
export const sharedEndpointPrivateDns = sharingPolicy(
  "shared-endpoint-private-dns",
  "Every VPC endpoint associated with a Route 53 Profile is an interface endpoint with private DNS, so the spoke VPCs get its names.",
  "mandatory",
  checkSharedEndpointsPrivateDns,
);

/**
 * A spoke's own endpoint for a shared service wins over the profile's ("the local DNS settings
 * take precedence"). Mandatory: it reports only where the stack names both endpoints, the spoke
 * VPC and the profile, each with private DNS known to be on; where it cannot tell (a hub in
 * another stack, values not known in a preview) it reports nothing.
 */
export const profileSpokeDuplicateEndpoint = sharingPolicy(
  "profile-spoke-duplicate-endpoint",
  "A VPC associated with a Route 53 Profile has no interface endpoint of its own, with private DNS, for a service an endpoint of the profile answers.",
  "mandatory",
  checkSpokeDuplicateEndpoints,
);

export const resourceShareExternalPrincipals = sharingPolicy(
  "resource-share-external-principals",
  "An AWS RAM share whose principals are all organizations or OUs does not allow external principals.",
  "advisory",
  checkShareExternalPrincipals,
);
