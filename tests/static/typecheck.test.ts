/**
 * The repository type-checks and lints clean: `tsc --noEmit -p tsconfig.json` and `eslint .` in
 * one TypeScript program. Typed lint rules need the program tsc builds (parsing @pulumi/aws's
 * declarations is most of either's time), so it is built once and handed to ESLint
 * (`parserOptions.programs`). As mocha tests they run beside the others, on both cores.
 */
import * as assert from "assert";
import { ESLint } from "eslint";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");

function program(): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    { noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(formatted([d])) },
  );
  assert.ok(parsed, "tsconfig.json could not be read");
  assert.deepStrictEqual(formatted(parsed.errors), "");
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
}

function formatted(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
}

describe("the repository's static checks", function () {
  this.timeout(180_000);
  let built: ts.Program;
  before(() => {
    built = program();
  });

  it("type-checks (tsc --noEmit -p tsconfig.json)", () => {
    assert.strictEqual(formatted(ts.getPreEmitDiagnostics(built)), "");
  });

  it("imports @pulumi/aws by module: its root would bring every AWS service's declarations", () => {
    const files = built.getSourceFiles().map((f) => f.fileName);
    const root = files.filter((f) => /node_modules\/@pulumi\/aws\/index\.d\.ts$/.test(f));
    assert.deepStrictEqual(root, [], "import @pulumi/aws/<module>, not @pulumi/aws");
    assert.ok(files.some((f) => /node_modules\/@pulumi\/aws\/ec2\/vpc\.d\.ts$/.test(f)));
  });

  it("lints clean (eslint ., typed rules over the same program)", async () => {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: { languageOptions: { parserOptions: { programs: [built] } } },
    });
    const results = await eslint.lintFiles(["."]);
    const formatter = await eslint.loadFormatter("stylish");
    assert.strictEqual(await formatter.format(results), "");
  });
});
