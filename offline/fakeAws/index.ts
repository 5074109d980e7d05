/**
 * The fake AWS: Pulumi mocks that play AWS for the offline runtime. It answers each registration
 * with an id and the outputs AWS computes, and the invokes the components use from a `MockWorld`
 * the caller chooses. An invoke it does not know throws, naming it, so a missing answer is loud
 * instead of an `undefined` inside a service name.
 *
 * Importing it changes nothing global: the engine adapter (engine.ts) hands `fakeAws` to
 * `pulumi.runtime.setMocks`, and the stand-in engine (tests/langhost) calls `serveRegistration`
 * and `serveInvoke`. Either way, what it answers is recorded (recorder.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  noteActivity,
  noteRequest,
  attachUrn,
  recordInvoke,
  recordRegistration,
  Registration,
  RequestContext,
  requestOf,
} from "../recorder";
import { refusedEndpoint } from "./endpointServices";
import { INVOKES } from "./invokes";
import { computedState, mockId, regionOfProvider } from "./resources";
import { invokeError, TYPES } from "./world";

export type {
  MockCidrBlockAssociation,
  MockEndpointService,
  MockRoute,
  MockRouteTable,
  MockSecurityGroup,
  MockSecurityGroupRule,
  MockSubnet,
  MockVpc,
  MockVpcEndpoint,
  MockWorld,
  MockZone,
} from "./world";
export {
  ACCOUNT_ID,
  DEFAULT_WORLD,
  EU_WEST_1,
  mockServiceName,
  partitionOfRegion,
  TWO_SUBNET_VPC,
  TYPES,
  US_EAST_1,
  zonesOf,
} from "./world";
export { prefixListIdOf } from "./network";

/** The registration as the engine saw it: the mock's arguments, and its request's place. */
function registrationOf(
  args: pulumi.runtime.MockResourceArgs,
  id: string,
  request: RequestContext | undefined,
): Registration {
  const registration: Registration = {
    type: args.type,
    name: args.name,
    inputs: args.inputs,
    custom: args.custom ?? true,
    dependencies: [],
    dependencyUrns: [],
    propertyDependencies: {},
    id,
    provider: args.provider
      ? args.provider.substring(0, args.provider.lastIndexOf("::"))
      : undefined,
  };
  if (request) {
    const parentName = request.parentUrn ? request.parentUrn.split("::").pop() : undefined;
    if (
      parentName &&
      request.parentUrn.split("::")[2]?.split("$").pop() !== "pulumi:pulumi:Stack"
    ) {
      registration.parent = parentName;
      registration.parentType = request.parentUrn.split("::")[2].split("$").pop();
      registration.parentUrn = request.parentUrn;
    }
    registration.dependencies = request.dependencyUrns.map((u) => u.split("::").pop() as string);
    registration.dependencyUrns = request.dependencyUrns;
    registration.propertyDependencies = request.propertyDependencies;
    if (request.options !== undefined) {
      registration.options = request.options;
    }
  }
  return registration;
}

/** The mocks `pulumi.runtime.setMocks` takes: AWS's answers, each one recorded. */
export const fakeAws: pulumi.runtime.Mocks = {
  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    noteActivity();
    const request = requestOf(`${args.type}::${args.name}`);
    const region = regionOfProvider(args.provider);
    // What AWS refuses to create because of what the world's account already has.
    const refused =
      args.type === TYPES.vpcEndpoint ? refusedEndpoint(args.inputs, region) : undefined;
    if (refused !== undefined) {
      throw refused;
    }
    const id = mockId(args.type, args.name, args.inputs, region);
    const registration = registrationOf(args, id, request);
    const state = {
      ...args.inputs,
      ...computedState(args.type, id, args.name, args.inputs, region),
    };
    registration.outputs = state;
    recordRegistration(registration);
    return { id, state };
  },

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    noteActivity();
    const region = regionOfProvider(args.provider);
    recordInvoke({ token: args.token, inputs: args.inputs, region });
    const answer = INVOKES[args.token];
    if (answer === undefined) {
      throw invokeError(
        `the offline runtime has no answer for invoke ${args.token} (it answers ${Object.keys(INVOKES).join(", ")}): give the program the value as config, or run it against AWS with pulumi preview.`,
      );
    }
    return answer(args.inputs, region);
  },
};

/** What the stand-in engine (tests/langhost) learns of a registration from its gRPC request. */
export interface ServedRegistration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean;
  readonly provider?: string;
  readonly urn: string;
  readonly parentUrn: string;
  readonly dependencyUrns: string[];
  readonly propertyDependencies: Record<string, string[]>;
}

/**
 * Answers a registration the stand-in engine received over gRPC as this mock answers the SDK's
 * in-process monitor, recording it with its parent, dependencies and URN: one world, one record,
 * whichever way the program ran.
 */
export function serveRegistration(req: ServedRegistration): pulumi.runtime.MockResourceResult {
  const key = `${req.type}::${req.name}`;
  noteRequest(key, {
    parentUrn: req.parentUrn,
    dependencyUrns: req.dependencyUrns,
    propertyDependencies: req.propertyDependencies,
  });
  const result = fakeAws.newResource({
    type: req.type,
    name: req.name,
    inputs: req.inputs,
    custom: req.custom,
    provider: req.provider,
  }) as pulumi.runtime.MockResourceResult;
  attachUrn(key, req.urn);
  return result;
}

/** Answers an invoke the stand-in engine received, as this mock answers the SDK's. */
export function serveInvoke(
  token: string,
  inputs: Record<string, any>,
  provider?: string,
): Record<string, any> {
  return fakeAws.call({ token, inputs, provider }) as Record<string, any>;
}
