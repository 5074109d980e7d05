/**
 * The sample's ipv6 stack (Pulumi.ipv6.yaml: prod's network with `ipv6: true`) runs offline,
 * passes pre-flight and the policy pack, and its plan and diagram show the IPv6 egress.
 */
import * as assert from "assert";
import { planOf } from "../../scripts/plan";
import { renderMermaid, renderText } from "../../scripts/render";
import { runStack } from "../sampleRuns";
import { TYPES } from "../mocks";

const EIGW = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway";

describe("the sample's ipv6 stack", () => {
  it("runs, with an egress-only gateway, ::/0 routes, dual-stack endpoints and function", async () => {
    const run = await runStack("ipv6");
    const of = (type: string) => run.registrations.filter((r) => r.type === type);
    assert.deepStrictEqual(
      of(EIGW).map((r) => r.name),
      ["lambda-eigw"],
    );
    const ipv6Routes = of(TYPES.route)
      .filter((r) => r.inputs.destinationIpv6CidrBlock === "::/0")
      .map((r) => r.name)
      .sort();
    assert.deepStrictEqual(ipv6Routes, [
      "lambda-private-us-east-1a-ipv6",
      "lambda-private-us-east-1b-ipv6",
      "lambda-private-us-east-1d-ipv6",
      "lambda-public-ipv6",
    ]);
    const interfaces = of(TYPES.vpcEndpoint).filter(
      (r) => r.inputs.vpcEndpointType === "Interface",
    );
    assert.ok(interfaces.length >= 2);
    for (const e of interfaces) {
      assert.strictEqual(e.inputs.ipAddressType, "dualstack", e.name);
    }
    const worker = of("aws:lambda/function:Function").find((r) => r.name === "worker");
    assert.strictEqual(
      (worker?.inputs.vpcConfig as { ipv6AllowedForDualStack?: boolean }).ipv6AllowedForDualStack,
      true,
    );
  });

  it("passes pre-flight and the policy pack; the plan and the diagram show ::/0 and the gateway", async () => {
    const plan = planOf(await runStack("ipv6"));
    assert.deepStrictEqual(plan.preflight, []);
    assert.deepStrictEqual(plan.policyFindings, []);
    assert.ok(
      plan.routes.some(
        (r) =>
          r.routeTable === "lambda-private-us-east-1a" &&
          r.destination === "::/0" &&
          r.target === "egress-only internet gateway lambda-eigw",
      ),
    );
    const text = renderText(plan).replace(/\n {8}/g, " ");
    assert.match(
      text,
      /lambda-private-us-east-1a {2}default route: NAT gateway lambda-nat-us-east-1a, ::\/0: egress-only internet gateway lambda-eigw/,
    );
    const diagram = renderMermaid(plan);
    assert.match(diagram, /^ {2}lambda_private_us_east_1a -->\|::\/0\| lambda_eigw$/m);
    assert.match(diagram, /^ {2}lambda_eigw --> internet$/m);
  });
});
