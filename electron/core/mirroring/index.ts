/** Offer mirroring ("Espelhar ofertas"): `mirroring.*`. See mirror-service.ts and the README. */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import type { CoreServices } from '../services';
import { MirrorService } from './mirror-service';

export { MirrorService, humanTypingMs } from './mirror-service';
export { MirrorStore } from './mirror-store';

type MirroringMethods = 'mirroring.list' | 'mirroring.create' | 'mirroring.update' | 'mirroring.setPaused' | 'mirroring.remove' | 'mirroring.log';

export function mirroringHandlers(ctx: CoreContext, services: Pick<CoreServices, 'whatsapp' | 'engine'>): Pick<Handlers, MirroringMethods> {
  // Mirrored posts count toward the number's daily cap and the plan (the engine keeps both).
  const service = new MirrorService(ctx, services.whatsapp, { quota: services.engine.engine });
  // The CLI never sends: it only reads and edits rules.
  if (ctx.mode !== 'cli') service.start();
  ctx.onClose(() => service.close());
  return {
    'mirroring.list': () => service.list(),
    'mirroring.create': (input) => service.create(input),
    'mirroring.update': ({ id, patch }) => service.update(id, patch),
    'mirroring.setPaused': ({ id, paused }) => service.setPaused(id, paused),
    'mirroring.remove': ({ id }) => service.remove(id),
    'mirroring.log': ({ id, limit }) => service.log(id, limit),
  };
}
