/**
 * examples/minimal, the program a newcomer starts from, against the package as users get it:
 * `npm pack`'s tarball, unpacked where `npm install` puts the `file:` dependency the example
 * declares, its other dependencies linked from this checkout (so the test needs no registry).
 * It is type-checked with its own tsconfig.json, run as `pulumi up` runs it (Pulumi's language
 * host entry, against the stand-in engine), and checked as its README says
 * (`npm run check-stack -- examples/minimal`).
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { parse } from "yaml";
import { runCli } from "../../scripts/checkStack";
import { assumedZones } from "../../scripts/regions";
import { runThroughHost } from "../langhost/hostRun";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..", "..");
const EXAMPLE = path.join(ROOT, "examples", "minimal");

interface Manifest {
  name: string;
  version: string;
  main: string;
  types: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
const manifest = readJson(path.join(ROOT, "package.json"));

/** The library's sources: components/ and the pack's shared rules it compiles in. */
function librarySources(): string[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return [
    ...walk(path.join(ROOT, "components")),
    ...walk(path.join(ROOT, "policy", "rules")),
  ].filter((f) => f.endsWith(".ts"));
}

/** bin/ holds the built library (`npm run build`), newer than every source file of it. */
function isBuilt(): boolean {
  const built = [manifest.main, manifest.types].map((f) => path.join(ROOT, f));
  if (!built.every((f) => fs.existsSync(f))) {
    return false;
  }
  const builtAt = Math.min(...built.map((f) => fs.statSync(f).mtimeMs));
  return librarySources().every((f) => fs.statSync(f).mtimeMs <= builtAt);
}

/**
 * `npm pack`'s tarball, written to `dir`. With bin/ up to date, packed from the repository as
 * `npm pack` does after its prepack build. Otherwise the build goes to a copy of the package in
 * `dir` and is packed from there: tests/package/package.test.ts may be building bin/ in the other
 * mocha worker at the same moment, and a tarball must not catch a file half written.
 */
async function pack(dir: string): Promise<string> {
  let from = ROOT;
  if (!isBuilt()) {
    from = path.join(dir, "package");
    const tsc = require.resolve("typescript/bin/tsc");
    const config = path.join(ROOT, "tsconfig.build.json");
    await run(process.execPath, [tsc, "-p", config, "--outDir", path.join(from, "bin")]);
    for (const file of ["package.json", "README.md", "LICENSE"]) {
      fs.copyFileSync(path.join(ROOT, file), path.join(from, file));
    }
  }
  const { stdout } = await run(
    "npm",
    ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir],
    { cwd: from },
  );
  return path.join(dir, stdout.trim().split("\n").pop() as string);
}

/** Links node_modules/<name> of `dir` to this checkout's copy of the package. */
function linkFromCheckout(dir: string, name: string): void {
  const link = path.join(dir, "node_modules", name);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules", name), link, "dir");
}

describe("examples/minimal against the packed package", function () {
  this.timeout(120_000);
  let tmp: string;
  let tarball: string;
  let program: string;
  let example: Manifest;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-networking-example-"));
    tarball = await pack(tmp);
    // The example's own files, as the repository has them (not a node_modules or build of a
    // developer who ran it in place).
    program = path.join(tmp, "minimal");
    fs.mkdirSync(program);
    for (const e of fs.readdirSync(EXAMPLE, { withFileTypes: true })) {
      if (e.isFile() && e.name !== "package-lock.json") {
        fs.copyFileSync(path.join(EXAMPLE, e.name), path.join(program, e.name));
      }
    }
    example = readJson(path.join(program, "package.json"));
    // What `npm install` does with the file: dependency, pointed at this run's tarball.
    fs.writeFileSync(
      path.join(program, "package.json"),
      JSON.stringify({
        ...example,
        dependencies: { ...example.dependencies, "lambda-networking": `file:${tarball}` },
      }),
    );
    const unpacked = path.join(program, "node_modules", "lambda-networking");
    fs.mkdirSync(unpacked, { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"]);
    // Everything else the example and the package declare, from this checkout (the first test
    // holds the example to the ranges the checkout's lock file satisfies).
    const packed = readJson(path.join(unpacked, "package.json"));
    const others = new Set([
      ...Object.keys(example.dependencies),
      ...Object.keys(example.devDependencies),
      ...Object.keys(packed.dependencies),
    ]);
    others.delete("lambda-networking");
    for (const name of others) {
      linkFromCheckout(program, name);
    }
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("depends on the tarball the README's install writes, and on the ranges this package uses", () => {
    // `npm install /path/to/<tarball>` records the tarball by its path; in the repository that is
    // the root, where `npm pack` writes it.
    assert.strictEqual(path.basename(tarball), `${manifest.name}-${manifest.version}.tgz`);
    assert.strictEqual(
      example.dependencies["lambda-networking"],
      `file:../../${path.basename(tarball)}`,
    );
    for (const name of ["@pulumi/aws", "@pulumi/pulumi"]) {
      assert.strictEqual(example.dependencies[name], manifest.dependencies[name], name);
    }
    for (const name of ["typescript", "@types/node"]) {
      assert.strictEqual(example.devDependencies[name], manifest.devDependencies[name], name);
    }
    assert.strictEqual(example.main, "index.ts");
    const project = parse(fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8"));
    assert.strictEqual(project.runtime, "nodejs");
    const dev = parse(fs.readFileSync(path.join(program, "Pulumi.dev.yaml"), "utf8"));
    assert.deepStrictEqual(dev.config, { "aws:region": "us-east-1" });
  });

  it("type-checks with its own tsconfig.json (tsc --noEmit -p)", async () => {
    const tsc = path.join(program, "node_modules", "typescript", "bin", "tsc");
    await run(process.execPath, [tsc, "--noEmit", "-p", program]).catch(
      (e: { stdout: string; stderr: string }) => assert.fail(`${e.stdout}${e.stderr}`),
    );
  });

  it("runs as pulumi up runs it: a PrivateNetwork with an S3 gateway endpoint and a VpcFunction in its private subnets", async () => {
    const up = await runThroughHost({
      dir: program,
      stack: "dev",
      preview: false,
      // Types are the test above's; here the program runs as the host compiles it.
      typeCheck: false,
      world: { zonesByRegion: { "us-east-1": assumedZones("us-east-1") } },
    });
    assert.deepStrictEqual(
      { exitCode: up.exitCode, errors: up.errors, stderr: up.stderr },
      { exitCode: 0, errors: [], stderr: "" },
    );
    const registered = up.registrations.map((r) => `${r.type} ${r.name}`);
    for (const expected of [
      "lambda-networking:index:PrivateNetwork app",
      "lambda-networking:index:ServiceEndpoints app-endpoints",
      "lambda-networking:index:VpcFunction worker",
      "aws:ec2/vpc:Vpc app-vpc",
      "aws:ec2/vpcEndpoint:VpcEndpoint app-endpoints-s3",
      "aws:ec2/flowLog:FlowLog app-flow-logs",
      "aws:lambda/function:Function worker",
      "aws:ec2/securityGroup:SecurityGroup worker-sg",
      "aws:cloudwatch/logGroup:LogGroup worker-logs",
    ]) {
      assert.ok(registered.includes(expected), `${expected} is not registered`);
    }
    const subnets = up.registrations.filter((r) => r.type === "aws:ec2/subnet:Subnet");
    assert.strictEqual(subnets.length, 3, "a private subnet in each of three zones");
    // Private only: no NAT gateway, no internet gateway, no public subnet.
    assert.deepStrictEqual(
      registered.filter((r) => /natGateway|internetGateway|-public-/.test(r)),
      [],
    );
    const fn = up.registrations.find((r) => r.type === "aws:lambda/function:Function");
    assert.deepStrictEqual(
      [...fn?.inputs.vpcConfig.subnetIds].sort(),
      subnets.map((s) => s.id).sort(),
    );
    const outputs = up.stackOutputs ?? {};
    assert.deepStrictEqual(Object.keys(outputs).sort(), ["privateSubnetIds", "vpcId", "workerArn"]);
    assert.match(String(outputs.workerArn), /^arn:aws:lambda:us-east-1:\d{12}:function:worker-/);
  });

  it("npm run check-stack -- examples/minimal: the policy pack and pre-flight find nothing", async () => {
    // The command's machine-readable form (`--json`): its text is for people and may change.
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([program, "--json"], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    assert.deepStrictEqual({ code, err }, { code: 0, err: [] });
    const { policyFindings, preflight } = JSON.parse(out.join("\n"));
    assert.deepStrictEqual({ policyFindings, preflight }, { policyFindings: [], preflight: [] });
  });
});
