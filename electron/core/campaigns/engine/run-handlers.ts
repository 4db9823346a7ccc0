/** `campaigns.*` run-time API (start, pause, …) and the engine settings. */
import type { CoreContext } from '../../context';
import type { Handlers } from '../../rpc/dispatcher';
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
  | 'campaignEngine.settings'
  | 'campaignEngine.updateSettings'
>;

export function runHandlers(_ctx: CoreContext, engine: CampaignEngine): RunHandlers {
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
    'campaignEngine.settings': () => engine.settings.get(),
    'campaignEngine.updateSettings': (patch) => engine.settings.update(patch),
  };
}
