/**
 * The policy pack's tests. Interface endpoints shared through a Route 53 Profile, and the RAM
 * share of the profile: the pre-flight's checks (tests/policy/preflightSharedEndpoints.test.ts)
 * run as pack policies.
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import {
  PrivateNetwork,
  SharedServiceEndpoints,
  SharedServiceEndpointsSpoke,
} from "../../components";
import { Finding, runPolicies } from "../../policy/runner";
import { registrations, setPreview, settle, useWorld } from "../mocks";
import { findingsOf } from "./helpers";

const POLICIES = [
  "shared-endpoint-private-dns",
  "profile-spoke-duplicate-endpoint",
  "resource-share-external-principals",
];
const ORGANIZATION = "arn:aws:organizations::123456789012:organization/o-abcdef1234";
const UNIT = "arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-cdef5678";

const brief = (findings: Finding[]) =>
  findings
    .filter((f) => POLICIES.includes(f.policy))
    .map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`);

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

/** A hub VPC's endpoint of `service` shared through a profile that a spoke VPC is associated with. */
function hubAndSpoke(service = "sqs", extra: Partial<aws.ec2.VpcEndpointArgs> = {}) {
  const hub = new aws.ec2.Vpc("hub", { cidrBlock: "10.1.0.0/16" });
  const spoke = new aws.ec2.Vpc("spoke", { cidrBlock: "10.2.0.0/16" });
  const shared = endpoint("hub-endpoint", hub, service, extra);
  const profile = new aws.route53.ProfilesProfile("profile", {});
  new aws.route53.ProfilesResourceAssociation("profile-endpoint", {
    profileId: profile.id,
    resourceArn: shared.arn,
  });
  new aws.route53.ProfilesAssociation("spoke-association", {
    profileId: profile.id,
    resourceId: spoke.id,
  });
  return { hub, spoke };
}

describe("policy pack", () => {
  describe("shared endpoints", () => {
    it("pass the library's hub and spoke, shared with an organization", async () => {
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
          shareWith: [ORGANIZATION, "111122223333"],
        });
        new SharedServiceEndpointsSpoke("spoke", {
          vpcId: spokeNet.vpcId,
          profileId: hub.profileId,
        });
      });
      assert.deepStrictEqual(brief(findings), []);
    });

    it("shared-endpoint-private-dns: an endpoint shared without private DNS", async () => {
      const findings = await findingsOf(() => {
        hubAndSpoke("sqs", { privateDnsEnabled: false });
      });
      assert.deepStrictEqual(brief(findings), [
        "mandatory shared-endpoint-private-dns profile-endpoint",
      ]);
      assert.match(
        findings.find((f) => f.policy === "shared-endpoint-private-dns")?.message ?? "",
        /^ProfilesResourceAssociation profile-endpoint associates endpoint hub-endpoint \(com\.amazonaws\.us-east-1\.sqs\), an interface endpoint with private DNS off, with profile profile: .*privateDnsEnabled: true/,
      );
    });

    it("profile-spoke-duplicate-endpoint: a spoke's own endpoint for a shared service", async () => {
      const findings = await findingsOf(() => {
        const { spoke } = hubAndSpoke("sqs");
        endpoint("spoke-sqs", spoke, "sqs");
        endpoint("spoke-kms", spoke, "kms");
      });
      assert.deepStrictEqual(brief(findings), [
        "mandatory profile-spoke-duplicate-endpoint spoke-sqs",
      ]);
      assert.match(
        findings.find((f) => f.policy === "profile-spoke-duplicate-endpoint")?.message ?? "",
        /^VpcEndpoint spoke-sqs has private DNS for com\.amazonaws\.us-east-1\.sqs in VPC spoke, .*"the local DNS settings take precedence"/,
      );
    });

    it("resource-share-external-principals: a share open to outside accounts for an organization and an OU", async () => {
      const findings = await findingsOf(() => {
        for (const [name, principals] of [
          ["org-only", [ORGANIZATION, UNIT]],
          ["with-account", [ORGANIZATION, "111122223333"]],
        ] as const) {
          const share = new aws.ram.ResourceShare(name, { allowExternalPrincipals: true });
          principals.forEach(
            (principal, i) =>
              new aws.ram.PrincipalAssociation(`${name}-${i}`, {
                principal,
                resourceShareArn: share.arn,
              }),
          );
        }
      });
      assert.deepStrictEqual(brief(findings), [
        "advisory resource-share-external-principals org-only",
      ]);
    });

    describe("in a first preview (ARNs and ids not known yet)", () => {
      before(() => setPreview(true));
      after(() => setPreview(false));

      it("still finds the one endpoint an association was built from, and never can't-run", async () => {
        useWorld();
        const { spoke } = hubAndSpoke("sqs", { privateDnsEnabled: false });
        endpoint("spoke-sqs", spoke, "sqs");
        await settle();
        const findings = await runPolicies(registrations(), {}, { preview: true });
        assert.deepStrictEqual(brief(findings), [
          "mandatory shared-endpoint-private-dns profile-endpoint",
        ]);
        assert.deepStrictEqual(
          findings.filter((f) => /can't run/.test(f.message)),
          [],
        );
      });

      it("still finds a spoke's own endpoint for a shared service", async () => {
        useWorld();
        const { spoke } = hubAndSpoke("sqs");
        endpoint("spoke-sqs", spoke, "sqs");
        await settle();
        const findings = await runPolicies(registrations(), {}, { preview: true });
        assert.deepStrictEqual(brief(findings), [
          "mandatory profile-spoke-duplicate-endpoint spoke-sqs",
        ]);
      });
    });
  });
});
