/**
 * `npm run bench`: what the components cost to synthesise on Pulumi's mocked runtime, against
 * the floor of a hand-written program registering exactly the same resources.
 *
 *   npm run bench                       sizes 1, 10, 100, 500; medians of at least 5 runs,
 *                                       and of enough to fill 10 s a side
 *   npm run bench -- --sizes 1,10 --runs 1 --min-ms 0 --json
 *   npm run bench -- --fleets defaultVpcFunctions --sizes 100,500
 *
 * It runs the compiled JavaScript (`npm run compile`, then node --expose-gc): under ts-node,
 * source-map-support maps the stack trace the SDK captures for every property of every resource,
 * which costs both sides alike and hides the components' own cost in it.
 *
 * Fleets: N VpcFunctions over one 3-zone PrivateNetwork with 6 endpoints and up to ten shared
 * security groups and one role; the same used as the README shows, each function with its own role
 * and security group; and N LambdaInterfaceEndpoints, each in its own existing VPC. The floor replays the recorded
 * registrations (types, names, inputs, parents) through the same @pulumi/aws classes, with an
 * input equal to an earlier resource's id or ARN passed as that resource's output, and no
 * component logic.
 */
import * as aws from "../components/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHook } from "async_hooks";
import * as os from "os";
import { LambdaInterfaceEndpoint, PrivateNetwork, VpcFunction } from "../components";
import {
  installOfflineRuntime,
  lastActivityAt,
  MockSubnet,
  MockVpc,
  Registration,
  registrations,
  settle,
  useWorld,
} from "../offline/runtime";

export type Fleet = "vpcFunctions" | "defaultVpcFunctions" | "lambdaEndpoints";
export const FLEETS: readonly Fleet[] = ["vpcFunctions", "defaultVpcFunctions", "lambdaEndpoints"];

export interface Measurement {
  readonly resources: number;
  readonly ms: number;
  readonly peakHeapMb: number;
}

export interface BenchRow {
  readonly fleet: Fleet;
  readonly size: number;
  /** Runs measured (alternating sides); at least the runs asked for. */
  readonly runs: number;
  readonly resources: number;
  readonly componentMs: number;
  readonly floorMs: number;
  /** The median of the runs' component/floor ratios. */
  readonly ratio: number;
  /** The lower and upper quartiles of the runs' ratios: how much the machine moved them. */
  readonly ratioQuartiles: readonly [number, number];
  /**
   * Promises the SDK and the program created, component side over floor side: the work done,
   * counted rather than timed, so the machine's noise does not move it.
   */
  readonly promiseRatio: number;
  /** The promises of each side, counted once: what the ratio is made of. */
  readonly componentPromises: number;
  readonly floorPromises: number;
  /** Fastest component run over fastest floor run: what each side costs with least noise. */
  readonly fastestRatio: number;
  readonly componentMsPerResource: number;
  readonly floorMsPerResource: number;
  /** What each fleet member adds: (time at this size − time with no members) / size. */
  readonly componentMsPerMember: number;
  readonly peakHeapMb: number;
}

const ENDPOINTS = ["s3", "dynamodb", "sqs", "kms", "logs", "secretsmanager"].map((service) => ({
  service,
}));

/** N existing VPCs with two private subnets each, for the endpoint fleet. */
function endpointWorld(size: number) {
  const vpcs: MockVpc[] = [];
  const subnets: MockSubnet[] = [];
  for (let i = 0; i < size; i++) {
    vpcs.push({
      id: `vpc-${i}`,
      cidrBlock: `10.${i % 250}.0.0/16`,
      enableDnsSupport: true,
      enableDnsHostnames: true,
    });
    for (const [j, zone] of ["us-east-1a", "us-east-1b"].entries()) {
      subnets.push({
        id: `subnet-${i}-${j}`,
        vpcId: `vpc-${i}`,
        availabilityZone: zone,
        cidrBlock: `10.${i % 250}.${j}.0/24`,
      });
    }
  }
  return { vpcs, subnets };
}

function buildFleet(fleet: Fleet, size: number): void {
  if (fleet === "defaultVpcFunctions") {
    // As the README shows VpcFunction: each makes its own role, its policy attachment and its
    // security group. Each own group is 3 new Hyperplane ENI combinations (one per subnet), so
    // a fleet over 83 needs a raised quota in AWS as here.
    const network = new PrivateNetwork("net", { availabilityZoneCount: 3, endpoints: ENDPOINTS });
    for (let i = 0; i < size; i++) {
      new VpcFunction(`fn-${i}`, {
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        hyperplaneEniQuota: 3 * size,
        functionArgs: { runtime: "nodejs22.x", handler: "index.handler" },
      });
    }
  } else if (fleet === "vpcFunctions") {
    const network = new PrivateNetwork("net", { availabilityZoneCount: 3, endpoints: ENDPOINTS });
    // Up to ten shared security groups and one shared role, as fleets usually have: the
    // Hyperplane ENI quota allows 500 (subnet, group set) combinations per VPC.
    const groups = Array.from(
      { length: Math.min(10, size) },
      (_, k) =>
        new aws.ec2.SecurityGroup(`shared-${k}`, {
          vpcId: network.vpcId,
          egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
        }),
    );
    for (let i = 0; i < size; i++) {
      new VpcFunction(`fn-${i}`, {
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        securityGroupIds: [groups[i % groups.length].id],
        functionArgs: {
          runtime: "nodejs22.x",
          handler: "index.handler",
          role: "arn:aws:iam::123456789012:role/r",
        },
      });
    }
  } else {
    for (let i = 0; i < size; i++) {
      new LambdaInterfaceEndpoint(`invoke-${i}`, {
        vpcId: `vpc-${i}`,
        subnetIds: [`subnet-${i}-0`, `subnet-${i}-1`],
      });
    }
  }
}

/** The classes the fleets use, by type token; args are whatever was recorded. */
const CLASSES: Record<
  string,
  new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource
> = {
  "aws:ec2/vpc:Vpc": aws.ec2.Vpc,
  "aws:ec2/subnet:Subnet": aws.ec2.Subnet,
  "aws:ec2/routeTable:RouteTable": aws.ec2.RouteTable,
  "aws:ec2/routeTableAssociation:RouteTableAssociation": aws.ec2.RouteTableAssociation,
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": aws.ec2.DefaultSecurityGroup,
  "aws:ec2/securityGroup:SecurityGroup": aws.ec2.SecurityGroup,
  "aws:ec2/vpcEndpoint:VpcEndpoint": aws.ec2.VpcEndpoint,
  "aws:lambda/function:Function": aws.lambda.Function,
  "aws:iam/role:Role": aws.iam.Role,
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": aws.iam.RolePolicyAttachment,
  "aws:iam/rolePolicy:RolePolicy": aws.iam.RolePolicy,
  "aws:ec2/flowLog:FlowLog": aws.ec2.FlowLog,
  "aws:cloudwatch/logGroup:LogGroup": aws.cloudwatch.LogGroup,
};

/**
 * What a hand-written program would do: the same registrations, no component logic. Components
 * are registered with the inputs they recorded, as a program's own component classes would.
 */
function replay(recorded: readonly Registration[]): void {
  const byUrn = new Map<string, pulumi.Resource>();
  const outputs = new Map<string, pulumi.Output<string>>();
  const reference = (value: unknown): unknown => {
    if (typeof value === "string") return outputs.get(value) ?? value;
    if (Array.isArray(value)) return value.map(reference);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reference(v)]));
    }
    return value;
  };
  for (const r of recorded.filter((x) => !x.type.startsWith("pulumi:providers:"))) {
    const parent = r.parentUrn ? byUrn.get(r.parentUrn) : undefined;
    const inputs = reference(r.inputs) as never;
    let resource: pulumi.Resource;
    if (!r.custom) {
      resource = new pulumi.ComponentResource(r.type, r.name, inputs, { parent });
    } else {
      const Class = CLASSES[r.type];
      if (Class === undefined) throw new Error(`bench: no class for ${r.type}`);
      const custom = new Class(r.name, inputs, { parent });
      if (r.id) outputs.set(r.id, custom.id);
      if (r.outputs?.arn)
        outputs.set(
          r.outputs.arn as string,
          (custom as unknown as { arn: pulumi.Output<string> }).arn,
        );
      resource = custom;
    }
    if (r.urn) byUrn.set(r.urn, resource);
  }
}

/**
 * Builds a fleet and times it from the first line of the program to the last registration or
 * invoke the mock saw: the waiting `settle` does after that, to be sure nothing else comes, is
 * not synthesis and would weigh most on the smallest fleets.
 */
async function measure(
  world: Parameters<typeof useWorld>[0],
  register: () => void,
): Promise<Measurement> {
  useWorld(world);
  // Start each side from a collected heap (npm run bench passes --expose-gc).
  global.gc?.();
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const start = process.hrtime.bigint();
  register();
  await settle();
  const last = lastActivityAt();
  const ms = last > start ? Number(last - start) / 1e6 : 0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const resources = registrations().filter(
    (r) => r.custom && !r.type.startsWith("pulumi:providers:"),
  ).length;
  return { resources, ms, peakHeapMb: Math.round(peak / 2 ** 20) };
}

/** The value at fraction q of the sorted values (the nearest rank). */
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
const median = (values: number[]) => quantile(values, 0.5);

/**
 * Promises created while a fleet is built and settles: every Output, apply, invoke and
 * registration is made of them, so their count is the SDK work a program causes. Counted in a
 * run of its own, as the hook slows the runtime.
 */
async function countPromises(
  world: Parameters<typeof useWorld>[0],
  register: () => void,
): Promise<number> {
  let promises = 0;
  const hook = createHook({
    init: (_id, type) => {
      if (type === "PROMISE") promises++;
    },
  });
  useWorld(world);
  hook.enable();
  try {
    register();
    await settle();
  } finally {
    hook.disable();
  }
  return promises;
}

/**
 * Measures a fleet `runs` times at least, and more until each side has run for `minMs`: the
 * smallest fleets take milliseconds, and on a shared machine one garbage collection or a busy
 * neighbour moves a single run's ratio by a fifth either way. The sides alternate run by run
 * (and which goes first), and the ratio is the median of each pair's component/floor ratio, so
 * a slow spell of the machine weighs on both sides of a pair.
 */
export async function bench(
  fleet: Fleet,
  size: number,
  runs: number,
  minMs = 0,
): Promise<BenchRow> {
  // The mocked runtime, installed once per process (nothing offline patches on import).
  installOfflineRuntime();
  const world = fleet === "lambdaEndpoints" ? endpointWorld(size) : {};
  const component: Measurement[] = [];
  const floor: Measurement[] = [];
  const empty: Measurement[] = [];
  const total = (ms: Measurement[]) => ms.reduce((sum, m) => sum + m.ms, 0);
  // The floor replays what the components registered (the same on every run).
  const componentPromises = await countPromises(world, () => buildFleet(fleet, size));
  const recorded = registrations();
  while (component.length < runs || total(component) < minMs) {
    // Which side goes first alternates too, so neither always inherits the other's leftovers.
    const pair = [
      async () => component.push(await measure(world, () => buildFleet(fleet, size))),
      async () => floor.push(await measure(world, () => replay(recorded))),
    ];
    for (const side of component.length % 2 === 0 ? pair : pair.reverse()) {
      await side();
    }
    empty.push(await measure(world, () => buildFleet(fleet, 0)));
  }
  const floorPromises = await countPromises(world, () => replay(recorded));
  const ratios = component.map((m, i) => m.ms / floor[i].ms);
  const componentMs = median(component.map((m) => m.ms));
  const floorMs = median(floor.map((m) => m.ms));
  const emptyMs = median(empty.map((m) => m.ms));
  const resources = component[0].resources;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    fleet,
    size,
    runs: component.length,
    resources,
    componentMs: Math.round(componentMs),
    floorMs: Math.round(floorMs),
    ratio: round(median(ratios)),
    ratioQuartiles: [round(quantile(ratios, 0.25)), round(quantile(ratios, 0.75))],
    promiseRatio: round(componentPromises / floorPromises),
    componentPromises,
    floorPromises,
    fastestRatio: round(
      Math.min(...component.map((m) => m.ms)) / Math.min(...floor.map((m) => m.ms)),
    ),
    componentMsPerResource: resources === 0 ? 0 : round(componentMs / resources),
    floorMsPerResource: resources === 0 ? 0 : round(floorMs / resources),
    componentMsPerMember: size === 0 ? 0 : round((componentMs - emptyMs) / size),
    peakHeapMb: Math.max(...component.map((m) => m.peakHeapMb)),
  };
}

function table(rows: readonly BenchRow[]): string {
  const header =
    "| fleet | size | runs | resources | component ms | floor ms | ratio | ratio IQR | fastest ratio | promises | floor promises | promise ratio | ms/resource | floor ms/resource | ms/member | peak heap MB |";
  const lines = rows.map(
    (r) =>
      `| ${r.fleet} | ${r.size} | ${r.runs} | ${r.resources} | ${r.componentMs} | ${r.floorMs} | ${r.ratio} | ${r.ratioQuartiles[0]}–${r.ratioQuartiles[1]} | ${r.fastestRatio} | ${r.componentPromises} | ${r.floorPromises} | ${r.promiseRatio} | ${r.componentMsPerResource} | ${r.floorMsPerResource} | ${r.componentMsPerMember} | ${r.peakHeapMb} |`,
  );
  return [
    header,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...lines,
  ].join("\n");
}

async function main(argv: string[]): Promise<void> {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (option("--sizes") ?? "1,10,100,500").split(",").map(Number);
  const runs = Number(option("--runs") ?? 5);
  const minMs = Number(option("--min-ms") ?? 10000);
  // Load and warm up every module before timing either side.
  const fleets = (option("--fleets")?.split(",") ?? FLEETS) as Fleet[];
  for (const fleet of fleets) {
    await bench(fleet, 1, 1);
  }
  const rows: BenchRow[] = [];
  for (const fleet of fleets) {
    for (const size of sizes) {
      rows.push(await bench(fleet, size, runs, minMs));
      console.error(`${fleet} ${size}: done`);
    }
  }
  if (argv.includes("--json")) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log(
      `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; medians of at least ${runs} runs and ${minMs} ms a side`,
    );
    console.log(table(rows));
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: Error) => {
      console.error(e.stack ?? e.message);
      process.exit(1);
    },
  );
}
