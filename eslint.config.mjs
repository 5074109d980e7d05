// Typed linting: @pulumi/eslint-plugin's rules need type information to tell Outputs apart.
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Programs that import the packed package (tests/package/consumer/, examples/) are outside
  // tsconfig.json and cannot resolve "lambda-networking" here: tests/package/ type-checks them
  // against the tarball with their own tsconfig.
  {
    ignores: [
      "node_modules/",
      "bin/",
      "**/*.js",
      "**/*.mjs",
      "tests/package/consumer/",
      "examples/",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/explicit-module-boundary-types": "off",
    },
  },
  {
    // Tests, the plan, the pre-flight and the policies read untyped resource properties
    // (recorded inputs, or the policy SDK's Record<string, any> props).
    files: [
      "tests/**/*.ts",
      "offline/**/*.ts",
      "scripts/plan{Network,Functions,Cost,Describe}.ts",
      "policy/policies/*.ts",
      "policy/rules/api/*.ts",
    ],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
