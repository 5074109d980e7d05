import * as aws from "../../components/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { lookUpSubnet } from "../../components/lookups";
import { settle, TWO_SUBNET_VPC, useWorld } from "../mocks";

describe("look-ups", () => {
  it("are forgotten between program runs for explicit providers too, not only the default one", async () => {
    useWorld(TWO_SUBNET_VPC);
    const provider = new aws.Provider("explicit", { region: "us-east-1" });
    const parent = new pulumi.ComponentResource("test:index:Parent", "p", {}, { provider });
    assert.strictEqual((await lookUpSubnet("subnet-a", parent)).availabilityZone, "us-east-1a");
    // The next run: the same subnet id, now in zone b (a world a test chose).
    useWorld({
      ...TWO_SUBNET_VPC,
      subnets: TWO_SUBNET_VPC.subnets.map((s) => ({ ...s, availabilityZone: "us-east-1b" })),
    });
    assert.strictEqual((await lookUpSubnet("subnet-a", parent)).availabilityZone, "us-east-1b");
    await settle();
  });
});
