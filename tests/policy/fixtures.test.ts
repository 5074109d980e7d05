/**
 * The policy pack and pre-flight on programs shaped like other people's (tests/policy/fixtures):
 * each run as `pulumi up` and as a first `pulumi preview` would run it, with the exact findings.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkStack, runCli } from "../../scripts/checkStack";
import { runProgram } from "../../scripts/runProgram";
import { readStackConfig } from "../../scripts/stackConfig";

const FIXTURES = path.join(__dirname, "fixtures");

/** "level policy resource" for the pack, "severity rule resource" for pre-flight. */
async function found(fixture: string, preview = false) {
  const check = await checkStack(path.join(FIXTURES, fixture), "dev", { preview });
  return {
    policies: check.policyFindings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`),
    preflight: check.preflight.map((f) => `${f.severity} ${f.rule} ${f.resource}`),
  };
}

describe("the guard rails on programs shaped like other people's", () => {
  describe("an awsx-style VPC whose subnet outputs carry every subnet", () => {
    const expected = {
      policies: [
        // A subnet made alone, zone left to AWS: one subnet is one zone.
        "mandatory lambda-multi-az single",
        // Found by the ids' values, though each function depends on all four subnets.
        "mandatory lambda-not-in-public-subnet misplaced",
        "mandatory lambda-not-in-public-subnet misplaced",
        // The VPC's default security group is left as AWS makes it.
        "mandatory default-security-group-closed main",
      ],
      preflight: [],
    };

    it("pulumi up: functions in public subnets and in one subnet, nothing on the private ones", async () => {
      assert.deepStrictEqual(await found("awsx-style-vpc"), expected);
    });

    it("first preview: subnet ids unknown and dependencies ambiguous, so only the one-subnet function is decided", async () => {
      assert.deepStrictEqual(await found("awsx-style-vpc", true), {
        policies: [
          "mandatory lambda-multi-az single",
          "mandatory default-security-group-closed main",
        ],
        preflight: [],
      });
    });
  });

  describe("an internet gateway attached separately, routes in the VPC's main table", () => {
    const expected = {
      policies: [
        "mandatory lambda-not-in-public-subnet web-hook",
        "mandatory lambda-not-in-public-subnet web-hook",
        "advisory nat-gateway-per-az private",
        // Gateway endpoints with AWS's default full-access policy.
        "advisory endpoint-policy-scoped dynamodb",
        "advisory endpoint-policy-scoped s3",
        "mandatory default-security-group-closed app",
      ],
      // No "different VPC" for the gateway, no vpcEndpointType demanded of S3 and DynamoDB.
      preflight: [],
    };

    it("pulumi up: the public subnets are found through the main route table", async () => {
      assert.deepStrictEqual(await found("igw-attachment"), expected);
    });

    it("first preview: the same, through the dependencies that identify the subnets", async () => {
      assert.deepStrictEqual(await found("igw-attachment", true), { ...expected, preflight: [] });
    });
  });

  it("roles granted ENI permissions through managedPolicyArns, the role resource or role.id pass; a role without them fails", async () => {
    assert.deepStrictEqual(await found("managed-policy-role"), {
      policies: [],
      preflight: ["error function-role-eni-permissions Function fn-logs-only"],
    });
  });

  it("a public web tier on 80 and 443 passes; the database open to the world does not", async () => {
    const expected = {
      policies: [
        "mandatory security-group-no-public-ingress db-from-anywhere",
        "mandatory default-security-group-closed shop",
      ],
      preflight: [],
    };
    assert.deepStrictEqual(await found("web-and-database"), expected);
    assert.deepStrictEqual(await found("web-and-database", true), expected);
  });

  describe("a dual-stack VPC whose async main cuts /64s out of Amazon's /56", () => {
    it("runs to the end: the VPC gets a /56 as from AWS, the subnets their /64s, and nothing is found", async () => {
      const run = await runProgram(
        path.join(FIXTURES, "dual-stack"),
        readStackConfig(path.join(FIXTURES, "dual-stack"), "dev"),
      );
      const block = run.outputs.vpcIpv6CidrBlock as string;
      assert.match(block, /^2600:1f18:[0-9a-f]{4}:[0-9a-f]{2}00::\/56$/);
      const prefix = block.split(":").slice(0, 3).join(":");
      const fourth = block.split(":")[3];
      assert.deepStrictEqual(run.outputs.subnetIpv6CidrBlocks, [
        `${prefix}:${parseInt(fourth, 16).toString(16)}::/64`,
        `${prefix}:${(parseInt(fourth, 16) + 1).toString(16)}::/64`,
      ]);
      assert.deepStrictEqual(await found("dual-stack"), { policies: [], preflight: [] });
    });

    it("a program that never finishes is an error, not half a report", async () => {
      await assert.rejects(
        checkStack(path.join(FIXTURES, "never-finishes"), "dev", { stuckAfterMs: 200 }),
        {
          message:
            "the program did not finish: its main function was still waiting 0.2 s after its last registration or look-up, for a value that never came; nothing it registered is judged.",
        },
      );
    });
  });

  describe("npm run check-stack", () => {
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out: out.join("\n"), err: err.join("\n") };
    };

    it("prints the findings and fails on a mandatory one", async () => {
      const result = await run(path.join(FIXTURES, "web-and-database"));
      assert.strictEqual(result.code, 1);
      assert.match(result.out, /mandatory security-group-no-public-ingress \(db-from-anywhere\)/);
      // Mandatory policies fail a run with the pack, not pulumi up as such.
      assert.strictEqual(
        result.err,
        "2 mandatory policy violations: pulumi preview/up with --policy-pack policy would fail.",
      );
    });

    it("names an invoke the offline runtime cannot answer: its limit, not the program's error, so 2", async () => {
      const result = await run(path.join(FIXTURES, "unknown-invoke"));
      assert.strictEqual(result.code, 2);
      // Long messages wrap: read with each line's break and indent as one space.
      assert.match(
        result.err.replace(/\n +/g, " "),
        /^The offline runtime cannot run this program \(a limit of the offline check, not an error in the program\): the offline runtime has no answer for invoke aws:ec2\/getAmi:getAmi \(it answers aws:index\/getRegion:getRegion, .*\): give the program the value as config, or run it against AWS with pulumi preview\.$/,
      );
    });

    it("names its own input files when they are wrong, and exits 2: a policy config or a stack file", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-stack-"));
      const file = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      const program = path.join(FIXTURES, "web-and-database");
      const cases: [string, string][] = [
        [file("broken.json", '{"lambda-in-vpc": '), "not JSON (Unexpected end of JSON input)."],
        [
          file("export.json", JSON.stringify([{ urn: "urn:pulumi:dev::app::aws:ec2/vpc:Vpc::v" }])),
          'policy config must be a JSON object of policy names, like {"lambda-in-vpc": {"exemptFunctionNames": ["report"]}} (got a list).',
        ],
        [
          file("huge.json", `[${"0,".repeat(4 * 1024 * 1024)}0]`),
          `${8 * 1024 * 1024 + 3} bytes, far more than a policy config (a JSON object of policy names and settings): is it the right file?`,
        ],
        // Relative paths, read from where the user stands: tests/lib/checkStackCli.test.ts.
        [path.join(dir, "missing.json"), "no such file."],
      ];
      for (const [config, message] of cases) {
        const result = await run(program, "--policy-config", config);
        assert.deepStrictEqual(result, {
          code: 2,
          out: "",
          err: `--policy-config ${config}: ${message}`,
        });
      }
      // A stack file that is not YAML.
      const stackDir = path.join(dir, "app");
      fs.mkdirSync(stackDir);
      fs.writeFileSync(path.join(stackDir, "Pulumi.yaml"), "name: app\nruntime: nodejs\n");
      const stackFile = path.join(stackDir, "Pulumi.dev.yaml");
      fs.writeFileSync(stackFile, "config:\n  aws:region: [us-east-1\n");
      const bad = await run(stackDir);
      assert.strictEqual(bad.code, 2);
      assert.match(
        bad.err,
        new RegExp(`^${stackFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid YAML: `),
      );
    });

    it("refuses bad usage", async () => {
      assert.deepStrictEqual(await run(), {
        code: 2,
        out: "",
        err: "name the program's folder (the one with Pulumi.yaml)\nusage: npm run check-stack -- DIR [--stack NAME] [--preview] [--plan] [--policy-config FILE] [--world FILE]... [--json]",
      });
    });
  });
});
