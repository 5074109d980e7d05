import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
// The analyzer `pulumi package add` runs on a source-based component package to infer the
// schema other languages (Python, Go, .NET, YAML) are generated from.
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The names a README section's tables list: the backticked names in the first column of the
 * table whose header starts with `firstHeader` ("arg" or "output").
 */
function readmeNames(readme: string, component: string, firstHeader: string): string[] {
  const start = readme.indexOf(`## \`${component}\``);
  assert.ok(start >= 0, `README.md has no section for ${component}`);
  const end = readme.indexOf("\n## ", start + 1);
  const lines = readme.slice(start, end < 0 ? undefined : end).split("\n");
  const header = lines.findIndex((l) => new RegExp(`^\\|\\s*${firstHeader}\\s*\\|`).test(l));
  assert.ok(header >= 0, `README.md has no ${firstHeader} table for ${component}`);
  const names: string[] = [];
  for (const row of lines.slice(header + 2)) {
    if (!row.startsWith("|")) break;
    const firstCell = row.split("|")[1];
    names.push(...[...firstCell.matchAll(/`(\w+)`/g)].map((m) => m[1]));
  }
  return names.sort();
}

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

    // The README's tables are the users' contract: each lists exactly what the schema holds.
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const [name, c] of Object.entries(components)) {
      const documented = {
        inputs: readmeNames(readme, name, "arg"),
        outputs: readmeNames(readme, name, "output"),
      };
      assert.deepStrictEqual(
        documented,
        { inputs: Object.keys(c.inputs).sort(), outputs: Object.keys(c.outputs).sort() },
        `README.md's tables for ${name}`,
      );
    }

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
