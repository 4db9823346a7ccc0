export {
  createAiClient,
  type AiClient,
  type AiClientOptions,
  type AiErrorInfo,
  type AiVariation,
  type CallOptions,
  type GenerateResult,
  type RegenerateInput,
  type RegenerateResult,
  type SpintaxResult,
  type TestConnectionResult,
} from './client';
export { AiError, aiErrorCodes, isAiError, toAiError, type AiErrorCode } from './errors';
export {
  AI_PROVIDER_PRESETS,
  aiProviders,
  isLocalAddress,
  resolveAiConfig,
  PLACEHOLDER_API_KEY,
  type AiConfig,
  type AiProvider,
  type AiProviderPreset,
  type ResolvedAiConfig,
} from './providers';
export { MAX_VARIATIONS, SYSTEM_PROMPT, SPINTAX_SYSTEM_PROMPT, type CopyBrief } from './prompts';
export { parseVariationList, parseSingleMessage } from './parse-output';
