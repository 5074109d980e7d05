/**
 * The sample stack: both ways a Lambda function reaches a private network, on one network.
 *
 * - Pattern 1: `worker`, a VpcFunction in the private subnets. It reads an S3 object through
 *   the free gateway endpoint, sends an SQS message through an interface endpoint, and invokes
 *   `report` through the Lambda interface endpoint: no internet needed.
 * - Pattern 2: `report` stays in the Lambda service VPC; the LambdaInterfaceEndpoint lets the VPC
 *   invoke it (and only it) privately. It is outside any VPC on purpose: Security Hub's Lambda.3
 *   ("Lambda functions should be in a VPC") is the one control it fails, and the policy pack's
 *   lambda-in-vpc exempts it by name (policy/sample-config.json).
 *
 * Security Hub controls the stack is built to pass: the bucket refuses plain HTTP (S3.5) and keeps
 * versions (S3.14), the queue refuses plain HTTP, every log group has a retention period, and the
 * worker reaches the bucket only through the VPC's S3 endpoint (aws:SourceVpce). The control ids:
 * "[S3.5] S3 general purpose buckets should require requests to use SSL", "[S3.14] S3 general
 * purpose buckets should have versioning enabled"
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html).
 *
 * The shared stack (config `sharedEndpoints`, Pulumi.shared.yaml) adds a hub network whose
 * interface endpoints (SharedServiceEndpoints) the lambda network uses through a Route 53 Profile
 * instead of endpoints of its own: the worker reaches SQS through the hub's endpoint, over a VPC
 * peering connection this program makes (the package does not build transit).
 *
 * Zones, NAT and endpoints come from stack config (see README); `npm start` plans it offline.
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as s3 from "@pulumi/aws/s3";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import {
  DEFAULT_AVAILABILITY_ZONE_COUNT,
  DEFAULT_VPC_CIDR_BLOCK,
  LambdaInterfaceEndpoint,
  PrivateNetwork,
  SharedServiceEndpoints,
  VpcFunction,
} from "./components";
import { readSampleConfig } from "./sample/settings";

const { network: settings, sharedServices } = readSampleConfig(new pulumi.Config());
const tags = { project: pulumi.getProject(), stack: pulumi.getStack() };
const code = (name: string) =>
  new pulumi.asset.FileArchive(path.join(__dirname, "sample", "app", name));
const lambdaTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

/** The hub network's block (the shared stack), apart from the lambda network's. */
const HUB_CIDR_BLOCK = "10.1.0.0/16";
const lambdaCidrBlock = settings.cidrBlock ?? DEFAULT_VPC_CIDR_BLOCK;

// The shared stack: a hub network, no NAT, in the same zones, whose interface endpoints are
// shared with the lambda network (the only spoke) through a Route 53 Profile.
const hub =
  sharedServices === undefined
    ? undefined
    : new PrivateNetwork("hub", {
        cidrBlock: HUB_CIDR_BLOCK,
        availabilityZoneCount: settings.availabilityZoneCount,
        availabilityZoneIds: settings.availabilityZoneIds,
        natGateways: "none",
        endpoints: [],
        tags,
      });
const shared =
  hub === undefined || sharedServices === undefined
    ? undefined
    : new SharedServiceEndpoints("shared", {
        vpcId: hub.vpcId,
        subnetIds: hub.privateSubnetIds,
        endpoints: sharedServices.map((service) => ({ service })),
        spokeCidrBlocks: [lambdaCidrBlock],
        tags,
      });

const network = new PrivateNetwork("lambda", {
  ...settings,
  ...(hub === undefined || shared === undefined
    ? {}
    : {
        sharedServiceEndpoints: { profileId: shared.profileId, hubCidrBlocks: [hub.vpcCidrBlock] },
      }),
  tags,
});

// User code, not the package's: the transit between the hub and the lambda network. The package
// does not build it; here a peering connection (same account and region, accepted at once) and,
// in each network's private route tables (one per zone), a route to the other's block.
if (hub !== undefined) {
  const peering = new ec2.VpcPeeringConnection("hub-lambda", {
    vpcId: network.vpcId,
    peerVpcId: hub.vpcId,
    autoAccept: true,
    tags: { ...tags, Name: "hub-lambda" },
  });
  const zoneCount =
    settings.availabilityZoneIds?.length ??
    settings.availabilityZoneCount ??
    DEFAULT_AVAILABILITY_ZONE_COUNT;
  for (let i = 0; i < zoneCount; i++) {
    const route = (from: PrivateNetwork, to: string, destinationCidrBlock: string) =>
      new ec2.Route(`${to}-via-peering-${i + 1}`, {
        routeTableId: from.privateRouteTableIds.apply((ids) => ids[i]),
        destinationCidrBlock,
        vpcPeeringConnectionId: peering.id,
      });
    route(network, "hub", HUB_CIDR_BLOCK);
    route(hub, "lambda", lambdaCidrBlock);
  }
}

// What the worker reads and writes.
const bucket = new s3.Bucket("greetings", { forceDestroy: true, tags });
new s3.BucketVersioning("greetings", {
  bucket: bucket.id,
  versioningConfiguration: { status: "Enabled" },
});
new s3.BucketPublicAccessBlock("greetings", {
  bucket: bucket.id,
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});
const greeting = new s3.BucketObjectv2("greeting", {
  bucket: bucket.id,
  key: "greeting.txt",
  content: "Hello from a private subnet",
  contentType: "text/plain",
});
const queue = new sqs.Queue("greetings", { sqsManagedSseEnabled: true, tags });
/** A statement refusing requests not sent over TLS (aws:SecureTransport false). */
const denyPlainHttp = (action: string, resources: pulumi.Input<string>[]) => ({
  Sid: "DenyPlainHttp",
  Effect: "Deny",
  Principal: "*",
  Action: action,
  Resource: resources,
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});
new sqs.QueuePolicy("greetings", {
  queueUrl: queue.url,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [denyPlainHttp("sqs:*", [queue.arn])],
  }),
});

// Pattern 2: a function in the Lambda service VPC, invoked privately from the VPC.
// Its logs: a group of its own kept 90 days, the only one its role may write to.
const reportLogGroup = new cloudwatch.LogGroup("report", {
  namePrefix: "/aws/lambda/report-",
  retentionInDays: 90,
  tags,
});
const reportRole = new iam.Role("report", { assumeRolePolicy: lambdaTrust, tags });
const reportLogs = new iam.RolePolicy("report-logs", {
  role: reportRole.name,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        // Both act on the group's streams, never on the group itself.
        Resource: pulumi.interpolate`${reportLogGroup.arn}:*`,
      },
    ],
  }),
});
const report = new lambda.Function(
  "report",
  {
    runtime: lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    code: code("report"),
    role: reportRole.arn,
    timeout: 10,
    loggingConfig: { logFormat: "Text", logGroup: reportLogGroup.name },
    tags,
  },
  { dependsOn: [reportLogs] },
);
const invoke = new LambdaInterfaceEndpoint("invoke", {
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  allowedFunctionArns: [report.arn],
  tags,
});

// Pattern 1: a function in the VPC's private subnets.
const worker = new VpcFunction("worker", {
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  functionArgs: {
    runtime: lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    code: code("worker"),
    timeout: 30,
    environment: {
      variables: {
        BUCKET: bucket.id,
        OBJECT_KEY: greeting.key,
        QUEUE_URL: queue.url,
        REPORT_FUNCTION: report.name,
      },
    },
  },
  tags,
});
// The bucket: TLS only, and the worker only through the VPC's S3 endpoint (when the stack has
// one; with NAT and no S3 endpoint, the worker reaches S3 through NAT).
const objects = pulumi.interpolate`${bucket.arn}/*`;
new s3.BucketPolicy("greetings", {
  bucket: bucket.id,
  policy: pulumi
    .all([bucket.arn, objects, worker.roleArn, network.endpointIds])
    .apply(([arn, inBucket, workerRole, endpointIds]) => {
      const s3Endpoint = endpointIds.s3 ?? endpointIds["s3-interface"];
      return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          denyPlainHttp("s3:*", [arn, inBucket]),
          ...(s3Endpoint === undefined
            ? []
            : [
                {
                  Sid: "WorkerOnlyThroughTheS3Endpoint",
                  Effect: "Deny",
                  Principal: "*",
                  Action: "s3:*",
                  Resource: [arn, inBucket],
                  Condition: {
                    ArnEquals: { "aws:PrincipalArn": workerRole },
                    StringNotEquals: { "aws:SourceVpce": s3Endpoint },
                  },
                },
              ]),
        ],
      });
    }),
});
new iam.RolePolicy("worker-access", {
  role: worker.roleName,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:GetObject", Resource: objects },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: queue.arn },
      { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: report.arn },
    ],
  }),
});

export const vpcId = network.vpcId;
export const availabilityZones = network.availabilityZones;
export const privateSubnetIds = network.privateSubnetIds;
export const natGatewayIds = network.natGatewayIds;
export const natPublicIps = network.natPublicIps;
export const endpointIds = network.endpointIds;
export const lambdaEndpointId = invoke.endpointId;
export const lambdaEndpointDnsNames = invoke.dnsEntries.apply((entries) =>
  entries.map((e) => e.dnsName),
);
export const lambdaEndpointAvailabilityZones = invoke.availabilityZones;
export const workerFunctionName = worker.functionName;
export const reportFunctionName = report.name;
export const bucketName = bucket.id;
export const queueUrl = queue.url;
export const hyperplaneEniCount = worker.hyperplaneEniCount;
// The shared stack's hub: undefined elsewhere, which Pulumi exports as no output at all.
export const profileId = shared?.profileId;
export const estimatedMonthlySavingUsd = shared?.estimatedMonthlySavingUsd;
export const breakEvenSpokeCount = shared?.breakEvenSpokeCount;
export const estimatedMonthlyCostUsd = pulumi
  .all([
    network.estimatedMonthlyCostUsd,
    invoke.estimatedMonthlyCostUsd,
    hub?.estimatedMonthlyCostUsd ?? 0,
    shared?.estimatedMonthlyCostUsd ?? 0,
  ])
  .apply((costs) => Math.round(costs.reduce((a, b) => a + b, 0) * 100) / 100);
