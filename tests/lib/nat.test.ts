import * as assert from "assert";
import { natGatewayZoneFor, validateNatGatewayStrategy } from "../../components/lib/nat";

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

  it("routes nowhere with none", () => {
    assert.deepStrictEqual(
      [...natGatewayZoneFor("none", zones)],
      zones.map((z) => [z, undefined]),
    );
  });

  it("defaults to none and rejects unknown strategies", () => {
    assert.strictEqual(validateNatGatewayStrategy(undefined), "none");
    assert.throws(() => validateNatGatewayStrategy("PerAz"), {
      message: 'natGateways "PerAz" is not a NAT strategy; use "none", "single" or "perAz".',
    });
  });
});
