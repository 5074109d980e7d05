import * as assert from "assert";
import { estimateMonthlyCostUsd, NO_BILLED_RESOURCES } from "../../components/lib/cost";

describe("cost", () => {
  it("prices a NAT gateway and its address", () => {
    assert.strictEqual(
      estimateMonthlyCostUsd({ ...NO_BILLED_RESOURCES, natGateways: 1, publicIpv4Addresses: 1 }),
      36.5,
    );
  });
});
