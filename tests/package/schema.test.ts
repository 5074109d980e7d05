import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
// The analyzer `pulumi package add` runs on a source-based component package to infer the
// schema other languages (Python, Go, .NET, YAML) are generated from.
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The components stay servable to other languages: Pulumi's analyzer, which rejects union types
 * and sees only declared properties, infers every argument and output of each component.
 */
describe("the schema Pulumi infers for other languages", function () {
  this.timeout(60_000);

  it("has every component with its arguments and outputs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-networking-schema-"));
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: path.join(ROOT, "tsconfig.build.json"),
        include: [path.join(ROOT, "components", "**", "*.ts")],
      }),
    );
    const analyzer = new Analyzer(
      dir,
      "lambda-networking",
      { name: "lambda-networking", main: path.join(ROOT, "components", "index.ts") },
      new Set(["PrivateNetwork", "ServiceEndpoints", "VpcFunction", "LambdaInterfaceEndpoint"]),
    );
    const { components } = analyzer.analyze();
    const shape = Object.fromEntries(
      Object.entries(components).map(([name, c]) => [
        name,
        { inputs: Object.keys(c.inputs).sort(), outputs: Object.keys(c.outputs).sort() },
      ]),
    );
    assert.deepStrictEqual(shape, {
      PrivateNetwork: {
        inputs: [
          "availabilityZoneCount",
          "availabilityZoneIds",
          "availabilityZoneNames",
          "cidrBlock",
          "endpoints",
          "excludeAvailabilityZoneIds",
          "natGateways",
          "tags",
        ],
        outputs: [
          "availabilityZoneIds",
          "availabilityZones",
          "endpointIds",
          "estimatedMonthlyCostUsd",
          "natGatewayIds",
          "privateRouteTableIds",
          "privateSubnetIds",
          "publicSubnetIds",
          "vpcCidrBlock",
          "vpcId",
        ],
      },
      ServiceEndpoints: {
        inputs: [
          "allowedCidrBlocks",
          "allowedSecurityGroupIds",
          "endpoints",
          "minAvailabilityZones",
          "routeTableIds",
          "subnetAvailabilityZones",
          "subnetIds",
          "tags",
          "vpcId",
        ],
        outputs: [
          "dnsEntries",
          "endpointAvailabilityZones",
          "endpointIds",
          "estimatedMonthlyCostUsd",
          "securityGroupId",
        ],
      },
      VpcFunction: {
        inputs: [
          "allowPublicSubnets",
          "functionArgs",
          "hyperplaneEniQuota",
          "ipv6AllowedForDualStack",
          "minAvailabilityZones",
          "replaceSecurityGroupsOnDestroy",
          "restrictEgressToHttps",
          "securityGroupIds",
          "subnetIds",
          "tags",
          "vpcId",
        ],
        outputs: [
          "availabilityZones",
          "function",
          "functionArn",
          "functionName",
          "hyperplaneEniCount",
          "roleArn",
          "roleName",
          "securityGroupId",
        ],
      },
      LambdaInterfaceEndpoint: {
        inputs: [
          "additionalEndpoints",
          "allowedCidrBlocks",
          "allowedFunctionArns",
          "allowedSecurityGroupIds",
          "minAvailabilityZones",
          "privateDnsEnabled",
          "subnetIds",
          "tags",
          "vpcId",
        ],
        outputs: [
          "additionalEndpointIds",
          "availabilityZones",
          "dnsEntries",
          "endpointId",
          "estimatedMonthlyCostUsd",
          "securityGroupId",
        ],
      },
    });
  });
});
