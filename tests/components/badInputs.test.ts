import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  LambdaInterfaceEndpoint,
  PrivateNetwork,
  PrivateNetworkArgs,
  ServiceEndpoints,
  ServiceEndpointsArgs,
  VpcFlowLog,
  VpcFunction,
} from "../../components";
import { asyncError, registrations, TYPES, useWorld } from "../mocks";
import { assertMessage, quoting } from "./messages";

/**
 * Every bad input fails with a message that names the argument and the fix, before any child
 * resource is registered. "now" errors are thrown by the constructor itself, before even the
 * component is registered; "region" errors need the region's zones, endpoint services or
 * partition, so they come from the component's initialisation, before its first child.
 */
type When = "now" | "region" | "deploy";
/**
 * "deploy" errors come from a value known only at deployment, checked once known: the resource
 * that takes it (the type given last) is never registered.
 */
type Case = [string, () => unknown, When, string | RegExp, string?];

const net = (args: PrivateNetworkArgs) => () => new PrivateNetwork("net", args);
const eps = (args: Partial<ServiceEndpointsArgs>) => () =>
  new ServiceEndpoints("eps", { vpcId: "vpc-1", endpoints: [], ...args });
const N = 'PrivateNetwork "net": ';
const E = 'ServiceEndpoints "eps": ';
const F = 'VpcFunction "fn": ';
const L = 'LambdaInterfaceEndpoint "lie": ';

/**
 * Arguments as another language, YAML stack config or plain JavaScript send them: nothing
 * type-checks them, so they are typed loosely here on purpose.
 */
type Loose = Record<string, unknown>;
const looseNet =
  (args: Loose, name = "net") =>
  () =>
    new PrivateNetwork(name, args);
const looseEps =
  (args: Loose, name = "eps") =>
  () =>
    new ServiceEndpoints(name, { vpcId: "vpc-app", endpoints: [], ...args });
const code = { runtime: "nodejs22.x", handler: "index.handler" };
const looseFn =
  (args: Loose, name = "fn") =>
  () =>
    new VpcFunction(name, {
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
      functionArgs: code,
      ...args,
    });
const looseLie =
  (args: Loose, name = "lie") =>
  () =>
    new LambdaInterfaceEndpoint(name, {
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
      ...args,
    });
const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders";
const looseFlowLog =
  (args: Loose, name = "vfl") =>
  () =>
    new VpcFlowLog(name, { vpcId: "vpc-app", ...args });
/** A value known only at deployment, as another resource's output is. */
const later = <T>(value: T) => pulumi.output(Promise.resolve(value));
const V = 'VpcFlowLog "vfl": ';
const ROLE_NOTE = "pass role.arn, not its name.";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/<key id>";

/** An existing VPC with two private subnets and one of another VPC, for the look-up cases. */
const existing = {
  vpcs: [
    { id: "vpc-app", cidrBlock: "10.1.0.0/16", enableDnsSupport: true, enableDnsHostnames: true },
  ],
  subnets: [
    { id: "subnet-a", vpcId: "vpc-app", availabilityZone: "us-east-1a", cidrBlock: "10.1.0.0/20" },
    { id: "subnet-b", vpcId: "vpc-app", availabilityZone: "us-east-1b", cidrBlock: "10.1.16.0/20" },
    {
      id: "subnet-a2",
      vpcId: "vpc-app",
      availabilityZone: "us-east-1a",
      cidrBlock: "10.1.32.0/20",
    },
    { id: "subnet-e", vpcId: "vpc-app", availabilityZone: "us-east-1e", cidrBlock: "10.1.48.0/20" },
    {
      id: "subnet-x",
      vpcId: "vpc-other",
      availabilityZone: "us-east-1b",
      cidrBlock: "10.9.0.0/20",
    },
  ],
  routeTables: [
    {
      id: "rtb-app",
      vpcId: "vpc-app",
      subnetIds: ["subnet-a", "subnet-b"],
      routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }],
    },
  ],
};

/** ARNs and names: their form, length and partition, whether plain or known only at deployment. */
const arnCases: Case[] = [
  [
    "a role name where the role's ARN belongs, known only at deployment",
    looseFn({ functionArgs: { ...code, role: later("my-role") } }),
    "deploy",
    `${F}functionArgs.role must be the execution role's ARN, like arn:aws:iam::123456789012:role/my-role (got the string "my-role"): ${ROLE_NOTE}`,
    TYPES.function,
  ],
  [
    "a GovCloud role for a function in aws",
    looseFn({ functionArgs: { ...code, role: "arn:aws-us-gov:iam::123456789012:role/r" } }),
    "region",
    `${F}functionArgs.role arn:aws-us-gov:iam::123456789012:role/r is in the aws-us-gov partition, but the provider deploys to aws, and resources never cross partitions: give one of aws, or a provider for aws-us-gov.`,
  ],
  [
    "a role under a path Lambda refuses (IAM takes it)",
    looseFn({ functionArgs: { ...code, role: "arn:aws:iam::123456789012:role/team~a/r" } }),
    "now",
    `${F}functionArgs.role arn:aws:iam::123456789012:role/team~a/r is a role IAM takes, but its path has characters Lambda's CreateFunction refuses (a role's path and name there take letters, digits and _ + = , . @ - /): use a role under such a path.`,
  ],
  [
    "a role ARN longer than IAM's ARNs",
    looseFn({
      functionArgs: { ...code, role: `arn:aws:iam::123456789012:role/${"p/".repeat(1010)}r` },
    }),
    "now",
    `${F}functionArgs.role is 2052 characters; AWS takes the execution role's ARN of at most 2048.`,
  ],
  [
    "a KMS alias for the function's log group, known only at deployment",
    looseFn({ logs: { kmsKeyId: later("alias/logs") } }),
    "deploy",
    `${F}logs.kmsKeyId must be a KMS key's ARN, like ${KEY} (got the string "alias/logs"): give the key's ARN, not an alias or a key id.`,
    TYPES.logGroup,
  ],
  [
    "a KMS key of the China partition for a log group in aws",
    looseFn({ logs: { kmsKeyId: "arn:aws-cn:kms:cn-north-1:123456789012:key/k-1" } }),
    "region",
    `${F}logs.kmsKeyId arn:aws-cn:kms:cn-north-1:123456789012:key/k-1 is in the aws-cn partition, but the provider deploys to aws, and resources never cross partitions: give one of aws, or a provider for aws-cn.`,
  ],
  [
    "a log group name over CloudWatch Logs' 512 characters",
    looseFn({
      functionArgs: { ...code, loggingConfig: { logFormat: "Text", logGroup: "g".repeat(513) } },
    }),
    "now",
    `${F}functionArgs.loggingConfig.logGroup is 513 characters; CloudWatch Logs takes log group names of at most 512.`,
  ],
  [
    "a log group ARN where its name belongs, known only at deployment",
    looseFn({
      functionArgs: {
        ...code,
        loggingConfig: {
          logFormat: "Text",
          logGroup: later("arn:aws:logs:us-east-1:123456789012:log-group:g"),
        },
      },
    }),
    "deploy",
    `${F}functionArgs.loggingConfig.logGroup "arn:aws:logs:us-east-1:123456789012:log-group:g" is not a log group name: CloudWatch Logs takes letters, digits and . - _ / # (a name, not an ARN).`,
    TYPES.function,
  ],
  [
    "a bucket name for a flow log, known only at deployment",
    looseFlowLog({ s3BucketArn: later("my-flow-logs") }),
    "deploy",
    `${V}s3BucketArn must be an S3 bucket's ARN, like arn:aws:s3:::my-bucket or arn:aws:s3:::my-bucket/folder/ (got the string "my-flow-logs"): give the bucket's ARN (bucket.arn), not its name.`,
    TYPES.flowLog,
  ],
  [
    "a KMS alias for a flow log's group, known only at deployment",
    looseFlowLog({ kmsKeyId: later("alias/flow-logs") }),
    "deploy",
    `${V}kmsKeyId must be a KMS key's ARN, like ${KEY} (got the string "alias/flow-logs"): give the key's ARN, not an alias or a key id.`,
    TYPES.logGroup,
  ],
  [
    "a GovCloud KMS key for a flow log in aws",
    looseFlowLog({ kmsKeyId: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k-1" }),
    "region",
    `${V}kmsKeyId arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k-1 is in the aws-us-gov partition, but the provider deploys to aws, and resources never cross partitions: give one of aws, or a provider for aws-us-gov.`,
  ],
  [
    "a bucket name for a network's flow log, known only at deployment",
    looseNet({ flowLogs: { s3BucketArn: later("flow-logs") } }),
    "deploy",
    `${N}flowLogs.s3BucketArn must be an S3 bucket's ARN, like arn:aws:s3:::my-bucket or arn:aws:s3:::my-bucket/folder/ (got the string "flow-logs"): give the bucket's ARN (bucket.arn), not its name.`,
    TYPES.flowLog,
  ],
  [
    "a China bucket for a network's flow log in aws",
    looseNet({ flowLogs: { s3BucketArn: "arn:aws-cn:s3:::flow-logs" } }),
    "region",
    `${N}flowLogs.s3BucketArn arn:aws-cn:s3:::flow-logs is in the aws-cn partition, but the provider deploys to aws, and resources never cross partitions: give one of aws, or a provider for aws-cn.`,
  ],
  [
    "a KMS key id for a network's flow-log group, known only at deployment",
    looseNet({ flowLogs: { kmsKeyId: later("1234abcd-12ab-34cd-56ef-1234567890ab") } }),
    "deploy",
    `${N}flowLogs.kmsKeyId must be a KMS key's ARN, like ${KEY} (got the string "1234abcd-12ab-34cd-56ef-1234567890ab"): give the key's ARN, not an alias or a key id.`,
    TYPES.logGroup,
  ],
  [
    "two subnets of one zone declared in two zones",
    looseEps({
      subnetIds: ["subnet-a", "subnet-a2"],
      subnetAvailabilityZones: ["us-east-1a", "us-east-1b"],
      endpoints: [{ service: "sqs" }],
    }),
    "region",
    `${E}subnetAvailabilityZones says subnet-a2 is in us-east-1b, but AWS puts it in us-east-1a: correct subnetAvailabilityZones, or leave it out to have the zones looked up.`,
  ],
  [
    "two subnets of one zone declared in two zones, the ids known only at deployment",
    looseEps({
      subnetIds: later(["subnet-a", "subnet-a2"]),
      subnetAvailabilityZones: ["us-east-1a", "us-east-1b"],
      endpoints: [{ service: "sqs" }],
    }),
    "deploy",
    `${E}subnetAvailabilityZones says subnet-a2 is in us-east-1b, but AWS puts it in us-east-1a: correct subnetAvailabilityZones, or leave it out to have the zones looked up.`,
    TYPES.vpcEndpoint,
  ],
  [
    "a function of another partition for the Lambda endpoint",
    looseLie({ allowedFunctionArns: ["arn:aws-us-gov:lambda:us-east-1:123456789012:function:f"] }),
    "region",
    `${L}allowedFunctionArns: arn:aws-us-gov:lambda:us-east-1:123456789012:function:f is in the aws-us-gov partition, but the endpoint is in aws: list functions of aws.`,
  ],
];

/** Shapes and types at run time, names that are not what the argument expects, AWS's rules. */
const looseCases: Case[] = [
  [
    "a string where the endpoint list belongs",
    looseNet({ endpoints: "s3,sqs" }),
    "now",
    `${N}endpoints must be a list (got the string "s3,sqs").`,
  ],
  [
    "a service name where an endpoint entry belongs",
    looseNet({ endpoints: ["s3"] }),
    "now",
    `${N}endpoints[0] must be an entry like { service: "s3" } (got the string "s3").`,
  ],
  [
    "a comma-separated string of subnets",
    looseFn({ subnetIds: "subnet-a,subnet-b" }),
    "now",
    `${F}subnetIds must be a list of strings, not one string: write ["subnet-a","subnet-b"] instead of "subnet-a,subnet-b".`,
  ],
  [
    "one string of allowed blocks",
    looseEps({
      subnetIds: ["subnet-a"],
      endpoints: [{ service: "sqs" }],
      allowedCidrBlocks: "10.0.0.0/16",
    }),
    "now",
    `${E}allowedCidrBlocks must be a list of strings, not one string: write ["10.0.0.0/16"].`,
  ],
  [
    "one string of zone names",
    looseNet({ availabilityZoneNames: "us-east-1a" }),
    "now",
    `${N}availabilityZoneNames must be a list of strings, not one string: write ["us-east-1a"].`,
  ],
  [
    "a number in a list of ids",
    looseFn({ securityGroupIds: ["sg-1", 2] }),
    "now",
    `${F}securityGroupIds[1] must be a string (got the number 2).`,
  ],
  [
    'the string "false" for a boolean',
    looseFn({ allowPublicSubnets: "false" }),
    "now",
    `${F}allowPublicSubnets must be true or false (got the string "false"); write false without quotes.`,
  ],
  [
    'the string "no" for restrictDefaultSecurityGroup',
    looseNet({ restrictDefaultSecurityGroup: "no" }),
    "now",
    `${N}restrictDefaultSecurityGroup must be true or false (got the string "no").`,
  ],
  [
    'the string "true" for ipv6',
    looseNet({ ipv6: "true" }),
    "now",
    `${N}ipv6 must be true or false (got the string "true"); write true without quotes.`,
  ],
  [
    "an IPAM pool without ipv6",
    looseNet({ ipv6IpamPoolId: "ipam-pool-07f2466c7158b50c4" }),
    "now",
    `${N}ipv6IpamPoolId gives the VPC's IPv6 block, but ipv6 is not true: set ipv6: true, or drop ipv6IpamPoolId.`,
  ],
  [
    "a pool ARN where the IPAM pool id belongs",
    looseNet({
      ipv6: true,
      ipv6IpamPoolId: "arn:aws:ec2::123456789012:ipam-pool/ipam-pool-07f2466c7158b50c4",
    }),
    "now",
    `${N}ipv6IpamPoolId "arn:aws:ec2::123456789012:ipam-pool/ipam-pool-07f2466c7158b50c4" is not an IPAM pool id: give the pool's id, like ipam-pool-07f2466c7158b50c4 (aws ec2 describe-ipam-pools).`,
  ],
  [
    "an IPAM scope id known only at deployment where the pool id belongs",
    looseNet({ ipv6: true, ipv6IpamPoolId: later("ipam-scope-0087d83896280b594") }),
    "deploy",
    `${N}ipv6IpamPoolId "ipam-scope-0087d83896280b594" is not an IPAM pool id: give the pool's id, like ipam-pool-07f2466c7158b50c4 (aws ec2 describe-ipam-pools).`,
    TYPES.vpc,
  ],
  [
    'the string "yes" for useDualStackEndpoints',
    looseFn({ useDualStackEndpoints: "yes" }),
    "now",
    `${F}useDualStackEndpoints must be true or false (got the string "yes").`,
  ],
  [
    "useDualStackEndpoints with ipv6AllowedForDualStack: false",
    looseFn({ ipv6AllowedForDualStack: false, useDualStackEndpoints: true }),
    "now",
    `${F}useDualStackEndpoints is true, but the function does not allow IPv6 (ipv6AllowedForDualStack is false, or its subnets are not known to be dual-stack): pass dual-stack subnets and ipv6AllowedForDualStack: true, or drop useDualStackEndpoints.`,
  ],
  [
    "ipv6AllowedForDualStack: true on IPv4-only subnets",
    looseFn({ ipv6AllowedForDualStack: true }),
    "region",
    `${F}ipv6AllowedForDualStack is true, but subnets subnet-a and subnet-b have no IPv6 block: pass dual-stack subnets (on a PrivateNetwork, ipv6: true), or drop ipv6AllowedForDualStack.`,
  ],
  [
    "an endpointPolicyScope in the wrong case (YAML config)",
    looseNet({ endpointPolicyScope: "account" }),
    "now",
    `${N}endpointPolicyScope must be "Account", "Organization" or "Open" (got the string "account"): "Open" gives the endpoints AWS's full-access default policy.`,
  ],
  [
    "a trusted account that is not an account id",
    looseNet({ endpointPolicyTrustedAccounts: ["580247275435", "aws"] }),
    "now",
    `${N}endpointPolicyTrustedAccounts lists "aws": give AWS account ids, 12 digits each.`,
  ],
  [
    "trusted accounts with no perimeter to add them to",
    looseEps({ endpointPolicyScope: "Open", endpointPolicyTrustedAccounts: ["580247275435"] }),
    "now",
    `${E}endpointPolicyTrustedAccounts adds accounts to the endpoints' data perimeter, but endpointPolicyScope is "Open" (no perimeter: every account is reachable): remove endpointPolicyTrustedAccounts, or use "Account" or "Organization".`,
  ],
  [
    "a trusted account listed twice",
    looseLie({ endpointPolicyTrustedAccounts: ["580247275435", "580247275435"] }),
    "now",
    `${L}endpointPolicyTrustedAccounts lists 580247275435 more than once.`,
  ],
  [
    "trusted accounts as one string (YAML config)",
    looseNet({ endpointPolicyTrustedAccounts: "580247275435" }),
    "now",
    `${N}endpointPolicyTrustedAccounts must be a list of strings, not one string: write ["580247275435"].`,
  ],
  [
    "endpointPolicyScope: false, meaning no policy",
    looseLie({ endpointPolicyScope: false }),
    "now",
    `${L}endpointPolicyScope must be a string (got false).`,
  ],
  [
    'the string "true" for privateDnsEnabled',
    looseLie({ privateDnsEnabled: "true" }),
    "now",
    `${L}privateDnsEnabled must be true or false (got the string "true"); write true without quotes.`,
  ],
  [
    "a count as a string, as untyped config gives it",
    looseNet({ availabilityZoneCount: "2" }),
    "now",
    `${N}availabilityZoneCount must be a number (got the string "2"); write 2 without quotes.`,
  ],
  [
    "tags as a list",
    looseNet({ tags: ["team=payments"] }),
    "now",
    `${N}tags must be a map of strings, like { team: "payments" } (got a list).`,
  ],
  [
    "a tag value that is a number",
    looseNet({ tags: { costCenter: 4711 } }),
    "now",
    `${N}tags.costCenter must be a string (got the number 4711).`,
  ],
  [
    "an argument that does not exist (a typo)",
    looseNet({ natGateway: "single" }),
    "now",
    `${N}natGateway is not an argument here; the arguments are cidrBlock, availabilityZoneCount, availabilityZoneNames, availabilityZoneIds, excludeAvailabilityZoneIds, natGateways, natInstanceType, natInstanceImageId, natElasticIpAllocationIds, retainNatElasticIps, ipv6, ipv6IpamPoolId, sharedServiceEndpoints, endpoints, endpointPolicyScope, endpointPolicyTrustedAccounts, flowLogs, restrictDefaultSecurityGroup and tags.`,
  ],
  [
    "a string for the endpoint entry's private DNS",
    looseEps({ subnetIds: ["subnet-a"], endpoints: [{ service: "sqs", privateDnsEnabled: "no" }] }),
    "now",
    `${E}endpoints[0].privateDnsEnabled must be true or false (got the string "no").`,
  ],
  [
    "an unknown field in an endpoint entry",
    looseEps({ routeTableIds: ["rtb-1"], endpoints: [{ service: "s3", serviceType: "Gateway" }] }),
    "now",
    `${E}endpoints[0].serviceType is not an argument here; the arguments are service, type, privateDnsEnabled, privateDnsOnlyForInboundResolverEndpoint and policy.`,
  ],
  [
    "a zone name among the excluded zone IDs",
    looseNet({ excludeAvailabilityZoneIds: ["us-east-1e"] }),
    "now",
    `${N}excludeAvailabilityZoneIds: "us-east-1e" is not a zone ID: that is a zone name, and names map to different zones in each account; give zone IDs like use1-az3 (the console shows them beside the names).`,
  ],
  [
    "a region among the zone names",
    looseNet({ availabilityZoneNames: ["us-east-1"] }),
    "now",
    `${N}availabilityZoneNames: "us-east-1" is not a zone name: that is a region; a zone name adds a letter, like us-east-1a.`,
  ],
  [
    "a role name where the role ARN belongs",
    looseFn({ functionArgs: { ...code, role: "orders-execution-role" } }),
    "now",
    `${F}functionArgs.role must be the execution role's ARN, like arn:aws:iam::123456789012:role/my-role (got the string "orders-execution-role"): pass role.arn, not its name.`,
  ],
  [
    "a role ARN whose name is longer than IAM allows (64)",
    looseFn({
      functionArgs: { ...code, role: `arn:aws:iam::123456789012:role/${"r".repeat(65)}` },
    }),
    "now",
    `${F}functionArgs.role must be the execution role's ARN, like arn:aws:iam::123456789012:role/my-role (got the string "arn:aws:iam::123456789012:role/${"r".repeat(65)}"): pass role.arn, not its name.`,
  ],
  [
    "a function name with characters Lambda refuses",
    looseFn({ functionArgs: { ...code, name: "orders.v2" } }),
    "now",
    `${F}functionArgs.name "orders.v2" has characters Lambda refuses; use letters, digits, hyphens and underscores.`,
  ],
  [
    "a component name the function's auto-name cannot take",
    looseFn({}, "orders.v2"),
    "now",
    `VpcFunction "orders.v2": the function is named after the component, and Lambda takes only letters, digits, hyphens and underscores in names: rename the component (e.g. "orders-v2") or set functionArgs.name.`,
  ],
  [
    "a component name that makes a security group named sg-…",
    looseFn({}, "sg-auditor"),
    "now",
    `VpcFunction "sg-auditor": its security group would be named sg-auditor-sg-<suffix>, and AWS refuses security group names that start with "sg-": choose a component name that does not.`,
  ],
  [
    "a network name that makes its endpoints' security group named sg-…",
    looseNet({ endpoints: [{ service: "sqs" }] }, "sg-net"),
    "now",
    `PrivateNetwork "sg-net": its security group would be named sg-net-endpoints-sg-<suffix>, and AWS refuses security group names that start with "sg-": choose a component name that does not.`,
  ],
  [
    "a tag key in AWS's reserved aws: prefix",
    looseNet({ tags: { "aws:createdBy": "me" } }),
    "now",
    `${N}tags: the key aws:createdBy starts with "aws:", which AWS reserves; use another key.`,
  ],
  [
    "more tags than AWS allows with each child's Name",
    looseNet({ tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) }),
    "now",
    `${N}tags has 50 tags; with each child's Name that is 51, over the 50 AWS allows a resource: drop 1.`,
  ],
  [
    "a tag value longer than AWS allows",
    looseNet({ tags: { note: "x".repeat(257) } }),
    "now",
    `${N}tags.note is 257 characters; AWS allows 256.`,
  ],
  [
    "the same allowed block twice (AWS refuses a duplicate permission)",
    looseEps({
      subnetIds: ["subnet-a"],
      endpoints: [{ service: "sqs" }],
      allowedCidrBlocks: ["10.1.0.0/16", "10.2.0.0/16", "10.1.0.0/16"],
    }),
    "now",
    `${E}allowedCidrBlocks lists 10.1.0.0/16 more than once.`,
  ],
  [
    "more allowed sources than a security group's rule quota",
    looseEps({
      subnetIds: ["subnet-a"],
      endpoints: [{ service: "sqs" }],
      allowedCidrBlocks: Array.from({ length: 59 }, (_, i) => `10.${i}.0.0/16`),
      allowedSecurityGroupIds: ["sg-1", "sg-2"],
    }),
    "now",
    `${E}allowedCidrBlocks and allowedSecurityGroupIds make 61 IPv4 inbound rules; a security group takes 60: allow wider blocks, or a security group the callers share.`,
  ],
  [
    "an endpoint subnet of another VPC",
    looseEps({ subnetIds: ["subnet-a", "subnet-x"], endpoints: [{ service: "sqs" }] }),
    "region",
    `${E}subnetIds: subnet-x is in vpc-other, not in vpcId vpc-app; pass subnets of that VPC.`,
  ],
  [
    "a Lambda endpoint subnet of another VPC",
    looseLie({ subnetIds: ["subnet-a", "subnet-x"] }),
    "region",
    `${L}subnetIds: subnet-x is in vpc-other, not in vpcId vpc-app; pass subnets of that VPC.`,
  ],
  [
    "a function of another region to invoke through the endpoint",
    looseLie({ allowedFunctionArns: [FN_ARN, FN_ARN.replace("us-east-1", "eu-west-1")] }),
    "region",
    `${L}allowedFunctionArns: ${FN_ARN.replace("us-east-1", "eu-west-1")} is in eu-west-1, but the endpoint is in us-east-1, and an endpoint serves only its own region's functions: list functions of us-east-1, or give the component a provider for the functions' region.`,
  ],
];

const cases: Case[] = [
  [
    "a public VPC block",
    net({ cidrBlock: "100.64.0.0/16" }),
    "now",
    `${N}cidrBlock "100.64.0.0/16" is not a private (RFC 1918) range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`,
  ],
  [
    "a VPC block that is not a CIDR",
    net({ cidrBlock: "10.0.0.0/16 " }),
    "now",
    `${N}cidrBlock "10.0.0.0/16 " is not an IPv4 CIDR block; write it as four decimal octets and a prefix length, like 10.0.0.0/16.`,
  ],
  [
    "a VPC block too small for the layout",
    net({ cidrBlock: "10.0.0.0/22" }),
    "now",
    `${N}cidrBlock "10.0.0.0/22" is too small: the subnet layout needs at least a /21 (its public subnets are /28s); use a prefix length from /16 to /21.`,
  ],
  [
    "a VPC block larger than AWS allows",
    net({ cidrBlock: "172.16.0.0/12" }),
    "now",
    `${N}cidrBlock "172.16.0.0/12" is larger than AWS allows for a VPC; use a prefix length from /16 to /21.`,
  ],
  [
    "a zone count of zero",
    net({ availabilityZoneCount: 0 }),
    "now",
    `${N}availabilityZoneCount must be a whole number of at least 1 (got 0).`,
  ],
  [
    "a count and names together",
    net({ availabilityZoneCount: 2, availabilityZoneNames: ["us-east-1a"] }),
    "now",
    `${N}give only one of availabilityZoneCount, availabilityZoneNames and availabilityZoneIds (got availabilityZoneCount and availabilityZoneNames).`,
  ],
  [
    "names and IDs together",
    net({ availabilityZoneNames: ["us-east-1a"], availabilityZoneIds: ["use1-az1"] }),
    "now",
    `${N}give only one of availabilityZoneCount, availabilityZoneNames and availabilityZoneIds (got availabilityZoneNames and availabilityZoneIds).`,
  ],
  [
    "an empty zone list",
    net({ availabilityZoneIds: [] }),
    "now",
    `${N}availabilityZoneIds is empty: list at least one zone, or leave it out to use availabilityZoneCount.`,
  ],
  [
    "a zone named twice",
    net({ availabilityZoneNames: ["us-east-1a", "us-east-1a"] }),
    "now",
    `${N}availabilityZoneNames lists us-east-1a more than once.`,
  ],
  [
    "a zone letter outside the layout",
    net({ availabilityZoneNames: ["us-east-1a", "us-east-1k"] }),
    "now",
    `${N}zone us-east-1k has no slot in the subnet layout, which covers zone letters a to h; choose zones with availabilityZoneNames or availabilityZoneIds.`,
  ],
  [
    "an unknown NAT strategy",
    net({ natGateways: "oneEach" as never }),
    "now",
    `${N}natGateways "oneEach" is not a NAT strategy; use "none", "single", "perAz", "regional" or "instances".`,
  ],
  [
    "a NAT strategy in the wrong case",
    net({ natGateways: "perAZ" as never }),
    "now",
    `${N}natGateways "perAZ" is not a NAT strategy: did you mean "perAz"? (the names are case-sensitive: "none", "single", "perAz", "regional" or "instances").`,
  ],
  [
    "static NAT addresses with no NAT",
    net({ natElasticIpAllocationIds: ["eipalloc-0123456789abcdef0"] }),
    "now",
    `${N}natElasticIpAllocationIds gives 1 Elastic IP, but natGateways is "none": no NAT gateway takes them; choose "single", "perAz", "regional" or "instances", or leave natElasticIpAllocationIds out.`,
  ],
  [
    "fewer static addresses than a regional NAT gateway's zones",
    net({
      natGateways: "regional",
      availabilityZoneCount: 2,
      natElasticIpAllocationIds: ["eipalloc-0123456789abcdef0"],
    }),
    "now",
    `${N}natElasticIpAllocationIds gives 1 Elastic IP, but natGateways "regional" over 2 zones takes 2 addresses: give exactly one allocation id per zone, in zone order (zones sorted by name).`,
  ],
  [
    "keeping the addresses of a regional NAT gateway in automatic mode",
    net({ natGateways: "regional", retainNatElasticIps: true }),
    "now",
    `${N}retainNatElasticIps: natGateways "regional" creates no Elastic IP (AWS manages a regional NAT gateway's addresses in automatic mode); to keep fixed addresses, allocate them yourself and give them as natElasticIpAllocationIds, one per zone.`,
  ],
  [
    "fewer static NAT addresses than NAT gateways",
    net({
      natGateways: "perAz",
      availabilityZoneCount: 3,
      natElasticIpAllocationIds: ["eipalloc-0123456789abcdef0", "eipalloc-0123456789abcdef1"],
    }),
    "now",
    `${N}natElasticIpAllocationIds gives 2 Elastic IPs, but natGateways "perAz" over 3 zones makes 3 NAT gateways: give exactly one allocation id per NAT gateway, in zone order (zones sorted by name).`,
  ],
  [
    "more static NAT addresses than the single NAT gateway",
    net({
      natGateways: "single",
      availabilityZoneNames: ["us-east-1a", "us-east-1b"],
      natElasticIpAllocationIds: ["eipalloc-0123456789abcdef0", "eipalloc-0123456789abcdef1"],
    }),
    "now",
    `${N}natElasticIpAllocationIds gives 2 Elastic IPs, but natGateways "single" makes 1 NAT gateway: give exactly one allocation id per NAT gateway, in zone order (zones sorted by name).`,
  ],
  [
    "an address where an allocation id belongs",
    net({ natGateways: "single", natElasticIpAllocationIds: ["198.51.100.7"] }),
    "now",
    `${N}natElasticIpAllocationIds[0] "198.51.100.7" is not an allocation id: that is an address; give its allocation id (aws ec2 describe-addresses --public-ips 198.51.100.7 shows it).`,
  ],
  [
    "one static NAT address for two NAT gateways",
    net({
      natGateways: "perAz",
      availabilityZoneCount: 2,
      natElasticIpAllocationIds: ["eipalloc-0123456789abcdef0", "eipalloc-0123456789abcdef0"],
    }),
    "now",
    `${N}natElasticIpAllocationIds lists eipalloc-0123456789abcdef0 more than once: an Elastic IP serves one NAT gateway at a time.`,
  ],
  [
    "keeping Elastic IPs the network does not create",
    net({
      natGateways: "single",
      natElasticIpAllocationIds: ["eipalloc-0123456789abcdef0"],
      retainNatElasticIps: true,
    }),
    "now",
    `${N}retainNatElasticIps keeps the Elastic IPs the network creates, and with natElasticIpAllocationIds it creates none (yours are never released by it); leave retainNatElasticIps out.`,
  ],
  [
    "keeping Elastic IPs with no NAT",
    net({ retainNatElasticIps: true }),
    "now",
    `${N}retainNatElasticIps: natGateways is "none", so there is no Elastic IP to keep; leave retainNatElasticIps out, or choose "single" or "perAz".`,
  ],
  [
    "a repeated endpoint",
    net({ endpoints: [{ service: "sqs" }, { service: "sqs" }] }),
    "now",
    `${N}endpoints lists sqs more than once; give each service one entry per endpoint type.`,
  ],
  [
    "a gateway endpoint for a service without one",
    net({ endpoints: [{ service: "sns", type: "Gateway" }] }),
    "now",
    `${N}endpoints[0] (sns): AWS offers gateway endpoints only for dynamodb and s3; use type "Interface" or leave type out.`,
  ],
  [
    "an unknown endpoint type",
    net({ endpoints: [{ service: "sns", type: "PrivateLink" as never }] }),
    "now",
    `${N}endpoints[0] (sns): type "PrivateLink" is not an endpoint type; use "Gateway" or "Interface".`,
  ],
  [
    "a Name tag",
    net({ tags: { Name: "mine" } }),
    "now",
    `${N}tags must not set "Name": every child gets its own Name tag, its resource name; use another key.`,
  ],
  [
    "more zones than the region has",
    net({ availabilityZoneCount: 6 }),
    "region",
    `${N}availabilityZoneCount is 6, but us-east-1 offers only 5 zones once excludeAvailabilityZoneIds drops us-east-1e (use1-az3): lower the count or change excludeAvailabilityZoneIds.`,
  ],
  [
    "an unknown zone name",
    net({ availabilityZoneNames: ["us-east-1a", "us-east-1g"] }),
    "region",
    `${N}availabilityZoneNames: us-east-1g is not an available zone in us-east-1; the region offers us-east-1a (use1-az6), us-east-1b (use1-az1), us-east-1c (use1-az2), us-east-1d (use1-az4), us-east-1e (use1-az3), us-east-1f (use1-az5).`,
  ],
  [
    "an unknown zone ID",
    net({ availabilityZoneIds: ["use1-az9"] }),
    "region",
    `${N}availabilityZoneIds: use1-az9 is not an available zone in us-east-1; the region offers us-east-1a (use1-az6), us-east-1b (use1-az1), us-east-1c (use1-az2), us-east-1d (use1-az4), us-east-1e (use1-az3), us-east-1f (use1-az5).`,
  ],
  [
    "an excluded zone asked for by ID",
    net({ availabilityZoneIds: ["use1-az1", "use1-az3"] }),
    "region",
    `${N}availabilityZoneIds: us-east-1e (use1-az3) is excluded by excludeAvailabilityZoneIds; remove it from one of the two.`,
  ],
  [
    "an endpoint service the region lacks",
    net({ endpoints: [{ service: "s3" }, { service: "nosuchservice" }] }),
    "region",
    quoting(
      `${N}endpoints[1]: com.amazonaws.us-east-1.nosuchservice is not an interface endpoint service in us-east-1 `,
      "no matching EC2 VPC Endpoint Service found",
      `; check the service name: AWS's page "AWS services that integrate with AWS PrivateLink" gives each as com.amazonaws.<region>.<name>.`,
    ),
  ],
  [
    "an endpoint with no supported zone",
    net({
      availabilityZoneNames: ["us-east-1e"],
      excludeAvailabilityZoneIds: [],
      endpoints: [{ service: "lambda" }],
    }),
    "region",
    `${N}endpoints[0]: the lambda endpoint service supports none of the subnets' zones (us-east-1e); it is offered in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f: choose zones that include one of those.`,
  ],
  [
    "endpoints without a VPC",
    eps({ vpcId: undefined }),
    "now",
    `${E}vpcId is required: pass the id of the VPC the endpoints go in.`,
  ],
  [
    "interface endpoints without subnets",
    eps({ endpoints: [{ service: "sqs" }, { service: "kms" }] }),
    "now",
    `${E}subnetIds is empty, but interface endpoints (sqs, kms) need subnets: pass private subnet ids, one per zone.`,
  ],
  [
    "gateway endpoints without route tables",
    eps({ routeTableIds: [], endpoints: [{ service: "s3" }] }),
    "now",
    `${E}routeTableIds is empty, but gateway endpoints (s3) are route-table targets: pass the private route table ids, or set type "Interface".`,
  ],
  [
    "ingress from anywhere",
    eps({
      subnetIds: ["subnet-1"],
      endpoints: [{ service: "sqs" }],
      allowedCidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"],
    }),
    "now",
    `${E}allowedCidrBlocks "0.0.0.0/0" admits the whole internet; list only the blocks that need access.`,
  ],
  [
    "no allowed source at all",
    eps({ subnetIds: ["subnet-1"], endpoints: [{ service: "sqs" }], allowedCidrBlocks: [] }),
    "now",
    `${E}allowedCidrBlocks and allowedSecurityGroupIds are both empty, so nothing could reach the interface endpoints: allow a block or a security group, or leave allowedCidrBlocks out to allow the VPC.`,
  ],
  [
    "zones that do not match the subnets",
    eps({
      subnetIds: ["subnet-1", "subnet-2"],
      subnetAvailabilityZones: ["us-east-1a"],
      endpoints: [{ service: "sqs" }],
    }),
    "now",
    `${E}subnetAvailabilityZones has 1 entries but subnetIds has 2: give one zone per subnet, in the same order.`,
  ],
  [
    "a policy that is not a policy",
    eps({ routeTableIds: ["rtb-1"], endpoints: [{ service: "s3", policy: "[]" }] }),
    "now",
    `${E}endpoints[0] (s3).policy must be a JSON policy document with a Statement, like {"Version":"2012-10-17","Statement":[...]}.`,
  ],
  [
    "endpoint subnets only in unsupported zones",
    eps({
      vpcId: "vpc-app",
      subnetIds: ["subnet-e"],
      subnetAvailabilityZones: ["us-east-1e"],
      endpoints: [{ service: "lambda" }],
    }),
    "region",
    `${E}endpoints[0]: the lambda endpoint service supports none of the subnets' zones (us-east-1e); it is offered in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f: add subnets of those zones to subnetIds.`,
  ],
];

describe("bad inputs", () => {
  for (const [what, construct, when, message, absent] of [...cases, ...looseCases, ...arnCases]) {
    it(`rejects ${what}`, async () => {
      useWorld(existing);
      if (when === "now") {
        assert.throws(construct, { name: "ArgumentError", message });
        assert.deepStrictEqual(registrations(), []);
      } else if (when === "deploy") {
        construct();
        assertMessage((await asyncError()).message, message);
        assert.deepStrictEqual(
          registrations().filter((r) => r.type === absent),
          [],
          `${absent} was registered`,
        );
      } else {
        construct();
        const error = await asyncError();
        assertMessage(error.message, message);
        // Only the component itself was registered, never a child.
        assert.deepStrictEqual(
          registrations().map((r) => r.type),
          [registrations()[0].type],
        );
        assert.match(registrations()[0].type, /^lambda-networking:index:/);
      }
    });
  }
});
