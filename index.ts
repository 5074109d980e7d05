/**
 * The sample stack: both ways a Lambda function reaches a private network, on one network.
 *
 * - Pattern 1: `worker`, a VpcFunction in the private subnets. It reads an S3 object through
 *   the free gateway endpoint, sends an SQS message through an interface endpoint, and invokes
 *   `report` through the Lambda interface endpoint: no internet needed.
 * - Pattern 2: `report` stays in the Lambda service VPC; the LambdaInterfaceEndpoint lets the VPC
 *   invoke it (and only it) privately.
 *
 * Zones, NAT and endpoints come from stack config (see README); `npm start` plans it offline.
 */
import { getPartitionOutput } from "@pulumi/aws/getPartition";
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
const { partition } = getPartitionOutput();
const lambdaTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

const network = new PrivateNetwork("lambda", { ...settings, tags });

// What the worker reads and writes.
const bucket = new s3.Bucket("greetings", { forceDestroy: true, tags });
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

// Pattern 2: a function in the Lambda service VPC, invoked privately from the VPC.
const reportRole = new iam.Role("report", { assumeRolePolicy: lambdaTrust, tags });
const reportLogs = new iam.RolePolicyAttachment("report-logs", {
  role: reportRole.name,
  policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
});
const report = new lambda.Function(
  "report",
  {
    runtime: lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    code: code("report"),
    role: reportRole.arn,
    timeout: 10,
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
new iam.RolePolicy("worker-access", {
  role: worker.roleName,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:GetObject", Resource: pulumi.interpolate`${bucket.arn}/*` },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: queue.arn },
      { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: report.arn },
    ],
  }),
});

export const vpcId = network.vpcId;
export const availabilityZones = network.availabilityZones;
export const privateSubnetIds = network.privateSubnetIds;
export const natGatewayIds = network.natGatewayIds;
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
