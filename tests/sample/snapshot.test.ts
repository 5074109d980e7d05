import * as assert from "assert";
import * as fs from "fs";
import {
  diffSnapshots,
  SNAPSHOT_STACKS,
  snapshotFile,
  snapshotOf,
  SnapshotEntry,
} from "../../scripts/snapshot";
import { runStack } from "../sampleRuns";

describe("upgrade stability of the sample stack", () => {
  for (const stack of SNAPSHOT_STACKS) {
    it(`${stack}: nothing deployed would be replaced or renamed (tests/snapshots)`, async () => {
      const committed = JSON.parse(fs.readFileSync(snapshotFile(stack), "utf8")) as SnapshotEntry[];
      const { replaced, updated, added } = diffSnapshots(
        committed,
        snapshotOf((await runStack(stack)).registrations),
      );
      assert.ok(
        replaced.length === 0,
        `this change would replace or rename deployed resources:\n${replaced.join("\n")}\n` +
          "If that is intended (a major version), run npm run snapshot:update and review the diff.",
      );
      assert.ok(
        updated.length === 0,
        `this change updates deployed resources in place (policies or rules); review and record it with npm run snapshot:update, and list it in CHANGELOG.md:\n${updated.join("\n")}`,
      );
      assert.ok(
        added.length === 0,
        `the stack gains resources; record them with npm run snapshot:update:\n${added.join("\n")}`,
      );
    });
  }

  it("reports replacements and renames readably", () => {
    const entry = (
      name: string,
      inputs: Record<string, unknown>,
      parent = "net",
    ): SnapshotEntry => ({
      type: "aws:ec2/subnet:Subnet",
      name,
      parent,
      inputs,
    });
    const committed = [
      entry("a", { cidrBlock: "10.0.0.0/20" }),
      entry("b", { cidrBlock: "10.0.16.0/20" }),
    ];
    const current = [
      entry("a", { cidrBlock: "10.0.0.0/21" }),
      entry("c", { cidrBlock: "10.0.32.0/20" }),
    ];
    assert.deepStrictEqual(diffSnapshots(committed, current), {
      replaced: [
        '~ aws:ec2/subnet:Subnet a: cidrBlock "10.0.0.0/20" → "10.0.0.0/21" (forces replacement)',
        "- aws:ec2/subnet:Subnet b: gone (renamed or removed: AWS deletes it)",
      ],
      updated: [],
      added: ["+ aws:ec2/subnet:Subnet c"],
    });
    const endpoint = (policy?: string): SnapshotEntry => ({
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      name: "e",
      inputs: { serviceName: "com.amazonaws.us-east-1.sqs" },
      updatable: policy === undefined ? {} : { policy },
    });
    assert.deepStrictEqual(diffSnapshots([endpoint()], [endpoint('{"Statement":[]}')]), {
      replaced: [],
      updated: ["~ aws:ec2/vpcEndpoint:VpcEndpoint e: policy changes (updated in place)"],
      added: [],
    });
  });
});
