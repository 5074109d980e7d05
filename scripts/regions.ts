/**
 * Zones assumed for the offline plan, which cannot ask AWS. Names are zone names the regions
 * offer. Zone IDs are placeholders numbered after the letters (a = az1, b = az2, ...): AWS maps
 * zone names to zone IDs per account, and in several regions (us-east-1 among them) most accounts
 * do not follow the letters, so no table could be right for every account. The plan says so.
 * https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html
 */
import { MockZone } from "../offline/runtime";

const REGIONS: Record<string, { idPrefix: string; letters: string }> = {
  "us-east-1": { idPrefix: "use1", letters: "abcdef" },
  "us-east-2": { idPrefix: "use2", letters: "abc" },
  "us-west-2": { idPrefix: "usw2", letters: "abcd" },
  "ca-central-1": { idPrefix: "cac1", letters: "abd" },
  "eu-west-1": { idPrefix: "euw1", letters: "abc" },
  "eu-west-2": { idPrefix: "euw2", letters: "abc" },
  "eu-central-1": { idPrefix: "euc1", letters: "abc" },
  "ap-southeast-1": { idPrefix: "apse1", letters: "abc" },
  "ap-southeast-2": { idPrefix: "apse2", letters: "abc" },
  "ap-northeast-1": { idPrefix: "apne1", letters: "acd" },
  "cn-north-1": { idPrefix: "cnn1", letters: "abd" },
  "cn-northwest-1": { idPrefix: "cnnw1", letters: "abc" },
  "us-gov-west-1": { idPrefix: "usgw1", letters: "abc" },
};

export const KNOWN_REGIONS = Object.keys(REGIONS);

/**
 * The region the offline run uses when the stack's config sets none (scripts/runProgram.ts). The
 * plan says so: `pulumi up` would take the region from AWS_REGION, AWS_DEFAULT_REGION or the AWS
 * profile instead, which may well be another one.
 */
export const DEFAULT_REGION = "us-east-1";

/** The assumed zones of a region, or an error naming the regions the plan knows. */
export function assumedZones(region: string): MockZone[] {
  const known = REGIONS[region];
  if (known === undefined) {
    throw new Error(
      `the offline plan has no zone list for region ${region}; it knows ${KNOWN_REGIONS.join(", ")}.`,
    );
  }
  return [...known.letters].map((letter) => ({
    name: `${region}${letter}`,
    id: `${known.idPrefix}-az${letter.charCodeAt(0) - 96}`,
  }));
}
