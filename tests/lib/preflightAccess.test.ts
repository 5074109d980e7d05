/** The pre-flight on Lambda functions, IAM roles and policies, and flow logs. */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { VpcFunction } from "../../components";
import { registrations, settle, TWO_SUBNET_VPC, useWorld } from "../mocks";
import { PlannedResource, preflight } from "../../policy/rules/preflight";

import { r, rules, subnet, vpc } from "./preflightHelpers";

describe("lib/preflight", () => {
  it("checks Lambda: name length with the auto-name suffix, vpcConfig limits, one VPC, ENI permissions", () => {
    const role = r(
      "iam/role:Role",
      "role",
      { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}' },
      { arn: "arn:role", name: "role-1234567" },
    );
    const fn = (name: string, inputs: Record<string, any>) =>
      r("lambda/function:Function", name, { role: "arn:role", ...inputs });
    const vpcConfig = (subnetIds: string[], securityGroupIds = ["sg-1"]) => ({
      vpcConfig: { subnetIds, securityGroupIds },
    });
    const graph = [
      vpc(),
      subnet("a", "10.0.0.0/24"),
      subnet("b", "10.9.0.0/24", "us-east-1b", "vpc-other"),
      role,
      fn("x".repeat(57), {}),
      fn("explicit", { name: "y".repeat(65) }),
      fn(
        "wide",
        vpcConfig(
          Array.from({ length: 17 }, (_, i) => `s${i}`),
          ["1", "2", "3", "4", "5", "6"],
        ),
      ),
      fn("split", vpcConfig(["a-id", "b-id"])),
    ];
    assert.deepStrictEqual(rules(graph), [
      `Function ${"x".repeat(57)}: function-name-length`,
      "Function explicit: function-name-length",
      "Function wide: function-vpc-config-size",
      "Function wide: function-role-eni-permissions",
      "Function split: function-one-vpc",
      "Function split: function-role-eni-permissions",
    ]);
    const attached = r("iam/rolePolicyAttachment:RolePolicyAttachment", "vpc-access", {
      role: "role-1234567",
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    });
    assert.deepStrictEqual(
      rules([
        vpc(),
        subnet("a", "10.0.0.0/24"),
        role,
        attached,
        fn("x".repeat(56), vpcConfig(["a-id"])),
      ]),
      [],
    );
  });

  it("checks IAM: role name length and policy documents", () => {
    assert.deepStrictEqual(
      rules([
        r("iam/role:Role", "r".repeat(57), { assumeRolePolicy: "{}" }),
        r("iam/rolePolicy:RolePolicy", "inline", {
          role: "x",
          policy: '{"Version":"2012-10-17","Statement":[]}',
        }),
        r("iam/policy:Policy", "broken", { policy: "{nope" }),
      ]),
      [
        `Role ${"r".repeat(57)}: role-name-length`,
        `Role ${"r".repeat(57)}: policy-document`,
        "Policy broken: policy-document",
      ],
    );
  });

  it("checks flow logs: log group names, and a role that VPC flow logs may assume", () => {
    const trust = (service: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
      });
    const role = (name: string, service: string) =>
      r("iam/role:Role", name, { assumeRolePolicy: trust(service) }, { arn: `arn:${name}` });
    const log = (name: string, roleName: string) =>
      r("ec2/flowLog:FlowLog", name, {
        vpcId: "vpc-id",
        trafficType: "REJECT",
        logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:g",
        iamRoleArn: `arn:${roleName}`,
      });
    assert.deepStrictEqual(
      rules([
        r("cloudwatch/logGroup:LogGroup", "fine", { name: "/vpc/flow-logs#1" }),
        r("cloudwatch/logGroup:LogGroup", "spaced", { name: "flow logs" }),
        r("cloudwatch/logGroup:LogGroup", "long", { name: "g".repeat(513) }),
        // Auto-named: the resource name and a suffix of 8.
        r("cloudwatch/logGroup:LogGroup", "g".repeat(505), {}),
        role("flow", "vpc-flow-logs.amazonaws.com"),
        role("lambda", "lambda.amazonaws.com"),
        log("trusted", "flow"),
        log("untrusted", "lambda"),
        // To S3: no role.
        r("ec2/flowLog:FlowLog", "s3", { logDestinationType: "s3", logDestination: "arn:b" }),
      ]),
      [
        "LogGroup spaced: log-group-name-characters",
        "LogGroup long: log-group-name-length",
        `LogGroup ${"g".repeat(505)}: log-group-name-length`,
        "FlowLog untrusted: flow-log-role-trust",
      ],
    );
  });

  it("accepts a policy document without Version, and inline policies that grant ENI actions by wildcard", () => {
    const role = r(
      "iam/role:Role",
      "role",
      { assumeRolePolicy: '{"Statement":[]}' },
      { arn: "arn:role", name: "role-1" },
    );
    const fn = r("lambda/function:Function", "fn", {
      role: "arn:role",
      vpcConfig: { subnetIds: ["a-id"], securityGroupIds: ["sg-1"] },
    });
    const inline = (Action: unknown, Effect = "Allow") =>
      r("iam/rolePolicy:RolePolicy", "inline", {
        role: "role-1",
        policy: JSON.stringify({ Statement: [{ Effect, Action, Resource: "*" }] }),
      });
    const graph = (policy: PlannedResource) =>
      rules([vpc(), subnet("a", "10.0.0.0/24"), role, fn, policy]);
    assert.deepStrictEqual(graph(inline("ec2:*")), []);
    assert.deepStrictEqual(graph(inline("*")), []);
    assert.deepStrictEqual(
      graph(inline(["EC2:CreateNetworkInterface", "ec2:describe*", "ec2:Delete*"])),
      [],
    );
    assert.deepStrictEqual(graph(inline(["ec2:Describe*"])), [
      "Function fn: function-role-eni-permissions",
    ]);
    assert.deepStrictEqual(graph(inline("ec2:*", "Deny")), [
      "Function fn: function-role-eni-permissions",
    ]);
  });

  it("finds a role's ENI permissions in managedPolicyArns and in attachments by role id", () => {
    const role = (inputs: Record<string, unknown> = {}) =>
      r(
        "iam/role:Role",
        "role",
        { assumeRolePolicy: '{"Statement":[]}', ...inputs },
        { arn: "arn:role", name: "role-1" },
      );
    const fn = r("lambda/function:Function", "fn", {
      role: "arn:role",
      vpcConfig: { subnetIds: ["a-id"], securityGroupIds: ["sg-1"] },
    });
    const base = [vpc(), subnet("a", "10.0.0.0/24"), fn];
    const arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
    assert.deepStrictEqual(rules([...base, role()]), [
      "Function fn: function-role-eni-permissions",
    ]);
    assert.deepStrictEqual(rules([...base, role({ managedPolicyArns: [arn] })]), []);
    assert.deepStrictEqual(
      rules([
        ...base,
        role(),
        // role.id: a role's id is its name.
        r("iam/rolePolicyAttachment:RolePolicyAttachment", "by-id", {
          role: "role-id",
          policyArn: arn,
        }),
      ]),
      [],
    );
  });

  it("runs the execution-role rule on a recorded graph (the function's role is matched by its ARN)", async () => {
    useWorld({
      ...TWO_SUBNET_VPC,
    });
    const bare = new aws.iam.Role("bare", {
      assumeRolePolicy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    });
    new VpcFunction("fn", {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      functionArgs: { runtime: "nodejs22.x", handler: "index.handler", role: bare.arn },
    });
    await settle();
    assert.deepStrictEqual(
      preflight(registrations())
        .filter((f) => f.rule === "function-role-eni-permissions")
        .map((f) => f.message),
      [
        "its execution role bare does not allow managing network interfaces (attach AWSLambdaVPCAccessExecutionRole).",
      ],
    );
    // The record is shared by the tests of this worker: leave it empty for the next one.
    useWorld();
  });
});
