import type { Handlers } from '../rpc/dispatcher';
import type { AiService } from './ai-service';

type AiHandlers = Pick<
  Handlers,
  'ai.getConfig' | 'ai.setConfig' | 'ai.test' | 'ai.generate' | 'ai.cancel' | 'ai.regenerate' | 'ai.toSpintax'
>;

/** `ai.*` API over the core's one AI service (services.ts closes it). */
export function aiHandlers(service: AiService): AiHandlers {
  return {
    'ai.getConfig': () => service.settings(),
    'ai.setConfig': (config) => service.setConfig(config),
    'ai.test': () => service.test(),
    'ai.generate': (input) => service.generate(input),
    'ai.cancel': ({ jobId }) => {
      service.cancel(jobId);
      return { ok: true as const };
    },
    'ai.regenerate': (input) => service.regenerate(input),
    'ai.toSpintax': (input) => service.toSpintax(input),
  };
}
