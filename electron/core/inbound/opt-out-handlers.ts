/** `optOuts.*` API: the opt-out list, paged and as a CSV download. */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { exportOptOutsCsv, listOptOuts } from './opt-outs';

export function optOutHandlers(ctx: CoreContext): Pick<Handlers, 'optOuts.list' | 'optOuts.exportCsv'> {
  return {
    'optOuts.list': (input) => listOptOuts(ctx.db, input?.offset ?? 0, input?.limit ?? 50),
    'optOuts.exportCsv': () => {
      const day = new Date().toISOString().slice(0, 10);
      return { fileName: `recado-descadastros-${day}.csv`, csv: exportOptOutsCsv(ctx.db, ctx.settings.get().timeZone) };
    },
  };
}
