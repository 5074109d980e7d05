import * as assert from "assert";
import {
  hasPublicSubnets,
  natElasticIpCount,
  natGatewayCount,
  natGatewayZoneFor,
  validateNatElasticIps,
  validateNatGatewayStrategy,
} from "../../components/lib/nat";

const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

describe("lib/nat", () => {
  it("routes each zone through its own NAT gateway with perAz", () => {
    assert.deepStrictEqual(
      [...natGatewayZoneFor("perAz", zones)],
      zones.map((z) => [z, z]),
    );
  });

  it("routes every zone through the first zone's NAT gateway with single", () => {
    assert.deepStrictEqual(
      [...natGatewayZoneFor("single", zones)],
      zones.map((z) => [z, "us-east-1a"]),
    );
  });

  it("gives a regional NAT gateway no zone, one address per zone and no public subnets", () => {
    assert.deepStrictEqual(
      [...natGatewayZoneFor("regional", zones)],
      zones.map((z) => [z, undefined]),
    );
    assert.strictEqual(natGatewayCount("regional", 3), 1);
    assert.strictEqual(natElasticIpCount("regional", 3), 3);
    assert.strictEqual(natElasticIpCount("perAz", 3), 3);
    assert.strictEqual(natElasticIpCount("single", 3), 1);
    assert.deepStrictEqual(
      (["none", "single", "perAz", "regional"] as const).map(hasPublicSubnets),
      [false, true, true, false],
    );
  });

  it("routes nowhere with none", () => {
    assert.deepStrictEqual(
      [...natGatewayZoneFor("none", zones)],
      zones.map((z) => [z, undefined]),
    );
  });

  it("defaults to none and rejects unknown strategies", () => {
    assert.strictEqual(validateNatGatewayStrategy(undefined), "none");
    assert.throws(() => validateNatGatewayStrategy("oneEach"), {
      message:
        'natGateways "oneEach" is not a NAT strategy; use "none", "single", "perAz", "regional" or "instances".',
    });
  });

  it("says which strategy a name in the wrong case meant", () => {
    for (const given of ["PerAz", "perAZ", "SINGLE", "Regional"]) {
      assert.throws(() => validateNatGatewayStrategy(given), {
        message: `natGateways ${JSON.stringify(given)} is not a NAT strategy: did you mean ${JSON.stringify(given === "Regional" ? "regional" : given === "SINGLE" ? "single" : "perAz")}? (the names are case-sensitive: "none", "single", "perAz", "regional" or "instances").`,
      });
    }
  });

  it("counts the NAT gateways a strategy makes", () => {
    assert.deepStrictEqual(
      (["none", "single", "perAz"] as const).map((s) => natGatewayCount(s, 3)),
      [0, 1, 3],
    );
  });

  it("checks static addresses against the strategy and the zones", () => {
    const ids = ["eipalloc-0123456789abcdef0", "eipalloc-0123456789abcdef1"];
    assert.deepStrictEqual(validateNatElasticIps("perAz", 2, ids, undefined), {
      source: "given",
      allocationIds: ids,
    });
    assert.deepStrictEqual(validateNatElasticIps("single", 3, undefined, true), {
      source: "created",
      retain: true,
    });
    assert.deepStrictEqual(validateNatElasticIps("none", 3, undefined, undefined), {
      source: "created",
      retain: false,
    });
    // Short (8-digit) ids of older allocations are EC2's too.
    assert.doesNotThrow(() => validateNatElasticIps("single", 3, ["eipalloc-0a1b2c3d"], undefined));
    assert.throws(() => validateNatElasticIps("perAz", 3, ids, undefined), /makes 3 NAT gateways/);
    assert.throws(
      () => validateNatElasticIps("single", 1, ["eipalloc-xyz"], undefined),
      /natElasticIpAllocationIds\[0\] "eipalloc-xyz" is not an allocation id: give an Elastic IP's allocation id, like eipalloc-0123456789abcdef0\./,
    );
  });
});
