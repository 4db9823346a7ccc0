/** `groups.*`: the groups of a linked number (Números → Grupos). */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { whatsAppServiceFor } from '../channels/whatsapp/whatsapp-service';
import { GroupsService } from './groups-service';
import { GroupResultsRecorder, listGroupResults } from './group-results';

const services = new WeakMap<CoreContext, GroupsService>();

/** The groups service of a running core (campaign audiences and mirroring read it). */
export function groupsServiceFor(ctx: CoreContext): GroupsService {
  let s = services.get(ctx);
  if (!s) {
    s = new GroupsService(ctx, whatsAppServiceFor(ctx));
    services.set(ctx, s);
    const service = s;
    const results = new GroupResultsRecorder(ctx, whatsAppServiceFor(ctx));
    if (ctx.mode !== 'cli') {
      service.start();
      results.start();
    }
    ctx.onClose(() => {
      results.close();
      service.close();
    });
  }
  return s;
}

export function groupsHandlers(ctx: CoreContext): Pick<Handlers, 'groups.list' | 'groups.refresh' | 'groups.campaignResults'> {
  const service = groupsServiceFor(ctx);
  return {
    'groups.list': ({ numberId }) => service.list(numberId),
    'groups.refresh': ({ numberId }) => service.refresh(numberId),
    'groups.campaignResults': ({ campaignId }) => listGroupResults(ctx.db, campaignId),
  };
}
