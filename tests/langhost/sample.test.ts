/**
 * The sample stack as `pulumi preview` and `pulumi up` run it: through Pulumi's own entry point
 * (`@pulumi/pulumi/cmd/run`, started as the Node language host starts it) against a stand-in
 * engine over gRPC. What it registers must be what the mocked-runtime tests record.
 */
import * as assert from "assert";
import { assumedZones } from "../../scripts/regions";
import { Registration } from "../mocks";
import { ROOT, runStack } from "../sampleRuns";
import { HostRun, runThroughHost } from "./hostRun";
import { UNKNOWN } from "./standInEngine";

/** Each registration as the engine sees it: type, name, parent type and dependencies. */
function shape(regs: readonly Registration[]): string[] {
  return regs
    .filter((r) => !r.type.startsWith("pulumi:providers:"))
    .map(
      (r) =>
        `${r.type} ${r.name} parent=${r.parentType ?? "-"} deps=${[...r.dependencies].sort().join(",")}`,
    )
    .sort();
}

async function throughHost(
  stack: string,
  preview: boolean,
  typeCheck = false,
): Promise<{ run: HostRun; mocked: { shape: string[]; outputs: Record<string, unknown> } }> {
  // The mocked runtime's run of the same stack, with the zones the offline plan assumes.
  const mockedRun = await runStack(stack);
  const mocked = { shape: shape(mockedRun.registrations), outputs: mockedRun.outputs };
  const run = await runThroughHost({
    dir: ROOT,
    stack,
    preview,
    typeCheck,
    world: { zonesByRegion: { [mockedRun.region]: assumedZones(mockedRun.region) } },
  });
  assert.deepStrictEqual(
    { exitCode: run.exitCode, errors: run.errors, stderr: run.stderr },
    { exitCode: 0, errors: [], stderr: "" },
  );
  return { run, mocked };
}

describe("the sample stack through Pulumi's language host", function () {
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
