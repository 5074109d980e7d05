/**
 * The parts of @pulumi/aws this package uses, imported by module. `@pulumi/aws`'s root declares
 * every AWS service (2,714 declaration files); with these modules this repository's type-check
 * read 873 files in all instead of 3,958 and took 9.4 s instead of 11.9 s (940 files since
 * cloudwatch was added), and `pulumi up`, which type-checks the program, gains alike (measured in
 * docs/operations.md). The classes are the same ones: `aws.ec2.Vpc` from the root is this module's
 * `ec2.Vpc`.
 */
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as iam from "@pulumi/aws/iam";
export * as lambda from "@pulumi/aws/lambda";
export * as ram from "@pulumi/aws/ram";
export * as route53 from "./route53Profiles";
export * as vpc from "@pulumi/aws/vpc";
export * as types from "@pulumi/aws/types";
export { Provider } from "@pulumi/aws/provider";
export { getAvailabilityZones } from "@pulumi/aws/getAvailabilityZones";
export { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
export { getPartition } from "@pulumi/aws/getPartition";
export { getRegion } from "@pulumi/aws/getRegion";
// One function, not the organizations module (which declares every Organizations resource).
export { getOrganization } from "@pulumi/aws/organizations/getOrganization";
// One data source, not the ssm module: aws.ssm.getParameter reads the NAT instances' image.
export * as ssm from "@pulumi/aws/ssm/getParameter";
