import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPolicies } from "../../policy/runner";
import { planOf, runCli, SAMPLE_POLICY_CONFIG } from "../../scripts/plan";
import { Plan } from "../../scripts/planModel";
import { renderMermaid, renderText } from "../../scripts/render";
import { ProgramError, runSampleProgram } from "../../scripts/runProgram";
import { runStack } from "../sampleRuns";
import { readStackConfig } from "../../scripts/stackConfig";
import { squash, unwrap } from "./planText";
import { Registration, TYPES } from "../mocks";

const ROOT = path.join(__dirname, "..", "..");
const T = {
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  route: "aws:ec2/route:Route",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  fn: "aws:lambda/function:Function",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};

function find(regs: Registration[], type: string, name: string): Registration {
  const found = regs.find((r) => r.type === type && r.name === name);
  assert.ok(found, `${type} ${name} was not registered`);
  return found;
}

/** Writes a stack config next to a copy of Pulumi.yaml in a temporary folder. */
function tempStack(stack: string, config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const lines = Object.entries(config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `config:\n${lines.join("\n")}\n`);
  return dir;
}

describe("sample stack", () => {
  it("dev: two zones, no NAT, every AWS call through an endpoint", async () => {
    const run = await runStack("dev");
    const regs = run.registrations;
    const count = (type: string) => regs.filter((r) => r.type === type).length;
    assert.deepStrictEqual(
      [count(T.subnet), count(T.nat), count(T.eip), count(T.route)],
      [2, 0, 0, 0],
    );
    assert.deepStrictEqual(
      regs
        .filter((r) => r.type === T.endpoint)
        .map((r) => r.name)
        .sort(),
      [
        "invoke-endpoints-lambda",
        "lambda-endpoints-dynamodb",
        "lambda-endpoints-s3",
        "lambda-endpoints-sqs",
      ],
    );
    const privateSubnets = ["a", "b"].map(
      (l) => find(regs, T.subnet, `lambda-private-us-east-1${l}`).id,
    );
    const worker = find(regs, T.fn, "worker");
    assert.deepStrictEqual(worker.inputs.vpcConfig.subnetIds, privateSubnets);
    assert.strictEqual(worker.inputs.runtime, "nodejs22.x");
    assert.deepStrictEqual(Object.keys(worker.inputs.environment.variables).sort(), [
      "BUCKET",
      "OBJECT_KEY",
      "QUEUE_URL",
      "REPORT_FUNCTION",
    ]);
    const report = find(regs, T.fn, "report");
    assert.strictEqual(report.inputs.vpcConfig, undefined);
    // Only the report function may be invoked through the Lambda endpoint.
    const reportArn = `arn:aws:lambda:us-east-1:123456789012:function:${run.outputs.reportFunctionName as string}`;
    assert.deepStrictEqual(
      JSON.parse(find(regs, T.endpoint, "invoke-endpoints-lambda").inputs.policy).Statement[0]
        .Resource,
      [reportArn, `${reportArn}:*`],
    );
    const access = JSON.parse(find(regs, T.rolePolicy, "worker-access").inputs.policy);
    assert.deepStrictEqual(
      access.Statement.map((s: { Action: string }) => s.Action),
      ["s3:GetObject", "sqs:SendMessage", "lambda:InvokeFunction"],
    );
    assert.deepStrictEqual(run.outputs.availabilityZones, ["us-east-1a", "us-east-1b"]);
    // sqs and lambda interface endpoints in two zones: 4 × $7.30.
    assert.strictEqual(run.outputs.estimatedMonthlyCostUsd, 29.2);
    assert.strictEqual(run.outputs.hyperplaneEniCount, 2);
  });

  it("prod: three zones with a NAT gateway each and zone-local egress", async () => {
    const run = await runStack("prod");
    const regs = run.registrations;
    const count = (type: string) => regs.filter((r) => r.type === type).length;
    assert.deepStrictEqual(
      [count(T.subnet), count(T.nat), count(T.eip), count(T.route)],
      [6, 3, 3, 4],
    );
    // The assumed us-east-1 mapping makes use1-az3 zone c, excluded by default.
    assert.deepStrictEqual(run.outputs.availabilityZones, [
      "us-east-1a",
      "us-east-1b",
      "us-east-1d",
    ]);
    for (const zone of run.outputs.availabilityZones) {
      assert.strictEqual(
        find(regs, T.route, `lambda-private-${zone}`).inputs.natGatewayId,
        find(regs, T.nat, `lambda-nat-${zone}`).id,
      );
    }
    // 3 × $36.50 NAT with IPv4 + 6 × $7.30 endpoint zones.
    assert.strictEqual(run.outputs.estimatedMonthlyCostUsd, 153.3);
  });

  const badConfigs: [string, Record<string, unknown>, string][] = [
    [
      "the lambda endpoint listed twice",
      { "lambda-networking-sample:endpoints": ["s3", "sqs", "lambda"] },
      'stack config "endpoints": lists lambda, whose endpoint the stack\'s LambdaInterfaceEndpoint creates; remove it.',
    ],
    [
      "no way to SQS",
      { "lambda-networking-sample:endpoints": ["s3"] },
      'stack config "endpoints": lacks sqs, which the worker function calls, and natGateways is none, so it has no other way out: add them, or set natGateways to single, perAz, regional or instances.',
    ],
    [
      "an unknown NAT strategy",
      { "lambda-networking-sample:natGateways": "sometimes" },
      'stack config "natGateways": "sometimes" is not one of none, single, perAz, regional, instances.',
    ],
    [
      "more zones than the region has",
      { "lambda-networking-sample:availabilityZoneCount": 4, "aws:region": "eu-west-1" },
      'PrivateNetwork "lambda": availabilityZoneCount is 4, but eu-west-1 offers only 3 zones: lower the count or change excludeAvailabilityZoneIds.',
    ],
  ];
  it("cn-north-1: AWS's endpoint service names and aws-cn ARNs, nothing AWS would refuse", async () => {
    const dir = tempStack("china", {
      "aws:region": "cn-north-1",
      availabilityZoneCount: 2,
      natGateways: "none",
      endpoints: ["s3", "dynamodb", "sqs"],
    });
    const run = await runSampleProgram(readStackConfig(dir, "china"));
    const names = Object.fromEntries(
      run.registrations
        .filter((r) => r.type === T.endpoint)
        .map((r) => [r.name, r.inputs.serviceName]),
    );
    assert.deepStrictEqual(names, {
      "invoke-endpoints-lambda": "cn.com.amazonaws.cn-north-1.lambda",
      "lambda-endpoints-dynamodb": "com.amazonaws.cn-north-1.dynamodb",
      "lambda-endpoints-s3": "com.amazonaws.cn-north-1.s3",
      "lambda-endpoints-sqs": "cn.com.amazonaws.cn-north-1.sqs",
    });
    // Every ARN the roles' policies name is in the aws-cn partition.
    const arns = run.registrations
      .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")
      .flatMap((r) => JSON.stringify(r.inputs.policy).match(/arn:[a-z-]+:/g) ?? []);
    assert.ok(arns.length > 0);
    assert.deepStrictEqual([...new Set(arns)], ["arn:aws-cn:"]);
    assert.deepStrictEqual(planOf(run).preflight, []);
  });

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: nothing is placed in the VPC's default security group, which is closed`, async () => {
      const run = await runStack(stack);
      const vpc = run.registrations.find((r) => r.type === TYPES.vpc);
      const defaultGroup = vpc?.outputs?.defaultSecurityGroupId as string;
      assert.match(defaultGroup, /^sg-/);
      const using = run.registrations.filter((r) =>
        JSON.stringify(r.inputs).includes(defaultGroup),
      );
      assert.deepStrictEqual(
        using.map((r) => `${r.type} ${r.name}`),
        [],
      );
      const closed = run.registrations.filter((r) => r.type === TYPES.defaultSecurityGroup);
      assert.deepStrictEqual(
        closed.map((r) => [r.name, r.inputs.ingress, r.inputs.egress]),
        [["lambda-default-sg", [], []]],
      );
    });
  }

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: the bucket and queue refuse plain HTTP, the worker reaches the bucket only through the S3 endpoint, every log group expires`, async () => {
      const { registrations: regs } = await runStack(stack);
      const one = (type: string) => {
        const found = regs.filter((r) => r.type === type);
        assert.strictEqual(found.length, 1, type);
        return found[0];
      };
      const bucket = one("aws:s3/bucket:Bucket");
      const bucketArn = bucket.outputs?.arn as string;
      const worker = regs.find((r) => r.type === TYPES.role && r.name === "worker-role");
      const s3Endpoint = regs.find(
        (r) => r.type === T.endpoint && r.name === "lambda-endpoints-s3",
      );
      const denyPlainHttp = (action: string, resources: string[]) => ({
        Sid: "DenyPlainHttp",
        Effect: "Deny",
        Principal: "*",
        Action: action,
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
      assert.deepStrictEqual(JSON.parse(one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy), {
        Version: "2012-10-17",
        Statement: [
          denyPlainHttp("s3:*", [bucketArn, `${bucketArn}/*`]),
          {
            Sid: "WorkerOnlyThroughTheS3Endpoint",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: {
              ArnEquals: { "aws:PrincipalArn": worker?.outputs?.arn },
              StringNotEquals: { "aws:SourceVpce": s3Endpoint?.id },
            },
          },
        ],
      });
      assert.deepStrictEqual(
        one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration,
        { status: "Enabled" },
      );
      const queue = one("aws:sqs/queue:Queue");
      assert.deepStrictEqual(JSON.parse(one("aws:sqs/queuePolicy:QueuePolicy").inputs.policy), {
        Version: "2012-10-17",
        Statement: [denyPlainHttp("sqs:*", [queue.outputs?.arn as string])],
      });
      const groups = regs.filter((r) => r.type === TYPES.logGroup);
      assert.deepStrictEqual(groups.map((g) => [g.name, g.inputs.retentionInDays]).sort(), [
        ["lambda-flow-logs", 90],
        ["report", 90],
        ["worker-logs", 90],
      ]);
      // Both functions log to a group of the stack; no role may write logs anywhere else.
      for (const fn of regs.filter((r) => r.type === T.fn)) {
        assert.ok(
          groups.some((g) => g.outputs?.name === fn.inputs.loggingConfig?.logGroup),
          fn.name,
        );
      }
      assert.deepStrictEqual(
        regs.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
        [],
      );
    });
  }

  for (const [what, config, message] of badConfigs) {
    it(`fails clearly on ${what}`, async () => {
      const dir = tempStack("bad", config);
      await assert.rejects(runSampleProgram(readStackConfig(dir, "bad")), (e: ProgramError) => {
        assert.deepStrictEqual(e.messages, [message]);
        return true;
      });
    });
  }
});

describe("offline plan (npm start)", () => {
  // Planned once: each plan runs the whole sample program.
  let dev: Plan;
  let prod: Plan;
  before(async () => {
    const withFindings = async (stack: string) => {
      const run = await runStack(stack);
      return planOf(run, await runPolicies(run.registrations, SAMPLE_POLICY_CONFIG));
    };
    dev = await withFindings("dev");
    prod = await withFindings("prod");
  });

  it("prints every section of the plan for the dev stack, no line over 100 characters", () => {
    const printed = renderText(dev);
    // Was 700 characters for the worker's role: long lines now wrap (headings stay whole).
    const long = printed.split("\n").filter((l) => l.length > 100);
    assert.deepStrictEqual(long, []);
    const text = unwrap(printed);
    const headings = text.split("\n").filter((l) => /^[A-Z]/.test(l));
    assert.deepStrictEqual(headings, [
      'Offline plan for stack "dev" of lambda-networking-sample in us-east-1',
      "Assumed, not read from AWS:",
      "Resources by component",
      "By zone",
      "Routes",
      "Endpoints",
      "Functions",
      "Estimated monthly cost (hourly charges, 730 h; data processing extra)",
      "Hyperplane ENIs (distinct subnet and security-group sets of VPC functions)",
      "Stack outputs (ids are placeholders)",
      "Destroy order (pulumi destroy: each wave after the ones before it, a wave in parallel)",
      "Pre-flight (rules the AWS API enforces at deploy time)",
      "Policy findings (pulumi preview --policy-pack policy --policy-pack-config policy/sample-config.json)",
    ]);
    assert.match(text, /^35 resources would be created\. Nothing was sent to AWS\.$/m);
    assert.match(text, /^ {2}us-east-1a \(use1-az1\)$/m);
    assert.match(text, /^ {4}interface endpoints: sqs, lambda$/m);
    assert.match(text, /^ {2}total \$29\.20$/m);
    // The total split by top-level component (the sample's two interface endpoints).
    assert.match(
      text,
      /^ {2}by top-level component:\n {4}LambdaInterfaceEndpoint "invoke": \$14\.60\n {4}PrivateNetwork "lambda": \$14\.60$/m,
    );
    assert.deepStrictEqual(dev.cost.byComponent, [
      { component: 'LambdaInterfaceEndpoint "invoke"', monthlyUsd: 14.6 },
      { component: 'PrivateNetwork "lambda"', monthlyUsd: 14.6 },
    ]);
    // The region, and where it comes from.
    assert.strictEqual(dev.assumptions[0], "region: us-east-1 (Pulumi.dev.yaml sets aws:region)");
    // Which functions share the Hyperplane ENIs.
    assert.match(
      text,
      /^ {4}2 in subnets lambda-private-us-east-1a, lambda-private-us-east-1b with security groups worker-sg: used by worker$/m,
    );
    assert.match(text, /^ {2}lambda-vpc: 2 \(default quota 500\)$/m);
    assert.match(text, /^Pre-flight \(rules the AWS API enforces at deploy time\)\n {2}passed$/m);
    assert.deepStrictEqual(prod.preflight, []);
    // The network records rejected traffic and closes its default group: no finding at all.
    assert.match(text, /^Policy findings \(.*\)\n {2}none$/m);
    assert.match(
      text,
      /^ {4}FlowLog lambda-flow-logs {2}REJECT traffic of lambda-vpc to CloudWatch Logs lambda-flow-logs$/m,
    );
    // Each role's trust and permissions, and each resource policy, in one line.
    const line = (start: string) =>
      text.split("\n").find((l) => l.startsWith(start)) ?? `(no line ${start})`;
    assert.match(
      line("    Role report  "),
      /^ {4}Role report {2}trusts Service lambda\.amazonaws\.com \| may: logs:CreateLogStream,logs:PutLogEvents on report:\*$/,
    );
    const worker = squash(line("    Role worker-role  "));
    assert.match(worker, /^ {4}Role worker-role {2}trusts Service lambda\.amazonaws\.com \| may: /);
    for (const permission of [
      "s3:GetObject on arn:aws:s3:::greetings-",
      "ec2:DescribeNetworkInterfaces,ec2:DescribeSubnets on any resource",
      "ec2:CreateNetworkInterface,ec2:DeleteNetworkInterface,ec2:AssignPrivateIpAddresses,ec2:UnassignPrivateIpAddresses on arn:aws:ec2:us-east-1:123456789012:network-interface/*",
      "ec2:CreateNetworkInterface on arn:aws:ec2:us-east-1:123456789012:subnet/*, arn:aws:ec2:us-east-1:123456789012:security-group/* if ec2:Vpc=arn:aws:ec2:us-east-1:123456789012:vpc/",
      "logs:CreateLogStream,logs:PutLogEvents on worker-logs:*",
    ]) {
      assert.ok(worker.includes(squash(permission)), permission);
    }
    assert.match(
      line("    QueuePolicy greetings  "),
      /policy: deny sqs:\* on greetings if aws:SecureTransport=false$/,
    );
    assert.match(
      text,
      /^ {4}DefaultSecurityGroup lambda-default-sg {2}lambda-vpc's default group, in: none \| out: none$/m,
    );
  });

  it("prints JSON that parses back to the plan", async () => {
    const io = { out: [] as string[], err: [] as string[] };
    const code = await runCli(["--json", "--stack", "dev"], ROOT, {
      out: (t) => io.out.push(t),
      err: (t) => io.err.push(t),
    });
    assert.strictEqual(code, 0);
    const plan = JSON.parse(io.out.join("\n"));
    // The same plan as the dev run's, through JSON (fresh placeholders are deterministic).
    assert.deepStrictEqual(plan, JSON.parse(JSON.stringify(dev)));
  });

  it("draws every zone and endpoint in the Mermaid diagram", () => {
    const plan = prod;
    const diagram = renderMermaid(plan);
    assert.match(diagram, /^flowchart LR\n/);
    for (const zone of plan.zones) {
      assert.ok(diagram.includes(`["${zone.name} (${zone.id})"]`), zone.name);
    }
    for (const endpoint of plan.endpoints) {
      assert.ok(
        diagram.includes(`"${endpoint.service} ${endpoint.type.toLowerCase()} endpoint"`),
        endpoint.service,
      );
    }
  });

  it("shows in docs/operations.md the diagram it draws for the dev stack", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "operations.md"), "utf8");
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(doc);
    assert.ok(block, "docs/operations.md has no mermaid block");
    assert.strictEqual(block[1], renderMermaid(dev), "run: npm start -- --mermaid");
  });

  it("exits 1 naming the problem on bad config, and 2 on bad usage or a missing input file", async () => {
    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const dir = tempStack("bad", { "lambda-networking-sample:natGateways": "sometimes" });
    assert.strictEqual(await runCli(["--stack", "bad"], dir, io), 1);
    assert.strictEqual(
      err.pop(),
      'The program failed on stack bad:\n  stack config "natGateways": "sometimes" is not one of none, single, perAz, regional, instances.',
    );
    // A missing stack file is the tool's input, not the program's: 2, naming the file.
    assert.strictEqual(await runCli(["--stack", "nope"], ROOT, io), 2);
    assert.strictEqual(
      err.pop(),
      `${path.join(ROOT, "Pulumi.nope.yaml")} does not exist; the folder has stack files for dev, ipv6, prod, shared: pass --stack dev.`,
    );
    const strict = path.join(dir, "strict.json");
    fs.writeFileSync(
      strict,
      // Made mandatory and without the sample's exemption, lambda-in-vpc fails on report.
      JSON.stringify({ "lambda-in-vpc": { enforcementLevel: "mandatory" } }),
    );
    assert.strictEqual(await runCli(["--policy-config", strict], ROOT, io), 1);
    assert.strictEqual(
      err.pop(),
      `1 mandatory policy violation: pulumi preview/up with --policy-pack policy --policy-pack-config ${strict} would fail.`,
    );
    // The findings' heading names the config they were computed with.
    assert.ok(
      (out.pop() ?? "").includes(
        `Policy findings (pulumi preview --policy-pack policy --policy-pack-config ${strict})`,
      ),
    );
    assert.strictEqual(await runCli(["--xml"], ROOT, io), 2);
    assert.strictEqual(
      err.pop(),
      "unknown argument --xml\nusage: npm start -- [DIR] [--stack NAME] [--preview] [--policy-config FILE] [--world FILE]... [--json | --mermaid]",
    );
  });
});
