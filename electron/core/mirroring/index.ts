/** Offer mirroring ("Espelhar ofertas"): `mirroring.*`. See mirror-service.ts and the README. */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { whatsAppServiceFor } from '../channels/whatsapp/whatsapp-service';
import { engineOf } from '../campaigns/engine/service';
import { MirrorService } from './mirror-service';

export { MirrorService, humanTypingMs } from './mirror-service';
export { MirrorStore } from './mirror-store';

type MirroringMethods = 'mirroring.list' | 'mirroring.create' | 'mirroring.update' | 'mirroring.setPaused' | 'mirroring.remove' | 'mirroring.log';

export function mirroringHandlers(ctx: CoreContext): Pick<Handlers, MirroringMethods> {
  // Registered after the engine: mirrored posts count toward the number's daily cap and the plan.
  const service = new MirrorService(ctx, whatsAppServiceFor(ctx), { quota: engineOf(ctx) ?? null });
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
