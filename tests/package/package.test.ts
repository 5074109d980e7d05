import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/**
 * The built library, code and typings (`npm run build`), exists and is newer than every source
 * file of it. (`npm run compile` writes the same JavaScript to bin/ without typings.)
 */
function isBuilt(): boolean {
  const built = [manifest.main as string, manifest.types as string].map((f) => path.join(ROOT, f));
  if (!built.every((f) => fs.existsSync(f))) {
    return false;
  }
  const sources = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? sources(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
  const builtAt = Math.min(...built.map((f) => fs.statSync(f).mtimeMs));
  // The library's sources, and the pack's shared rules it compiles in (bin/policy/rules).
  return [...sources(path.join(ROOT, "components")), ...sources(path.join(ROOT, "policy", "rules"))]
    .filter((f) => f.endsWith(".ts"))
    .every((f) => fs.statSync(f).mtimeMs <= builtAt);
}

/**
 * The package as users get it: `npm pack`'s tarball, unpacked where `npm install` would put it,
 * in a fresh program whose other dependencies come from this checkout (so the test needs no
 * registry). That the tarball declares what it needs is checked separately, from its own code.
 */
describe("the packed package", function () {
  this.timeout(120_000);
  let tmp: string;
  let tarball: string;
  let unpacked: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-networking-pack-"));
    // A clean clone has no bin/: build it, and again whenever a source is newer.
    if (!isBuilt()) {
      await run("npm", ["run", "build", "--silent"], { cwd: ROOT });
    }
    const { stdout } = await run(
      "npm",
      ["pack", "--silent", "--ignore-scripts", "--pack-destination", tmp],
      { cwd: ROOT },
    );
    tarball = path.join(tmp, stdout.trim().split("\n").pop() as string);
    const consumer = path.join(tmp, "consumer");
    unpacked = path.join(consumer, "node_modules", "lambda-networking");
    fs.mkdirSync(unpacked, { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"]);
    for (const dependency of ["@pulumi", "ipaddr.js"]) {
      fs.symlinkSync(
        path.join(ROOT, "node_modules", dependency),
        path.join(consumer, "node_modules", dependency),
      );
    }
    for (const file of ["index.ts", "run.ts"]) {
      fs.copyFileSync(path.join(__dirname, "consumer", file), path.join(consumer, file));
    }
    fs.writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({
        name: "consumer",
        private: true,
        dependencies: { "lambda-networking": `file:${tarball}` },
      }),
    );
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "commonjs",
          moduleResolution: "node",
          skipLibCheck: true,
          types: [],
          outDir: "out",
        },
        files: ["index.ts", "run.ts"],
      }),
    );
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("holds the built library (with the policy pack's shared rules it reads), its typings, the README and the license only", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball]);
    const files = stdout
      .trim()
      .split("\n")
      .map((f) => f.replace(/^package\//, ""));
    const stray = files.filter(
      (f) =>
        !/^bin\/(components|policy\/rules)\/.+\.(js|d\.ts)$/.test(f) &&
        !["README.md", "LICENSE", "package.json"].includes(f),
    );
    assert.deepStrictEqual(stray, []);
    for (const entry of [manifest.main, manifest.types, "README.md", "LICENSE"]) {
      assert.ok(files.includes(entry), `${entry} is missing`);
    }
    assert.ok(files.includes("bin/components/vpcFunction.d.ts"));
  });

  it("declares every package its code requires", () => {
    const required = new Set<string>();
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
        );
    for (const file of walk(path.join(unpacked, "bin")).filter((f) => f.endsWith(".js"))) {
      for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/require\("([^".][^"]*)"\)/g)) {
        required.add(
          spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0],
        );
      }
    }
    const undeclared = [...required].filter(
      (p) => !builtinModules.includes(p) && !(p in manifest.dependencies),
    );
    assert.deepStrictEqual(undeclared, []);
    assert.deepStrictEqual([...required].filter((p) => !builtinModules.includes(p)).sort(), [
      "@pulumi/aws",
      "@pulumi/pulumi",
      "ipaddr.js",
    ]);
  });

  it("type-checks and runs a program that uses every public component", async () => {
    const consumer = path.join(tmp, "consumer");
    // Compiled as a user's build would, then run with plain node.
    await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", consumer]);
    const { stdout } = await run(process.execPath, [path.join(consumer, "out", "run.js")], {
      cwd: consumer,
    });
    const registered: string[] = JSON.parse(stdout.trim().split("\n").pop() as string);
    for (const component of [
      "PrivateNetwork net",
      "ServiceEndpoints more",
      "VpcFunction fn",
      "LambdaInterfaceEndpoint invoke",
      "VpcFlowLog audit",
    ]) {
      assert.ok(registered.includes(`lambda-networking:index:${component}`), component);
    }
    assert.ok(registered.includes("aws:lambda/function:Function fn"));
    assert.ok(registered.includes("aws:ec2/vpcEndpoint:VpcEndpoint invoke-endpoints-lambda"));
    assert.ok(registered.includes("aws:ec2/natGateway:NatGateway net-nat-us-east-1a"));
    assert.ok(registered.includes("aws:ec2/flowLog:FlowLog audit"));
    assert.ok(registered.includes("aws:cloudwatch/logGroup:LogGroup fn-logs"));
  });
});
