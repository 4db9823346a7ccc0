/** `results.*`, `replies.*`, `deals.*` and `reports.*`: live results over the engine's counters. */
import crypto from 'node:crypto';
import path from 'node:path';
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import type { CoreServices } from '../services';
import { CampaignResultsReader } from './campaign-results';
import { DashboardReader } from './dashboard';
import { TimelineReader } from './timeline';
import { listReplies } from './replies';
import { DealsStore } from './deals';
import { ResultsLive } from './live';
import { reportFileName, reportInfo, writeCampaignReport } from './report';
import { chosenSaveTarget } from '../portability/save-target';

export type ResultsMethods = 'results.campaign' | 'results.timeline' | 'results.dashboard' | 'replies.list' | 'deals.add' | 'deals.remove' | 'reports.campaign' | 'reports.fileName';

/** Where reports go when no download is possible (desktop, CLI): <dataDir>/exports. */
export const REPORTS_DIR = 'exports';

export function resultsHandlers(ctx: CoreContext, services: Pick<CoreServices, 'engine' | 'downloads'>): Pick<Handlers, ResultsMethods> {
  const { engine } = services.engine;
  const { downloads } = services;
  const campaigns = new CampaignResultsReader(ctx.db);
  const dashboard = new DashboardReader(ctx.db);
  const timeline = new TimelineReader(ctx.db);
  const deals = new DealsStore(ctx.db);
  // A one-off CLI command has nobody to push events to.
  const live = ctx.mode === 'cli' ? null : new ResultsLive(ctx.db, ctx.events);
  if (live) ctx.onClose(() => live.close());

  const dealChanged = (campaignId: number | null) => live?.touch(campaignId, 'deals');

  return {
    'results.campaign': ({ id }) => campaigns.read(id, Date.now(), { recentSends: engine.recentSends(id) }),
    'results.timeline': (input) => {
      let timeZone = ctx.settings.get().timeZone;
      if (input.campaignId !== undefined) timeZone = campaigns.read(input.campaignId).timeZone;
      return timeline.read({ ...input, timeZone });
    },
    'results.dashboard': (input) =>
      dashboard.read(input, {
        now: Date.now(),
        timeZone: ctx.settings.get().timeZone,
        numberToday: (id) => engine.numberToday(id),
      }),
    'replies.list': (input) => listReplies(ctx.db, input ?? {}),
    'deals.add': (input) => {
      const out = deals.add(input);
      ctx.logger.info({ campaignId: out.campaignId, fromReply: out.inboundId !== null }, 'deal recorded');
      dealChanged(out.campaignId);
      return out;
    },
    'deals.remove': (input) => {
      const out = deals.remove(input);
      ctx.logger.info({ campaignId: out.campaignId, fromReply: out.inboundId !== null }, 'deal taken back');
      dealChanged(out.campaignId);
      return out;
    },
    'reports.fileName': ({ id, format }) => ({ fileName: reportFileName(reportInfo(ctx.db, id), format) }),
    'reports.campaign': async ({ id, format, target }) => {
      const info = reportInfo(ctx.db, id);
      const fileName = reportFileName(info, format);
      if (target) {
        const file = chosenSaveTarget(ctx.mode, target, `.${format}`);
        const written = await writeCampaignReport(ctx.db, id, format, file);
        ctx.logger.info({ campaignId: id, format, rows: written.rows }, 'campaign report saved where the user chose');
        return { status: 'saved' as const, file, fileName: path.basename(file), bytes: written.bytes, rows: written.rows };
      }
      if (ctx.mode === 'browser') {
        // Offered once at /download/<token>, then deleted; leftovers from a crash go at the next start.
        const file = path.join(ctx.dataDir, REPORTS_DIR, '.pending', `${crypto.randomUUID()}.${format}`);
        const written = await writeCampaignReport(ctx.db, id, format, file);
        ctx.logger.info({ campaignId: id, format, rows: written.rows }, 'campaign report ready for download');
        return { status: 'download' as const, url: downloads.register(file, fileName, { temporary: true }), fileName, bytes: written.bytes, rows: written.rows };
      }
      const file = path.join(ctx.dataDir, REPORTS_DIR, fileName);
      const written = await writeCampaignReport(ctx.db, id, format, file);
      ctx.logger.info({ campaignId: id, format, rows: written.rows }, 'campaign report saved');
      return { status: 'saved' as const, file, fileName, bytes: written.bytes, rows: written.rows };
    },
  };
}
