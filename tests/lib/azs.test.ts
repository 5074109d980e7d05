import * as assert from "assert";
import {
  AvailabilityZone,
  AvailabilityZoneRequest,
  selectAvailabilityZones,
  validateAvailabilityZoneRequest,
} from "../../components/lib/azs";
import { US_EAST_1 } from "../mocks";

const names = (zones: { name: string }[]) => zones.map((z) => z.name);

/** Zones are picked only for a checked request, as the network's constructor checks it. */
const select = (
  req: AvailabilityZoneRequest,
  offered: readonly AvailabilityZone[],
  region: string,
) => selectAvailabilityZones(validateAvailabilityZoneRequest(req), offered, region);

describe("lib/azs", () => {
  describe("selectAvailabilityZones", () => {
    it("takes the first three zones by name, skipping the default-excluded use1-az3", () => {
      const shuffled = [...US_EAST_1].reverse();
      assert.deepStrictEqual(names(select({}, shuffled, "us-east-1")), [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
      ]);
      // use1-az3 is us-east-1e in this account: a count of 5 skips it.
      assert.deepStrictEqual(names(select({ availabilityZoneCount: 5 }, US_EAST_1, "us-east-1")), [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1f",
      ]);
    });

    it("only adds zones when the count grows", () => {
      const two = names(select({ availabilityZoneCount: 2 }, US_EAST_1, "r"));
      const three = names(select({ availabilityZoneCount: 3 }, US_EAST_1, "r"));
      assert.deepStrictEqual(three.slice(0, 2), two);
    });

    it("returns zones chosen by name or ID with both name and ID, sorted by name", () => {
      assert.deepStrictEqual(
        select({ availabilityZoneNames: ["us-east-1d", "us-east-1b"] }, US_EAST_1, "us-east-1"),
        [
          { name: "us-east-1b", id: "use1-az1" },
          { name: "us-east-1d", id: "use1-az4" },
        ],
      );
      assert.deepStrictEqual(
        names(select({ availabilityZoneIds: ["use1-az2", "use1-az6"] }, US_EAST_1, "us-east-1")),
        ["us-east-1a", "us-east-1c"],
      );
    });

    it("lets an empty exclusion list use every zone", () => {
      assert.deepStrictEqual(
        names(
          select(
            { availabilityZoneCount: 6, excludeAvailabilityZoneIds: [] },
            US_EAST_1,
            "us-east-1",
          ),
        ),
        US_EAST_1.map((z) => z.name),
      );
    });

    it("rejects more zones than the region offers after exclusions", () => {
      assert.throws(() => select({ availabilityZoneCount: 6 }, US_EAST_1, "us-east-1"), {
        message:
          "availabilityZoneCount is 6, but us-east-1 offers only 5 zones once excludeAvailabilityZoneIds drops us-east-1e (use1-az3): lower the count or change excludeAvailabilityZoneIds.",
      });
    });

    it("rejects unknown and excluded zones by name and ID", () => {
      assert.throws(
        () => select({ availabilityZoneNames: ["us-east-1z"] }, US_EAST_1.slice(0, 2), "us-east-1"),
        {
          message:
            "availabilityZoneNames: us-east-1z is not an available zone in us-east-1; the region offers us-east-1a (use1-az6), us-east-1b (use1-az1).",
        },
      );
      assert.throws(() => select({ availabilityZoneIds: ["use1-az3"] }, US_EAST_1, "us-east-1"), {
        message:
          "availabilityZoneIds: us-east-1e (use1-az3) is excluded by excludeAvailabilityZoneIds; remove it from one of the two.",
      });
    });
  });

  describe("validateAvailabilityZoneRequest", () => {
    const cases: [string, object, string][] = [
      [
        "two ways at once",
        { availabilityZoneCount: 2, availabilityZoneIds: ["use1-az1"] },
        "give only one of availabilityZoneCount, availabilityZoneNames and availabilityZoneIds (got availabilityZoneCount and availabilityZoneIds).",
      ],
      [
        "a zero count",
        { availabilityZoneCount: 0 },
        "availabilityZoneCount must be a whole number of at least 1 (got 0).",
      ],
      [
        "a fractional count",
        { availabilityZoneCount: 1.5 },
        "availabilityZoneCount must be a whole number of at least 1 (got 1.5).",
      ],
      [
        "an empty name list",
        { availabilityZoneNames: [] },
        "availabilityZoneNames is empty: list at least one zone, or leave it out to use availabilityZoneCount.",
      ],
      [
        "a repeated ID",
        { availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az1"] },
        "availabilityZoneIds lists use1-az1 more than once.",
      ],
      [
        "a repeated exclusion",
        { excludeAvailabilityZoneIds: ["use1-az3", "use1-az3"] },
        "excludeAvailabilityZoneIds lists use1-az3 more than once.",
      ],
      [
        "a region among zone names",
        { availabilityZoneNames: ["us-east-1"] },
        'availabilityZoneNames: "us-east-1" is not a zone name: that is a region; a zone name adds a letter, like us-east-1a.',
      ],
      [
        "an upper-case zone name",
        { availabilityZoneNames: ["US-EAST-1A"] },
        'availabilityZoneNames: "US-EAST-1A" is not a zone name: zone names are lower case: us-east-1a.',
      ],
      [
        "a zone ID among zone names",
        { availabilityZoneNames: ["use1-az1"] },
        'availabilityZoneNames: "use1-az1" is not a zone name: that is a zone ID; give it in availabilityZoneIds, or give zone names like us-east-1a here.',
      ],
      [
        "a zone name among zone IDs",
        { availabilityZoneIds: ["us-east-1a"] },
        'availabilityZoneIds: "us-east-1a" is not a zone ID: that is a zone name, and names map to different zones in each account; give zone IDs like use1-az3 (the console shows them beside the names).',
      ],
      [
        "a zone name among the excluded zone IDs (it would exclude nothing)",
        { excludeAvailabilityZoneIds: ["us-east-1e"] },
        'excludeAvailabilityZoneIds: "us-east-1e" is not a zone ID: that is a zone name, and names map to different zones in each account; give zone IDs like use1-az3 (the console shows them beside the names).',
      ],
    ];
    for (const [what, request, message] of cases) {
      it(`rejects ${what}`, () => {
        assert.throws(() => validateAvailabilityZoneRequest(request), {
          name: "ArgumentError",
          message,
        });
      });
    }
  });
});
