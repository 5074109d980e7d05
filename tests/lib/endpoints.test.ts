import * as assert from "assert";
import {
  endpointServiceName,
  placeInterfaceEndpoint,
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
        { service: "s3", type: "Gateway", privateDnsEnabled: false, policy: undefined },
        { service: "dynamodb", type: "Gateway", privateDnsEnabled: false, policy: undefined },
        { service: "ecr.api", type: "Interface", privateDnsEnabled: true, policy: undefined },
        { service: "sqs", type: "Interface", privateDnsEnabled: false, policy: undefined },
        { service: "s3-outposts", type: "Interface", privateDnsEnabled: true, policy: undefined },
      ],
    );
  });

  it("keeps an explicit interface type for s3", () => {
    assert.deepStrictEqual(resolveEndpoints("endpoints", [{ service: "s3", type: "Interface" }]), [
      { service: "s3", type: "Interface", privateDnsEnabled: true, policy: undefined },
    ]);
  });

  it("builds AWS service names", () => {
    assert.strictEqual(
      endpointServiceName("eu-west-1", "ecr.dkr"),
      "com.amazonaws.eu-west-1.ecr.dkr",
    );
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
      "a repeated service",
      [{ service: "sqs" }, { service: "s3" }, { service: "sqs", privateDnsEnabled: false }],
      "endpoints lists sqs more than once; give each service one entry.",
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
});
