// Runs index.ts on Pulumi's mocked runtime and prints the type and name of every registration.
import * as pulumi from "@pulumi/pulumi";

const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
const registered: string[] = [];
void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(`${args.type} ${args.name}`);
      return {
        id: `${args.name}-id`,
        state: {
          ...args.inputs,
          arn: `arn:aws:lambda:us-east-1:123456789012:function:${args.name}`,
          name: args.name,
        },
      };
    },
    call: (args) => {
      switch (args.token) {
        case "aws:index/getRegion:getRegion":
          return { region: "us-east-1" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
          return { names: zones, zoneIds: ["use1-az1", "use1-az2", "use1-az4"] };
        case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
          // Looked up by name filter; the service is the last part of the name.
          const name: string = args.inputs.filters[0].values[0];
          return {
            serviceName: name,
            availabilityZones: zones,
            privateDnsName: `${name.split(".").pop()}.us-east-1.amazonaws.com`,
          };
        }
        case "aws:ec2/getPrefixList:getPrefixList":
          // A gateway endpoint's service's managed prefix list, looked up by name filter.
          return { id: `pl-${String(args.inputs.filters[0].values[0]).split(".").pop()}` };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { accountId: "123456789012" };
        case "aws:ec2/getSubnet:getSubnet":
          return {
            id: args.inputs.id,
            vpcId: "net-vpc-id",
            availabilityZone: args.inputs.id.includes("1a") ? "us-east-1a" : "us-east-1b",
            mapPublicIpOnLaunch: false,
          };
        case "aws:ec2/getVpc:getVpc":
          return {
            id: args.inputs.id,
            arn: `arn:aws:ec2:us-east-1:123456789012:vpc/${args.inputs.id}`,
            cidrBlock: "10.0.0.0/16",
            enableDnsSupport: true,
            enableDnsHostnames: true,
          };
        default:
          throw Object.assign(new Error(`no mock for ${args.token}`), {
            details: `no mock for ${args.token}`,
          });
      }
    },
  },
  "consumer",
  "test",
  false,
);

process.on("unhandledRejection", (e) => {
  console.error(`FAILED: ${(e as Error).message}`);
  process.exit(1);
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
require("./index");
// Done when registrations stop arriving.
void (async () => {
  for (let quiet = 0, seen = -1; quiet < 10;) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    quiet = registered.length === seen ? quiet + 1 : 0;
    seen = registered.length;
  }
  console.log(JSON.stringify(registered.sort()));
})();
