// The policy pack, as `pulumi preview --policy-pack policy` loads it. Constructing a PolicyPack
// starts the analyzer's gRPC server, so this file does only that; the policies live in
// ./policies, where tests and the offline runner use them directly.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("lambda-networking", { policies: allPolicies });
