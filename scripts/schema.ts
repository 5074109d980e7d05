/**
 * The plugin package (components/, with its PulumiPlugin.yaml) as Pulumi's Node host serves it,
 * and the schema `pulumi package add` infers from it for Python, Go, .NET and YAML.
 *
 *   npm run schema:update    writes schema.json after a deliberate change of the API
 *
 * What the host does, read from @pulumi/pulumi's cmd/run-plugin: it requires the plugin's folder
 * (its package.json `main`), finds the ComponentResource classes among the exports, names the
 * provider after package.json's `name`, and builds a ComponentProvider over that folder, whose
 * analyzer infers the schema from the TypeScript sources.
 */
import * as fs from "fs";
import * as path from "path";
import {
  ComponentProvider,
  getPulumiComponents,
} from "@pulumi/pulumi/provider/experimental/provider";

const ROOT = path.join(__dirname, "..");
/** The plugin package's folder. */
export const PLUGIN_DIR = path.join(ROOT, "components");
/** The committed schema: what other languages' SDKs are generated from. */
export const SCHEMA_FILE = path.join(ROOT, "schema.json");

/** The component provider Pulumi's Node host builds from the plugin's folder. */
export function pluginProvider(dir: string = PLUGIN_DIR): ComponentProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const components = getPulumiComponents(require(dir) as unknown);
  const { name } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    name: string;
  };
  // As run-plugin derives it: an npm scope is the namespace, the rest the provider's name.
  const [, scope, bare] = /^(@.*?\/)?(.+)$/.exec(name) ?? [];
  return new ComponentProvider({
    name: bare.replace(/[^-a-zA-Z0-9_]/g, "-"),
    namespace: scope?.slice(1, -1),
    dirname: dir,
    components,
  });
}

/** The schema as committed: the provider's, pretty-printed, ending in a newline. */
export async function generatedSchema(provider = pluginProvider()): Promise<string> {
  return `${JSON.stringify(JSON.parse(await provider.getSchema()), null, 2)}\n`;
}

if (require.main === module) {
  void generatedSchema().then((schema) => {
    fs.writeFileSync(SCHEMA_FILE, schema);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  });
}
