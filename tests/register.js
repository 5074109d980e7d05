// Mocha's TypeScript loader: ts-node with swc as its transpiler (transpile-only; types are
// checked once, by tests/static/typecheck.test.ts). Profiled, TypeScript's own transpiler took
// about 2 s of CPU in each mocha process; with swc the mocked-runtime test files took 21 s of CPU
// instead of 33 s. The sample's runs through Pulumi's language host do not use this: the host
// starts ts-node itself, with TypeScript, from the project's tsconfig.
require("ts-node").register({ swc: true });
