/**
 * The offline runtime patches nothing on import: a program, a script or a test that imports any
 * of its modules gets Pulumi's SDK and the process as they were, until an entry point calls
 * `installOfflineRuntime()`. And it stays in rooms small enough to read.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { promisify } from "util";

const ROOT = path.join(__dirname, "..", "..");
const OFFLINE = path.join(ROOT, "offline");
const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 60;

function offlineFiles(dir = OFFLINE): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? offlineFiles(path.join(dir, e.name))
        : e.name.endsWith(".ts")
          ? [path.join(dir, e.name)]
          : [],
    );
}

/**
 * Run in a fresh Node process with the tests' TypeScript loader: what the SDK and the process
 * look like before any offline module is loaded, after every one is, after
 * `installOfflineRuntime()` and after a second call. Each step reports which of them changed.
 */
const PROBE = `
const pulumi = require("@pulumi/pulumi");
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
const settings = require("@pulumi/pulumi/runtime/settings");
const [files, enginePath] = JSON.parse(process.argv[1]);
const look = () => ({
  registerResource: MockMonitor.prototype.registerResource,
  warn: pulumi.log.warn,
  rejectionListeners: process.listeners("unhandledRejection"),
  prepareStackTrace: Error.prepareStackTrace,
  monitor: settings.hasMonitor() ? settings.getMonitor() : undefined,
});
const changed = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [
  k,
  Array.isArray(a[k])
    ? a[k].length !== b[k].length || a[k].some((x, i) => x !== b[k][i])
    : a[k] !== b[k],
]));
const initial = look();
for (const file of files) require(file);
const imported = look();
const engine = require(enginePath);
let refused = "";
try {
  engine.useWorld();
} catch (e) {
  refused = e.message;
}
const beforeInstall = look();
engine.installOfflineRuntime();
const installed = look();
engine.installOfflineRuntime();
const again = look();
// As mocha's parallel workers do after each file: the listener is put back by the next start.
process.removeAllListeners("unhandledRejection");
engine.useWorld();
const reattached = process.listeners("unhandledRejection").length;
process.removeAllListeners("unhandledRejection");
engine.installOfflineRuntime();
console.log(JSON.stringify({
  imports: changed(initial, imported),
  refused,
  refusalPatches: changed(imported, beforeInstall),
  install: changed(beforeInstall, installed),
  mockMonitor: installed.monitor instanceof MockMonitor,
  listeners: installed.rejectionListeners.length - initial.rejectionListeners.length,
  secondInstall: changed(installed, again),
  reattached,
  reinstalled: process.listeners("unhandledRejection").length,
}));
`;

const NOTHING = {
  registerResource: false,
  warn: false,
  rejectionListeners: false,
  prepareStackTrace: false,
  monitor: false,
};

describe("the offline runtime", () => {
  it("patches nothing on import; installOfflineRuntime() patches, once", async function () {
    // A fresh process loads the SDK, @pulumi/aws and the library: seconds on a busy machine.
    this.timeout(120000);
    const files = offlineFiles();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "-r",
        path.join(ROOT, "tests", "register.js"),
        "-e",
        PROBE,
        JSON.stringify([files, path.join(OFFLINE, "engine.ts")]),
      ],
      { cwd: ROOT },
    );
    const report = JSON.parse(stdout.trim().split("\n").pop() as string);
    assert.ok(files.includes(path.join(OFFLINE, "runtime.ts")), files.join(", "));
    assert.deepStrictEqual(report.imports, NOTHING, "importing every offline module");
    assert.match(report.refused, /installOfflineRuntime\(\)/);
    assert.deepStrictEqual(report.refusalPatches, NOTHING, "useWorld refused before install");
    // Under ts-node (the tests' loader), the stack-trace tweak applies too.
    assert.deepStrictEqual(
      report.install,
      {
        registerResource: true,
        warn: true,
        rejectionListeners: true,
        prepareStackTrace: true,
        monitor: true,
      },
      "installOfflineRuntime()",
    );
    assert.strictEqual(report.mockMonitor, true);
    assert.strictEqual(report.listeners, 1);
    assert.deepStrictEqual(report.secondInstall, NOTHING, "a second installOfflineRuntime()");
    assert.strictEqual(report.reattached, 1);
    assert.strictEqual(report.reinstalled, 1);
  });

  it(`keeps every file under ${MAX_FILE_LINES} lines and every function under ${MAX_FUNCTION_LINES}`, () => {
    const long: string[] = [];
    for (const file of offlineFiles()) {
      const text = fs.readFileSync(file, "utf8");
      const where = path.relative(OFFLINE, file);
      const lines = text.split("\n").length;
      if (lines > MAX_FILE_LINES) {
        long.push(`${where} (${lines} lines)`);
      }
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
          const length = line(node.end) - line(node.getStart()) + 1;
          if (length > MAX_FUNCTION_LINES) {
            long.push(`${where}:${line(node.getStart()) + 1} (${length} lines)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepStrictEqual(long, []);
  });
});
