export { compileGlob, compileGlobs, globToPicomatch, type PathMatcher } from "./glob";
export { policySchema, DATA_CLASSES, type PolicyDocument, type PolicyInput } from "./schema";
export { parsePolicy, formatPolicyError, type PolicyError, type PolicyParseResult } from "./parse";
export {
  DEFAULT_POLICY, DEFAULT_POLICY_INPUT, DEFAULT_PATH_KINDS, DEFAULT_AI_RULES, DEFAULT_MULTIPLIERS, DEFAULT_WEIGHTS, DEFAULT_BANDS,
} from "./default-policy";
export {
  compilePolicy, defaultCompiledPolicy, PATH_KINDS,
  type CompiledPolicy, type CompiledService, type CompiledRegime, type PathInfo, type PathKind,
} from "./compile";
export { parseCodeowners, ownersOf, matchingRule, isValidOwner, type Codeowners, type CodeownersRule, type CodeownersError } from "./codeowners";
export { policyVersionOf } from "./version";
export { loadPolicy, type LoadedPolicy } from "./load";
