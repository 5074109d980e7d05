/**
 * The documentation stays navigable: README.md is the short user guide (at most 400 lines, the
 * set-up commands first), the rest is in docs/, CHANGELOG.md and CONTRIBUTING.md, and every
 * relative link between them points to a file that exists — and, when it names a heading, to a
 * heading that exists, with GitHub's anchors.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const README_MAX_LINES = 400;

/** The documents whose links are checked, relative to the repository. */
function documents(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join("docs", f));
  return ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", ...docs];
}

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), "utf8");
}

function lineCount(text: string): number {
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** The text outside fenced code blocks, line by line (code lines left empty, so lines keep their numbers). */
function prose(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a document's headings, repeated headings numbered as GitHub numbers them. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(text)) {
    const m = /^#{1,6} +(.+?) *#* *$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Each inline link's target with its line, outside code blocks and code spans. */
function links(text: string): { line: number; target: string }[] {
  const lines = prose(text);
  // Code spans may wrap across lines: blank them out in the whole text, keeping line breaks.
  const joined = lines.join("\n").replace(/`[^`]*`/g, (span) => span.replace(/[^\n]/g, " "));
  const out: { line: number; target: string }[] = [];
  for (const m of joined.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const line = joined.slice(0, m.index).split("\n").length;
    out.push({ line, target: m[1] });
  }
  return out;
}

describe("the documentation", () => {
  it(`README.md has at most ${README_MAX_LINES} lines (the rest is in docs/, CHANGELOG.md and CONTRIBUTING.md)`, () => {
    const lines = lineCount(read("README.md"));
    assert.ok(
      lines <= README_MAX_LINES,
      `README.md has ${lines} lines; move detail to docs/ (and link it) to keep it at ${README_MAX_LINES}`,
    );
  });

  it("README.md's first commands are the set-up ones: npm ci, npm start, npm test", () => {
    const block = /```sh\n([\s\S]*?)```/.exec(read("README.md"));
    assert.ok(block, "README.md has no sh block");
    const commands = block[1].split("\n").map((l) => l.replace(/\s+#.*$/, "").trim());
    for (const command of ["npm ci", "npm start", "npm test"]) {
      assert.ok(commands.includes(command), `README.md's first sh block does not run ${command}`);
    }
  });

  it("every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/*.md points to a file and heading that exist", () => {
    const broken: string[] = [];
    for (const doc of documents()) {
      for (const { line, target } of links(read(doc))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [file, anchor] = target.split("#", 2);
        const resolved = file ? path.normalize(path.join(path.dirname(doc), file)) : doc;
        const where = `${doc}:${line}: ${target}`;
        if (resolved.startsWith("..") || !fs.existsSync(path.join(ROOT, resolved))) {
          broken.push(`${where} (no file ${resolved})`);
        } else if (anchor !== undefined && resolved.endsWith(".md")) {
          if (!anchors(read(resolved)).has(decodeURIComponent(anchor))) {
            broken.push(`${where} (no heading #${anchor} in ${resolved})`);
          }
        }
      }
    }
    assert.deepStrictEqual(broken, []);
  });

  it("finds the links and anchors it checks", () => {
    // A guard on the checker itself: the README links into docs/, and its headings have anchors.
    const readme = read("README.md");
    assert.ok(links(readme).some((l) => l.target.startsWith("docs/reference.md")));
    assert.ok(anchors(readme).has("the-policy-pack"));
    assert.ok(anchors(read("docs/operations.md")).has("importing-pulumiaws-by-module"));
    assert.strictEqual(
      slug("Teardown: what `pulumi destroy` waits for"),
      "teardown-what-pulumi-destroy-waits-for",
    );
  });
});
