/**
 * The type tokens, from the one table the library and the policy pack share (it lives in the
 * pack's folder, which must load alone: policy/rules/typeTokens.ts).
 */
export { TYPE_TOKENS } from "../../policy/rules/typeTokens";
