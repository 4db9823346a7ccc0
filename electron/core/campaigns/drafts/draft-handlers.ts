import type { CoreContext } from '../../context';
import type { Handlers } from '../../rpc/dispatcher';
import { CampaignDrafts } from './drafts-store';

type DraftHandlers = Pick<Handlers, 'campaigns.list' | 'campaigns.get' | 'campaigns.create' | 'campaigns.update' | 'campaigns.clone' | 'campaigns.delete'>;

export function draftHandlers(ctx: CoreContext, drafts = new CampaignDrafts(ctx.db, () => ctx.settings.get().timeZone)): DraftHandlers {
  const changed = (id: number) => ctx.events.emit('campaigns.changed', { id });
  return {
    'campaigns.list': () => drafts.list(),
    'campaigns.get': ({ id }) => drafts.get(id),
    'campaigns.create': ({ draft }) => {
      const c = drafts.create(draft ?? {});
      changed(c.id);
      return c;
    },
    'campaigns.update': ({ id, draft }) => {
      const c = drafts.update(id, draft);
      changed(id);
      return c;
    },
    'campaigns.clone': ({ id }) => {
      const c = drafts.clone(id);
      changed(c.id);
      return c;
    },
    'campaigns.delete': ({ id }) => {
      drafts.delete(id);
      changed(id);
      return { ok: true as const };
    },
  };
}
