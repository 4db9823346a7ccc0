/**
 * Where AI copy comes from. Every provider speaks the OpenAI-compatible chat API, so one
 * client (the official `openai` SDK) serves them all; only the address, model and key differ.
 */

export const aiProviders = ['openai', 'ollama', 'lmstudio', 'custom'] as const;
export type AiProvider = (typeof aiProviders)[number];

export interface AiProviderPreset {
  /** pt-BR name for the settings screen. */
  label: string;
  baseURL: string;
  defaultModel: string;
  /** Cloud services need a key; local servers accept anything. */
  needsKey: boolean;
  /** Runs on this computer: "offline" means the program is not open, not the internet. */
  local: boolean;
}

export const AI_PROVIDER_PRESETS: Record<AiProvider, AiProviderPreset> = {
  openai: {
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    defaultModel: 'gpt-4o-mini',
    needsKey: true,
    local: false,
  },
  ollama: {
    label: 'Ollama (no seu computador)',
    baseURL: 'http://127.0.0.1:11434/v1',
    defaultModel: 'llama3.1',
    needsKey: false,
    local: true,
  },
  lmstudio: {
    label: 'LM Studio (no seu computador)',
    baseURL: 'http://127.0.0.1:1234/v1',
    defaultModel: 'local-model',
    needsKey: false,
    local: true,
  },
  custom: {
    label: 'Outro servidor compatível com OpenAI',
    baseURL: 'http://127.0.0.1:8080/v1',
    defaultModel: '',
    needsKey: false,
    local: false,
  },
};

export interface AiConfig {
  provider: AiProvider;
  /** Defaults to the provider's preset. */
  baseURL?: string | null;
  /** Defaults to the provider's preset. */
  model?: string | null;
  /** From the secret store; not needed by local servers. */
  apiKey?: string | null;
}

export interface ResolvedAiConfig {
  provider: AiProvider;
  baseURL: string;
  model: string;
  apiKey: string | null;
  preset: AiProviderPreset;
}

/** Local servers ignore the key, but the SDK insists on one. */
export const PLACEHOLDER_API_KEY = 'not-needed';

export function resolveAiConfig(config: AiConfig): ResolvedAiConfig {
  const provider: AiProvider = aiProviders.includes(config.provider) ? config.provider : 'custom';
  const preset = AI_PROVIDER_PRESETS[provider];
  const baseURL = (config.baseURL?.trim() || preset.baseURL).replace(/\/+$/, '');
  return {
    provider,
    baseURL,
    model: config.model?.trim() || preset.defaultModel,
    apiKey: config.apiKey?.trim() || null,
    preset,
  };
}

/** True when the address points at this computer (affects how "offline" is explained). */
export function isLocalAddress(baseURL: string): boolean {
  try {
    const host = new URL(baseURL).hostname;
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
