import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  PrivateNetwork,
  ServiceEndpoints,
  SharedServiceEndpoints,
  SharedServiceEndpointsArgs,
  SharedServiceEndpointsSpoke,
  VpcFunction,
} from "../../components";
import { compareSharing, profileMonthlyUsd } from "../../components/lib/sharedEndpoints";
import { REPLACING_INPUTS } from "../../scripts/snapshot";
import {
  asyncError,
  registrations,
  resource,
  resourcesOfType,
  settle,
  TWO_SUBNET_VPC,
  TYPES,
  useWorld,
  valueOf,
} from "../mocks";

const ORG = "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5";
const OU = "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56";

/** A hub PrivateNetwork (10.1.0.0/16, two zones) and a SharedServiceEndpoints on it. */
function hub(args: Partial<SharedServiceEndpointsArgs> = {}) {
  const network = new PrivateNetwork("hub", { availabilityZoneCount: 2, cidrBlock: "10.1.0.0/16" });
  const shared = new SharedServiceEndpoints("shared", {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    endpoints: [{ service: "sqs" }, { service: "kms" }],
    spokeCidrBlocks: ["10.0.0.0/16", "10.2.0.0/16"],
    ...args,
  });
  return { network, shared };
}

const code = new pulumi.asset.AssetArchive({});

describe("SharedServiceEndpoints", () => {
  it("makes the endpoints, a profile with each endpoint, and no share without shareWith", async () => {
    useWorld();
    const { shared } = hub();
    await settle();
    const endpoints = resourcesOfType(TYPES.vpcEndpoint);
    assert.deepStrictEqual(
      endpoints.map((e) => [e.name, e.inputs.vpcEndpointType, e.inputs.privateDnsEnabled]),
      [
        ["shared-endpoints-sqs", "Interface", true],
        ["shared-endpoints-kms", "Interface", true],
      ],
    );
    const profile = resource(TYPES.route53Profile, "shared-profile");
    assert.deepStrictEqual(profile.inputs, { tags: { Name: "shared-profile" } });
    assert.deepStrictEqual(
      resourcesOfType(TYPES.route53ProfileResourceAssociation).map((r) => [r.name, r.inputs]),
      endpoints.map((e) => [
        `shared-profile-${e.name.replace("shared-endpoints-", "")}`,
        { profileId: profile.id, resourceArn: e.outputs?.arn },
      ]),
    );
    // Each association waits for its own endpoint and the profile, not for the other endpoints.
    for (const [service, other] of [
      ["sqs", "kms"],
      ["kms", "sqs"],
    ]) {
      const deps = resource(
        TYPES.route53ProfileResourceAssociation,
        `shared-profile-${service}`,
      ).dependencies;
      assert.ok(deps.includes(`shared-endpoints-${service}`), `${service}: ${deps.join(", ")}`);
      assert.ok(!deps.includes(`shared-endpoints-${other}`), `${service}: ${deps.join(", ")}`);
    }
    // The endpoints admit HTTPS from the hub VPC and every spoke block, nothing else.
    const group = resource(TYPES.securityGroup, "shared-endpoints-sg");
    assert.deepStrictEqual(
      (group.inputs.ingress as any[]).map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]),
      [["tcp", 443, 443, ["10.1.0.0/16", "10.0.0.0/16", "10.2.0.0/16"]]],
    );
    assert.deepStrictEqual(resourcesOfType(TYPES.resourceShare), []);
    assert.strictEqual(await valueOf(shared.resourceShareArn), "");
    assert.strictEqual(await valueOf(shared.profileId), profile.id);
    assert.deepStrictEqual(await valueOf(shared.sharedServices), ["sqs", "kms"]);
    // Not shared: the perimeter is the account's.
    assert.match(String(endpoints[0].inputs.policy), /aws:PrincipalAccount/);
  });

  it("shares the profile through RAM with each principal, inside the organization by default", async () => {
    useWorld();
    const { shared } = hub({ shareWith: [ORG, OU] });
    await settle();
    const share = resource(TYPES.resourceShare, "shared-share");
    assert.deepStrictEqual(share.inputs, {
      allowExternalPrincipals: false,
      tags: { Name: "shared-share" },
    });
    const profile = resource(TYPES.route53Profile, "shared-profile");
    assert.deepStrictEqual(resource(TYPES.ramResourceAssociation, "shared-share-profile").inputs, {
      resourceArn: profile.outputs?.arn,
      resourceShareArn: share.outputs?.arn,
    });
    assert.deepStrictEqual(
      resourcesOfType(TYPES.ramPrincipalAssociation).map((r) => [r.name, r.inputs.principal]),
      [
        ["shared-share-o-a1b2c3d4e5", ORG],
        ["shared-share-ou-ab12-cd34ef56", OU],
      ],
    );
    assert.strictEqual(await valueOf(shared.resourceShareArn), share.outputs?.arn);
    // Shared with the organization: its perimeter, so the spokes' identities get through.
    assert.match(
      String(resource(TYPES.vpcEndpoint, "shared-endpoints-sqs").inputs.policy),
      /aws:PrincipalOrgID/,
    );
  });

  it("prices the endpoints and the profile, and compares with one set per spoke", async () => {
    useWorld();
    const { shared } = hub({ spokeCount: 20 });
    await settle();
    // Two endpoints in two zones: 4 × 730 × $0.01 = $29.20; the profile $0.75 × 730 = $547.50.
    assert.strictEqual(await valueOf(shared.estimatedMonthlyCostUsd), 576.7);
    assert.strictEqual(await valueOf(shared.spokeCount), 20);
    // 20 spokes: 20 × $29.20 = $584 apart, against $29.20 + $547.50 + 21 × $36.50 = $1343.20.
    assert.strictEqual(await valueOf(shared.estimatedMonthlySavingUsd), -759.2);
    // Each spoke's transit ($36.50) costs more than its own endpoints ($29.20): it never pays.
    assert.strictEqual(await valueOf(shared.breakEvenSpokeCount), undefined);
  });

  it("finds the break-even spoke count of the issue's example (8 services, 3 zones, 20 spokes)", () => {
    const c = compareSharing({
      interfaceEndpointAzs: 24,
      spokeCount: 20,
      transitMonthlyUsdPerVpc: 36.5,
    });
    // Apart: 20 × 24 × $7.30 = $3504. Shared: $175.20 + $547.50 + 21 × $36.50 = $1489.20.
    assert.deepStrictEqual(c, {
      spokeCount: 20,
      sharedMonthlyUsd: 1489.2,
      separateMonthlyUsd: 3504,
      savingMonthlyUsd: 2014.8,
      // n × $175.20 > $175.20 + $547.50 + (n + 1) × $36.50 from n = 6 ($1051.20 > $978.70).
      breakEvenSpokeCount: 6,
    });
    // With transit in place already, from 4 spokes: 4 × 175.2 = 700.8 < 722.7; 5 × 175.2 = 876.
    assert.strictEqual(
      compareSharing({ interfaceEndpointAzs: 24, spokeCount: 1, transitMonthlyUsdPerVpc: 0 })
        .breakEvenSpokeCount,
      5,
    );
    // Past 100 associations each costs $0.0014 an hour: 150 → $547.50 + 50 × $1.022.
    assert.strictEqual(profileMonthlyUsd(150), 598.6);
  });

  it("associates a spoke PrivateNetwork with the profile, and its functions reach the hub on 443", async () => {
    useWorld();
    const { network, shared } = hub();
    const spoke = new PrivateNetwork("app", {
      availabilityZoneCount: 2,
      endpoints: [{ service: "s3" }],
      sharedServiceEndpoints: {
        profileId: shared.profileId,
        hubCidrBlocks: [network.vpcCidrBlock],
      },
    });
    new VpcFunction("fn", {
      vpcId: spoke.vpcId,
      subnetIds: spoke.privateSubnetIds,
      functionArgs: { runtime: "nodejs22.x", handler: "index.handler", code },
    });
    await settle();
    const association = resource(
      TYPES.route53ProfileAssociation,
      "app-shared-endpoints-association",
    );
    assert.deepStrictEqual(association.inputs, {
      profileId: resource(TYPES.route53Profile, "shared-profile").id,
      resourceId: resource(TYPES.vpc, "app-vpc").id,
      tags: { Name: "app-shared-endpoints-association" },
    });
    assert.deepStrictEqual(resourcesOfType(TYPES.resourceShareAccepter), []);
    const egress = resource(TYPES.securityGroup, "fn-sg").inputs.egress as any[];
    assert.deepStrictEqual(
      egress.find((r) => r.description === "HTTPS to the shared service endpoints"),
      {
        description: "HTTPS to the shared service endpoints",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["10.1.0.0/16"],
        ipv6CidrBlocks: [],
      },
    );
  });

  it("accepts the share before associating a VPC of an account outside the organization", async () => {
    useWorld();
    const shareArn =
      "arn:aws:ram:us-east-1:111111111111:resource-share/7ab63972-b505-7e2a-420d-6f5d3EXAMPLE";
    new SharedServiceEndpointsSpoke("spoke", {
      vpcId: "vpc-0123456789abcdef0",
      profileId: "rp-4987774726example",
      resourceShareArn: shareArn,
      sharedServices: ["sqs"],
    });
    await settle();
    const accepter = resource(TYPES.resourceShareAccepter, "spoke-accept");
    assert.deepStrictEqual(accepter.inputs, { shareArn });
    const association = resource(TYPES.route53ProfileAssociation, "spoke-association");
    assert.strictEqual(association.inputs.resourceId, "vpc-0123456789abcdef0");
    // It waits for the acceptance: until then the spoke's account cannot see the profile.
    assert.ok(association.dependencyUrns.includes(accepter.urn as string));
  });

  it("gives the functions of an existing spoke VPC HTTPS to the hub, whichever is built first", async () => {
    for (const [spokeFirst, later] of [
      [true, false],
      [false, false],
      [false, true],
    ]) {
      useWorld(TWO_SUBNET_VPC);
      // Plain, or known only at deployment (another stack's output), given to both.
      const vpcId = later ? pulumi.output(Promise.resolve("vpc-1")) : "vpc-1";
      const spoke = () =>
        new SharedServiceEndpointsSpoke("spoke", {
          vpcId,
          profileId: "rp-0123456789abcdef0",
          hubCidrBlocks: ["10.1.0.0/16"],
        });
      if (spokeFirst) spoke();
      new VpcFunction("fn", {
        vpcId,
        subnetIds: ["subnet-a", "subnet-b"],
        functionArgs: { runtime: "nodejs22.x", handler: "index.handler", code },
      });
      if (!spokeFirst) spoke();
      await settle();
      const egress = resource(TYPES.securityGroup, "fn-sg").inputs.egress as any[];
      assert.deepStrictEqual(
        egress
          .filter((r) => r.description === "HTTPS to the shared service endpoints")
          .map((r) => [r.fromPort, r.cidrBlocks]),
        [[443, ["10.1.0.0/16"]]],
        `spoke first: ${spokeFirst}, known later: ${later}`,
      );
    }
  });

  it("adding a service or a spoke adds only its own resources, and replaces nothing", async () => {
    const plan = async (services: string[], spokes: string[]) => {
      useWorld();
      const { network, shared } = hub({ endpoints: services.map((service) => ({ service })) });
      spokes.forEach((spoke, i) => {
        new PrivateNetwork(spoke, {
          availabilityZoneCount: 2,
          cidrBlock: `10.${10 + i}.0.0/16`,
          sharedServiceEndpoints: {
            profileId: shared.profileId,
            hubCidrBlocks: [network.vpcCidrBlock],
          },
        });
      });
      await settle();
      return new Map(registrations().map((r) => [`${r.type} ${r.name}`, r.inputs]));
    };
    const before = await plan(["sqs"], ["a"]);
    const after = await plan(["sqs", "kms"], ["a", "b"]);
    for (const [key, inputs] of before) {
      assert.ok(after.has(key), `${key} was renamed or removed`);
      for (const input of REPLACING_INPUTS[key.split(" ")[0]] ?? []) {
        assert.deepStrictEqual(after.get(key)?.[input], inputs[input], `${key}: ${input}`);
      }
    }
    const added = [...after.keys()].filter((k) => !before.has(k));
    assert.ok(added.includes(`${TYPES.vpcEndpoint} shared-endpoints-kms`));
    assert.ok(added.includes(`${TYPES.route53ProfileResourceAssociation} shared-profile-kms`));
    assert.ok(added.includes(`${TYPES.route53ProfileAssociation} b-shared-endpoints-association`));
    assert.ok(
      added.every((k) => /shared-endpoints-kms|shared-profile-kms| b(-|$)/.test(k)),
      String(added),
    );
  });

  it("refuses a second profile on one VPC, naming both spokes", async () => {
    useWorld();
    new SharedServiceEndpointsSpoke("one", { vpcId: "vpc-0123456789abcdef0", profileId: "rp-1" });
    new SharedServiceEndpointsSpoke("two", { vpcId: "vpc-0123456789abcdef0", profileId: "rp-2" });
    assert.strictEqual(
      (await asyncError()).message,
      'SharedServiceEndpointsSpoke "two": vpc-0123456789abcdef0 is associated with a Route 53 Profile by SharedServiceEndpointsSpoke "one" already, and a VPC takes one Profile: share one hub\'s profile, or put the endpoints of both in one SharedServiceEndpoints.',
    );
  });
});

describe("SharedServiceEndpoints: bad input fails early, naming the argument", () => {
  const H = 'SharedServiceEndpoints "shared": ';
  const base: SharedServiceEndpointsArgs = {
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-a", "subnet-b"],
    endpoints: [{ service: "sqs" }],
    spokeCidrBlocks: ["10.0.0.0/16"],
  };
  const hubWith = (args: Record<string, unknown>) => () =>
    new SharedServiceEndpoints("shared", { ...base, ...args });
  const spokeNet = (args: Record<string, unknown>) => () =>
    new PrivateNetwork("app", {
      sharedServiceEndpoints: { profileId: "rp-1", hubCidrBlocks: ["10.1.0.0/16"], ...args },
    });
  const cases: [string, () => unknown, string][] = [
    [
      "no spoke blocks",
      hubWith({ spokeCidrBlocks: undefined }),
      `${H}spokeCidrBlocks is required: list the spoke VPCs' blocks, which the endpoints' security group admits on TCP 443.`,
    ],
    [
      "an empty spoke list",
      hubWith({ spokeCidrBlocks: [] }),
      `${H}spokeCidrBlocks is empty, so no spoke could reach the shared endpoints: list the spoke VPCs' blocks.`,
    ],
    [
      "a /0 spoke block",
      hubWith({ spokeCidrBlocks: ["0.0.0.0/0"] }),
      `${H}spokeCidrBlocks "0.0.0.0/0" admits the whole internet; list only the blocks that need access.`,
    ],
    [
      "a principal that is an IAM role",
      hubWith({ shareWith: ["arn:aws:iam::111111111111:role/spoke"] }),
      `${H}shareWith[0] "arn:aws:iam::111111111111:role/spoke" is not an account id, an organization ARN or an OU ARN: give a 12-digit account id, arn:aws:organizations::<management account>:organization/o-…, or arn:aws:organizations::<management account>:ou/o-…/ou-…-… (aws organizations describe-organization / list-organizational-units-for-parent).`,
    ],
    [
      "an organization id where its ARN belongs",
      hubWith({ shareWith: ["o-a1b2c3d4e5"] }),
      `${H}shareWith[0] "o-a1b2c3d4e5" is not an account id, an organization ARN or an OU ARN: give a 12-digit account id, arn:aws:organizations::<management account>:organization/o-…, or arn:aws:organizations::<management account>:ou/o-…/ou-…-… (aws organizations describe-organization / list-organizational-units-for-parent).`,
    ],
    [
      "a principal twice",
      hubWith({ shareWith: ["111111111111", "111111111111"] }),
      `${H}shareWith names 111111111111 twice: RAM associates a principal with a share once; list it once.`,
    ],
    [
      "accounts with the Account perimeter",
      hubWith({ shareWith: ["111111111111"], endpointPolicyScope: "Account" }),
      `${H}endpointPolicyScope is "Account", which lets only this account's identities through the endpoints, but shareWith names account 111111111111: use "Organization" (accounts of your organization), or give the entries policies of your own.`,
    ],
    [
      "external principals with the Organization perimeter",
      hubWith({ shareWith: ["111111111111"], allowExternalPrincipals: true }),
      `${H}allowExternalPrincipals shares the profile with accounts outside your organization, but the "Organization" endpoint policy refuses their identities: give the entries policies of your own (or endpointPolicyScope "Open"), or drop allowExternalPrincipals.`,
    ],
    [
      "external principals for an organization alone",
      hubWith({ shareWith: [ORG], allowExternalPrincipals: true, endpointPolicyScope: "Open" }),
      `${H}allowExternalPrincipals admits accounts outside your organization, but shareWith names only organizations and OUs: drop allowExternalPrincipals, or name the outside accounts.`,
    ],
    [
      "a gateway endpoint",
      hubWith({ endpoints: [{ service: "s3" }] }),
      `${H}endpoints[0]: the s3 gateway endpoint serves only the route tables of its own VPC, so it cannot be shared: set type "Interface", or give each spoke its own gateway endpoint (free).`,
    ],
    [
      "an endpoint without private DNS",
      hubWith({ endpoints: [{ service: "sqs", privateDnsEnabled: false }] }),
      `${H}endpoints[0]: the sqs endpoint has private DNS off, so the profile would give the spokes no name for it: leave privateDnsEnabled on.`,
    ],
    [
      "a spoke network listing a service the hub shares",
      () => {
        const { shared } = hub({ endpoints: [{ service: "sqs" }] });
        new PrivateNetwork("app", {
          endpoints: [{ service: "s3" }, { service: "sqs" }],
          sharedServiceEndpoints: { profileId: shared.profileId, hubCidrBlocks: ["10.1.0.0/16"] },
        });
      },
      'PrivateNetwork "app": endpoints[1]: sqs is shared by SharedServiceEndpoints "shared" through sharedServiceEndpoints, so the VPC would have two answers for its names (its own endpoint wins over the profile\'s): remove the entry, or stop sharing it at the hub.',
    ],
    [
      "a spoke network whose block overlaps the hub's",
      spokeNet({ hubCidrBlocks: ["10.0.128.0/17"] }),
      "PrivateNetwork \"app\": sharedServiceEndpoints.hubCidrBlocks 10.0.128.0/17 overlaps the network's block 10.0.0.0/16, so the hub could not be routed to: give the network (cidrBlock) a block apart from the hub's.",
    ],
    [
      "a spoke network without the hub's blocks",
      spokeNet({ hubCidrBlocks: undefined }),
      "PrivateNetwork \"app\": sharedServiceEndpoints needs profileId and hubCidrBlocks: pass the hub's profileId output and its VPC's blocks.",
    ],
    [
      "a profile ARN where its id belongs",
      () =>
        new SharedServiceEndpointsSpoke("spoke", {
          vpcId: "vpc-1",
          profileId: "arn:aws:route53profiles:us-east-1:111111111111:profile/rp-1",
        }),
      'SharedServiceEndpointsSpoke "spoke": profileId "arn:aws:route53profiles:us-east-1:111111111111:profile/rp-1" is not a Route 53 Profile id: pass the hub\'s profileId output (rp-…), not its ARN or name.',
    ],
    [
      "a share id where its ARN belongs",
      () =>
        new SharedServiceEndpointsSpoke("spoke", {
          vpcId: "vpc-1",
          profileId: "rp-1",
          resourceShareArn: "rs-7ab63972",
        }),
      'SharedServiceEndpointsSpoke "spoke": resourceShareArn "rs-7ab63972" is not an AWS RAM resource share ARN: pass the hub\'s resourceShareArn output (arn:aws:ram:<region>:<account>:resource-share/…).',
    ],
    [
      "a spoke given the hub's resourceShareArn of a profile shared with no one",
      () =>
        new SharedServiceEndpointsSpoke("spoke", {
          vpcId: "vpc-1",
          profileId: "rp-1",
          resourceShareArn: "",
        }),
      'SharedServiceEndpointsSpoke "spoke": resourceShareArn is "": the hub shares its profile with no account (shareWith is empty), so there is nothing to accept; leave resourceShareArn out.',
    ],
    [
      "a spoke network given the profile's name",
      spokeNet({ profileId: "shared-profile" }),
      'PrivateNetwork "app": sharedServiceEndpoints.profileId "shared-profile" is not a Route 53 Profile id: pass the hub\'s profileId output (rp-…), not its ARN or name.',
    ],
  ];
  for (const [what, construct, message] of cases) {
    it(`rejects ${what}`, () => {
      useWorld();
      assert.throws(construct, { name: "ArgumentError", message });
      // The spoke case made its hub first: nothing of the spoke was registered.
      assert.ok(registrations().every((r) => !r.name.startsWith("app")));
    });
  }

  it("checks blocks known only at deployment once known, before what takes them", async () => {
    const later = <T>(value: T) => pulumi.output(Promise.resolve(value));
    useWorld();
    hub({ spokeCidrBlocks: later(["10.0.0.0/16", "0.0.0.0/0"]) });
    assert.strictEqual(
      (await asyncError()).message,
      `${H}spokeCidrBlocks "0.0.0.0/0" admits the whole internet; list only the blocks that need access.`,
    );
    assert.deepStrictEqual(
      resourcesOfType(TYPES.securityGroup).filter((g) => g.name === "shared-endpoints-sg"),
      [],
    );
    useWorld();
    const app = new PrivateNetwork("app", {
      availabilityZoneCount: 2,
      sharedServiceEndpoints: { profileId: "rp-1", hubCidrBlocks: later(["10.0.4.0/24"]) },
    });
    new VpcFunction("fn", {
      vpcId: app.vpcId,
      subnetIds: app.privateSubnetIds,
      functionArgs: { runtime: "nodejs22.x", handler: "index.handler", code },
    });
    assert.match(
      (await asyncError()).message,
      /^PrivateNetwork "app": sharedServiceEndpoints\.hubCidrBlocks 10\.0\.4\.0\/24 overlaps the network's block 10\.0\.0\.0\/16/,
    );
    assert.deepStrictEqual(
      resourcesOfType(TYPES.securityGroup).filter((g) => g.name === "fn-sg"),
      [],
    );
  });

  it("rejects a service the region offers no interface endpoint for, naming the hub's entry", async () => {
    useWorld();
    new PrivateNetwork("hub", { availabilityZoneCount: 2, cidrBlock: "10.1.0.0/16" });
    hubWith({
      endpoints: [
        { service: "sqs" },
        { service: "dynamodb", type: "Interface", privateDnsEnabled: true },
        { service: "sqss" },
      ],
    })();
    assert.match(
      (await asyncError()).message,
      /^SharedServiceEndpoints "shared": endpoints\[2\]: com\.amazonaws\.us-east-1\.sqss is not an interface endpoint service in us-east-1/,
    );
    assert.deepStrictEqual(resourcesOfType(TYPES.route53Profile), []);
  });

  it("rejects a spoke endpoint of the program for a shared service in the same VPC", async () => {
    useWorld();
    const { network, shared } = hub();
    const spoke = new PrivateNetwork("app", {
      availabilityZoneCount: 2,
      sharedServiceEndpoints: {
        profileId: shared.profileId,
        hubCidrBlocks: [network.vpcCidrBlock],
      },
    });
    new ServiceEndpoints("own", {
      vpcId: spoke.vpcId,
      subnetIds: spoke.privateSubnetIds,
      endpoints: [{ service: "sqs" }],
    });
    // Whichever claims the name second is refused, naming the other.
    const message = (await asyncError()).message;
    assert.match(message, /two answers for one name/);
    assert.match(message, /ServiceEndpoints "own"/);
    assert.match(
      message,
      /SharedServiceEndpointsSpoke "app-shared-endpoints" \(the Route 53 Profile of SharedServiceEndpoints "shared"\)/,
    );
    assert.match(message, /com\.amazonaws\.us-east-1\.sqs/);
  });
});
