/**
 * The sample's prod stack takes every NAT strategy through stack config
 * (`pulumi config set natGateways …`): each runs, pre-flight finds nothing AWS would refuse, and
 * the private subnets, their route tables and the endpoints are the same whatever the strategy.
 */
import * as assert from "assert";
import { NatGatewayStrategy } from "../../components";
import { planOf } from "../../scripts/plan";
import { runSampleProgram } from "../../scripts/runProgram";
import { readStackConfig } from "../../scripts/stackConfig";
import { ROOT } from "../sampleRuns";
import { TYPES } from "../mocks";

const KEY = "lambda-networking-sample:natGateways";

/** The names of a run's resources of a type, sorted. */
const namesOf = (run: Awaited<ReturnType<typeof runSampleProgram>>, type: string) =>
  run.registrations
    .filter((r) => r.type === type)
    .map((r) => r.name)
    .sort();

describe("the sample's prod stack with each NAT strategy (stack config natGateways)", () => {
  const prod = readStackConfig(ROOT, "prod");
  const runs = new Map<string, ReturnType<typeof runSampleProgram>>();
  const run = (strategy: string) => {
    if (!runs.has(strategy)) {
      runs.set(
        strategy,
        runSampleProgram({ ...prod, config: { ...prod.config, [KEY]: strategy } }),
      );
    }
    return runs.get(strategy) as ReturnType<typeof runSampleProgram>;
  };
  // What each strategy makes for egress, in three zones.
  const expected: Record<string, { natGateways: number; instances: number; eips: number }> = {
    none: { natGateways: 0, instances: 0, eips: 0 },
    single: { natGateways: 1, instances: 0, eips: 1 },
    perAz: { natGateways: 3, instances: 0, eips: 3 },
    regional: { natGateways: 1, instances: 0, eips: 0 },
    instances: { natGateways: 0, instances: 3, eips: 3 },
  };

  it("knows every strategy the package has", () => {
    assert.deepStrictEqual(Object.keys(expected).sort(), Object.values(NatGatewayStrategy).sort());
  });

  for (const [strategy, counts] of Object.entries(expected)) {
    it(`${strategy}: runs, makes its egress, and pre-flight finds nothing`, async () => {
      const result = await run(strategy);
      assert.strictEqual(namesOf(result, TYPES.natGateway).length, counts.natGateways);
      assert.strictEqual(namesOf(result, "aws:ec2/instance:Instance").length, counts.instances);
      assert.strictEqual(namesOf(result, TYPES.eip).length, counts.eips);
      assert.deepStrictEqual(planOf(result).preflight, []);
    });
  }

  it("keeps the private subnets, their route tables and the endpoints whatever the strategy", async () => {
    const kept = async (strategy: string) => {
      const result = await run(strategy);
      return [TYPES.subnet, TYPES.routeTable, TYPES.vpcEndpoint].map((type) =>
        namesOf(result, type).filter((name) => !name.includes("public")),
      );
    };
    const perAz = await kept("perAz");
    for (const strategy of Object.keys(expected)) {
      assert.deepStrictEqual(await kept(strategy), perAz, strategy);
    }
  });
});
