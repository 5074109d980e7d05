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
 * Zones, NAT and endpoints come from stack config (see README); `npm start` plans it offline.
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as s3 from "@pulumi/aws/s3";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { LambdaInterfaceEndpoint, PrivateNetwork, VpcFunction } from "./components";
import { readSampleSettings } from "./sample/settings";

const settings = readSampleSettings(new pulumi.Config());
const tags = { project: pulumi.getProject(), stack: pulumi.getStack() };
const code = (name: string) =>
  new pulumi.asset.FileArchive(path.join(__dirname, "sample", "app", name));
const lambdaTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

const network = new PrivateNetwork("lambda", { ...settings, tags });

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
export const estimatedMonthlyCostUsd = pulumi
  .all([network.estimatedMonthlyCostUsd, invoke.estimatedMonthlyCostUsd])
  .apply(([a, b]) => Math.round((a + b) * 100) / 100);
