import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { LambdaInterfaceEndpoint, PrivateNetwork, ServiceEndpoints } from "../../components";
import { endpointIpInputs } from "../../components/lib/dualStack";
import { MockSubnet, resource, resourcesOfType, settle, TYPES, useWorld } from "../mocks";

/** The IP inputs of an interface endpoint, as registered. */
const ipInputsOf = (name: string) => {
  const inputs = resource(TYPES.vpcEndpoint, name).inputs;
  return { ipAddressType: inputs.ipAddressType, dnsOptions: inputs.dnsOptions };
};
const DUAL = { ipAddressType: "dualstack", dnsOptions: { dnsRecordIpType: "dualstack" } };
const IPV4 = { ipAddressType: "ipv4", dnsOptions: { dnsRecordIpType: "ipv4" } };
const NONE = { ipAddressType: undefined, dnsOptions: undefined };

/** Two existing subnets of vpc-app: dual-stack when `ipv6`, else IPv4-only. */
function existing(ipv6: boolean, ipv4OnlyServices: string[] = []) {
  const subnets: MockSubnet[] = ["a", "b"].map((zone, i) => ({
    id: `subnet-${zone}`,
    vpcId: "vpc-app",
    availabilityZone: `us-east-1${zone}`,
    cidrBlock: `10.1.${i * 16}.0/20`,
    ...(ipv6 ? { ipv6CidrBlock: `2600:1f18:0:${i}::/64` } : {}),
  }));
  useWorld({
    subnets,
    ipv4OnlyServices,
    vpcs: [
      {
        id: "vpc-app",
        cidrBlock: "10.1.0.0/16",
        enableDnsSupport: true,
        enableDnsHostnames: true,
        ...(ipv6 ? { ipv6CidrBlock: "2600:1f18::/56" } : {}),
      },
    ],
  });
}

describe("interface endpoints on dual-stack subnets", () => {
  it("decides the inputs: dualstack where subnets and service both take IPv6, else ipv4, else nothing", () => {
    assert.deepStrictEqual(endpointIpInputs(true, ["ipv4", "ipv6"]), {
      ipAddressType: "dualstack",
      dnsRecordIpType: "dualstack",
    });
    assert.deepStrictEqual(endpointIpInputs(true, ["ipv4"]), {
      ipAddressType: "ipv4",
      dnsRecordIpType: "ipv4",
    });
    assert.deepStrictEqual(endpointIpInputs(false, ["ipv4", "ipv6"]), {});
  });

  it("PrivateNetwork ipv6: dualstack endpoints, ipv4 for a service without IPv6, the /56 admitted", async () => {
    useWorld({ ipv4OnlyServices: ["sqs"] });
    new PrivateNetwork("net", {
      availabilityZoneCount: 2,
      ipv6: true,
      endpoints: [{ service: "lambda" }, { service: "sqs" }, { service: "s3" }],
    });
    await settle();
    assert.deepStrictEqual(ipInputsOf("net-endpoints-lambda"), DUAL);
    assert.deepStrictEqual(ipInputsOf("net-endpoints-sqs"), IPV4);
    // A gateway endpoint is left as it was.
    assert.deepStrictEqual(ipInputsOf("net-endpoints-s3"), NONE);
    const block = resource(TYPES.vpc, "net-vpc").outputs?.ipv6CidrBlock as string;
    const ingress = resource(TYPES.securityGroup, "net-endpoints-sg").inputs.ingress as {
      ipv6CidrBlocks: string[];
    }[];
    assert.deepStrictEqual(ingress[0].ipv6CidrBlocks, [block]);
  });

  it("PrivateNetwork without ipv6: no IP inputs at all, as before", async () => {
    useWorld();
    new PrivateNetwork("net", { availabilityZoneCount: 2, endpoints: [{ service: "lambda" }] });
    await settle();
    assert.deepStrictEqual(ipInputsOf("net-endpoints-lambda"), NONE);
    assert.deepStrictEqual(
      Object.keys(resource(TYPES.vpcEndpoint, "net-endpoints-lambda").inputs).filter((k) =>
        ["ipAddressType", "dnsOptions"].includes(k),
      ),
      [],
    );
  });

  for (const [label, ids] of [
    ["plain ids", ["subnet-a", "subnet-b"]],
    ["ids known at deployment", pulumi.output(["subnet-a", "subnet-b"])],
  ] as const) {
    it(`ServiceEndpoints on looked-up subnets (${label}): dualstack on dual-stack ones, nothing on IPv4-only ones`, async () => {
      for (const ipv6 of [true, false]) {
        existing(ipv6, ["sqs"]);
        new ServiceEndpoints(`e-${ipv6}`, {
          vpcId: "vpc-app",
          subnetIds: ids as pulumi.Input<string[]>,
          endpoints: [{ service: "lambda" }, { service: "sqs" }],
        });
        await settle();
        assert.deepStrictEqual(ipInputsOf(`e-${ipv6}-lambda`), ipv6 ? DUAL : NONE);
        assert.deepStrictEqual(ipInputsOf(`e-${ipv6}-sqs`), ipv6 ? IPV4 : NONE);
      }
    });
  }

  it("LambdaInterfaceEndpoint on dual-stack subnets: dualstack", async () => {
    existing(true);
    new LambdaInterfaceEndpoint("invoke", {
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
    });
    await settle();
    const endpoint = resourcesOfType(TYPES.vpcEndpoint).find((r) =>
      (r.inputs.serviceName as string).endsWith(".lambda"),
    );
    assert.strictEqual(endpoint?.inputs.ipAddressType, "dualstack");
    assert.deepStrictEqual(endpoint?.inputs.dnsOptions, { dnsRecordIpType: "dualstack" });
  });

  it("a service without IPv6 on dual-stack subnets stays ipv4, said explicitly", async () => {
    existing(true, ["sqs"]);
    new ServiceEndpoints("e", {
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
      subnetAvailabilityZones: ["us-east-1a", "us-east-1b"],
      endpoints: [{ service: "sqs" }],
    });
    await settle();
    assert.deepStrictEqual(ipInputsOf("e-sqs"), IPV4);
  });
});
