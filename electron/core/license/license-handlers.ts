import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { LicenseService } from './license-service';

type LicenseHandlers = Pick<
  Handlers,
  | 'license.status'
  | 'license.activate'
  | 'license.deactivate'
  | 'license.refresh'
  | 'license.offlineRequest'
  | 'license.importLicenseFile'
  | 'license.continueTrial'
>;

/** The service behind ctx.plan when core.ts wired one in; otherwise (tests) a fresh one on ctx's store. */
function serviceFor(ctx: CoreContext): LicenseService {
  if (ctx.plan instanceof LicenseService) return ctx.plan;
  return new LicenseService({ db: ctx.db, secretBox: ctx.secretBox, logger: ctx.logger, events: ctx.events });
}

/** license.* methods; also starts the background renewal (not for one-shot CLI commands). */
export function licenseHandlers(ctx: CoreContext, service: LicenseService = serviceFor(ctx)): LicenseHandlers {
  if (ctx.mode !== 'cli') {
    service.start();
    ctx.onClose(() => service.stop());
  }
  return {
    'license.status': () => service.status(),
    'license.activate': ({ key }) => service.activate(key),
    'license.deactivate': () => service.deactivate(),
    'license.refresh': () => service.refresh({ manual: true }),
    'license.offlineRequest': ({ key }) => service.offlineRequest(key),
    'license.importLicenseFile': ({ content }) => service.importLicenseFile(content),
    'license.continueTrial': () => service.continueTrial(),
  };
}
