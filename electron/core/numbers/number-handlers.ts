/** `numbers.*` API: list, add a simulated number, caps and warm-up, remove, flags, simulated replies. */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { ApiError } from '../../../shared/api/errors';
import type { NumberView } from '../../../shared/api/methods/numbers';
import type { CampaignEngine } from '../campaigns/engine/engine';
import { parseNumberConfig, type NumberConfig, type NumberRow, type NumbersStore } from './numbers-store';
import { plural } from '../../../shared/i18n/plural';
import { describeWhatsAppStatus } from '../channels/whatsapp/status-messages';
import { announceNumberChanged } from '../internal-events';
import type { ChannelState } from '../channels/types';

type NumberHandlers = Pick<
  Handlers,
  'numbers.list' | 'numbers.addSimulator' | 'numbers.update' | 'numbers.remove' | 'numbers.clearFlag' | 'numbers.simulateReply'
>;

/** How many simulated numbers one installation may have (they cost nothing but clutter). */
export const MAX_SIMULATED_NUMBERS = 10;

export function toNumberView(row: NumberRow, engine: CampaignEngine): NumberView {
  const config = parseNumberConfig(row);
  const w = config.warmup;
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    phone: row.phone,
    simulated: row.kind === 'simulator',
    status: row.status,
    statusReason: row.status_reason,
    statusMessage: statusMessageOf(row, engine.days.timeZone),
    retryAt: row.retry_at ?? null,
    flagged: row.flagged_at !== null,
    flagReason: row.flagged_at !== null ? (config.flagReason ?? null) : null,
    flagParams: row.flagged_at !== null ? (config.flagParams ?? null) : null,
    dailyCap: config.dailyCap ?? null,
    hourlyCap: config.hourlyCap ?? null,
    warmup: w ? { startCap: w.startCap, increasePerDay: w.increasePerDay, startedAt: w.startedAt } : null,
    today: engine.numberToday(row.id),
    createdAt: row.created_at,
  };
}

/** What a number's state means for the user; nothing to say while it is connected. */
function statusMessageOf(row: NumberRow, timeZone: string): string | null {
  if (row.status === 'connected') return null;
  if (row.kind !== 'whatsapp' && row.status !== 'reconnecting' && row.status !== 'unstable') return null;
  return describeWhatsAppStatus(row.status as ChannelState, row.status_reason, { retryAt: row.retry_at ?? null, timeZone });
}

export function numberHandlers(ctx: CoreContext, engine: CampaignEngine, numbers: NumbersStore): NumberHandlers {
  const changed = (id: number) => announceNumberChanged(ctx, id);
  const view = (id: number) => toNumberView(numbers.get(id), engine);
  return {
    'numbers.list': () => numbers.list().map((r) => toNumberView(r, engine)),

    'numbers.addSimulator': ({ label, behavior }) => {
      // Simulated numbers never reach WhatsApp, so they do not count toward the plan's numbers.
      const count = numbers.list().filter((r) => r.kind === 'simulator').length;
      if (count >= MAX_SIMULATED_NUMBERS) {
        throw new ApiError('numbers.simulator_limit', `Você já tem ${plural(count, 'número simulado', 'números simulados')}. Remova um antes de adicionar outro.`, undefined, { count });
      }
      const row = numbers.add('simulator', label ?? `Número simulado ${count + 1}`, behavior ? { behavior } : {});
      engine.addNumber(row);
      changed(row.id);
      return view(row.id);
    },

    'numbers.update': ({ id, label, dailyCap, hourlyCap, warmup, behavior }) => {
      const row = numbers.get(id);
      const config: NumberConfig = { ...parseNumberConfig(row) };
      if (dailyCap !== undefined) {
        if (dailyCap === null) delete config.dailyCap;
        else config.dailyCap = dailyCap;
      }
      if (hourlyCap !== undefined) {
        if (hourlyCap === null) delete config.hourlyCap;
        else config.hourlyCap = hourlyCap;
      }
      if (warmup !== undefined) {
        if (warmup === null) delete config.warmup;
        else config.warmup = { startCap: warmup.startCap, increasePerDay: warmup.increasePerDay, startedAt: warmup.startedAt ?? config.warmup?.startedAt ?? Date.now() };
      }
      if (behavior !== undefined) {
        if (row.kind !== 'simulator') throw new ApiError('numbers.not_simulator', 'Só números simulados têm comportamento configurável.');
        config.behavior = { ...config.behavior, ...behavior };
      }
      const updated = numbers.update(id, { ...(label !== undefined ? { label } : {}), config });
      engine.reloadNumber(updated);
      changed(id);
      return view(id);
    },

    'numbers.remove': async ({ id }) => {
      const row = numbers.get(id);
      if (engine.isNumberInUse(id)) {
        throw new ApiError(
          'numbers.in_use',
          `O número "${row.label}" está sendo usado por uma campanha em andamento ou agendada. Pause ou cancele a campanha antes de remover o número.`,
          undefined,
          { label: row.label },
        );
      }
      await engine.removeNumber(id);
      numbers.remove(id);
      changed(id);
      return { ok: true as const };
    },

    'numbers.clearFlag': ({ id }) => {
      numbers.get(id);
      engine.clearFlag(id);
      return view(id);
    },

    'numbers.simulateReply': ({ id, phone, text }) => {
      numbers.get(id);
      engine.simulateInbound(id, phone, text);
      return { ok: true as const };
    },
  };
}
