/**
 * The policy pack's tests. The pack under `pulumi preview`: values not known yet.
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { interfaceEndpointPrivateDns, lambdaInVpc } from "../../policy/policies";
import { runPolicies } from "../../policy/runner";
import { registrations, setPreview, settle, useWorld } from "../mocks";
import { vpc, subnet, routeTable, fn } from "./helpers";

describe("policy pack", () => {
  describe("a first preview: subnet ids, security groups and routes not known yet", () => {
    before(() => setPreview(true));
    after(() => setPreview(false));

    it("every stack policy decides what it can and skips only what it cannot, with no 'can't run' advice", async () => {
      useWorld();
      const v = vpc();
      const [a, b] = [
        subnet(v, "a", "us-east-1a", "10.0.1.0/24"),
        subnet(v, "b", "us-east-1b", "10.0.2.0/24"),
      ];
      const igw = new aws.ec2.InternetGateway("igw", { vpcId: v.id });
      const pub = subnet(v, "pub", "us-east-1c", "10.0.3.0/24");
      const table = routeTable(v, "public", [pub]);
      new aws.ec2.Route("public-default", {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: igw.id,
      });
      const sg = new aws.ec2.SecurityGroup("fn", { vpcId: v.id });
      const open = new aws.ec2.SecurityGroup("open", { vpcId: v.id });
      new aws.vpc.SecurityGroupIngressRule("open-ssh", {
        securityGroupId: open.id,
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: "0.0.0.0/0",
      });
      new aws.vpc.SecurityGroupIngressRule("from-group", {
        securityGroupId: open.id,
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        referencedSecurityGroupId: sg.id,
      });
      fn("good", [a, b], [sg.id as unknown as string]);
      fn("public", [pub, a], [sg.id as unknown as string]);
      fn("one", [a], [sg.id as unknown as string]);
      new aws.ec2.VpcEndpoint("lambda", {
        vpcId: v.id,
        serviceName: "com.amazonaws.us-east-1.lambda",
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [a.id],
        securityGroupIds: [open.id],
      });
      await settle();
      const findings = await runPolicies(registrations(), {}, { preview: true });
      assert.deepStrictEqual(
        findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`),
        [
          "mandatory lambda-multi-az one",
          "mandatory lambda-not-in-public-subnet public",
          "mandatory security-group-no-public-ingress open-ssh",
          "mandatory interface-endpoint-multi-az lambda",
          "mandatory interface-endpoint-https-only open",
          "advisory endpoint-policy-scoped lambda",
          // No DefaultSecurityGroup in the stack at all: decided in a preview too.
          "mandatory default-security-group-closed v",
        ],
      );
    });
  });

  describe("unknown values during preview", () => {
    // The policy SDK's own proxy: reading an unknown value throws, and the CLI then skips the
    // policy for that resource instead of reporting it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require("@pulumi/policy/proxy");
    const args = (type: string, props: Record<string, unknown>) => ({
      type,
      name: "r",
      urn: "urn:r",
      props: proxy.unknownCheckingProxy(props),
      opts: {},
      stackTags: new Map(),
      isType: (cls: { __pulumiType?: string }) => cls.__pulumiType === type,
      asType: () => undefined,
      getConfig: () => ({ exemptFunctionNames: [] }),
      notApplicable: () => {
        throw new Error("not applicable");
      },
    });

    for (const [policy, type, props] of [
      [lambdaInVpc, "aws:lambda/function:Function", { vpcConfig: proxy.unknownObjectValue }],
      [
        interfaceEndpointPrivateDns,
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        { vpcEndpointType: "Interface", privateDnsEnabled: proxy.unknownBooleanValue },
      ],
    ] as const) {
      it(`${policy.name} reports nothing for a value not known yet`, () => {
        const reported: string[] = [];
        assert.throws(
          () =>
            (policy.validateResource as (a: unknown, r: (m: string) => void) => void)(
              args(type, props),
              (m) => reported.push(m),
            ),
          (e: Error) => e instanceof proxy.UnknownValueError,
        );
        assert.deepStrictEqual(reported, []);
      });
    }
  });
});
