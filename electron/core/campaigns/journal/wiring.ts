/**
 * Opens the send journal of a running core and wires its start-time reconciliation to the
 * restore bookkeeping and to notifications.
 */
import type { CoreContext } from '../../context';
import type { Logger } from '../../log/logger';
import { markRestoreReconciled, restoreAwaitingReconcile } from '../../backup/restore';
import type { Notifications } from '../../notifications/notify';
import { CampaignJournal } from './campaign-journal';
import { reconciledSummary, type ReconcileReport } from './reconcile';
import { SendJournal } from './send-journal';

/** Only a process that sends opens it (never the CLI beside a running app): see services.ts. */
export function openCampaignJournal(ctx: CoreContext, logger: Logger, notifications: Notifications): CampaignJournal {
  const journal = SendJournal.open(ctx.dataDir, { onError: (err, what) => logger.error({ err, what }, 'send journal maintenance failed') });
  if (!journal.existedBefore) logger.info('send journal created');
  const restorePending = restoreAwaitingReconcile(ctx.dataDir);
  return new CampaignJournal({
    db: ctx.db,
    journal,
    logger,
    restorePending,
    onReconciled: (report) => {
      if (restorePending) markRestoreReconciled(ctx.dataDir);
      announce(notifications, report);
    },
  });
}

/** Tells the user, once, which campaigns were paused and what the journal changed. */
function announce(notifications: Notifications, report: ReconcileReport): void {
  for (const c of report.campaigns) {
    if (!c.pausedReason) continue;
    const title = report.restored ? 'Campanha pausada após restaurar o backup' : 'Campanha pausada: envios conferidos';
    notifications.notify('campaign.paused', title, `"${c.name.slice(0, 80)}": ${c.pausedReason}`, `#/campanhas/${c.id}`);
  }
  const others = report.campaigns.filter((c) => !c.pausedReason && (c.sent || c.uncertain));
  if (report.restored && others.length) {
    const sent = others.reduce((n, c) => n + c.sent, 0);
    const uncertain = others.reduce((n, c) => n + c.uncertain, 0);
    notifications.notify('info', 'Envios conferidos após restaurar o backup', `${capitalize(reconciledSummary(sent, uncertain))}.`, '#/campanhas');
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
