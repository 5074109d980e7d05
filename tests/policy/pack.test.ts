/**
 * The policy pack's tests. The pack as a whole: documented in the README, loadable from its own
 * folder, quiet on the sample stack.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  countHyperplaneEnis as libraryEnis,
  DEFAULT_HYPERPLANE_ENI_QUOTA as LIBRARY_QUOTA,
} from "../../components/lib/eni";
import { countHyperplaneEnis as packEnis } from "../../policy/rules/eni";
import { DEFAULT_HYPERPLANE_ENI_QUOTA as PACK_QUOTA } from "../../policy/rules/limits";
import { allPolicies } from "../../policy/policies";
import { isMandatory, runPolicies } from "../../policy/runner";
import { planOf, SAMPLE_POLICY_CONFIG } from "../../scripts/plan";
import { runStack } from "../sampleRuns";
import { registrations, settle, useWorld } from "../mocks";
import { POLICY_DIR, vpc } from "./helpers";

describe("policy pack", () => {
  it("is documented: the README's table lists every policy of the pack with its level, in order", () => {
    const readme = fs.readFileSync(path.join(POLICY_DIR, "..", "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` +\| (advisory|mandatory) +\|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    assert.deepStrictEqual(
      rows,
      (allPolicies ?? []).map((p) => `${p.name} ${p.enforcementLevel}`),
    );
  });

  describe("the pack as a folder of its own", () => {
    it("loads and runs from a copy of policy/ alone, with only its own dependencies", async function () {
      this.timeout(30_000);
      // A copy outside the repository: any import reaching out of the folder fails to resolve.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-networking-policy-"));
      fs.cpSync(POLICY_DIR, dir, {
        recursive: true,
        filter: (src) => !src.includes(`${path.sep}node_modules`),
      });
      // What `npm install` in the pack's folder provides: its dependencies, here the workspace's.
      fs.symlinkSync(
        path.join(POLICY_DIR, "..", "node_modules"),
        path.join(dir, "node_modules"),
        "dir",
      );
      const sources = fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.startsWith("node_modules"));
      const outward = sources.filter((f) =>
        /from "\.\.\/\.\./.test(fs.readFileSync(path.join(dir, f), "utf8")),
      );
      assert.deepStrictEqual(outward, []);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const copy = require(path.join(dir, "runner.ts")) as typeof import("../../policy/runner");
      useWorld();
      vpc();
      await settle();
      assert.deepStrictEqual(
        (await copy.runPolicies(registrations())).map((f) => f.policy),
        (await runPolicies(registrations())).map((f) => f.policy),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("counts Hyperplane ENIs as the library does: one counting, in the pack's folder", () => {
      // The library's export is the pack's function, not a copy that could drift.
      assert.strictEqual(libraryEnis, packEnis);
      assert.strictEqual(PACK_QUOTA, LIBRARY_QUOTA);
      const fleets: [{ subnetIds: string[]; securityGroupIds: string[] }[], number][] = [
        [[], 0],
        [[{ subnetIds: ["a", "b"], securityGroupIds: ["x", "y"] }], 2],
        [
          [
            { subnetIds: ["a", "b", "a"], securityGroupIds: ["y", "x"] },
            { subnetIds: ["a"], securityGroupIds: ["x", "y", "x"] },
            { subnetIds: ["c"], securityGroupIds: [] },
          ],
          3,
        ],
      ];
      for (const [fleet, count] of fleets) {
        assert.strictEqual(packEnis(fleet), count);
      }
    });
  });

  describe("the sample stack", () => {
    for (const stack of ["dev", "prod"]) {
      it(`${stack}: no mandatory violation, and with the sample's policy config no finding at all`, async () => {
        const run = await runStack(stack);
        assert.deepStrictEqual((await runPolicies(run.registrations)).filter(isMandatory), []);
        const config = SAMPLE_POLICY_CONFIG;
        assert.deepStrictEqual(
          (await runPolicies(run.registrations, config)).map((f) => `${f.policy} ${f.resource}`),
          [],
        );
        assert.ok(planOf(run).resourceCount > 20);
      });
    }
  });
});
