/** The sample's prod stack through Pulumi's language host: see sample.test.ts. */
import * as assert from "assert";
import { shape, throughHost } from "./sampleThroughHost";

describe("the sample's prod stack through Pulumi's language host", function () {
  this.timeout(60_000);

  it("prod, pulumi preview: NAT per zone, every resource registered", async () => {
    const { run, mocked } = await throughHost("prod", true);
    assert.deepStrictEqual(shape(run.registrations), mocked.shape);
    assert.strictEqual(
      run.registrations.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length,
      3,
    );
  });

  it("prod, pulumi up: the same resources and stack outputs as the mocked runtime", async () => {
    const { run, mocked } = await throughHost("prod", false);
    assert.deepStrictEqual(shape(run.registrations), mocked.shape);
    assert.deepStrictEqual(run.stackOutputs, mocked.outputs);
  });
});
