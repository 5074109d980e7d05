/**
 * The parts of @pulumi/aws this package uses, imported by module. `@pulumi/aws`'s root declares
 * every AWS service (2,700 declaration files, 870,000 lines); these modules are a third of that,
 * so TypeScript type-checks a program that uses the package in a third of the time, and so does
 * `pulumi up`, which type-checks the program (measured in the README's design notes). The
 * classes are the same ones: `aws.ec2.Vpc` from the root is this module's `ec2.Vpc`.
 */
export * as ec2 from "@pulumi/aws/ec2";
export * as iam from "@pulumi/aws/iam";
export * as lambda from "@pulumi/aws/lambda";
export * as vpc from "@pulumi/aws/vpc";
export * as types from "@pulumi/aws/types";
export { Provider } from "@pulumi/aws/provider";
export { getAvailabilityZones } from "@pulumi/aws/getAvailabilityZones";
export { getPartition } from "@pulumi/aws/getPartition";
export { getRegion } from "@pulumi/aws/getRegion";
