/** `groups.*`: the groups of a linked number (Números → Grupos). */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import type { WhatsAppService } from '../channels/whatsapp/whatsapp-service';
import { GroupsService } from './groups-service';
import { GroupResultsRecorder, listGroupResults } from './group-results';

/** A core's groups: the service and the recorder of group campaigns' results. */
export interface Groups {
  service: GroupsService;
  close(): void;
}

/** Built by the composition root (services.ts); started unless in the CLI. */
export function createGroups(ctx: CoreContext, whatsapp: WhatsAppService): Groups {
  const service = new GroupsService(ctx, whatsapp);
  const results = new GroupResultsRecorder(ctx, whatsapp);
  if (ctx.mode !== 'cli') {
    service.start();
    results.start();
  }
  return {
    service,
    close: () => {
      results.close();
      service.close();
    },
  };
}

export function groupsHandlers(ctx: CoreContext, service: GroupsService): Pick<Handlers, 'groups.list' | 'groups.refresh' | 'groups.campaignResults'> {
  return {
    'groups.list': ({ numberId }) => service.list(numberId),
    'groups.refresh': ({ numberId }) => service.refresh(numberId),
    'groups.campaignResults': ({ campaignId }) => listGroupResults(ctx.db, campaignId),
  };
}
