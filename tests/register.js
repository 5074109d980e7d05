// Mocha's TypeScript loader: ts-node with swc as its transpiler (transpile-only, types are
// checked once, by tests/static/typecheck.test.ts). TypeScript's own transpiler took ~2 s of each mocha
// process's start; swc takes a tenth of that. The sample's runs through Pulumi's language host
// do not use this: the host starts ts-node itself, with TypeScript, from the project's tsconfig.
require("ts-node").register({ swc: true });
