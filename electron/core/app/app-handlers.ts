import type { Handlers } from '../rpc/dispatcher';
import type { CoreContext } from '../context';
import { schemaVersion } from '../db/migrate';
import { APP_VERSION } from '../version';
import { secretNames } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { readDesktopPrefs, writeDesktopPrefs } from './desktop-prefs';
import type { ResumeHooks } from './resume-hooks';

type Pick_<K extends keyof Handlers> = Pick<Handlers, K>;

export function appHandlers(ctx: CoreContext, resume: ResumeHooks): Pick_<'app.info' | 'app.ping' | 'app.resumed' | 'log.rendererError'> {
  return {
    'app.info': () => ({
      name: 'Recado',
      version: APP_VERSION,
      mode: ctx.mode,
      dataDir: ctx.dataDir,
      schemaVersion: schemaVersion(ctx.db),
      secretStorage: { kind: ctx.secretBox.kind, warning: ctx.secretBox.warning },
    }),
    'app.ping': () => ({ now: Date.now() }),
    'app.resumed': () => {
      const hooks = resume.run();
      ctx.logger.info({ hooks }, 'resumed from sleep');
      return { ok: true as const };
    },
    'log.rendererError': (input) => {
      ctx.logger.error({ source: input.source ?? 'renderer', stack: input.stack }, `renderer: ${input.message}`);
      return { ok: true as const };
    },
  };
}

export function settingsHandlers(ctx: CoreContext): Pick_<'settings.get' | 'settings.update' | 'secrets.status' | 'secrets.set' | 'secrets.clear'> {
  return {
    'settings.get': () => ctx.settings.get(),
    'settings.update': (patch) => {
      const next = ctx.settings.update(patch);
      ctx.internal.emit('settings.changed', { settings: next });
      ctx.events.emit('settings.changed', next);
      ctx.logger.info({ keys: Object.keys(patch) }, 'settings updated');
      return next;
    },
    'secrets.status': () => Object.fromEntries(secretNames.map((n) => [n, ctx.secrets.has(n)])),
    'secrets.set': ({ name, value }) => {
      ctx.secrets.set(name, value);
      return { ok: true as const };
    },
    'secrets.clear': ({ name }) => {
      ctx.secrets.clear(name);
      return { ok: true as const };
    },
  };
}

/** `desktop.*`: the desktop shell's preferences, kept by the core (they are read in browser mode too). */
export function desktopHandlers(ctx: CoreContext): Pick_<'desktop.prefs' | 'desktop.updatePrefs'> {
  return {
    'desktop.prefs': () => readDesktopPrefs(ctx.db),
    'desktop.updatePrefs': (patch) => {
      const prefs = writeDesktopPrefs(ctx.db, patch);
      ctx.events.emit('desktop.prefsChanged', prefs);
      return prefs;
    },
  };
}

/** `updates.*` belongs to the desktop main process; a core reached any other way says so. */
export function updatesHandlers(): Pick_<'updates.install'> {
  return {
    'updates.install': () => {
      throw new ApiError('updates.unavailable', 'As atualizações automáticas só existem no aplicativo instalado. No modo navegador, atualize o Recado pelo mesmo lugar onde você o instalou.');
    },
  };
}
