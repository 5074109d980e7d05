import * as assert from "assert";
import { checkFunctionPlacement, publicReason, SubnetFacts } from "../../components/lib/subnets";

const subnet = (id: string, zone: string, extra: Partial<SubnetFacts> = {}): SubnetFacts => ({
  id,
  vpcId: "vpc-1",
  availabilityZone: zone,
  mapPublicIpOnLaunch: false,
  routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }],
  ...extra,
});
const check = { vpcId: "vpc-1", minAvailabilityZones: 2, allowPublicSubnets: false };

describe("lib/subnets", () => {
  it("tells public subnets by an internet-gateway default route or public IPs", () => {
    assert.strictEqual(publicReason(subnet("s", "a")), undefined);
    assert.strictEqual(
      publicReason(subnet("s", "a", { routes: [{ ipv6CidrBlock: "::/0", gatewayId: "igw-9" }] })),
      "its route table sends ::/0 to internet gateway igw-9",
    );
    assert.strictEqual(
      publicReason(subnet("s", "a", { mapPublicIpOnLaunch: true })),
      "it maps public IPs on launch",
    );
    // A route to a virtual private gateway is not public.
    assert.strictEqual(
      publicReason(subnet("s", "a", { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "vgw-1" }] })),
      undefined,
    );
  });

  it("returns the zones spanned and no warning for private subnets with NAT", () => {
    assert.deepStrictEqual(
      checkFunctionPlacement([subnet("s2", "b"), subnet("s1", "a"), subnet("s3", "a")], check),
      {
        availabilityZones: ["a", "b"],
        warnings: [],
      },
    );
  });

  it("warns about subnets without a default route, and skips routing it does not know", () => {
    const isolated = subnet("s2", "b", {
      routes: [{ cidrBlock: "10.0.0.0/16", gatewayId: "local" }],
    });
    const unknown = subnet("s3", "c", { routes: undefined });
    assert.deepStrictEqual(
      checkFunctionPlacement([subnet("s1", "a"), isolated, unknown], check).warnings,
      [
        "subnets s2 have no default route: the function reaches only private addresses and VPC endpoints, not the internet. Add NAT if it needs the internet.",
      ],
    );
  });

  it("allows public subnets when asked", () => {
    const web = subnet("web", "a", { mapPublicIpOnLaunch: true });
    assert.deepStrictEqual(
      checkFunctionPlacement([web, subnet("s", "b")], { ...check, allowPublicSubnets: true })
        .availabilityZones,
      ["a", "b"],
    );
  });
});
