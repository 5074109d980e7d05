// A private network for AWS Lambda and one function in it: a VPC with a private subnet in each of
// three zones, no NAT gateway (so no internet), a gateway endpoint for S3 (free), and a function in
// those subnets whose security group lets it reach the VPC itself and S3, nothing else.
import * as pulumi from "@pulumi/pulumi";
import { PrivateNetwork, VpcFunction } from "lambda-networking";

const network = new PrivateNetwork("app", { endpoints: [{ service: "s3" }] });

const worker = new VpcFunction("worker", {
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  functionArgs: {
    runtime: "nodejs22.x",
    handler: "index.handler",
    // The code inline, so the program needs no other file; use a FileArchive("./dir") for yours.
    code: new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset(
        "exports.handler = async () => ({ reachedFrom: process.env.AWS_REGION });",
      ),
    }),
  },
});

export const vpcId = network.vpcId;
export const privateSubnetIds = network.privateSubnetIds;
export const workerArn = worker.functionArn;
