/**
 * The pre-flight on interface endpoints shared through a Route 53 Profile, and the RAM share of
 * the profile (policy/rules/api/sharedEndpoints.ts), over mocked stacks: the library's hub and
 * spoke pass; plain resources show each rule. (Beside the pack's tests, which run the same checks:
 * tests/policy/sharedEndpoints.test.ts.)
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import {
  PrivateNetwork,
  SharedServiceEndpoints,
  SharedServiceEndpointsSpoke,
} from "../../components";
import { PreflightFinding, preflight } from "../../policy/rules/preflight";
import { registrations, settle, useWorld } from "../mocks";

const RULES = [
  "profile-one-per-vpc",
  "profile-endpoint-private-dns",
  "profile-spoke-duplicate-endpoint",
  "profile-spoke-blocked",
  "resource-share-external-principals",
];
const ORGANIZATION = "arn:aws:organizations::123456789012:organization/o-abcdef1234";
const UNIT = "arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-cdef5678";

/** The shared-endpoint findings of the stack `build` registers. */
async function findingsOf(build: () => void): Promise<PreflightFinding[]> {
  useWorld();
  build();
  await settle();
  return preflight(registrations()).filter((f) => RULES.includes(f.rule));
}
// Registration order varies between runs: findings go by resource.
const brief = (findings: PreflightFinding[]) =>
  findings.map((f) => `${f.severity} ${f.resource}: ${f.rule}`).sort();
const on = (findings: PreflightFinding[], resource: string) =>
  findings.find((f) => f.resource === resource)?.message ?? "";

const vpc = (name: string, cidrBlock: string) => new aws.ec2.Vpc(name, { cidrBlock });
const group = (name: string, v: aws.ec2.Vpc, blocks: string[]) =>
  new aws.ec2.SecurityGroup(name, {
    vpcId: v.id,
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: blocks }],
  });
const endpoint = (
  name: string,
  v: aws.ec2.Vpc,
  service: string,
  extra: Partial<aws.ec2.VpcEndpointArgs> = {},
) =>
  new aws.ec2.VpcEndpoint(name, {
    vpcId: v.id,
    serviceName: `com.amazonaws.us-east-1.${service}`,
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    ...extra,
  });
const profile = (name: string) => new aws.route53.ProfilesProfile(name, {});
const share = (p: aws.route53.ProfilesProfile, e: aws.ec2.VpcEndpoint, name: string) =>
  new aws.route53.ProfilesResourceAssociation(name, { profileId: p.id, resourceArn: e.arn });
const associate = (p: aws.route53.ProfilesProfile, v: aws.ec2.Vpc, name: string) =>
  new aws.route53.ProfilesAssociation(name, { profileId: p.id, resourceId: v.id });

/** A hub VPC (10.1.0.0/16) with an SQS endpoint shared through a profile, and a spoke VPC. */
function hubAndSpoke(spokeCidr = "10.2.0.0/16", admitted = ["10.1.0.0/16", spokeCidr]) {
  const hub = vpc("hub", "10.1.0.0/16");
  const spoke = vpc("spoke", spokeCidr);
  const sg = group("hub-sg", hub, admitted);
  const sqs = endpoint("hub-sqs", hub, "sqs", { securityGroupIds: [sg.id] });
  const p = profile("profile");
  share(p, sqs, "profile-sqs");
  associate(p, spoke, "spoke-association");
  return { hub, spoke, sg, p };
}

describe("lib/preflight shared endpoints", () => {
  it("passes the library's hub and spoke, shared with an organization", async () => {
    const findings = await findingsOf(() => {
      const hubNet = new PrivateNetwork("hub", {
        availabilityZoneCount: 2,
        cidrBlock: "10.1.0.0/16",
      });
      const spokeNet = new PrivateNetwork("spk", {
        availabilityZoneCount: 2,
        cidrBlock: "10.2.0.0/16",
      });
      const hub = new SharedServiceEndpoints("shared", {
        vpcId: hubNet.vpcId,
        subnetIds: hubNet.privateSubnetIds,
        endpoints: [{ service: "sqs" }, { service: "kms" }],
        spokeCidrBlocks: ["10.2.0.0/16"],
        shareWith: [ORGANIZATION],
      });
      new SharedServiceEndpointsSpoke("spoke", { vpcId: spokeNet.vpcId, profileId: hub.profileId });
    });
    assert.deepStrictEqual(brief(findings), []);
  });

  it("warns of a library spoke whose block the hub's spokeCidrBlocks leave out", async () => {
    const findings = await findingsOf(() => {
      const hubNet = new PrivateNetwork("hub", {
        availabilityZoneCount: 2,
        cidrBlock: "10.1.0.0/16",
      });
      const spokeNet = new PrivateNetwork("spk", {
        availabilityZoneCount: 2,
        cidrBlock: "10.2.0.0/16",
      });
      const hub = new SharedServiceEndpoints("shared", {
        vpcId: hubNet.vpcId,
        subnetIds: hubNet.privateSubnetIds,
        endpoints: [{ service: "sqs" }],
        spokeCidrBlocks: ["10.3.0.0/16"],
      });
      new SharedServiceEndpointsSpoke("spoke", { vpcId: spokeNet.vpcId, profileId: hub.profileId });
    });
    assert.deepStrictEqual(brief(findings), [
      "warning ProfilesAssociation spoke-association: profile-spoke-blocked",
    ]);
    assert.match(findings[0].message, /spk-vpc \(10\.2\.0\.0\/16\).*shared-endpoints-sqs/);
    assert.match(findings[0].message, /spokeCidrBlocks/);
  });

  it("refuses a second profile on a VPC", async () => {
    const findings = await findingsOf(() => {
      const v = vpc("spoke", "10.2.0.0/16");
      associate(profile("first"), v, "a");
      associate(profile("second"), v, "b");
      associate(profile("third"), vpc("other", "10.3.0.0/16"), "c");
    });
    assert.deepStrictEqual(brief(findings), ["error ProfilesAssociation b: profile-one-per-vpc"]);
    assert.match(findings[0].message, /VPC spoke with profile second, but ProfilesAssociation a/);
    assert.strictEqual(
      findings[0].doc,
      "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53profiles_AssociateProfile.html",
    );
  });

  it("refuses shared endpoints without private DNS, or not interface endpoints", async () => {
    const findings = await findingsOf(() => {
      const v = vpc("hub", "10.1.0.0/16");
      const p = profile("profile");
      share(p, endpoint("with-dns", v, "sqs"), "good");
      share(p, endpoint("no-dns", v, "kms", { privateDnsEnabled: false }), "dns-off");
      share(p, endpoint("s3", v, "s3", { vpcEndpointType: "Gateway" }), "gateway");
      // An endpoint without private DNS that no profile takes is not this rule's.
      endpoint("unshared", v, "sts", { privateDnsEnabled: false });
    });
    assert.deepStrictEqual(brief(findings), [
      "error ProfilesResourceAssociation dns-off: profile-endpoint-private-dns",
      "error ProfilesResourceAssociation gateway: profile-endpoint-private-dns",
    ]);
    assert.match(
      on(findings, "ProfilesResourceAssociation dns-off"),
      /no-dns \(com\.amazonaws\.us-east-1\.kms\).*private DNS off/,
    );
    assert.match(on(findings, "ProfilesResourceAssociation gateway"), /a Gateway endpoint/);
  });

  it("refuses a spoke's own endpoint with private DNS for a shared service", async () => {
    const findings = await findingsOf(() => {
      const { spoke } = hubAndSpoke();
      endpoint("spoke-sqs", spoke, "sqs");
      // Not shared, or no private DNS: no second answer.
      endpoint("spoke-kms", spoke, "kms");
      endpoint("spoke-sqs-no-dns", spoke, "sqs", { privateDnsEnabled: false });
    });
    assert.deepStrictEqual(brief(findings), [
      "error VpcEndpoint spoke-sqs: profile-spoke-duplicate-endpoint",
    ]);
    assert.match(
      findings[0].message,
      /com\.amazonaws\.us-east-1\.sqs in VPC spoke, which ProfilesAssociation spoke-association associates with profile profile, whose endpoint hub-sqs/,
    );
  });

  it("warns of a spoke the endpoints' security group does not admit on TCP 443", async () => {
    const blocked = await findingsOf(() => hubAndSpoke("10.2.0.0/16", ["10.1.0.0/16"]));
    assert.deepStrictEqual(brief(blocked), [
      "warning ProfilesAssociation spoke-association: profile-spoke-blocked",
    ]);
    assert.match(
      blocked[0].message,
      /hub-sqs \(security group hub-sg\) do not admit 10\.2\.0\.0\/16/,
    );
    // A block holding the spoke's, as a rule resource, admits it; another port does not.
    const admitted = await findingsOf(() => {
      const { sg } = hubAndSpoke("10.2.0.0/16", ["10.1.0.0/16"]);
      new aws.vpc.SecurityGroupIngressRule("from-spokes", {
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "10.0.0.0/8",
      });
    });
    assert.deepStrictEqual(brief(admitted), []);
    const otherPort = await findingsOf(() => {
      const { sg } = hubAndSpoke("10.2.0.0/16", ["10.1.0.0/16"]);
      new aws.ec2.SecurityGroupRule("http", {
        type: "ingress",
        securityGroupId: sg.id,
        protocol: "tcp",
        fromPort: 80,
        toPort: 80,
        cidrBlocks: ["10.2.0.0/16"],
      });
    });
    assert.deepStrictEqual(brief(otherPort), [
      "warning ProfilesAssociation spoke-association: profile-spoke-blocked",
    ]);
  });

  it("warns of a share open to outside accounts whose principals are all inside the organization", async () => {
    const shareWith = (name: string, allowExternalPrincipals: boolean, principals: string[]) => {
      const s = new aws.ram.ResourceShare(name, { allowExternalPrincipals });
      principals.forEach(
        (principal, i) =>
          new aws.ram.PrincipalAssociation(`${name}-${i}`, {
            principal,
            resourceShareArn: s.arn,
          }),
      );
    };
    const findings = await findingsOf(() => {
      shareWith("org-only", true, [ORGANIZATION, UNIT]);
      shareWith("with-account", true, [UNIT, "111122223333"]);
      shareWith("kept-inside", false, [ORGANIZATION]);
    });
    assert.deepStrictEqual(brief(findings), [
      "warning ResourceShare org-only: resource-share-external-principals",
    ]);
    assert.match(findings[0].message, /allowExternalPrincipals: false/);
  });
});
