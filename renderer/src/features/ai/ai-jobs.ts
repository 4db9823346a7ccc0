import { api } from '../../api';
import { ApiError, ErrorCodes } from '../../../../shared/api/errors';
import type { EventPayload, MethodInput, MethodOutput } from '../../../../shared/api/contract';
import { newJobId } from '../messages/format';

export type OnPartial = (partial: string[], text: string) => void;

export interface AiJob<T> {
  jobId: string;
  result: Promise<T>;
  cancel(): void;
}

/**
 * Runs one AI call with its streamed events. The job id is chosen here, so no event can
 * arrive before we listen; a dropped connection ends the job with a clear error.
 */
function track<T>(start: (jobId: string) => Promise<T>, onPartial: OnPartial, finishOnEvent: boolean): AiJob<T> {
  const jobId = newJobId();
  const offs: Array<() => void> = [];
  const result = new Promise<T>((resolve, reject) => {
    offs.push(api.on('ai.delta', (p) => p.jobId === jobId && onPartial(p.partial, p.text)));
    offs.push(api.on('ai.failed', (p) => p.jobId === jobId && reject(ApiError.from(p.error))));
    if (finishOnEvent) offs.push(api.on('ai.done', (p) => p.jobId === jobId && resolve(p as T)));
    offs.push(
      api.transport.onStatus((s) => {
        if (s !== 'connected') {
          reject(new ApiError(ErrorCodes.disconnected, 'A conexão com o Recado caiu durante a geração. Nada foi alterado; tente de novo quando reconectar.'));
        }
      }),
    );
    start(jobId).then((value) => !finishOnEvent && resolve(value), reject);
  }).finally(() => offs.forEach((off) => off()));
  return { jobId, result, cancel: () => void api.ai.cancel({ jobId }).catch(() => {}) };
}

type GenerateInput = Omit<MethodInput<'ai.generate'>, 'jobId'>;
type RegenerateInput = Omit<MethodInput<'ai.regenerate'>, 'jobId'>;
type SpintaxInput = Omit<MethodInput<'ai.toSpintax'>, 'jobId'>;

export type GenerateDone = EventPayload<'ai.done'>;

export function generateVariations(input: GenerateInput, onPartial: OnPartial): AiJob<GenerateDone> {
  return track<GenerateDone>((jobId) => api.ai.generate({ ...input, jobId }).then(() => undefined as unknown as GenerateDone), onPartial, true);
}

export function regenerateVariation(input: RegenerateInput, onPartial: OnPartial): AiJob<MethodOutput<'ai.regenerate'>> {
  return track((jobId) => api.ai.regenerate({ ...input, jobId }), onPartial, false);
}

export function toSpintax(input: SpintaxInput, onPartial: OnPartial): AiJob<MethodOutput<'ai.toSpintax'>> {
  return track((jobId) => api.ai.toSpintax({ ...input, jobId }), onPartial, false);
}
