import { ArgumentError, duplicatesOf, listWords, positiveInteger } from "./errors";

/** An availability zone as the region reports it: the account-specific name and the physical zone ID. */
export interface AvailabilityZone {
  /** e.g. `us-east-1a`; the letter-to-zone mapping differs between accounts. */
  readonly name: string;
  /** e.g. `use1-az1`; the same physical zone in every account. */
  readonly id: string;
}

/** How a user asked for zones; at most one of count, names and ids. */
export interface AvailabilityZoneRequest {
  readonly availabilityZoneCount?: number;
  readonly availabilityZoneNames?: readonly string[];
  readonly availabilityZoneIds?: readonly string[];
  readonly excludeAvailabilityZoneIds?: readonly string[];
}

export const DEFAULT_AVAILABILITY_ZONE_COUNT = 3;

/**
 * Zone IDs left out unless asked for by name or ID. use1-az3 is a constrained zone that several
 * services (Lambda's interface endpoint among them) and newer instance types do not support.
 */
export const DEFAULT_EXCLUDED_AVAILABILITY_ZONE_IDS: readonly string[] = ["use1-az3"];

/** A zone name: the region's name and a letter, e.g. `us-east-1a`; Local Zones add a group, e.g. `us-east-1-bos-1a`. */
const ZONE_NAME = /^[a-z]{2}(-[a-z]+)+-\d+(-[a-z]+-\d+)?[a-z]$/;
/** A zone ID: a region code, optionally a Local Zone group, and `az<n>`, e.g. `use1-az1`, `use1-bos1-az1`. */
const ZONE_ID = /^[a-z]+\d+(-[a-z]+\d+)?-az\d+$/;

function checkZoneName(arg: string, zone: string): void {
  if (ZONE_NAME.test(zone)) return;
  const hint = ZONE_NAME.test(zone.toLowerCase())
    ? `zone names are lower case: ${zone.toLowerCase()}`
    : ZONE_ID.test(zone)
      ? `that is a zone ID; give it in availabilityZoneIds, or give zone names like us-east-1a here`
      : /^[a-z]{2}(-[a-z]+)+-\d+$/.test(zone)
        ? `that is a region; a zone name adds a letter, like ${zone}a`
        : "give zone names like us-east-1a";
  throw new ArgumentError(`${arg}: ${JSON.stringify(zone)} is not a zone name: ${hint}.`);
}

function checkZoneId(arg: string, zone: string): void {
  if (ZONE_ID.test(zone)) return;
  const hint = ZONE_ID.test(zone.toLowerCase())
    ? `zone IDs are lower case: ${zone.toLowerCase()}`
    : ZONE_NAME.test(zone.toLowerCase())
      ? `that is a zone name, and names map to different zones in each account; give zone IDs like use1-az3 (the console shows them beside the names)`
      : "give zone IDs like use1-az1";
  throw new ArgumentError(`${arg}: ${JSON.stringify(zone)} is not a zone ID: ${hint}.`);
}

declare const checkedRequest: unique symbol;

/** A request that passed `validateAvailabilityZoneRequest`: the only kind zones are picked for. */
export type CheckedAvailabilityZoneRequest = AvailabilityZoneRequest & {
  readonly [checkedRequest]: true;
};

/** Checks what can be checked without the region: run before anything is registered. */
export function validateAvailabilityZoneRequest(
  req: AvailabilityZoneRequest,
): CheckedAvailabilityZoneRequest {
  const given = (
    [
      ["availabilityZoneCount", req.availabilityZoneCount],
      ["availabilityZoneNames", req.availabilityZoneNames],
      ["availabilityZoneIds", req.availabilityZoneIds],
    ] as const
  )
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if (given.length > 1) {
    throw new ArgumentError(
      `give only one of availabilityZoneCount, availabilityZoneNames and availabilityZoneIds (got ${listWords(given)}).`,
    );
  }
  positiveInteger(
    "availabilityZoneCount",
    req.availabilityZoneCount,
    DEFAULT_AVAILABILITY_ZONE_COUNT,
  );
  for (const [arg, list] of [
    ["availabilityZoneNames", req.availabilityZoneNames],
    ["availabilityZoneIds", req.availabilityZoneIds],
  ] as const) {
    if (list === undefined) {
      continue;
    }
    list.forEach((zone) =>
      arg === "availabilityZoneNames" ? checkZoneName(arg, zone) : checkZoneId(arg, zone),
    );
    if (list.length === 0) {
      throw new ArgumentError(
        `${arg} is empty: list at least one zone, or leave it out to use availabilityZoneCount.`,
      );
    }
    const repeated = duplicatesOf(list);
    if (repeated.length > 0) {
      throw new ArgumentError(`${arg} lists ${listWords(repeated)} more than once.`);
    }
  }
  const excluded = req.excludeAvailabilityZoneIds ?? [];
  excluded.forEach((zone) => checkZoneId("excludeAvailabilityZoneIds", zone));
  const repeatedExcluded = duplicatesOf(excluded);
  if (repeatedExcluded.length > 0) {
    throw new ArgumentError(
      `excludeAvailabilityZoneIds lists ${listWords(repeatedExcluded)} more than once.`,
    );
  }
  return req as CheckedAvailabilityZoneRequest;
}

/**
 * Picks zones from those the region offers, sorted by name. A count takes the first zones by name,
 * so raising it only adds zones. Zones named or identified explicitly must exist and must not be
 * excluded: silently dropping a zone the user asked for would be worse than failing.
 */
export function selectAvailabilityZones(
  req: CheckedAvailabilityZoneRequest,
  offered: readonly AvailabilityZone[],
  region: string,
): AvailabilityZone[] {
  const excludedIds = new Set(
    req.excludeAvailabilityZoneIds ?? DEFAULT_EXCLUDED_AVAILABILITY_ZONE_IDS,
  );
  const byName = [...offered].sort((a, b) => a.name.localeCompare(b.name));
  const describe = (zones: readonly AvailabilityZone[]) =>
    zones.map((z) => `${z.name} (${z.id})`).join(", ");

  const pick = (
    arg: "availabilityZoneNames" | "availabilityZoneIds",
    wanted: readonly string[],
    key: (z: AvailabilityZone) => string,
  ) => {
    const chosen = wanted.map((w) => {
      const zone = byName.find((z) => key(z) === w);
      if (zone === undefined) {
        throw new ArgumentError(
          `${arg}: ${w} is not an available zone in ${region}; the region offers ${describe(byName)}.`,
        );
      }
      if (excludedIds.has(zone.id)) {
        throw new ArgumentError(
          `${arg}: ${zone.name} (${zone.id}) is excluded by excludeAvailabilityZoneIds; remove it from one of the two.`,
        );
      }
      return zone;
    });
    return chosen.sort((a, b) => a.name.localeCompare(b.name));
  };

  if (req.availabilityZoneNames !== undefined) {
    return pick("availabilityZoneNames", req.availabilityZoneNames, (z) => z.name);
  }
  if (req.availabilityZoneIds !== undefined) {
    return pick("availabilityZoneIds", req.availabilityZoneIds, (z) => z.id);
  }
  const count = req.availabilityZoneCount ?? DEFAULT_AVAILABILITY_ZONE_COUNT;
  const candidates = byName.filter((z) => !excludedIds.has(z.id));
  if (count > candidates.length) {
    const dropped = byName.filter((z) => excludedIds.has(z.id));
    const exclusion =
      dropped.length > 0 ? ` once excludeAvailabilityZoneIds drops ${describe(dropped)}` : "";
    throw new ArgumentError(
      `availabilityZoneCount is ${count}, but ${region} offers only ${candidates.length} zone${candidates.length === 1 ? "" : "s"}${exclusion}: lower the count or change excludeAvailabilityZoneIds.`,
    );
  }
  return candidates.slice(0, count);
}

/**
 * How many zones a checked request picks: known before the region is, since names and ids are
 * each picked or refused and a count is met or refused (`selectAvailabilityZones`).
 */
export function requestedZoneCount(req: CheckedAvailabilityZoneRequest): number {
  return (
    req.availabilityZoneNames?.length ??
    req.availabilityZoneIds?.length ??
    req.availabilityZoneCount ??
    DEFAULT_AVAILABILITY_ZONE_COUNT
  );
}
