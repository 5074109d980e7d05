/**
 * The library and its scripts stay easy to read: no function in components/ or scripts/ over 60
 * lines (a component's `initialize` looks up, plans and wires in small steps; the plan is built
 * section by section), no file in scripts/ over 500 lines (offline/'s limit too, checked in
 * tests/lib/offlineRuntime.test.ts), and no product file imports from tests/.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const COMPONENTS = path.join(ROOT, "components");
const SCRIPTS = path.join(ROOT, "scripts");
const MAX_LINES = 60;
const MAX_FILE_LINES = 500;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() && e.name !== "node_modules"
        ? sourceFiles(path.join(dir, e.name))
        : e.name.endsWith(".ts")
          ? [path.join(dir, e.name)]
          : [],
    );
}

describe("the library's shape", () => {
  it(`has no function longer than ${MAX_LINES} lines, in components/ or scripts/`, () => {
    const long: string[] = [];
    for (const file of [...sourceFiles(COMPONENTS), ...sourceFiles(SCRIPTS)]) {
      const source = ts.createSourceFile(
        file,
        fs.readFileSync(file, "utf8"),
        ts.ScriptTarget.ES2022,
        true,
      );
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
          const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
          const lines = line(node.end) - line(node.getStart()) + 1;
          if (lines > MAX_LINES) {
            long.push(`${path.relative(ROOT, file)}:${line(node.getStart()) + 1} (${lines} lines)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepStrictEqual(long, []);
  });

  it(`keeps every file in scripts/ under ${MAX_FILE_LINES} lines`, () => {
    const long = sourceFiles(SCRIPTS)
      .map((file) => ({ file, lines: fs.readFileSync(file, "utf8").split("\n").length }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ file, lines }) => `${path.relative(ROOT, file)} (${lines} lines)`);
    assert.deepStrictEqual(long, []);
  });

  it("no product file imports from tests/: the library, the scripts, the policy pack, the sample", () => {
    const product = [
      ...["components", "scripts", "policy", "offline", "sample"].flatMap((d) =>
        sourceFiles(path.join(ROOT, d)),
      ),
      path.join(ROOT, "index.ts"),
    ];
    const offending = product.filter((f) =>
      /from "(\.\.?\/)+tests\//.test(fs.readFileSync(f, "utf8")),
    );
    assert.deepStrictEqual(offending, []);
  });
});
