/**
 * The sample stack as `pulumi preview` and `pulumi up` run it: through Pulumi's own entry point
 * (`@pulumi/pulumi/cmd/run`, started as the Node language host starts it) against a stand-in
 * engine over gRPC. What it registers must be what the mocked-runtime tests record.
 */
import * as assert from "assert";
import { UNKNOWN } from "./standInEngine";
import { shape, throughHost } from "./sampleThroughHost";

describe("the sample's dev stack through Pulumi's language host", function () {
  // A type-checked compile of the program and @pulumi/aws's typings takes most of this.
  this.timeout(60_000);

  it("dev, pulumi preview with type checking: every resource registered, ids unknown", async () => {
    const { run, mocked } = await throughHost("dev", true, true);
    assert.deepStrictEqual(shape(run.registrations), mocked.shape);
    // A first preview knows no id: every custom resource was answered with an unknown id.
    assert.ok(run.registrations.filter((r) => r.custom).length > 20);
    const outputs = run.stackOutputs ?? {};
    assert.deepStrictEqual(Object.keys(outputs).sort(), Object.keys(mocked.outputs).sort());
    for (const [key, value] of Object.entries(outputs)) {
      if (value !== UNKNOWN) {
        assert.deepStrictEqual(value, mocked.outputs[key], key);
      }
    }
    assert.strictEqual(outputs.vpcId, UNKNOWN);
    assert.deepStrictEqual(outputs.availabilityZones, ["us-east-1a", "us-east-1b"]);
  });

  it("dev, pulumi up: the same resources, dependencies and stack outputs as the mocked runtime", async () => {
    const { run, mocked } = await throughHost("dev", false);
    assert.deepStrictEqual(shape(run.registrations), mocked.shape);
    assert.deepStrictEqual(run.stackOutputs, mocked.outputs);
  });
});
