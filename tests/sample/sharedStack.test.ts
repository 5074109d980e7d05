/**
 * The sample's shared stack (Pulumi.shared.yaml: dev's network as the spoke of a hub network in
 * the same stack, config `sharedEndpoints`) runs offline, passes pre-flight and the policy pack,
 * and its plan prints the shared service endpoints with what sharing saves.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planOf, runCli } from "../../scripts/plan";
import { renderMermaid, renderText } from "../../scripts/render";
import { ProgramError, runSampleProgram } from "../../scripts/runProgram";
import { readStackConfig } from "../../scripts/stackConfig";
import { ROOT, runStack } from "../sampleRuns";
import { Registration, TYPES } from "../mocks";
import { unwrap } from "./planText";

const PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
const SHARED = ["sqs", "sts", "logs", "kms", "secretsmanager", "ssm"];

const named = (regs: readonly Registration[], type: string) =>
  regs
    .filter((r) => r.type === type)
    .map((r) => r.name)
    .sort();

function one(regs: readonly Registration[], type: string, name: string): Registration {
  const found = regs.find((r) => r.type === type && r.name === name);
  assert.ok(found, `${type} ${name} was not registered`);
  return found;
}

describe("the sample's shared stack", () => {
  it("builds the hub's endpoints, its profile, the spoke's association and the peering", async () => {
    const regs = (await runStack("shared")).registrations;
    const id = (type: string, name: string) => one(regs, type, name).id;
    const hubVpc = id(TYPES.vpc, "hub-vpc");
    const lambdaVpc = id(TYPES.vpc, "lambda-vpc");
    const profile = one(regs, TYPES.route53Profile, "shared-profile");
    assert.deepStrictEqual(named(regs, TYPES.route53Profile), ["shared-profile"]);
    // The hub's endpoints: one interface endpoint with private DNS per shared service, in the hub.
    const hubEndpoints = regs.filter(
      (r) => r.type === TYPES.vpcEndpoint && r.inputs.vpcId === hubVpc,
    );
    assert.deepStrictEqual(
      hubEndpoints.map((e) => [e.name, e.inputs.vpcEndpointType, e.inputs.privateDnsEnabled]),
      SHARED.map((s) => [`shared-endpoints-${s}`, "Interface", true]),
    );
    // Each associated with the profile by its ARN.
    assert.deepStrictEqual(
      regs
        .filter((r) => r.type === TYPES.route53ProfileResourceAssociation)
        .map((r) => [r.name, r.inputs.profileId, r.inputs.resourceArn]),
      hubEndpoints.map((e, i) => [`shared-profile-${SHARED[i]}`, profile.id, e.outputs?.arn]),
    );
    assert.deepStrictEqual(
      one(regs, TYPES.route53ProfileAssociation, "lambda-shared-endpoints-association").inputs
        .resourceId,
      lambdaVpc,
    );
    // Not shared through RAM: the spoke is a VPC of this account.
    for (const type of [TYPES.resourceShare, TYPES.ramPrincipalAssociation]) {
      assert.deepStrictEqual(named(regs, type), [], type);
    }
    // The lambda network keeps only its gateway endpoints (and the invoke endpoint's lambda).
    assert.deepStrictEqual(
      regs
        .filter((r) => r.type === TYPES.vpcEndpoint && r.inputs.vpcId === lambdaVpc)
        .map((r) => r.name)
        .sort(),
      ["invoke-endpoints-lambda", "lambda-endpoints-dynamodb", "lambda-endpoints-s3"],
    );
    const peering = one(regs, PEERING, "hub-lambda");
    assert.deepStrictEqual(
      [peering.inputs.vpcId, peering.inputs.peerVpcId, peering.inputs.autoAccept],
      [lambdaVpc, hubVpc, true],
    );
    const routes = regs
      .filter((r) => r.type === TYPES.route && r.inputs.vpcPeeringConnectionId === peering.id)
      .map((r) => [r.name, r.inputs.destinationCidrBlock])
      .sort();
    assert.deepStrictEqual(routes, [
      ["hub-via-peering-1", "10.1.0.0/16"],
      ["hub-via-peering-2", "10.1.0.0/16"],
      ["lambda-via-peering-1", "10.0.0.0/16"],
      ["lambda-via-peering-2", "10.0.0.0/16"],
    ]);
  });

  it("passes pre-flight and the policy pack, and prints what sharing saves", async () => {
    const run = await runStack("shared");
    const plan = planOf(run);
    assert.deepStrictEqual(plan.preflight, []);
    assert.deepStrictEqual(plan.policyFindings, []);
    // By hand: 6 services × 2 zones = 12 endpoint-AZs × $0.01 an hour × 730 h = $87.60 a month
    // for a set. Sharing with n spokes: the hub's set, the profile ($0.75 × 730 = $547.50) and a
    // transit gateway attachment per VPC ($0.05 × 730 = $36.50, hub and spokes).
    // n = 1: 87.60 + 547.50 + 2 × 36.50 = 708.10 against one set, 87.60: saving −620.50.
    // It pays when n × 87.60 > 87.60 + 547.50 + 36.50 × (n + 1), that is 51.10 n > 671.60,
    // n > 13.14: from 14 spokes.
    const text = unwrap(renderText(plan));
    const section = text.slice(text.indexOf("Shared service endpoints"));
    assert.deepStrictEqual(section.split("\n").slice(0, 7), [
      "Shared service endpoints (Route 53 Profiles)",
      `  shared-profile of SharedServiceEndpoints "shared": ${SHARED.join(", ")}`,
      "    spoke VPCs in the stack: lambda-vpc (10.0.0.0/16)",
      "    lambda-vpc 10.0.0.0/16: admitted on TCP 443 by the hub's endpoint security group",
      "    not shared through AWS RAM: the spokes are VPCs of this account",
      "    spokes reach the hub's endpoints over your transit (transit gateway or peering); this plan does not check routes between VPCs",
      "    saving with 1 spoke: -$620.50 a month; sharing pays from 14 spokes (one set of these endpoints per spoke vs. the hub's, the profile and a transit gateway attachment per VPC)",
    ]);
    assert.match(text, /^ {4}1 × Route 53 Profile {7}\$547\.50$/m);
    assert.strictEqual(
      plan.outputs.profileId,
      one(run.registrations, TYPES.route53Profile, "shared-profile").id,
    );
    assert.strictEqual(plan.outputs.estimatedMonthlySavingUsd, -620.5);
    assert.strictEqual(plan.outputs.breakEvenSpokeCount, 14);
    // The README's figure: the lambda network's gateways ($0), the invoke endpoint (2 zones,
    // $14.60), the hub's twelve endpoint-AZs ($87.60) and the profile ($547.50): $649.70.
    assert.strictEqual(plan.outputs.estimatedMonthlyCostUsd, 649.7);
    assert.strictEqual(plan.cost.totalMonthlyUsd, 649.7);
    // The diagram draws each network's subnets in its own VPC, and the profile between them.
    const diagram = renderMermaid(plan);
    assert.match(diagram, /^ {4}subgraph hub_vpc_us_east_1a\["us-east-1a \(use1-az1\)"\]$/m);
    assert.match(diagram, /^ {2}fn_worker --> lambda_private_us_east_1a$/m);
    assert.match(diagram, /^ {2}profile_shared_profile -\.->\|names\| lambda_vpc$/m);
  });

  it("npm start -- --stack shared exits 0", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["--stack", "shared"], ROOT, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    assert.deepStrictEqual({ code, err }, { code: 0, err: [] });
    assert.match(out.join("\n"), /sharing pays from 14 spokes/);
  });

  it("refuses bad sharedEndpoints config before anything is registered, naming the key", async () => {
    const cases: [string, string, RegExp][] = [
      [
        "    - dynamodb\n",
        "    - dynamodb\n    - sqs\n",
        /stack config "endpoints": lists sqs, which sharedEndpoints shares from the hub network: the lambda network reaches it through the hub's endpoint; remove it from endpoints\./,
      ],
      [
        "    - ssm\n",
        "    - ssm\n    - lambda\n",
        /stack config "sharedEndpoints": lists lambda, whose endpoint the stack's LambdaInterfaceEndpoint creates/,
      ],
      [
        "    - ssm\n",
        "    - ssm\n    - s3\n",
        /stack config "sharedEndpoints": lists s3, whose gateway endpoints serve only their own VPC \(and are free\): list it in endpoints instead\./,
      ],
      [
        /lambda-networking-sample:sharedEndpoints:[\s\S]*$/.source,
        "lambda-networking-sample:sharedEndpoints: []\n",
        /stack config "sharedEndpoints": must be a list of service names, e\.g\. \["sqs", "sts"\]\./,
      ],
    ];
    const original = fs.readFileSync(path.join(ROOT, "Pulumi.shared.yaml"), "utf8");
    for (const [from, to, message] of cases) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-"));
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), original.replace(new RegExp(from), to));
      await assert.rejects(runSampleProgram(readStackConfig(dir, "bad")), (e: ProgramError) => {
        assert.match(e.message, message);
        return true;
      });
    }
  });
});
