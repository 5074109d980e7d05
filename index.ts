/**
 * The sample stack: a private network for Lambda functions, with the knobs that matter read from
 * stack config. `pulumi config set lambda-networking-sample:natGateways perAz` etc.
 */
import * as pulumi from "@pulumi/pulumi";
import { EndpointSpec, NatGatewayStrategy, PrivateNetwork } from "./components";

const config = new pulumi.Config();

/** Endpoints the sample's functions use: S3 and DynamoDB free gateways, SQS and Lambda over HTTPS. */
const DEFAULT_ENDPOINTS: EndpointSpec[] = [
  { service: "s3" },
  { service: "dynamodb" },
  { service: "sqs" },
  { service: "lambda" },
];

const network = new PrivateNetwork("lambda", {
  cidrBlock: config.get("cidrBlock"),
  availabilityZoneCount: config.getNumber("availabilityZoneCount"),
  availabilityZoneIds: config.getObject<string[]>("availabilityZoneIds"),
  natGateways: config.get<NatGatewayStrategy>("natGateways"),
  endpoints: config.getObject<EndpointSpec[]>("endpoints") ?? DEFAULT_ENDPOINTS,
  tags: { project: pulumi.getProject(), stack: pulumi.getStack() },
});

export const vpcId = network.vpcId;
export const availabilityZones = network.availabilityZones;
export const privateSubnetIds = network.privateSubnetIds;
export const natGatewayIds = network.natGatewayIds;
export const endpointIds = network.endpointIds;
export const estimatedMonthlyCostUsd = network.estimatedMonthlyCostUsd;
