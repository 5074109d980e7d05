import * as assert from "assert";
import {
  checkPrivateDnsOffered,
  endpointServiceNameCandidates,
  placeInterfaceEndpoint,
  providerSendsInboundResolverOption,
  resolveEndpoints,
  validatePolicyDocument,
} from "../../components/lib/endpoints";

/** The parser's own words, which differ between Node versions. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} parsed`);
}

describe("lib/endpoints", () => {
  it("defaults s3 and dynamodb to free gateway endpoints and the rest to interface with private DNS", () => {
    assert.deepStrictEqual(
      resolveEndpoints("endpoints", [
        { service: "s3" },
        { service: "dynamodb" },
        { service: "ecr.api" },
        { service: "sqs", privateDnsEnabled: false },
        { service: "s3-outposts" },
      ]),
      [
        { key: "s3", service: "s3", type: "Gateway", privateDnsEnabled: false, policy: undefined },
        {
          key: "dynamodb",
          service: "dynamodb",
          type: "Gateway",
          privateDnsEnabled: false,
          policy: undefined,
        },
        {
          key: "ecr.api",
          service: "ecr.api",
          type: "Interface",
          privateDnsEnabled: true,
          policy: undefined,
        },
        {
          key: "sqs",
          service: "sqs",
          type: "Interface",
          privateDnsEnabled: false,
          policy: undefined,
        },
        {
          key: "s3-outposts",
          service: "s3-outposts",
          type: "Interface",
          privateDnsEnabled: true,
          policy: undefined,
        },
      ],
    );
  });

  it("keys an s3 interface endpoint apart, with private DNS for every resolver when alone", () => {
    // Alone, private DNS must answer the VPC too: AWS refuses the inbound-only option without
    // an S3 gateway endpoint in the VPC.
    assert.deepStrictEqual(resolveEndpoints("endpoints", [{ service: "s3", type: "Interface" }]), [
      {
        key: "s3-interface",
        service: "s3",
        type: "Interface",
        privateDnsEnabled: true,
        privateDnsOnlyForInboundResolverEndpoint: false,
        inboundResolverOptionGiven: false,
        policy: undefined,
      },
    ]);
  });

  it("pairs the s3 gateway and interface endpoints: the VPC uses the gateway, on-premises the interface", () => {
    assert.deepStrictEqual(
      resolveEndpoints("endpoints", [{ service: "s3", type: "Interface" }, { service: "s3" }]),
      [
        {
          key: "s3-interface",
          service: "s3",
          type: "Interface",
          privateDnsEnabled: true,
          privateDnsOnlyForInboundResolverEndpoint: true,
          inboundResolverOptionGiven: false,
          gatewayKey: "s3",
          policy: undefined,
        },
        { key: "s3", service: "s3", type: "Gateway", privateDnsEnabled: false, policy: undefined },
      ],
    );
  });

  it("takes an explicit inbound-only choice for s3, e.g. for a gateway made elsewhere", () => {
    const [withExisting] = resolveEndpoints("endpoints", [
      { service: "s3", type: "Interface", privateDnsOnlyForInboundResolverEndpoint: true },
    ]);
    assert.strictEqual(withExisting.privateDnsOnlyForInboundResolverEndpoint, true);
    const [allResolvers] = resolveEndpoints("endpoints", [
      { service: "s3" },
      { service: "s3", type: "Interface", privateDnsOnlyForInboundResolverEndpoint: false },
    ]).slice(1);
    assert.strictEqual(allResolvers.privateDnsOnlyForInboundResolverEndpoint, false);
  });

  it("leaves the DNS option off dynamodb interface endpoints, which the provider does not send it for", () => {
    const [, dynamodb] = resolveEndpoints("endpoints", [
      { service: "dynamodb" },
      { service: "dynamodb", type: "Interface", privateDnsEnabled: false },
    ]);
    assert.deepStrictEqual(dynamodb, {
      key: "dynamodb-interface",
      service: "dynamodb",
      type: "Interface",
      privateDnsEnabled: false,
      gatewayKey: "dynamodb",
      policy: undefined,
    });
  });

  it("builds both names a service may have: com.amazonaws, and cn.com.amazonaws in China", () => {
    assert.deepStrictEqual(endpointServiceNameCandidates("cn-north-1", "lambda"), [
      "com.amazonaws.cn-north-1.lambda",
      "cn.com.amazonaws.cn-north-1.lambda",
    ]);
  });

  it("refuses private DNS for a service that offers no private DNS name", () => {
    const [endpoint] = resolveEndpoints("endpoints", [{ service: "dynamodb", type: "Interface" }]);
    assert.throws(() => checkPrivateDnsOffered(endpoint, "com.amazonaws.us-east-1.dynamodb", ""), {
      name: "ArgumentError",
      message:
        "endpoints: com.amazonaws.us-east-1.dynamodb offers no private DNS name, so AWS refuses private DNS for its endpoint: set privateDnsEnabled: false on the dynamodb entry and call the endpoint by its own DNS names (dnsEntries).",
    });
    checkPrivateDnsOffered(endpoint, "com.amazonaws.us-east-1.dynamodb", "x.amazonaws.com");
  });

  const bad: [string, unknown, string][] = [
    [
      "a full service name",
      [{ service: "com.amazonaws.us-east-1.sqs" }],
      'endpoints[0].service "com.amazonaws.us-east-1.sqs" is not valid: give the short name "sqs"; the region is added for you.',
    ],
    [
      "an empty service",
      [{ service: "" }],
      'endpoints[0].service "" is not valid: give a short AWS service name such as "s3", "sqs" or "ecr.api".',
    ],
    [
      "a missing service",
      [{}],
      'endpoints[0].service undefined is not valid: give a short AWS service name such as "s3", "sqs" or "ecr.api".',
    ],
    [
      "an unknown type",
      [{ service: "sqs", type: "gateway" }],
      'endpoints[0] (sqs): type "gateway" is not an endpoint type; use "Gateway" or "Interface".',
    ],
    [
      "a gateway for sqs",
      [{ service: "s3" }, { service: "sqs", type: "Gateway" }],
      'endpoints[1] (sqs): AWS offers gateway endpoints only for dynamodb and s3; use type "Interface" or leave type out.',
    ],
    [
      "private DNS on a gateway",
      [{ service: "s3", privateDnsEnabled: true }],
      'endpoints[0] (s3): privateDnsEnabled applies only to interface endpoints; remove it or set type "Interface".',
    ],
    [
      "a full China service name",
      [{ service: "cn.com.amazonaws.cn-north-1.lambda" }],
      'endpoints[0].service "cn.com.amazonaws.cn-north-1.lambda" is not valid: give the short name "lambda"; the region is added for you.',
    ],
    [
      "a repeated service",
      [{ service: "sqs" }, { service: "s3" }, { service: "sqs", privateDnsEnabled: false }],
      "endpoints lists sqs more than once; give each service one entry per endpoint type.",
    ],
    [
      "the same service and type twice",
      [
        { service: "s3" },
        { service: "s3", type: "Interface" },
        { service: "s3", type: "Interface" },
      ],
      "endpoints lists s3 (Interface) more than once; give each service one entry per endpoint type.",
    ],
    [
      "the inbound-only DNS option on a service the provider does not send it for",
      [{ service: "dynamodb", type: "Interface", privateDnsOnlyForInboundResolverEndpoint: true }],
      "endpoints[0] (dynamodb): privateDnsOnlyForInboundResolverEndpoint applies only to S3 interface endpoints (the AWS provider sends it for no other service); remove it.",
    ],
    [
      "the inbound-only DNS option on a gateway",
      [{ service: "s3", privateDnsOnlyForInboundResolverEndpoint: false }],
      "endpoints[0] (s3): privateDnsOnlyForInboundResolverEndpoint applies only to S3 interface endpoints (the AWS provider sends it for no other service); remove it.",
    ],
    [
      "the inbound-only DNS option with private DNS off",
      [
        {
          service: "s3",
          type: "Interface",
          privateDnsEnabled: false,
          privateDnsOnlyForInboundResolverEndpoint: true,
        },
      ],
      "endpoints[0] (s3): privateDnsOnlyForInboundResolverEndpoint needs privateDnsEnabled; remove it, or leave privateDnsEnabled on.",
    ],
    [
      "a policy that is not JSON",
      [{ service: "s3", policy: "{nope" }],
      `endpoints[0] (s3).policy is not valid JSON (${jsonError("{nope")}).`,
    ],
    [
      "a policy without statements",
      [{ service: "s3", policy: "{}" }],
      'endpoints[0] (s3).policy must be a JSON policy document with a Statement, like {"Version":"2012-10-17","Statement":[...]}.',
    ],
  ];
  for (const [what, list, message] of bad) {
    it(`rejects ${what}`, () => {
      assert.throws(() => resolveEndpoints("endpoints", list as never), {
        name: "ArgumentError",
        message,
      });
    });
  }

  it("accepts a policy document", () => {
    validatePolicyDocument("policy", JSON.stringify({ Version: "2012-10-17", Statement: [] }));
  });

  describe("placeInterfaceEndpoint", () => {
    const subnets = [
      { subnetId: "s-c", availabilityZone: "us-east-1c" },
      { subnetId: "s-a", availabilityZone: "us-east-1a" },
      { subnetId: "s-a2", availabilityZone: "us-east-1a" },
      { subnetId: "s-e", availabilityZone: "us-east-1e" },
    ];

    it("keeps the first subnet per supported zone and reports the unsupported zones", () => {
      assert.deepStrictEqual(
        placeInterfaceEndpoint(subnets, ["us-east-1a", "us-east-1b", "us-east-1c"]),
        {
          subnetIds: ["s-a", "s-c"],
          availabilityZones: ["us-east-1a", "us-east-1c"],
          unsupportedAvailabilityZones: ["us-east-1e"],
        },
      );
    });

    it("places nothing when no zone is supported", () => {
      assert.deepStrictEqual(placeInterfaceEndpoint(subnets, ["us-east-1f"]), {
        subnetIds: [],
        availabilityZones: [],
        unsupportedAvailabilityZones: ["us-east-1a", "us-east-1c", "us-east-1e"],
      });
    });
  });

  it("knows where the provider sends privateDnsOnlyForInboundResolverEndpoint: com.amazonaws.<region>.s3 only", () => {
    for (const name of [
      "com.amazonaws.us-east-1.s3",
      "com.amazonaws.us-gov-west-1.s3",
      "com.amazonaws.us-iso-east-1.s3",
      "com.amazonaws.ap-southeast-5.s3",
    ]) {
      assert.ok(providerSendsInboundResolverOption(name), name);
    }
    for (const name of [
      "cn.com.amazonaws.cn-north-1.s3",
      "com.amazonaws.us-east-1.s3tables",
      "com.amazonaws.s3-global.accesspoint",
      "com.amazonaws.us-east-1.sqs",
    ]) {
      assert.ok(!providerSendsInboundResolverOption(name), name);
    }
  });
});
