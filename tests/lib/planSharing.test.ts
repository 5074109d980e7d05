/**
 * Shared service endpoints offline: what the fake AWS answers for Route 53 Profiles and AWS RAM
 * (ids and ARNs shaped like AWS's), and the plan's section of them (scripts/planSharing.ts), its
 * text and its cost lines.
 */
import * as assert from "assert";
import {
  PrivateNetwork,
  SharedServiceEndpoints,
  SharedServiceEndpointsArgs,
  SharedServiceEndpointsSpoke,
} from "../../components";
import { buildPlan, Plan } from "../../scripts/planModel";
import { renderText } from "../../scripts/render";
import {
  Registration,
  registrations,
  resource,
  resourcesOfType,
  settle,
  TYPES,
  useWorld,
} from "../mocks";

const ORG = "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5";
const ACCOUNT = "123456789012";

function planOf(regs: readonly Registration[]): Plan {
  return buildPlan({
    project: "p",
    stack: "dev",
    region: "us-east-1",
    zones: [],
    assumptions: [],
    registrations: regs,
    outputs: {},
    warnings: [],
    policyFindings: [],
    policyConfigFile: "",
  });
}

/** A hub on its own network, and a spoke network of 10.0.0.0/16 associated with its profile. */
async function hubAndSpoke(args: Partial<SharedServiceEndpointsArgs> = {}) {
  const hubNetwork = new PrivateNetwork("hub", {
    availabilityZoneCount: 2,
    cidrBlock: "10.1.0.0/16",
    endpoints: [],
  });
  const shared = new SharedServiceEndpoints("shared", {
    vpcId: hubNetwork.vpcId,
    subnetIds: hubNetwork.privateSubnetIds,
    endpoints: [{ service: "sqs" }],
    spokeCidrBlocks: ["10.0.0.0/16"],
    ...args,
  });
  const spoke = new PrivateNetwork("spoke", { availabilityZoneCount: 2, endpoints: [] });
  // A share to accept only when the hub shares its profile (shareWith).
  new SharedServiceEndpointsSpoke("spoke-shared", {
    vpcId: spoke.vpcId,
    profileId: shared.profileId,
    ...(args.shareWith === undefined ? {} : { resourceShareArn: shared.resourceShareArn }),
  });
  await settle();
}

/** The section's lines, wrapped entries joined. */
function sectionOf(plan: Plan): string[] {
  const text = renderText(plan).replace(/\n {8}/g, " ");
  const start = text.indexOf("Shared service endpoints");
  return start < 0 ? [] : text.slice(start, text.indexOf("\n\n", start)).split("\n");
}

describe("shared service endpoints offline", () => {
  it("the fake AWS answers Route 53 Profiles and RAM with AWS's ids and ARNs", async () => {
    useWorld();
    await hubAndSpoke({ shareWith: [ORG] });
    const profile = resource(TYPES.route53Profile, "shared-profile");
    assert.match(String(profile.id), /^rp-[0-9a-f]{17}$/);
    assert.deepStrictEqual(
      [profile.outputs?.arn, profile.outputs?.status, profile.outputs?.shareStatus],
      [
        `arn:aws:route53profiles:us-east-1:${ACCOUNT}:profile/${profile.id}`,
        "COMPLETE",
        "NOT_SHARED",
      ],
    );
    assert.match(String(profile.outputs?.name), /^shared-profile-[0-9a-f]{7}$/);
    const endpoint = resource(TYPES.vpcEndpoint, "shared-endpoints-sqs");
    assert.strictEqual(
      endpoint.outputs?.arn,
      `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-endpoint/${endpoint.id}`,
    );
    const member = resource(TYPES.route53ProfileResourceAssociation, "shared-profile-sqs");
    assert.match(String(member.id), /^rpr-[0-9a-f]{17}$/);
    assert.strictEqual(member.outputs?.resourceType, undefined);
    const association = resource(TYPES.route53ProfileAssociation, "spoke-shared-association");
    assert.match(String(association.id), /^rpassoc-[0-9a-f]{17}$/);
    assert.strictEqual(
      association.outputs?.arn,
      `arn:aws:route53profiles:us-east-1:${ACCOUNT}:profile-association/${association.id}`,
    );
    const [share] = resourcesOfType(TYPES.resourceShare);
    assert.match(
      String(share.id),
      /^arn:aws:ram:us-east-1:123456789012:resource-share\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/,
    );
    assert.strictEqual(share.outputs?.arn, share.id);
    const [resourceAssociation] = resourcesOfType(TYPES.ramResourceAssociation);
    assert.strictEqual(resourceAssociation.id, `${share.id},${profile.outputs?.arn}`);
    const [principal] = resourcesOfType(TYPES.ramPrincipalAssociation);
    assert.strictEqual(principal.id, `${share.id},${ORG}`);
    const accepter = resource(TYPES.resourceShareAccepter, "spoke-shared-accept");
    assert.strictEqual(accepter.id, share.id);
    assert.strictEqual(
      accepter.outputs?.shareId,
      `rs-${String(share.id).split("resource-share/")[1]}`,
    );
  });

  it("prints the hub, its services, the spoke, the share and the comparison", async () => {
    useWorld();
    await hubAndSpoke({ shareWith: [ORG] });
    const plan = planOf(registrations());
    assert.deepStrictEqual(plan.sharedEndpoints.length, 1);
    // By hand: sqs in 2 zones, $14.60 a month a set; with 1 spoke, sharing costs 14.60 + 547.50
    // + 2 × 36.50 = 635.10 against 14.60: −620.50. A spoke saves 14.60 − 36.50 < 0: never pays.
    assert.deepStrictEqual(sectionOf(plan), [
      "Shared service endpoints (Route 53 Profiles)",
      '  shared-profile of SharedServiceEndpoints "shared": sqs',
      "    spoke VPCs in the stack: spoke-vpc (10.0.0.0/16)",
      "    spoke-vpc 10.0.0.0/16: admitted on TCP 443 by the hub's endpoint security group",
      `    shared through AWS RAM (shared-share) with ${ORG}`,
      "    spokes reach the hub's endpoints over your transit (transit gateway or peering); this plan does not check routes between VPCs",
      "    saving with 1 spoke: -$620.50 a month; sharing never pays (one set of these endpoints per spoke vs. the hub's, the profile and a transit gateway attachment per VPC)",
    ]);
    assert.deepStrictEqual(
      plan.cost.lines.filter((l) => l.item === "Route 53 Profile"),
      [{ item: "Route 53 Profile", quantity: 1, monthlyUsd: 547.5 }],
    );
  });

  it("says NOT admitted when the hub's endpoints do not admit the spoke's block", async () => {
    useWorld();
    await hubAndSpoke({ spokeCidrBlocks: ["10.9.0.0/16"] });
    const plan = planOf(registrations());
    assert.deepStrictEqual(plan.sharedEndpoints[0].spokes, [
      { vpc: "spoke-vpc", cidrBlock: "10.0.0.0/16", admitted: false },
    ]);
    assert.ok(
      sectionOf(plan).includes(
        "    spoke-vpc 10.0.0.0/16: NOT admitted on TCP 443 by the hub's endpoint security group",
      ),
    );
  });

  it("has no section without a profile, and prices associations beyond 100 per profile", () => {
    assert.deepStrictEqual(sectionOf(planOf([])), []);
    const reg = (type: string, name: string, inputs: Record<string, unknown>, id: string) =>
      ({ type, name, inputs, custom: true, id, outputs: {} }) as unknown as Registration;
    const regs = [
      reg(TYPES.route53Profile, "p", {}, "rp-1"),
      ...Array.from({ length: 102 }, (_, i) =>
        reg(
          TYPES.route53ProfileAssociation,
          `a${i}`,
          { profileId: "rp-1", resourceId: `vpc-${i}` },
          `rpassoc-${i}`,
        ),
      ),
    ];
    const plan = planOf(regs);
    assert.deepStrictEqual(
      plan.cost.lines.filter((l) => l.quantity > 0).map((l) => [l.item, l.quantity]),
      [
        ["Route 53 Profile", 1],
        ["Profile association", 2],
      ],
    );
    // 102 spokes outside the stack: named by id, their admission not known.
    assert.deepStrictEqual(plan.sharedEndpoints[0].spokes[0], { vpc: "vpc-0" });
    assert.strictEqual(plan.sharedEndpoints[0].comparison.spokeCount, 102);
  });
});
