/** `campaigns.*` run-time API (start, pause, …), the opt-out list and the engine settings. */
import type { CoreContext } from '../../context';
import type { Handlers } from '../../rpc/dispatcher';
import { exportOptOutsCsv, listOptOuts } from '../../inbound/opt-outs';
import type { CampaignEngine } from './engine';

export type RunHandlers = Pick<
  Handlers,
  | 'campaigns.audiencePreview'
  | 'campaigns.start'
  | 'campaigns.pause'
  | 'campaigns.resume'
  | 'campaigns.cancel'
  | 'campaigns.resendFailed'
  | 'campaigns.testSend'
  | 'campaigns.runState'
  | 'campaigns.overview'
  | 'campaigns.deliveries'
  | 'optOuts.list'
  | 'optOuts.exportCsv'
  | 'campaignEngine.settings'
  | 'campaignEngine.updateSettings'
>;

export function runHandlers(ctx: CoreContext, engine: CampaignEngine): RunHandlers {
  return {
    'campaigns.audiencePreview': ({ draft }) => engine.preview(draft),
    'campaigns.start': ({ id }) => engine.startCampaign(id),
    'campaigns.pause': ({ id }) => engine.pauseCampaign(id, 'manual', null),
    'campaigns.resume': ({ id }) => engine.resumeCampaign(id),
    'campaigns.cancel': ({ id }) => engine.cancelCampaign(id),
    'campaigns.resendFailed': ({ id }) => engine.resendFailed(id),
    'campaigns.testSend': (input) => engine.testSend(input),
    'campaigns.runState': ({ id }) => engine.runState(id),
    'campaigns.overview': () => engine.overview(),
    'campaigns.deliveries': (input) => engine.deliveries(input),
    'optOuts.list': (input) => listOptOuts(ctx.db, input?.offset ?? 0, input?.limit ?? 50),
    'optOuts.exportCsv': () => {
      const day = new Date().toISOString().slice(0, 10);
      return { fileName: `recado-descadastros-${day}.csv`, csv: exportOptOutsCsv(ctx.db, ctx.settings.get().timeZone) };
    },
    'campaignEngine.settings': () => engine.settings.get(),
    'campaignEngine.updateSettings': (patch) => engine.settings.update(patch),
  };
}
