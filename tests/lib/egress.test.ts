import * as assert from "assert";
import { EgressFacts, egressRules, routingFacts } from "../../components/lib/egress";
import { lambdaTrustPolicy, logGroupArn } from "../../components/lib/executionRole";

const facts: EgressFacts = {
  vpcCidrBlocks: ["10.0.0.0/16"],
  vpcIpv6CidrBlocks: ["2600:1f18::/56"],
  prefixListIds: [],
  internet: false,
  ipv6Internet: false,
};

describe("lib/egress and lib/executionRole", () => {
  it("reads gateway endpoints, NAT and IPv6 egress from routes", () => {
    assert.deepStrictEqual(
      routingFacts([
        { cidrBlock: "10.0.0.0/16", gatewayId: "local" },
        { destinationPrefixListId: "pl-b", gatewayId: "vpce-2" },
        { destinationPrefixListId: "pl-a", gatewayId: "vpce-1" },
        { destinationPrefixListId: "pl-a", gatewayId: "vpce-1" },
        // A prefix list routed elsewhere (a customer list to a peering) is no gateway endpoint.
        { destinationPrefixListId: "pl-x", gatewayId: "pcx-1" },
        // A gateway endpoint's route found by its destination, its endpoint's id not known.
        { destinationPrefixListId: "pl-c", toGatewayEndpoint: true },
      ]),
      { prefixListIds: ["pl-a", "pl-b", "pl-c"], internet: false, ipv6Internet: false },
    );
    // A default route whose target the look-up does not show (a VPN's) is a way out.
    assert.strictEqual(
      routingFacts([{ cidrBlock: "0.0.0.0/0", targetNotShown: true }]).internet,
      true,
    );
    assert.deepStrictEqual(
      routingFacts([
        { cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
        { ipv6CidrBlock: "::/0", gatewayId: "igw-1" },
      ]),
      // An internet gateway is not NAT: a function gets no public IP behind it.
      { prefixListIds: [], internet: false, ipv6Internet: true },
    );
    // A transit gateway to a central egress VPC is a way out, as NAT is.
    assert.strictEqual(routingFacts([{ cidrBlock: "0.0.0.0/0" }]).internet, true);
    assert.strictEqual(
      routingFacts([{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }]).internet,
      true,
    );
  });

  it("Network: only the VPC when nothing else is routed, IPv6 only for dual-stack functions", () => {
    assert.deepStrictEqual(egressRules("Network", facts, false), [
      {
        description: "All traffic to the VPC",
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ["10.0.0.0/16"],
        ipv6CidrBlocks: [],
      },
    ]);
    assert.deepStrictEqual(egressRules("Network", facts, true)[0].ipv6CidrBlocks, [
      "2600:1f18::/56",
    ]);
    // Unknown routing: HTTPS to anywhere, IPv6 too for a dual-stack function.
    const unknown = { ...facts, internet: undefined, ipv6Internet: undefined };
    assert.deepStrictEqual(egressRules("Network", unknown, true)[1], {
      description: "HTTPS out (the subnets' routing is not known)",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ["0.0.0.0/0"],
      ipv6CidrBlocks: ["::/0"],
    });
  });

  it("trusts the Lambda service principal, with no condition Lambda does not document", () => {
    assert.deepStrictEqual(JSON.parse(lambdaTrustPolicy()), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
    assert.strictEqual(
      logGroupArn(
        { partition: "aws-us-gov", region: "us-gov-west-1", account: "111122223333" },
        "/org/own",
      ),
      "arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/org/own",
    );
  });
});
