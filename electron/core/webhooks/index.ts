import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { WebhookService } from './webhook-service';

export { WebhookService } from './webhook-service';
export { signBody, verifySignature, SIGNATURE_HEADER } from './signature';

type WebhookMethods = 'webhooks.list' | 'webhooks.create' | 'webhooks.update' | 'webhooks.remove' | 'webhooks.test' | 'webhooks.deliveries';

/** The core's webhooks: one service, its clock started now and stopped before the store closes. */
export function webhooksHandlers(ctx: CoreContext): Pick<Handlers, WebhookMethods> {
  const service = new WebhookService({
    db: ctx.db,
    secretBox: ctx.secretBox,
    logger: ctx.logger.child({ capability: 'webhooks' }),
    onChange: (id) => ctx.events.emit('webhooks.changed', { id }),
  });
  service.start();
  ctx.onClose(() => service.close());
  return {
    'webhooks.list': () => service.list(),
    'webhooks.create': (input) => service.create(input),
    'webhooks.update': ({ id, patch }) => service.update(id, patch),
    'webhooks.remove': ({ id }) => service.remove(id),
    'webhooks.test': ({ id }) => service.test(id),
    'webhooks.deliveries': ({ id, limit }) => service.deliveries(id, limit),
  };
}
