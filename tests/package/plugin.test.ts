/**
 * The plugin package other languages use: components/ with its PulumiPlugin.yaml, loaded the way
 * Pulumi's Node host loads it, its schema against the committed schema.json, and each component
 * constructed through the provider from inputs shaped as another language's SDK sends them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import * as server from "@pulumi/pulumi/provider/server";
import { serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { parse } from "yaml";
import { NatGatewayStrategy, PrivateNetwork } from "../../components";
import { generatedSchema, PLUGIN_DIR, pluginProvider, SCHEMA_FILE } from "../../scripts/schema";
import { resource, settle, TWO_SUBNET_VPC, TYPES, useWorld, valueOf } from "../mocks";

const ROOT = path.join(__dirname, "..", "..");

/** How the provider server turns a construct request's inputs into values (SDK internal). */
const { deserializeInputs } = server as unknown as {
  deserializeInputs: (
    inputs: Struct,
    dependencies: Map<string, { getUrnsList(): string[] }>,
  ) => Promise<pulumi.Inputs>;
};

/** vpc-1 with subnets subnet-a and subnet-b, DNS support and hostnames on. */
const WORLD = {
  ...TWO_SUBNET_VPC,
  vpcs: TWO_SUBNET_VPC.vpcs.map((v) => ({
    ...v,
    enableDnsSupport: true,
    enableDnsHostnames: true,
  })),
};
const COMPONENTS = [
  "PrivateNetwork",
  "ServiceEndpoints",
  "VpcFunction",
  "LambdaInterfaceEndpoint",
  "VpcFlowLog",
  "SharedServiceEndpoints",
  "SharedServiceEndpointsSpoke",
];

interface SchemaProperty {
  type?: string;
  $ref?: string;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
  plain?: boolean;
}
interface Schema {
  name: string;
  resources: Record<
    string,
    {
      isComponent: boolean;
      inputProperties: Record<string, SchemaProperty>;
      requiredInputs?: string[];
      properties: Record<string, SchemaProperty>;
      required?: string[];
    }
  >;
  types: Record<string, { type: string; enum?: { value: unknown }[] }>;
  dependencies: { name: string; version: string }[];
}

/** A line diff of two texts, the changed lines only, for a readable failure. */
function lineDiff(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      if (a[i] !== undefined) out.push(`${i + 1} - ${a[i]}`);
      if (b[i] !== undefined) out.push(`${i + 1} + ${b[i]}`);
    }
    if (out.length > 40) break;
  }
  return out.join("\n");
}

/** The names a docs/reference.md section's table lists in its first column (header `firstHeader`). */
function readmeNames(readme: string, component: string, firstHeader: string): string[] {
  const start = readme.indexOf(`## \`${component}\``);
  assert.ok(start >= 0, `docs/reference.md has no section for ${component}`);
  const end = readme.indexOf("\n## ", start + 1);
  const lines = readme.slice(start, end < 0 ? undefined : end).split("\n");
  const header = lines.findIndex((l) => new RegExp(`^\\|\\s*${firstHeader}\\s*\\|`).test(l));
  assert.ok(header >= 0, `docs/reference.md has no ${firstHeader} table for ${component}`);
  const names: string[] = [];
  for (const row of lines.slice(header + 2)) {
    if (!row.startsWith("|")) break;
    names.push(...[...row.split("|")[1].matchAll(/`(\w+)`/g)].map((m) => m[1]));
  }
  return names.sort();
}

/**
 * Constructs a component as the host does for a program in another language: the SDK's inputs
 * arrive over gRPC as a protobuf Struct (plain values; an input built from another resource
 * carries that resource's URN as a dependency) and the provider server deserializes them.
 */
async function construct(
  provider: ComponentProvider,
  component: string,
  name: string,
  inputs: Record<string, unknown>,
  dependencies: Record<string, string[]> = {},
) {
  const struct = Struct.fromJavaScript(
    (await serializeProperties("construct", inputs)) as Record<string, never>,
  );
  const deps = new Map(
    Object.entries(dependencies).map(([k, urns]) => [k, { getUrnsList: () => urns }]),
  );
  const args = await deserializeInputs(struct, deps);
  return provider.construct(name, `lambda-networking:index:${component}`, args, {});
}

/** Every output's value, as the server would send it back. */
async function stateValues(state: Record<string, unknown>): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    values[key] = pulumi.Output.isInstance(value) ? await valueOf(value) : value;
  }
  return values;
}

describe("the plugin package other languages use (components/)", function () {
  this.timeout(60_000);
  let provider: ComponentProvider;
  let text: string;
  let schema: Schema;
  before(async () => {
    provider = pluginProvider();
    text = await generatedSchema(provider);
    schema = JSON.parse(text) as Schema;
  });

  it("is a source-based plugin of the Node runtime, with the library's name, version and dependencies", () => {
    assert.deepStrictEqual(
      parse(fs.readFileSync(path.join(PLUGIN_DIR, "PulumiPlugin.yaml"), "utf8")),
      {
        runtime: "nodejs",
      },
    );
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const plugin = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8"));
    assert.deepStrictEqual(
      { name: plugin.name, version: plugin.version, dependencies: plugin.dependencies },
      { name: root.name, version: root.version, dependencies: root.dependencies },
    );
    // TypeScript sources, no build: the entry is a .ts file in git. The host type-checks them
    // with the folder's tsconfig.json (Node's types), so those come with the plugin too.
    assert.strictEqual(plugin.main, "index.ts");
    for (const [dependency, range] of Object.entries(plugin.devDependencies as object)) {
      assert.strictEqual(range, root.devDependencies[dependency], dependency);
    }
    assert.deepStrictEqual(Object.keys(plugin.devDependencies as object).sort(), [
      "@types/node",
      "typescript",
    ]);
    // The host reads component outputs by their schema names since @pulumi/pulumi 3.165.0
    // (pulumi/pulumi#19228); before, it enumerated the instance, which would miss our outputs.
    const floor = /^\^3\.(\d+)\.\d+$/.exec(root.dependencies["@pulumi/pulumi"]);
    assert.ok(floor && Number(floor[1]) >= 165, "@pulumi/pulumi must be at least ^3.165.0");
  });

  it("serves exactly the seven components, under lambda-networking:index:<Class>, and nothing of the sample stack", () => {
    assert.deepStrictEqual(
      Object.keys(schema.resources).sort(),
      COMPONENTS.map((c) => `lambda-networking:index:${c}`).sort(),
    );
    assert.ok(Object.values(schema.resources).every((r) => r.isComponent));
    assert.deepStrictEqual(schema.dependencies, [
      {
        name: "aws",
        version: JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8"))
          .version,
      },
    ]);
  });

  it("infers the committed schema.json: a change of it is an API change for other languages", () => {
    const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
    assert.ok(
      committed === text,
      `schema.json is not what the components now declare; if the API change is deliberate, run npm run schema:update and commit it.\n${lineDiff(committed, text)}`,
    );
  });

  it("types each argument: required ones, enums for natGateways and the endpoint type", () => {
    const r = (c: string) => schema.resources[`lambda-networking:index:${c}`];
    assert.deepStrictEqual(r("PrivateNetwork").requiredInputs ?? [], []);
    // Gateway endpoints need no subnets.
    assert.deepStrictEqual([...(r("ServiceEndpoints").requiredInputs ?? [])].sort(), [
      "endpoints",
      "vpcId",
    ]);
    assert.deepStrictEqual([...(r("VpcFunction").requiredInputs ?? [])].sort(), [
      "functionArgs",
      "subnetIds",
      "vpcId",
    ]);
    assert.deepStrictEqual([...(r("LambdaInterfaceEndpoint").requiredInputs ?? [])].sort(), [
      "subnetIds",
      "vpcId",
    ]);
    const enumValues = (ref: string | undefined) =>
      schema.types[String(ref).replace("#/types/", "")]?.enum?.map((e) => e.value);
    assert.deepStrictEqual(enumValues(r("PrivateNetwork").inputProperties.natGateways.$ref), [
      "none",
      "single",
      "perAz",
      "regional",
      "instances",
    ]);
    const spec = schema.types["lambda-networking:index:EndpointSpec"] as unknown as {
      properties: Record<string, SchemaProperty>;
    };
    assert.deepStrictEqual(enumValues(spec.properties.type.$ref), ["Gateway", "Interface"]);
  });

  it("has every argument and output docs/reference.md's tables list, and no other", () => {
    const readme = fs.readFileSync(path.join(ROOT, "docs", "reference.md"), "utf8");
    for (const component of COMPONENTS) {
      const r = schema.resources[`lambda-networking:index:${component}`];
      assert.deepStrictEqual(
        {
          inputs: readmeNames(readme, component, "arg"),
          outputs: readmeNames(readme, component, "output"),
        },
        {
          inputs: Object.keys(r.inputProperties).sort(),
          outputs: Object.keys(r.properties).sort(),
        },
        `docs/reference.md's tables for ${component}`,
      );
    }
  });

  describe("construct, from plain inputs as another language sends them", () => {
    const code = new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 'ok';"),
    });

    const cases: [string, Record<string, unknown>][] = [
      [
        "PrivateNetwork",
        {
          cidrBlock: "10.0.0.0/16",
          availabilityZoneCount: 2,
          natGateways: "single",
          endpoints: [{ service: "s3", type: "Gateway" }, { service: "sqs" }],
        },
      ],
      [
        "ServiceEndpoints",
        { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], endpoints: [{ service: "sts" }] },
      ],
      [
        "VpcFunction",
        {
          vpcId: "vpc-1",
          subnetIds: ["subnet-a", "subnet-b"],
          functionArgs: { runtime: "nodejs22.x", handler: "index.handler", code },
        },
      ],
      [
        "LambdaInterfaceEndpoint",
        {
          vpcId: "vpc-1",
          subnetIds: ["subnet-a", "subnet-b"],
          allowedFunctionArns: ["arn:aws:lambda:us-east-1:123456789012:function:report"],
        },
      ],
      [
        "SharedServiceEndpoints",
        {
          vpcId: "vpc-1",
          subnetIds: ["subnet-a", "subnet-b"],
          endpoints: [{ service: "sts" }],
          spokeCidrBlocks: ["10.20.0.0/16"],
          shareWith: ["111122223333"],
          // Transit in place: sharing pays from some count, so every output has a value.
          transitMonthlyUsdPerVpc: 0,
        },
      ],
      ["SharedServiceEndpointsSpoke", { vpcId: "vpc-1", profileId: "rp-0123456789abcdef0" }],
    ];
    for (const [component, inputs] of cases) {
      it(`${component}: every output in the returned state, with a real value`, async () => {
        useWorld(WORLD);
        const result = await construct(provider, component, "x", inputs);
        await settle();
        const values = await stateValues(result.state);
        const declared = Object.keys(
          schema.resources[`lambda-networking:index:${component}`].properties,
        );
        assert.deepStrictEqual(Object.keys(values).sort(), [...declared].sort());
        const missing = Object.entries(values)
          .filter(([, v]) => v === undefined || v === null)
          .map(([k]) => k);
        assert.deepStrictEqual(missing, [], `${component} outputs without a value`);
        // What the server sends back serializes.
        const serialized = await serializeProperties("construct", values);
        assert.strictEqual(Object.keys(serialized).length, declared.length);
      });
    }

    it("an input built from another resource arrives as an Output and is used as one", async () => {
      useWorld(WORLD);
      const result = await construct(
        provider,
        "ServiceEndpoints",
        "dep",
        { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], endpoints: [{ service: "sts" }] },
        { vpcId: ["urn:pulumi:test::lambda-networking::aws:ec2/vpc:Vpc::other"] },
      );
      await settle();
      const values = await stateValues(result.state);
      assert.ok(typeof values.securityGroupId === "string");
      // The resources built from it depend on the resource it came from, as in TypeScript.
      const other = "urn:pulumi:test::lambda-networking::aws:ec2/vpc:Vpc::other";
      const sg = resource(TYPES.securityGroup, "dep-sg");
      assert.deepStrictEqual([sg.inputs.vpcId, sg.propertyDependencies.vpcId], ["vpc-1", [other]]);
    });

    it("bad input fails with the same message as in TypeScript", async () => {
      useWorld(WORLD);
      const inTypeScript = (() => {
        try {
          new PrivateNetwork("bad", { natGateways: "both" as NatGatewayStrategy });
        } catch (e) {
          return (e as Error).message;
        }
        return "no error";
      })();
      assert.strictEqual(
        inTypeScript,
        'PrivateNetwork "bad": natGateways "both" is not a NAT strategy; use "none", "single", "perAz", "regional" or "instances".',
      );
      useWorld(WORLD);
      await assert.rejects(construct(provider, "PrivateNetwork", "bad", { natGateways: "both" }), {
        name: "ArgumentError",
        message: inTypeScript,
      });
    });
  });
});

/** The first fenced block of `language` in the docs/languages.md section headed `heading`. */
function readmeBlock(heading: string, language: string, nth = 0): string {
  const readme = fs.readFileSync(path.join(ROOT, "docs", "languages.md"), "utf8");
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const blocks = [...section.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))];
  assert.ok(blocks[nth], `docs/languages.md's "${heading}" has no ${language} block`);
  return blocks[nth][1];
}

/** Problems with a literal value against a schema property (interpolations are not judged). */
function typeProblems(
  schema: Schema,
  value: unknown,
  prop: SchemaProperty,
  where: string,
): string[] {
  if (typeof value === "string" && value.startsWith("${")) return [];
  if (prop.$ref === "pulumi.json#/Any") return [];
  if (prop.$ref !== undefined) {
    const type = schema.types[prop.$ref.replace("#/types/", "")] as unknown as {
      enum?: { value: unknown }[];
      properties?: Record<string, SchemaProperty>;
    };
    if (type?.enum) {
      return type.enum.some((e) => e.value === value)
        ? []
        : [`${where}: ${JSON.stringify(value)} is not one of the enum`];
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return [`${where}: not an object`];
    return Object.entries(value).flatMap(([k, v]) =>
      type?.properties?.[k]
        ? typeProblems(schema, v, type.properties[k], `${where}.${k}`)
        : [`${where}.${k}: no such property`],
    );
  }
  switch (prop.type) {
    case "array":
      return Array.isArray(value)
        ? value.flatMap((v, i) => typeProblems(schema, v, prop.items!, `${where}[${i}]`))
        : [`${where}: not a list`];
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) =>
            typeProblems(schema, v, prop.additionalProperties!, `${where}.${k}`),
          )
        : [`${where}: not a map`];
    case "integer":
    case "number":
      return typeof value === "number" ? [] : [`${where}: not a number`];
    default:
      return typeof value === prop.type ? [] : [`${where}: not a ${prop.type}`];
  }
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The text between the parenthesis at `open` and its match. */
function parenthesised(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(" || text[i] === "[") depth++;
    if (text[i] === ")" || text[i] === "]") depth--;
    if (depth === 0) return text.slice(open + 1, i);
  }
  throw new Error("unbalanced parentheses");
}

/** A Python call's keyword arguments, as source text, split at the top level. */
function keywordArguments(args: string): Record<string, string> {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    if ("([".includes(args[i])) depth++;
    if (")]".includes(args[i])) depth--;
    if (args[i] === "," && depth === 0) {
      parts.push(args.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(args.slice(start));
  return Object.fromEntries(
    parts
      .map((p) => /^\s*([a-z_]\w*)=([\s\S]*?)\s*$/.exec(p))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

/** Problems with a Python argument's source text against a schema property. */
function pythonProblems(
  schema: Schema,
  source: string,
  prop: SchemaProperty,
  where: string,
): string[] {
  const nested = /^networking\.(\w+)Args\(/.exec(source);
  if (nested) {
    const token = `lambda-networking:index:${nested[1]}`;
    if (prop.$ref !== `#/types/${token}`)
      return [`${where}: ${nested[1]}Args where the schema has ${prop.$ref}`];
    const type = schema.types[token] as unknown as { properties: Record<string, SchemaProperty> };
    return Object.entries(keywordArguments(parenthesised(source, source.indexOf("(")))).flatMap(
      ([k, v]) =>
        type.properties[camel(k)]
          ? pythonProblems(schema, v, type.properties[camel(k)], `${where}.${k}`)
          : [`${where}.${k}: no such property`],
    );
  }
  if (/^"[^"]*"$/.test(source)) return typeProblems(schema, JSON.parse(source), prop, where);
  if (/^\d+$/.test(source)) return typeProblems(schema, Number(source), prop, where);
  if (/^(True|False)$/.test(source)) return typeProblems(schema, source === "True", prop, where);
  return []; // config reads, assets: known only when the program runs
}

describe("docs/languages.md's programs in other languages", () => {
  let schema: Schema;
  before(() => {
    schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;
  });

  it("YAML (pattern 2): every type, property and output it uses is in the schema, with the right type", () => {
    const program = parse(readmeBlock("Use from Python, Go, .NET and YAML", "yaml")) as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
      outputs: Record<string, string>;
    };
    const problems: string[] = [];
    const ours = Object.entries(program.resources).filter(([, r]) =>
      r.type.startsWith("lambda-networking:"),
    );
    assert.deepStrictEqual(
      ours.map(([, r]) => r.type),
      ["lambda-networking:index:LambdaInterfaceEndpoint"],
    );
    for (const [name, r] of ours) {
      const resource = schema.resources[r.type];
      for (const required of resource.requiredInputs ?? []) {
        if (!(required in r.properties)) problems.push(`${name}: ${required} is required`);
      }
      for (const [k, v] of Object.entries(r.properties)) {
        const prop = resource.inputProperties[k];
        problems.push(
          ...(prop
            ? typeProblems(schema, v, prop, `${name}.${k}`)
            : [`${name}.${k}: no such argument`]),
        );
      }
    }
    for (const value of Object.values(program.outputs)) {
      const [, resource, output] = /^\$\{(\w+)\.(\w+)\}$/.exec(value) ?? [];
      const type = program.resources[resource]?.type;
      if (!schema.resources[type]?.properties[output])
        problems.push(`outputs: ${value} is not an output`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it("Python (pattern 1): every class, argument and output it uses is in the schema, with the right type", () => {
    const program = readmeBlock("Use from Python, Go, .NET and YAML", "python");
    const problems: string[] = [];
    const variables = new Map<string, string>();
    const calls = [...program.matchAll(/(\w+) = networking\.(\w+)\(/g)];
    assert.deepStrictEqual(
      calls.map((c) => c[2]),
      ["VpcFunction"],
    );
    for (const call of calls) {
      const [, variable, component] = call;
      const resource = schema.resources[`lambda-networking:index:${component}`];
      variables.set(variable, component);
      const args = keywordArguments(parenthesised(program, call.index + call[0].length - 1));
      for (const required of resource.requiredInputs ?? []) {
        if (!Object.keys(args).map(camel).includes(required))
          problems.push(`${component}: ${required} is required`);
      }
      for (const [k, v] of Object.entries(args)) {
        const prop = resource.inputProperties[camel(k)];
        problems.push(
          ...(prop
            ? pythonProblems(schema, v, prop, `${component}.${k}`)
            : [`${component}.${k}: no such argument`]),
        );
      }
    }
    for (const [, variable, attribute] of program.matchAll(/(\w+)\.([a-z_]+)\)/g)) {
      const component = variables.get(variable);
      if (
        component &&
        !schema.resources[`lambda-networking:index:${component}`].properties[camel(attribute)]
      ) {
        problems.push(`${variable}.${attribute} is not an output of ${component}`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });
});
