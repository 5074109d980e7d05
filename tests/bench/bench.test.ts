import * as assert from "assert";
import { bench, FLEETS } from "../../scripts/bench";

/** A tiny run of `npm run bench`: the full one is not part of npm test (see BENCHMARKS.md). */
describe("benchmark (smoke)", () => {
  for (const fleet of FLEETS) {
    it(`measures a ${fleet} fleet of 2 against the replayed floor`, async () => {
      const row = await bench(fleet, 2, 1);
      assert.strictEqual(row.runs, 1);
      // The network's 22 resources (its closed default security group and flow log among them), a shared
      // security group per function (up to ten), a function and its log group each (the role is
      // shared); a security group and an endpoint per LambdaInterfaceEndpoint.
      // As the README shows it, each function has its own log group, role, policy and group.
      const resources = {
        vpcFunctions: 22 + 2 * 3,
        defaultVpcFunctions: 22 + 2 * 5,
        lambdaEndpoints: 4,
      };
      assert.strictEqual(row.resources, resources[fleet]);
      assert.ok(row.componentMs > 0 && row.floorMs > 0, JSON.stringify(row));
      // The median of the runs' ratios: with one run, that run's, from the unrounded times
      // (the row's times are rounded to whole milliseconds, the ratio to two decimals).
      const c = row.componentMs;
      const f = row.floorMs;
      assert.ok(
        row.ratio >= (c - 0.5) / (f + 0.5) - 0.005 && row.ratio <= (c + 0.5) / (f - 0.5) + 0.005,
        JSON.stringify(row),
      );
      assert.deepStrictEqual(row.ratioQuartiles, [row.ratio, row.ratio]);
      // Counted, not timed: the components do the floor's work and some checks of their own.
      assert.ok(row.promiseRatio > 1 && row.promiseRatio < 1.5, JSON.stringify(row));
      // The counts the ratio is made of, beside it; with one run, the fastest runs are the runs.
      assert.strictEqual(
        row.promiseRatio,
        Math.round((row.componentPromises / row.floorPromises) * 100) / 100,
      );
      assert.strictEqual(row.fastestRatio, row.ratio, JSON.stringify(row));
    });
  }
});
