/**
 * The offline runtime: Pulumi's mocked runtime playing AWS, for `npm start`, `npm run
 * check-stack`, the snapshot writer, the benchmark and the tests. One entry for its three parts:
 *
 * - engine.ts, the engine adapter: `installOfflineRuntime()` (the only call that patches the SDK
 *   and the process), and the switches between worlds, projects, previews and updates;
 * - fakeAws/, the fake AWS: the world a caller chooses, and the ids, outputs and invoke answers
 *   it gives from it;
 * - recorder.ts: every registration (type, name, inputs, parent, dependencies, provider), invoke,
 *   warning and late error the engine saw.
 *
 * Importing it, or any of its parts, changes nothing global.
 */
export {
  installOfflineRuntime,
  ORGANIZATION,
  PROJECT,
  restoreDefaults,
  setPreview,
  STACK,
  useProgram,
  useWorld,
} from "./engine";
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
  ServedRegistration,
} from "./fakeAws";
export {
  ACCOUNT_ID,
  DEFAULT_WORLD,
  EU_WEST_1,
  mockServiceName,
  partitionOfRegion,
  prefixListIdOf,
  serveInvoke,
  serveRegistration,
  TWO_SUBNET_VPC,
  TYPES,
  US_EAST_1,
  zonesOf,
} from "./fakeAws";
export type { RecordedInvoke, Registration, ResourceLifecycleOptions } from "./recorder";
export {
  forgetPendingRegistrations,
  invokes,
  lastActivityAt,
  registrations,
  resourcesOfType,
  settle,
  takeErrors,
  takeUnhandled,
  valueOf,
  warnings,
} from "./recorder";
