/** Every file is formatted as Prettier formats it (`prettier --check .`, with .prettierignore). */
import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";

const ROOT = path.join(__dirname, "..", "..");

describe("the repository's formatting", function () {
  this.timeout(120_000);

  it("is formatted (prettier --check .)", async () => {
    const prettier = require.resolve("prettier/bin/prettier.cjs");
    const checked = await promisify(execFile)(process.execPath, [prettier, "--check", "."], {
      cwd: ROOT,
    }).catch((e: { stdout: string; stderr: string }) => e);
    assert.strictEqual(checked.stderr, "", `${checked.stdout}\n${checked.stderr}`);
  });
});
