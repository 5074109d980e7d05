/**
 * The deploy-time model on synthetic graphs, with real type tokens and the model's own durations
 * (VPC 5 s, subnet 2 s, internet gateway 1 s, EIP 1 s, NAT gateway 100 s, route table 1 s,
 * route 1 s, security group 2 s, IAM 1 s, gateway endpoint 6 s, interface endpoint 95 s, VPC
 * function 90 s; deletes 1 s except internet gateway 3 s, NAT gateway 50 s, gateway endpoint 5 s,
 * interface endpoint 60 s, function 2 s, and the ENI release, 1200 s after a VPC function).
 */
import * as assert from "assert";
import { TYPE_TOKENS as T } from "../../components/lib/typeTokens";
import {
  addedWaits,
  DURATIONS,
  durationsOf,
  estimateDeployTime,
  RecordedResource,
  REQUIRED,
} from "../../scripts/deployTime";

interface Spec {
  readonly props?: Record<string, RecordedResource[]>;
  readonly dependsOn?: RecordedResource[];
  readonly parent?: RecordedResource;
  readonly inputs?: Record<string, unknown>;
}

/** A registration as the offline runtime records it: input dependencies by property, then dependsOn. */
function res(type: string, name: string, spec: Spec = {}): RecordedResource {
  const props = Object.fromEntries(
    Object.entries(spec.props ?? {}).map(([k, v]) => [k, v.map((r) => r.urn!)]),
  );
  const urns = [...Object.values(props).flat(), ...(spec.dependsOn ?? []).map((r) => r.urn!)];
  return {
    type,
    name,
    custom: !type.startsWith("lambda-networking:"),
    urn: `urn:pulumi:dev::test::${type}::${name}`,
    parentUrn: spec.parent?.urn,
    dependencyUrns: [...new Set(urns)],
    propertyDependencies: props,
    inputs: spec.inputs,
  };
}

/** A VPC, one private subnet, a security group and a VPC function with its role and policy. */
function vpcFunction(fnInputs: Record<string, unknown> = {}) {
  const vpc = res(T.vpc, "lambda-vpc");
  const subnet = res(T.subnet, "lambda-private-a", { props: { vpcId: [vpc] } });
  const sg = res(T.securityGroup, "worker-sg", { props: { vpcId: [vpc] } });
  const role = res(T.role, "worker-role");
  const policy = res(T.rolePolicy, "worker-vpc-access", { props: { role: [role] } });
  const fn = res(T.function, "worker", {
    props: { role: [role], vpcConfig: [subnet, sg] },
    dependsOn: [policy],
    inputs: fnInputs,
  });
  return { vpc, subnet, sg, role, policy, fn, all: [vpc, subnet, sg, role, policy, fn] };
}

/** A VPC with an internet gateway, a public subnet and a NAT gateway with its address. */
function publicNat(eipAfterGateway = false) {
  const vpc = res(T.vpc, "lambda-vpc");
  const igw = res(T.internetGateway, "lambda-igw", { props: { vpcId: [vpc] } });
  const pub = res(T.subnet, "lambda-public-a", { props: { vpcId: [vpc] } });
  const eip = res(T.eip, "lambda-nat-a-eip", { dependsOn: eipAfterGateway ? [igw] : [] });
  const nat = res(T.natGateway, "lambda-nat-a", {
    props: { allocationId: [eip], subnetId: [pub] },
    dependsOn: [igw],
  });
  return { vpc, igw, pub, eip, nat, all: [vpc, igw, pub, eip, nat] };
}

/**
 * A VpcFunction whose subnetIds carry the private route to the NAT gateway (an output combining
 * both), so its children register only once the NAT gateway (100 s) and the route exist.
 */
function functionBehindNatRoute(): RecordedResource[] {
  const { vpc, nat, all } = publicNat();
  const priv = res(T.subnet, "lambda-private-a", { props: { vpcId: [vpc] } });
  const rt = res(T.routeTable, "lambda-private-a-rt", { props: { vpcId: [vpc] } });
  const route = res(T.route, "lambda-private-a-default", {
    props: { routeTableId: [rt], natGatewayId: [nat] },
  });
  const worker = res(T.vpcFunction, "worker", {
    props: { vpcId: [vpc], subnetIds: [priv, route] },
  });
  const role = res(T.role, "worker-role", { parent: worker });
  const policy = res(T.rolePolicy, "worker-vpc-access", {
    parent: worker,
    props: { role: [role] },
  });
  const sg = res(T.securityGroup, "worker-sg", { parent: worker, props: { vpcId: [vpc] } });
  const fn = res(T.function, "worker", {
    parent: worker,
    props: { role: [role], vpcConfig: [priv, sg] },
    dependsOn: [policy],
  });
  return [...all, priv, rt, route, worker, role, policy, sg, fn];
}

describe("scripts/deployTime", () => {
  it("a child waits for its component's inputs (rule 1): the deploy is longer than its floor", () => {
    const graph = functionBehindNatRoute();

    // Actual: public subnet 7 s, NAT 107 s, route 108 s, the group 110 s, the function 200 s.
    // Floor: the function needs its role, policy, subnet and group (97 s); the route ends at 108 s.
    assert.deepStrictEqual(estimateDeployTime(graph), {
      deploySeconds: 200,
      floorDeploySeconds: 108,
      deployPath: [
        "lambda-vpc",
        "lambda-public-a",
        "lambda-nat-a",
        "lambda-private-a-default",
        "worker-sg",
        "worker",
      ],
      // Destroy: the route is an input of the component, deleted after its children, among them
      // the group that waits for the ENI release (2 + 1200 + 1 s); then the NAT gateway, the
      // internet gateway and the VPC. The floor deletes the route at once: the VPC at 1204 s.
      destroySeconds: 1258,
      floorDestroySeconds: 1204,
      destroyPath: [
        "worker",
        "worker-sg",
        "lambda-private-a-default",
        "lambda-nat-a",
        "lambda-igw",
        "lambda-vpc",
      ],
    });
    assert.deepStrictEqual(addedWaits(graph), [
      {
        phase: "deploy",
        waiter: "worker-sg",
        waitsFor: "lambda-private-a-default",
        kind: "parent-input",
      },
      { phase: "destroy", waiter: "worker", waitsFor: "worker-sg", kind: "parent" },
      {
        phase: "destroy",
        waiter: "lambda-private-a-default",
        waitsFor: "worker",
        kind: "dependency",
      },
    ]);
  });

  it("holds a VPC function's subnets and groups until Lambda releases its ENIs", () => {
    const { all } = vpcFunction();
    // The function goes in 2 s; its subnet and group finish 1200 s later (+1 s), then the VPC.
    const estimate = estimateDeployTime(all);
    assert.strictEqual(estimate.destroySeconds, 1204);
    assert.strictEqual(estimate.floorDestroySeconds, 1204);
    assert.deepStrictEqual(estimate.destroyPath, ["worker", "lambda-private-a", "lambda-vpc"]);
    assert.strictEqual(estimateDeployTime(all, { eniReleaseSeconds: 2100 }).destroySeconds, 2104);
    // Deploy: VPC 5 s, subnet 2 s, function 90 s.
    assert.strictEqual(estimate.deploySeconds, 97);
    assert.deepStrictEqual(estimate.deployPath, ["lambda-vpc", "lambda-private-a", "worker"]);
  });

  it("with replaceSecurityGroupsOnDestroy only the subnets wait, after a 92 s delete", () => {
    const { all } = vpcFunction({ replaceSecurityGroupsOnDestroy: true });
    // Function 92 s, subnet 92 + 1200 + 1 s, VPC + 1 s; the group alone would be gone at 93 s.
    const estimate = estimateDeployTime(all);
    assert.strictEqual(estimate.destroySeconds, 1294);
    assert.deepStrictEqual(estimate.destroyPath, ["worker", "lambda-private-a", "lambda-vpc"]);
    const withoutSubnet = all.map((r) =>
      r.type === T.function ? { ...r, propertyDependencies: { vpcConfig: [all[2].urn!] } } : r,
    );
    assert.strictEqual(estimateDeployTime(withoutSubnet).destroySeconds, 94);
  });

  it("a consumer of an output derived from the function delays the function's deletion", () => {
    // The Lambda interface endpoint's policy names the function's ARN (as LambdaInterfaceEndpoint
    // does): Pulumi deletes the endpoint (60 s) before the function, so the ENI release starts 60 s
    // later. AWS needs no such order: the endpoint needs only its VPC, subnets and group.
    const { vpc, subnet, sg, fn, all } = vpcFunction();
    const invoke = res(T.vpcEndpoint, "invoke-endpoints-lambda", {
      props: { vpcId: [vpc], subnetIds: [subnet], securityGroupIds: [sg], policy: [fn] },
      inputs: { vpcEndpointType: "Interface" },
    });
    const estimate = estimateDeployTime([...all, invoke]);
    assert.strictEqual(estimate.destroySeconds, 1264);
    assert.strictEqual(estimate.floorDestroySeconds, 1204);
    assert.deepStrictEqual(estimate.destroyPath, [
      "invoke-endpoints-lambda",
      "worker",
      "lambda-private-a",
      "lambda-vpc",
    ]);
    assert.deepStrictEqual(
      addedWaits([...all, invoke]).filter((w) => w.phase === "destroy"),
      [
        {
          phase: "destroy",
          waiter: "worker",
          waitsFor: "invoke-endpoints-lambda",
          kind: "dependency",
        },
      ],
    );
    // Deploy: the endpoint (95 s) after the function (97 s); its floor starts it at 7 s.
    assert.strictEqual(estimate.deploySeconds, 192);
    assert.strictEqual(estimate.floorDeploySeconds, 102);
  });

  it("an EIP that dependsOn the internet gateway is an added wait on the NAT gateway's path", () => {
    const graph = publicNat(true).all;
    // The EIP is ready at 5 + 1 + 1 = 7 s, the same second as the public subnet (5 + 2 s): the
    // first of equal waits, the EIP's, makes the path. Here it costs nothing; the floor allocates
    // the address at once.
    const estimate = estimateDeployTime(graph);
    assert.strictEqual(estimate.deploySeconds, 107);
    assert.strictEqual(estimate.floorDeploySeconds, 107);
    assert.deepStrictEqual(estimate.deployPath, [
      "lambda-vpc",
      "lambda-igw",
      "lambda-nat-a-eip",
      "lambda-nat-a",
    ]);
    assert.deepStrictEqual(
      addedWaits(graph).filter((w) => w.phase === "deploy"),
      [{ phase: "deploy", waiter: "lambda-nat-a-eip", waitsFor: "lambda-igw", kind: "dependency" }],
    );
  });

  it("a function's group that depends on the S3 gateway endpoint is an added wait both ways", () => {
    const vpc = res(T.vpc, "lambda-vpc");
    const subnet = res(T.subnet, "lambda-private-a", { props: { vpcId: [vpc] } });
    const rt = res(T.routeTable, "lambda-private-a-rt", { props: { vpcId: [vpc] } });
    const s3 = res(T.vpcEndpoint, "lambda-endpoints-s3", {
      props: { vpcId: [vpc], routeTableIds: [rt] },
      inputs: { vpcEndpointType: "Gateway" },
    });
    // The egress rule names the endpoint's prefixListId, an output of the endpoint: AWS needs
    // only the AWS-managed prefix list, which always exists.
    const sg = res(T.securityGroup, "worker-sg", { props: { vpcId: [vpc], egress: [s3] } });
    const role = res(T.role, "worker-role");
    const policy = res(T.rolePolicy, "worker-vpc-access", { props: { role: [role] } });
    const logs = res(T.logGroup, "worker-logs");
    const fn = res(T.function, "worker", {
      props: { role: [role], loggingConfig: [logs], vpcConfig: [subnet, sg] },
      dependsOn: [policy],
    });
    const graph = [vpc, subnet, rt, s3, sg, role, policy, logs, fn];
    // Deploy: table 6 s, endpoint 12 s, group 14 s, function 104 s; floor: group at 7 s, 97 s.
    // Destroy: the endpoint waits for the group (held by the ENIs to 1203 s): 1208, table 1209,
    // VPC 1210; floor: the endpoint goes at once, the VPC after the subnet and group, 1204.
    assert.deepStrictEqual(estimateDeployTime(graph), {
      deploySeconds: 104,
      floorDeploySeconds: 97,
      deployPath: [
        "lambda-vpc",
        "lambda-private-a-rt",
        "lambda-endpoints-s3",
        "worker-sg",
        "worker",
      ],
      destroySeconds: 1210,
      floorDestroySeconds: 1204,
      destroyPath: [
        "worker",
        "worker-sg",
        "lambda-endpoints-s3",
        "lambda-private-a-rt",
        "lambda-vpc",
      ],
    });
    assert.deepStrictEqual(addedWaits(graph), [
      { phase: "deploy", waiter: "worker-sg", waitsFor: "lambda-endpoints-s3", kind: "dependency" },
      {
        phase: "destroy",
        waiter: "lambda-endpoints-s3",
        waitsFor: "worker-sg",
        kind: "dependency",
      },
    ]);
  });

  it("equals its floor when every recorded dependency is one AWS requires", () => {
    const { vpc, igw, pub, nat, all } = publicNat();
    const priv = res(T.subnet, "lambda-private-a", { props: { vpcId: [vpc] } });
    const pubRt = res(T.routeTable, "lambda-public-rt", { props: { vpcId: [vpc] } });
    const pubRoute = res(T.route, "lambda-public-default", {
      props: { routeTableId: [pubRt], gatewayId: [igw] },
    });
    const pubAssoc = res(T.routeTableAssociation, "lambda-public-a", {
      props: { subnetId: [pub], routeTableId: [pubRt] },
    });
    const privRt = res(T.routeTable, "lambda-private-rt", { props: { vpcId: [vpc] } });
    const privRoute = res(T.route, "lambda-private-default", {
      props: { routeTableId: [privRt], natGatewayId: [nat] },
    });
    const privAssoc = res(T.routeTableAssociation, "lambda-private-a", {
      props: { subnetId: [priv], routeTableId: [privRt] },
    });
    const sg = res(T.securityGroup, "worker-sg", { props: { vpcId: [vpc] } });
    const role = res(T.role, "worker-role");
    const policy = res(T.rolePolicy, "worker-vpc-access", { props: { role: [role] } });
    const logs = res(T.logGroup, "worker-logs");
    const fn = res(T.function, "worker", {
      props: { role: [role], loggingConfig: [logs], vpcConfig: [priv, sg] },
      dependsOn: [policy],
    });
    const graph = [
      ...[...all, priv, pubRt, pubRoute, pubAssoc],
      ...[privRt, privRoute, privAssoc, sg, role, policy, logs, fn],
    ];
    assert.deepStrictEqual(estimateDeployTime(graph), {
      deploySeconds: 108,
      floorDeploySeconds: 108,
      deployPath: ["lambda-vpc", "lambda-public-a", "lambda-nat-a", "lambda-private-default"],
      destroySeconds: 1204,
      floorDestroySeconds: 1204,
      destroyPath: ["worker", "lambda-private-a", "lambda-vpc"],
    });
    assert.deepStrictEqual(addedWaits(graph), []);
  });

  it("the floor stops at the nearest required resource: what lies beyond it is not required", () => {
    // The route to the internet gateway reaches the NAT gateway only through its route table,
    // which dependsOn the NAT gateway: the route requires its table and the gateway, and the
    // table requires only the VPC, so the floor creates the route at 7 s.
    const { vpc, igw, nat, all } = publicNat();
    const rt = res(T.routeTable, "lambda-public-rt", { props: { vpcId: [vpc] }, dependsOn: [nat] });
    const route = res(T.route, "lambda-public-default", {
      props: { routeTableId: [rt], gatewayId: [igw] },
    });
    const graph = [...all, rt, route];
    const estimate = estimateDeployTime(graph);
    assert.deepStrictEqual([estimate.deploySeconds, estimate.floorDeploySeconds], [109, 107]);
    assert.deepStrictEqual(estimate.deployPath, [
      "lambda-vpc",
      "lambda-public-a",
      "lambda-nat-a",
      "lambda-public-rt",
      "lambda-public-default",
    ]);
    assert.deepStrictEqual(
      addedWaits(graph).filter((w) => w.phase === "deploy"),
      [
        {
          phase: "deploy",
          waiter: "lambda-public-rt",
          waitsFor: "lambda-nat-a",
          kind: "dependency",
        },
      ],
    );
  });

  it("a type the table does not list takes 5 s and keeps its recorded dependencies in the floor", () => {
    const { fn, all } = vpcFunction();
    const parameter = res("aws:ssm/parameter:Parameter", "worker-arn", { props: { value: [fn] } });
    const estimate = estimateDeployTime([...all, parameter]);
    assert.strictEqual(estimate.deploySeconds, 102);
    assert.strictEqual(estimate.floorDeploySeconds, 102);
    // Deleted first (5 s), it pushes the function and the ENI release back by 5 s in both.
    assert.strictEqual(estimate.destroySeconds, 1209);
    assert.strictEqual(estimate.floorDestroySeconds, 1209);
  });

  it("times endpoints by type and functions by VPC; components take no time", () => {
    const endpoint = (vpcEndpointType?: string) =>
      durationsOf(
        res(T.vpcEndpoint, `e-${vpcEndpointType}`, {
          inputs: vpcEndpointType ? { vpcEndpointType } : {},
        }),
      );
    assert.deepStrictEqual(
      [endpoint("Interface"), endpoint("Gateway"), endpoint(undefined)].map((t) => [
        t.create.seconds,
        t.delete.seconds,
      ]),
      [
        [95, 60],
        [6, 5],
        [6, 5],
      ],
    );
    assert.strictEqual(durationsOf(res(T.function, "plain")).create.seconds, 10);
    assert.strictEqual(durationsOf(vpcFunction().fn).create.seconds, 90);
    assert.strictEqual(durationsOf(res(T.privateNetwork, "lambda")).create.seconds, 0);
    const onlyComponent = estimateDeployTime([res(T.privateNetwork, "lambda")]);
    assert.strictEqual(onlyComponent.deploySeconds, 0);
  });

  it("names a source for every duration and lists what each table entry requires", () => {
    for (const [type, t] of Object.entries(DURATIONS)) {
      for (const x of [t.create, t.delete]) {
        assert.ok(x.seconds > 0 && x.source.length > 10, `${type}: ${JSON.stringify(x)}`);
      }
    }
    assert.deepStrictEqual(REQUIRED[T.eip], []);
    assert.ok(!REQUIRED[T.securityGroup].includes(T.vpcEndpoint));
    // A private NAT gateway needs no internet gateway: its dependsOn is off the create path here
    // (the subnet is ready later), but on destroy it keeps the gateway until the NAT is gone.
    const vpc = res(T.vpc, "v");
    const igw = res(T.internetGateway, "igw", { props: { vpcId: [vpc] } });
    const subnet = res(T.subnet, "s", { props: { vpcId: [vpc] } });
    const nat = res(T.natGateway, "n", {
      props: { subnetId: [subnet] },
      dependsOn: [igw],
      inputs: { connectivityType: "private" },
    });
    assert.deepStrictEqual(addedWaits([vpc, igw, subnet, nat]), [
      { phase: "destroy", waiter: "igw", waitsFor: "n", kind: "dependency" },
    ]);
    const estimate = estimateDeployTime([vpc, igw, subnet, nat]);
    assert.deepStrictEqual([estimate.destroySeconds, estimate.floorDestroySeconds], [54, 52]);
  });

  it("refuses a dependency cycle", () => {
    const a = res(T.role, "a");
    const b = { ...res(T.rolePolicy, "b"), dependencyUrns: [a.urn!] };
    const cyclic = { ...a, dependencyUrns: [b.urn!] };
    assert.throws(() => estimateDeployTime([cyclic, b]), /dependency cycle/);
  });
});
