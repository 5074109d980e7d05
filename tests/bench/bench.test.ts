import * as assert from "assert";
import { bench } from "../../scripts/bench";

/** A tiny run of `npm run bench`: the full one is not part of npm test (see BENCHMARKS.md). */
describe("benchmark (smoke)", () => {
  for (const fleet of ["vpcFunctions", "lambdaEndpoints"] as const) {
    it(`measures a ${fleet} fleet of 2 against the replayed floor`, async () => {
      const row = await bench(fleet, 2, 1);
      assert.strictEqual(row.runs, 1);
      // The network's 17 resources and a function each (role and groups are shared); a
      // security group and an endpoint per LambdaInterfaceEndpoint.
      assert.strictEqual(row.resources, fleet === "vpcFunctions" ? 19 : 4);
      assert.ok(row.componentMs > 0 && row.floorMs > 0, JSON.stringify(row));
      // The median of the runs' ratios: with one run, that run's, to two decimals.
      assert.ok(Math.abs(row.ratio - row.componentMs / row.floorMs) < 0.02, JSON.stringify(row));
    });
  }
});
