/** Program-wide state lives in components/programState.ts alone, and one call resets all of it. */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  claimPrivateDns,
  clearProgramState,
  derivedOnce,
  hyperplaneEniLedger,
  knownPublicSubnets,
  lookedUpOnce,
  nameOfId,
  networkOfSubnetIds,
  networkOfSubnetList,
  recordNetwork,
  recordPublicSubnet,
} from "../../components/programState";
import { settle, useWorld } from "../mocks";

describe("program state", () => {
  it("is forgotten, every part of it, by clearProgramState", async () => {
    useWorld();
    let fetched = 0;
    const fetch = () => Promise.resolve(++fetched);
    const provider = {};
    assert.strictEqual(await lookedUpOnce(provider, "subnet a", fetch), 1);
    assert.strictEqual(await lookedUpOnce(provider, "subnet a", fetch), 1);
    assert.strictEqual(await lookedUpOnce(undefined, "subnet a", fetch), 2);
    recordPublicSubnet("subnet-pub", 'PrivateNetwork "net"', "us-east-1a");
    const ids = pulumi.output(["subnet-priv"]);
    const facts = pulumi.output({
      vpcCidrBlocks: [],
      vpcIpv6CidrBlocks: [],
      prefixListIds: [],
      internet: false,
      ipv6Internet: false,
    });
    const network = {
      network: 'PrivateNetwork "net"',
      facts: Promise.resolve(facts),
      ipv6: false,
      privateDnsServices: [],
    };
    recordNetwork(ids, network, (i) => (i === 0 ? "us-east-1b" : undefined));
    await settle();
    assert.strictEqual(
      nameOfId("subnet-pub"),
      'subnet-pub (public subnet us-east-1a of PrivateNetwork "net")',
    );
    assert.strictEqual(
      nameOfId("subnet-priv"),
      'subnet-priv (private subnet us-east-1b of PrivateNetwork "net")',
    );
    assert.strictEqual(nameOfId("subnet-theirs"), "subnet-theirs");
    claimPrivateDns("vpc-1", "com.amazonaws.us-east-1.lambda", "A");
    hyperplaneEniLedger().add("vpc-1", { subnetIds: ["a"], securityGroupIds: ["g"] }, 1);
    let derived = 0;
    const rules = () => (derived++, pulumi.output([]));
    derivedOnce(facts, "Network false", rules);
    derivedOnce(facts, "Network false", rules);
    assert.strictEqual(derived, 1);
    assert.ok(networkOfSubnetList(ids) && networkOfSubnetIds(["subnet-priv"]));

    clearProgramState();

    assert.strictEqual(await lookedUpOnce(provider, "subnet a", fetch), 3);
    assert.deepStrictEqual(knownPublicSubnets(["subnet-pub"]), []);
    assert.strictEqual(nameOfId("subnet-pub"), "subnet-pub");
    assert.strictEqual(nameOfId("subnet-priv"), "subnet-priv");
    assert.strictEqual(networkOfSubnetList(ids), undefined);
    assert.strictEqual(networkOfSubnetIds(["subnet-priv"]), undefined);
    // Another owner may claim the name again, and the quota counts from zero.
    claimPrivateDns("vpc-1", "com.amazonaws.us-east-1.lambda", "B");
    assert.strictEqual(
      hyperplaneEniLedger().add("vpc-1", { subnetIds: ["b"], securityGroupIds: ["g"] }, 1),
      1,
    );
    derivedOnce(facts, "Network false", rules);
    assert.strictEqual(derived, 2);
  });
});
