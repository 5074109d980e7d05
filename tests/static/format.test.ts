/**
 * Every file is formatted as Prettier formats it (`prettier --check .`, with .prettierignore),
 * and mocha's spec list, which starts the longest test files first, runs every test file.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

const ROOT = path.join(__dirname, "..", "..");

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

describe("the repository's formatting and test list", function () {
  this.timeout(120_000);

  it("is formatted (prettier --check .)", async () => {
    const prettier = require.resolve("prettier/bin/prettier.cjs");
    const checked = await promisify(execFile)(process.execPath, [prettier, "--check", "."], {
      cwd: ROOT,
    }).catch((e: { stdout: string; stderr: string }) => e);
    assert.strictEqual(checked.stderr, "", `${checked.stdout}\n${checked.stderr}`);
  });

  it("runs every test file once: .mocharc.json's spec patterns cover tests/", () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.json"), "utf8")) as {
      spec: string[];
    };
    // The patterns are directories' test files, `tests/<dir>/*.test.ts`.
    const listed = config.spec.flatMap((pattern) => {
      const dir = path.join(ROOT, path.dirname(pattern));
      assert.ok(/^tests\/\w+\/\*\.test\.ts$/.test(pattern), pattern);
      return testFiles(dir).filter((f) => path.dirname(f) === path.dirname(pattern));
    });
    assert.deepStrictEqual([...listed].sort(), testFiles(path.join(ROOT, "tests")).sort());
    assert.strictEqual(new Set(listed).size, listed.length, "a test file is listed twice");
  });
});
