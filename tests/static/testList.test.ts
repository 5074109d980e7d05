/**
 * The two test commands between them run every test file once. `npm test` (.mocharc.json) runs
 * what works in-process: the type-check and lint, and every test on the mocked runtime.
 * `npm run test:integration` (.mocharc.integration.json) runs what starts other programs as
 * users and CI start them: Pulumi's language host, `npm pack` and `tsc`, the plugin host's schema
 * inference, Prettier. CI (.ci/run) runs both.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const CONFIGS = { test: ".mocharc.json", "test:integration": ".mocharc.integration.json" };

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? testFiles(path.join(dir, e.name))
        : e.name.endsWith(".test.ts")
          ? [path.relative(ROOT, path.join(dir, e.name))]
          : [],
    );
}

/** A spec entry is one test file, or a directory's test files (`tests/<dir>/*.test.ts`). */
function expand(pattern: string): string[] {
  if (/^tests\/\w+\/\w+\.test\.ts$/.test(pattern)) {
    assert.ok(fs.existsSync(path.join(ROOT, pattern)), `${pattern} does not exist`);
    return [pattern];
  }
  assert.ok(/^tests\/\w+\/\*\.test\.ts$/.test(pattern), `unexpected spec entry ${pattern}`);
  const dir = path.dirname(pattern);
  return testFiles(path.join(ROOT, dir)).filter((f) => path.dirname(f) === dir);
}

describe("the test commands", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };

  it("npm test and npm run test:integration run mocha with their own config; test:all runs both", () => {
    assert.strictEqual(manifest.scripts.test, "mocha");
    assert.strictEqual(
      manifest.scripts["test:integration"],
      `mocha --config ${CONFIGS["test:integration"]}`,
    );
    assert.strictEqual(
      manifest.scripts["test:all"],
      "run-s --continue-on-error test test:integration",
    );
  });

  it("run every test file under tests/ once between them", () => {
    const listed = Object.values(CONFIGS).flatMap((config) => {
      const { spec } = JSON.parse(fs.readFileSync(path.join(ROOT, config), "utf8")) as {
        spec: string[];
      };
      return spec.flatMap(expand);
    });
    assert.deepStrictEqual([...listed].sort(), testFiles(path.join(ROOT, "tests")).sort());
    const twice = listed.filter((f, i) => listed.indexOf(f) !== i);
    assert.deepStrictEqual(twice, [], "listed twice");
  });

  it("CI runs both", () => {
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    for (const command of ["npm test", "npm run test:integration"]) {
      assert.ok(new RegExp(`^[^#\\n]*${command}`, "m").test(ci), `.ci/run does not run ${command}`);
    }
  });
});
