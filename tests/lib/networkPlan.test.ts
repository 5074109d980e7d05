import * as assert from "assert";
import { validateAvailabilityZoneRequest } from "../../components/lib/azs";
import { estimateMonthlyCostUsd, NO_BILLED_RESOURCES } from "../../components/lib/cost";
import { NetworkFacts, planNetwork } from "../../components/lib/networkPlan";
import { US_EAST_1 } from "../mocks";

const facts = (interfaceServiceZones: Record<string, string[]> = {}): NetworkFacts => ({
  region: "us-east-1",
  partition: "aws",
  offeredZones: [...US_EAST_1].reverse(),
  interfaceServiceZones: new Map(Object.entries(interfaceServiceZones)),
});
const natCost = (n: number) =>
  estimateMonthlyCostUsd({ ...NO_BILLED_RESOURCES, natGateways: n, publicIpv4Addresses: n });

describe("lib/networkPlan", () => {
  it("takes the first zones by name, skipping use1-az3, with no internet by default", () => {
    const plan = planNetwork(
      validateAvailabilityZoneRequest({ availabilityZoneCount: 3 }),
      "none",
      facts(),
    );
    assert.deepStrictEqual(
      plan.zones.map((z) => z.name),
      ["us-east-1a", "us-east-1b", "us-east-1c"],
    );
    assert.deepStrictEqual(plan, {
      zones: plan.zones,
      natZoneFor: new Map([
        ["us-east-1a", undefined],
        ["us-east-1b", undefined],
        ["us-east-1c", undefined],
      ]),
      natZones: [],
      internet: false,
      publicSubnets: false,
      regionalNat: false,
      natInstances: false,
      natCostUsd: 0,
    });
  });

  it("plans one regional NAT gateway: internet, no public subnets, no zonal NAT", () => {
    const request = validateAvailabilityZoneRequest({ availabilityZoneCount: 2 });
    const auto = planNetwork(request, "regional", facts());
    assert.deepStrictEqual(
      [auto.internet, auto.publicSubnets, auto.regionalNat, auto.natZones],
      [true, false, true, []],
    );
    // A NAT gateway-hour per zone it is active in (both); in automatic mode no address is known.
    assert.strictEqual(
      auto.natCostUsd,
      estimateMonthlyCostUsd({ ...NO_BILLED_RESOURCES, regionalNatGatewayZones: 2 }),
    );
    assert.strictEqual(auto.natCostUsd, 65.7);
    const manual = planNetwork(request, "regional", facts(), {
      source: "given",
      allocationIds: ["eipalloc-0123456789abcdef0", "eipalloc-0123456789abcdef1"],
    });
    assert.strictEqual(
      manual.natCostUsd,
      estimateMonthlyCostUsd({
        ...NO_BILLED_RESOURCES,
        regionalNatGatewayZones: 2,
        publicIpv4Addresses: 2,
      }),
    );
    assert.strictEqual(manual.natCostUsd, 73);
  });

  it("refuses a regional NAT gateway outside the commercial Regions (GovCloud, China)", () => {
    const request = validateAvailabilityZoneRequest({ availabilityZoneCount: 2 });
    for (const [partition, region] of [
      ["aws-us-gov", "us-gov-west-1"],
      ["aws-cn", "cn-north-1"],
    ]) {
      assert.throws(() => planNetwork(request, "regional", { ...facts(), partition, region }), {
        name: "ArgumentError",
        message: `natGateways "regional": AWS offers the regional NAT gateway in the commercial Regions only, and ${region} is in the ${partition} partition: choose "perAz" (or "single").`,
      });
    }
    // The zonal strategies stay available there.
    assert.doesNotThrow(() =>
      planNetwork(request, "none", {
        ...facts(),
        partition: "aws-us-gov",
        region: "us-gov-west-1",
      }),
    );
  });

  it("routes every zone through the first zone's NAT with single, each through its own with perAz", () => {
    const single = planNetwork(
      validateAvailabilityZoneRequest({ availabilityZoneCount: 2 }),
      "single",
      facts(),
    );
    assert.deepStrictEqual(
      [...single.natZoneFor],
      [
        ["us-east-1a", "us-east-1a"],
        ["us-east-1b", "us-east-1a"],
      ],
    );
    assert.deepStrictEqual(
      [single.natZones, single.internet, single.natCostUsd],
      [["us-east-1a"], true, natCost(1)],
    );
    const perAz = planNetwork(
      validateAvailabilityZoneRequest({ availabilityZoneCount: 2 }),
      "perAz",
      facts(),
    );
    assert.deepStrictEqual(perAz.natZones, ["us-east-1a", "us-east-1b"]);
    assert.strictEqual(perAz.natCostUsd, natCost(2));
  });

  it("refuses zones an interface endpoint's service is offered in none of", () => {
    assert.throws(
      () =>
        planNetwork(
          validateAvailabilityZoneRequest({ availabilityZoneNames: ["us-east-1f"] }),
          "none",
          facts({ lambda: ["us-east-1a", "us-east-1b"] }),
        ),
      /^ArgumentError: endpoints: the lambda endpoint service supports none of the subnets' zones \(us-east-1f\); it is offered in us-east-1a, us-east-1b: choose zones that include one of those\.$/,
    );
    const fits = planNetwork(
      validateAvailabilityZoneRequest({ availabilityZoneNames: ["us-east-1a", "us-east-1f"] }),
      "none",
      facts({ lambda: ["us-east-1a", "us-east-1b"] }),
    );
    assert.deepStrictEqual(
      fits.zones.map((z) => z.name),
      ["us-east-1a", "us-east-1f"],
    );
  });
});
