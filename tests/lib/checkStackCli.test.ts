/**
 * The two commands' one code path (scripts/cli.ts): `npm start -- DIR` and `npm run check-stack
 * -- DIR --plan` print the same plan of a user's program, with its cost per component and what
 * it assumes (the region first); `--help`; `--world` files and `--policy-config` read from where
 * the user stands; honest output (pre-flight skipped in a preview, what would fail and with what);
 * ids named after the resources they are; long lines wrapped.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HELP, parseArgs, USAGE } from "../../scripts/cli";
import { runCli as checkStackCli } from "../../scripts/checkStack";
import { runCli as startCli } from "../../scripts/plan";
import { nameIdsIn, nameIdsInAll, typeName } from "../../scripts/resourceNames";
import { TEXT_WIDTH, wrapLine } from "../../scripts/render";
import { unwrap } from "../sample/planText";

const ROOT = path.join(__dirname, "..", "..");
const NO_REGION = path.join(ROOT, "tests", "sample", "fixtures", "no-region");
const WEB_AND_DATABASE = path.join(ROOT, "tests", "policy", "fixtures", "web-and-database");
const EXISTING_SUBNETS = path.join(ROOT, "tests", "langhost", "fixtures", "existing-subnets");

type Cli = (argv: string[]) => Promise<{ code: number; out: string; err: string }>;
const capture =
  (
    run: (argv: string[], io: { out(t: string): void; err(t: string): void }) => Promise<number>,
  ): Cli =>
  async (argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
const checkStack = capture(checkStackCli);
const start = capture((argv, io) => startCli(argv, ROOT, io));

/** Runs `body` as if the user stood in `dir` (npm's INIT_CWD). */
async function standingIn<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.INIT_CWD;
  process.env.INIT_CWD = dir;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = before;
  }
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "check-stack-cli-"));

describe("npm start and npm run check-stack: one command line", () => {
  it("--help and -h print the usage and what each option does, and exit 0 (both commands)", async () => {
    for (const [cli, command] of [
      [start, "start"],
      [checkStack, "check-stack"],
    ] as const) {
      for (const flag of ["--help", "-h"]) {
        const result = await cli([flag]);
        assert.deepStrictEqual(
          { code: result.code, err: result.err },
          { code: 0, err: "" },
          `${command} ${flag}`,
        );
        assert.strictEqual(result.out, HELP[command]);
        assert.ok(result.out.startsWith(`${USAGE[command]}\n`));
        for (const option of ["--stack", "--preview", "--policy-config", "--world", "--json"]) {
          assert.ok(result.out.includes(`  ${option}`), `${command} --help explains ${option}`);
        }
      }
    }
    assert.ok(HELP["check-stack"].includes("  --plan"));
    assert.ok(HELP.start.includes("  --mermaid"));
  });

  it("parses repeated --world, --opt=value, and refuses a missing value or a second folder", () => {
    assert.deepStrictEqual(
      parseArgs("check-stack", ["app", "--world", "a.json", "--world=b.json", "--stack=prod"]),
      {
        dir: "app",
        stack: "prod",
        preview: false,
        plan: false,
        policyConfig: undefined,
        worlds: ["a.json", "b.json"],
        format: "text",
        help: false,
      },
    );
    assert.strictEqual(parseArgs("start", []).plan, true);
    assert.strictEqual(parseArgs("start", []).dir, undefined);
    assert.throws(() => parseArgs("check-stack", ["app", "--world"]), {
      message: "--world needs a value",
    });
    assert.throws(() => parseArgs("check-stack", ["app", "other"]), {
      message: "one program folder at a time: app and other",
    });
    assert.throws(() => parseArgs("start", ["--plan"]), { message: "unknown argument --plan" });
  });

  describe("the plan of a user's program (a stack file without aws:region)", () => {
    let plan: { code: number; out: string; err: string };
    before(async () => {
      plan = await start([NO_REGION]);
    });

    it("npm start -- DIR prints the sample's plan for it: cost per component, the region assumed", () => {
      const text = unwrap(plan.out);
      assert.match(text, /^Offline plan for stack "dev" of no-region in us-east-1$/m);
      // Not silently us-east-1: said first among the assumptions, and why.
      assert.match(
        text,
        /^Assumed, not read from AWS:\n {2}- region: us-east-1 \(assumed: Pulumi\.dev\.yaml sets no aws:region; pulumi up would use AWS_REGION, AWS_DEFAULT_REGION or the AWS profile's region\)$/m,
      );
      assert.match(
        text,
        /^ {2}- the account holds no VPC, subnet, route table or security group yet: a look-up of one finds nothing \(describe yours with --world FILE\)$/m,
      );
      // NAT $32.85 + its address $3.65 + SQS in 2 zones $14.60 in the network; STS outside.
      assert.match(
        text,
        /^ {2}total \$65\.70\n {2}by top-level component:\n {4}PrivateNetwork "net": \$51\.10\n {4}outside any component: \$14\.60$/m,
      );
      for (const heading of [
        "Resources by component",
        "By zone",
        "Routes",
        "Hyperplane ENIs (distinct subnet and security-group sets of VPC functions)",
        "Destroy order (pulumi destroy: each wave after the ones before it, a wave in parallel)",
        "Pre-flight (rules the AWS API enforces at deploy time)",
        // Not the sample's config: the pack's defaults.
        "Policy findings (pulumi preview --policy-pack policy)",
      ]) {
        assert.ok(text.split("\n").includes(heading), heading);
      }
      assert.match(
        text,
        /^ {4}2 in subnets net-private-us-east-1a, net-private-us-east-1b with security groups api-sg: used by api$/m,
      );
    });

    it("says what would fail with what: the pack's mandatory policy fails a run with the pack", () => {
      assert.strictEqual(plan.code, 1);
      assert.strictEqual(
        plan.err,
        "1 mandatory policy violation: pulumi preview/up with --policy-pack policy would fail.",
      );
    });

    it("check-stack -- DIR --plan prints the same, through the same code path", async () => {
      assert.deepStrictEqual(await checkStack([NO_REGION, "--plan"]), plan);
      const json = await checkStack([NO_REGION, "--plan", "--json"]);
      assert.deepStrictEqual(JSON.parse(json.out).cost.byComponent, [
        { component: 'PrivateNetwork "net"', monthlyUsd: 51.1 },
        { component: "outside any component", monthlyUsd: 14.6 },
      ]);
    });

    it("no line is wider than the text width; a role's policy wraps after its statements", () => {
      const long = plan.out.split("\n").filter((l) => l.length > TEXT_WIDTH);
      assert.deepStrictEqual(long, []);
      const role = plan.out.split("\n").findIndex((l) => l.startsWith("    Role api-role  "));
      assert.strictEqual(
        plan.out.split("\n")[role + 1],
        "        | may: ec2:DescribeNetworkInterfaces,ec2:DescribeSubnets on any resource;",
      );
    });

    it("check-stack without --plan prints the findings under the region line", async () => {
      const result = await checkStack([NO_REGION]);
      assert.strictEqual(result.code, 1);
      assert.deepStrictEqual(result.out.split("\n").slice(0, 3), [
        'Stack "dev" of no-region, checked offline',
        "  region: us-east-1 (assumed: Pulumi.dev.yaml sets no aws:region; pulumi up would use AWS_REGION,",
        "      AWS_DEFAULT_REGION or the AWS profile's region)",
      ]);
      assert.match(
        result.out,
        /^Pre-flight \(what AWS would refuse in pulumi up\):\n {2}nothing found$/m,
      );
    });
  });

  it("--preview says pre-flight was skipped and why, not that it found nothing", async () => {
    const reason = "it judges what AWS is asked to create, which a first preview does not know";
    const check = await checkStack([WEB_AND_DATABASE, "--preview"]);
    assert.strictEqual(check.code, 1);
    assert.ok(check.out.endsWith(`\nPre-flight: skipped (${reason})`), check.out);
    assert.ok(!check.out.includes("nothing found\nPre-flight"));
    const json = JSON.parse((await checkStack([WEB_AND_DATABASE, "--preview", "--json"])).out);
    assert.deepStrictEqual([json.preflight, json.preflightSkipped], [[], reason]);
    const plan = await start([WEB_AND_DATABASE, "--preview"]);
    assert.match(
      plan.out,
      /^Pre-flight \(rules the AWS API enforces at deploy time\)\n {2}skipped \(it judges what AWS is asked to create, which a first preview does not know\)$/m,
    );
  });

  it("--policy-config and DIR are read from where the user stands (INIT_CWD), and a missing file is named: exit 2", async () => {
    const here = tempDir();
    const missing = await standingIn(here, () =>
      checkStack([WEB_AND_DATABASE, "--policy-config", "./x.json"]),
    );
    assert.deepStrictEqual(missing, {
      code: 2,
      out: "",
      err: `--policy-config ./x.json: no such file (looked for ${path.join(here, "x.json")}).`,
    });
    // The same file where the user stands is read: both mandatory findings made advisory.
    fs.writeFileSync(
      path.join(here, "x.json"),
      JSON.stringify({
        "security-group-no-public-ingress": "advisory",
        "default-security-group-closed": "advisory",
      }),
    );
    const relativeDir = path.relative(here, WEB_AND_DATABASE);
    const read = await standingIn(here, () =>
      checkStack([relativeDir, "--policy-config", "./x.json"]),
    );
    assert.strictEqual(read.code, 0, read.err);
    assert.match(
      read.out,
      /^Policy pack \(pulumi preview --policy-pack policy --policy-pack-config \.\/x\.json\):$/m,
    );
    assert.match(read.out, /^ {2}advisory security-group-no-public-ingress \(db-from-anywhere\)/m);
    // npm start too, and a folder that is not there.
    const startMissing = await standingIn(here, () => start(["--policy-config", "x2.json"]));
    assert.deepStrictEqual(startMissing, {
      code: 2,
      out: "",
      err: `--policy-config x2.json: no such file (looked for ${path.join(here, "x2.json")}).`,
    });
    assert.deepStrictEqual(await standingIn(here, () => checkStack(["nowhere"])), {
      code: 2,
      out: "",
      err: `nowhere: no such folder (${path.join(here, "nowhere")}).`,
    });
  });

  it("a folder's stack files are named when the stack is not there, and a program's missing packages are the user's to install: exit 2", async () => {
    assert.deepStrictEqual(await checkStack([EXISTING_SUBNETS]), {
      code: 2,
      out: "",
      err: `${path.join(EXISTING_SUBNETS, "Pulumi.dev.yaml")} does not exist; the folder has stack files for test: pass --stack test.`,
    });
    const bare = tempDir();
    fs.writeFileSync(
      path.join(bare, "Pulumi.yaml"),
      "name: bare\nruntime: nodejs\nmain: index.ts\n",
    );
    fs.writeFileSync(path.join(bare, "Pulumi.dev.yaml"), "config: {}\n");
    fs.writeFileSync(path.join(bare, "index.ts"), 'import "not-installed-anywhere";\n');
    assert.deepStrictEqual(
      await standingIn(path.dirname(bare), () => checkStack([path.basename(bare)])),
      {
        code: 2,
        out: "",
        err: `The program imports not-installed-anywhere, which is not installed for it: run npm install (or npm ci) in ${path.basename(bare)}, as pulumi up needs too.`,
      },
    );
  });

  it("--world files (repeatable) are read from where the user stands and passed to the run", async () => {
    const here = tempDir();
    fs.writeFileSync(
      path.join(here, "vpc.json"),
      JSON.stringify({
        Vpcs: [{ VpcId: "vpc-app", CidrBlock: "10.8.0.0/16" }],
        Subnets: ["a", "b"].map((zone, i) => ({
          SubnetId: `subnet-${zone}`,
          VpcId: "vpc-app",
          AvailabilityZone: `us-east-1${zone}`,
          CidrBlock: `10.8.${i * 16}.0/20`,
        })),
      }),
    );
    fs.writeFileSync(
      path.join(here, "routes.json"),
      JSON.stringify({
        RouteTables: [
          {
            RouteTableId: "rtb-main",
            VpcId: "vpc-app",
            Associations: [{ Main: true, RouteTableId: "rtb-main" }],
            Routes: [{ DestinationCidrBlock: "10.8.0.0/16", GatewayId: "local" }],
          },
        ],
      }),
    );
    const result = await standingIn(here, () =>
      start([EXISTING_SUBNETS, "--stack", "test", "--world", "vpc.json", "--world", "routes.json"]),
    );
    assert.strictEqual(result.code, 0, result.err);
    const text = unwrap(result.out);
    assert.ok(
      text.includes(
        `  - the account holds what the --world files (${path.join(here, "vpc.json")}, ${path.join(here, "routes.json")}) describe: 1 VPC, 2 subnets, 1 route table`,
      ),
      text,
    );
    // The function's subnets are the account's: their zones and VPC come from the files.
    assert.match(
      text,
      /^ {2}worker: in the VPC, zones us-east-1a, us-east-1b, security groups worker-sg$/m,
    );
    assert.match(text, /^ {2}vpc-app \(existing\): 2 \(default quota 500\)$/m);
    // A world file that is not there: the tool's input, exit 2, named.
    const missing = await standingIn(here, () =>
      checkStack([EXISTING_SUBNETS, "--stack", "test", "--world", "nope.json"]),
    );
    assert.strictEqual(missing.code, 2);
    assert.ok(
      missing.err.startsWith(`--world ${path.join(here, "nope.json")}: no such file`),
      missing.err,
    );
  });

  it("a stack without aws:region takes the --world files' region, and says so", async () => {
    const here = tempDir();
    fs.writeFileSync(path.join(here, "region.json"), JSON.stringify({ Region: "us-east-1" }));
    const result = await standingIn(here, () => checkStack([NO_REGION, "--world", "region.json"]));
    assert.match(
      result.out.replace(/\n +/g, " "),
      /region: us-east-1 \(the --world files'; Pulumi\.dev\.yaml sets no aws:region, and pulumi up would use/,
    );
  });

  it("names the resources whose ids a program's error holds", async () => {
    const result = await checkStack([NO_REGION, "--stack", "mismatch"]);
    assert.strictEqual(result.code, 1);
    const err = result.err.replace(/\n +/g, " ");
    assert.match(err, /^The program failed on stack mismatch: VpcFunction "api": subnetIds: /);
    // Already named by the library: left as written; the VPCs it did not name are named.
    assert.match(
      err,
      /subnet-[0-9a-f]+ \(private subnet us-east-1a of PrivateNetwork "net"\) is in vpc-[0-9a-f]+ \(aws\.ec2\.Vpc "net-vpc"\)/,
    );
    assert.match(
      err,
      /not in vpcId vpc-[0-9a-f]+ \(aws\.ec2\.Vpc "other-vpc"\); pass subnets of that VPC\.$/,
    );
  });
});

describe("scripts/resourceNames: ids in messages, named", () => {
  const regs = [
    { type: "aws:ec2/vpc:Vpc", name: "app-vpc", custom: true, id: "vpc-0a1b2c3d" },
    {
      type: "aws:ec2/subnet:Subnet",
      name: "app-private-us-east-1a",
      custom: true,
      id: "subnet-16c7bc4f",
    },
    { type: "aws:s3/bucket:Bucket", name: "logs", custom: true, id: "logs-7dd4f2f" },
    // Takes its bucket's id: the bucket, registered first, names it.
    {
      type: "aws:s3/bucketVersioning:BucketVersioning",
      name: "logs",
      custom: true,
      id: "logs-7dd4f2f",
    },
    { type: "lambda-networking:index:PrivateNetwork", name: "app", custom: false },
    { type: "aws:index/provider:Provider", name: "default", custom: true, id: "short" },
  ];

  it("follows each id of a registered resource with its type and name", () => {
    assert.strictEqual(
      nameIdsIn("subnet-16c7bc4f is in vpc-0a1b2c3d, not in vpc-99.", regs),
      'subnet-16c7bc4f (aws.ec2.Subnet "app-private-us-east-1a") is in vpc-0a1b2c3d (aws.ec2.Vpc "app-vpc"), not in vpc-99.',
    );
    assert.strictEqual(
      nameIdsIn("bucket logs-7dd4f2f.", regs),
      'bucket logs-7dd4f2f (aws.s3.Bucket "logs").',
    );
  });

  it("leaves alone: parts of longer words, ids already explained, short ids; naming twice changes nothing", () => {
    for (const message of [
      "vpc-0a1b2c3d-extra and xvpc-0a1b2c3d",
      "vpce-1.vpc-0a1b2c3d.example.com",
      "arn:aws:logs:us-east-1:1:log-group:logs-7dd4f2f:*",
      'subnet-16c7bc4f (private subnet us-east-1a of PrivateNetwork "app")',
      "short",
    ]) {
      assert.strictEqual(nameIdsIn(message, regs), message);
    }
    const once = nameIdsIn("in vpc-0a1b2c3d", regs);
    assert.strictEqual(nameIdsIn(once, regs), once);
    assert.deepStrictEqual(nameIdsInAll(["vpc-0a1b2c3d", "none"], []), ["vpc-0a1b2c3d", "none"]);
  });

  it("writes a type token as the program writes the class", () => {
    assert.strictEqual(typeName("aws:ec2/subnet:Subnet"), "aws.ec2.Subnet");
    assert.strictEqual(typeName("aws:index/provider:Provider"), "aws.Provider");
    assert.strictEqual(typeName("acme:Vpc"), "acme:Vpc");
  });
});

describe("scripts/render: long lines wrap", () => {
  it("breaks between words, indenting continuation lines 4 further, within the width", () => {
    const text = `  ${"word ".repeat(40).trim()}`;
    const lines = wrapLine(text, 40);
    assert.ok(lines.length > 1);
    assert.ok(lines.every((l) => l.length <= 40));
    assert.ok(lines.slice(1).every((l) => l.startsWith("      word")));
    assert.strictEqual(lines.map((l) => l.trim()).join(" "), text.trim());
    assert.deepStrictEqual(wrapLine("  short", 40), ["  short"]);
  });

  it("with statements, breaks between a policy's statements, and a word too long after its commas", () => {
    const actions = Array.from({ length: 6 }, (_, i) => `ec2:Action${i}`).join(",");
    const lines = wrapLine(`    Role r  trusts x | may: a on b; ${actions} on c; d on e`, 40, true);
    assert.deepStrictEqual(lines, [
      // Statements that fit share a line.
      "    Role r  trusts x | may: a on b;",
      // One too long for any line starts its own, and goes on 2 further in.
      "        ec2:Action0,ec2:Action1,",
      "          ec2:Action2,ec2:Action3,",
      "          ec2:Action4,ec2:Action5 on c;",
      "        d on e",
    ]);
  });
});
