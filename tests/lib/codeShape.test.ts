/**
 * The library stays easy to read: no function in components/ over 60 lines (a component's
 * `initialize` looks up, plans and wires in small steps), and no product file imports from tests/.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const COMPONENTS = path.join(ROOT, "components");
const MAX_LINES = 60;

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
  it(`has no function longer than ${MAX_LINES} lines`, () => {
    const long: string[] = [];
    for (const file of sourceFiles(COMPONENTS)) {
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
            long.push(
              `${path.relative(COMPONENTS, file)}:${line(node.getStart()) + 1} (${lines} lines)`,
            );
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
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
