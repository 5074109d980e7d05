import * as assert from "assert";
import {
  addBilledResources,
  estimateMonthlyCostUsd,
  monthlyCostLines,
  NO_BILLED_RESOURCES,
} from "../../components/lib/cost";

describe("lib/cost", () => {
  it("is zero for a network without NAT or interface endpoints", () => {
    assert.strictEqual(estimateMonthlyCostUsd({ ...NO_BILLED_RESOURCES, gatewayEndpoints: 2 }), 0);
  });

  it("prices one NAT gateway with its address: 730 h × ($0.045 + $0.005) = $36.50", () => {
    assert.strictEqual(
      estimateMonthlyCostUsd({ ...NO_BILLED_RESOURCES, natGateways: 1, publicIpv4Addresses: 1 }),
      36.5,
    );
  });

  it("prices NAT per AZ in 3 zones and 4 interface endpoints in 3 zones by hand", () => {
    // NAT: 3 × 730 × 0.045 = 98.55; IPv4: 3 × 730 × 0.005 = 10.95; endpoints: 12 × 730 × 0.01 = 87.60.
    const network = {
      ...NO_BILLED_RESOURCES,
      natGateways: 3,
      publicIpv4Addresses: 3,
      interfaceEndpointAzs: 12,
      gatewayEndpoints: 2,
    };
    assert.deepStrictEqual(monthlyCostLines(network), [
      { item: "NAT gateway", quantity: 3, monthlyUsd: 98.55 },
      { item: "public IPv4 address", quantity: 3, monthlyUsd: 10.95 },
      { item: "interface endpoint AZ", quantity: 12, monthlyUsd: 87.6 },
      { item: "gateway endpoint", quantity: 2, monthlyUsd: 0 },
    ]);
    assert.strictEqual(estimateMonthlyCostUsd(network), 197.1);
  });

  it("adds resource counts", () => {
    const a = {
      ...NO_BILLED_RESOURCES,
      natGateways: 1,
      publicIpv4Addresses: 1,
      interfaceEndpointAzs: 2,
      gatewayEndpoints: 1,
    };
    assert.deepStrictEqual(addBilledResources(a, a), {
      natGateways: 2,
      regionalNatGatewayZones: 0,
      automaticRegionalNatGateways: 0,
      natInstances: 0,
      publicIpv4Addresses: 2,
      interfaceEndpointAzs: 4,
      gatewayEndpoints: 2,
      route53Profiles: 0,
      route53ProfileExtraAssociations: 0,
    });
  });

  it("prices a regional NAT gateway per zone it is active in, not its automatic addresses", () => {
    const automatic = {
      ...NO_BILLED_RESOURCES,
      regionalNatGatewayZones: 3,
      automaticRegionalNatGateways: 1,
    };
    const lines = monthlyCostLines(automatic);
    // Three NAT gateway-hours an hour: 3 × 730 × $0.045 = $98.55.
    const zones = lines.find((l) => l.item === "regional NAT AZ");
    assert.deepStrictEqual([zones?.quantity, zones?.monthlyUsd], [3, 98.55]);
    const addresses = lines.find((l) => l.item === "automatic regional NAT");
    assert.deepStrictEqual([addresses?.quantity, addresses?.monthlyUsd], [1, 0]);
    assert.match(
      addresses?.notEstimated ?? "",
      /not estimated, see https:\/\/aws\.amazon\.com\/vpc\/pricing\//,
    );
    assert.strictEqual(estimateMonthlyCostUsd(automatic), 98.55);
    // Manual mode: the user's two addresses are priced too: + 2 × 730 × $0.005 = $7.30.
    assert.strictEqual(
      estimateMonthlyCostUsd({
        ...NO_BILLED_RESOURCES,
        regionalNatGatewayZones: 2,
        publicIpv4Addresses: 2,
      }),
      73,
    );
    assert.ok(!monthlyCostLines(NO_BILLED_RESOURCES).some((l) => l.notEstimated !== undefined));
  });
});
