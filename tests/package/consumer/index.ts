// A Pulumi program as a user writes it, against the packed package: every public component.
// @pulumi/aws by module, as the README advises: the root declares every AWS service.
import * as lambda from "@pulumi/aws/lambda";
import * as pulumi from "@pulumi/pulumi";
import {
  EndpointPolicyScope,
  EndpointType,
  ExecutionRolePolicy,
  FunctionEgress,
  LambdaInterfaceEndpoint,
  NatGatewayStrategy,
  PrivateNetwork,
  ServiceEndpoints,
  VpcFlowLog,
  VpcFunction,
  countHyperplaneEnis,
  estimateMonthlyCostUsd,
} from "lambda-networking";

const network = new PrivateNetwork("net", {
  availabilityZoneCount: 2,
  natGateways: NatGatewayStrategy.Single,
  endpoints: [{ service: "s3" }, { service: "sqs", type: EndpointType.Interface }],
});

new ServiceEndpoints("more", {
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  endpoints: [{ service: "kms" }],
  endpointPolicyScope: EndpointPolicyScope.Account,
});

new VpcFlowLog("audit", { vpcId: "vpc-0123456789abcdef0", retentionInDays: 365 });

const fn = new VpcFunction("fn", {
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  egress: FunctionEgress.Network,
  executionRolePolicy: ExecutionRolePolicy.Scoped,
  logs: { retentionInDays: 365 },
  functionArgs: {
    runtime: lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;"),
    }),
  },
});

const outside = new lambda.Function("outside", {
  role: "arn:aws:iam::123456789012:role/outside",
  runtime: lambda.Runtime.NodeJS22dX,
  handler: "index.handler",
});
const invoke = new LambdaInterfaceEndpoint("invoke", {
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  allowedFunctionArns: [outside.arn],
});

export const functionArn: pulumi.Output<string> = fn.functionArn;
export const endpointId: pulumi.Output<string> = invoke.endpointId;
export const natCost: number = estimateMonthlyCostUsd({
  natGateways: 1,
  publicIpv4Addresses: 1,
  interfaceEndpointAzs: 0,
  gatewayEndpoints: 0,
});
export const enis: number = countHyperplaneEnis([
  { subnetIds: ["a", "b"], securityGroupIds: ["sg"] },
]);
