import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');

interface TargetEntry {
  target: string;
}
type Targets = Array<string | TargetEntry>;
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  beforePack: string;
  afterPack: string;
  electronFuses: Record<string, boolean>;
  win: { target: Targets };
  nsis: Record<string, unknown>;
  mac: { target: Targets; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; category: string };
  linux: { target: Targets; category: string; maintainer: string };
  publish: { provider: string; url: string };
}

const config = load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const targetNames = (t: Targets) => t.map((e) => (typeof e === 'string' ? e : e.target));

describe('electron-builder.yml', () => {
  it('identifies the app', () => {
    expect(config.appId).toBe('br.com.recado.app');
    expect(config.productName).toBe('Recado');
    expect(config.directories).toEqual({ buildResources: 'build', output: 'release' });
  });

  it('builds every installer we ship', () => {
    expect(targetNames(config.win.target)).toEqual(['nsis']);
    expect(targetNames(config.mac.target)).toEqual(['dmg', 'zip']); // zip feeds auto-update
    expect(targetNames(config.linux.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Office');
    expect(config.linux.maintainer).toMatch(/@/); // deb refuses to build without one
  });

  it('gives Windows users a pt-BR per-user installer that lets them pick the folder', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, installerLanguages: ['pt_BR'], language: '1046' });
  });

  it('keeps native modules loadable and rebuilt by our hook, not by npm', () => {
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(fs.existsSync(path.join(root, config.beforePack))).toBe(true);
    expect(fs.existsSync(path.join(root, config.afterPack))).toBe(true);
  });

  it('ships only built output', () => {
    expect(config.files).toContain('dist/**/*');
    expect(config.files).toContain('package.json');
    expect(config.files.some((f) => /^(electron|shared|renderer|tests|scripts)\b/.test(f))).toBe(false);
  });

  it('flips the hardening fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('signs macOS builds with the hardened runtime and our entitlements', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.category).toBe('public.app-category.business');
    const plist = fs.readFileSync(path.join(root, config.mac.entitlements), 'utf8');
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    for (const key of ['cs.allow-jit', 'cs.allow-unsigned-executable-memory', 'cs.disable-library-validation', 'network.client']) {
      expect(plist).toContain(`<key>com.apple.security.${key}</key>`);
    }
    expect(plist).not.toContain('network.server');
  });

  it('passes electron-builder\'s own schema validation', async () => {
    const requireCjs = createRequire(import.meta.url);
    const { validateConfiguration } = requireCjs('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = requireCjs('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // Loading app-builder-lib's schema takes ~2 s at rest and over 20 s on a busy 2-core machine.
  }, 90_000);

  it('resolves both hooks from one module, the way electron-builder loads them', async () => {
    const { resolveFunction } = createRequire(import.meta.url)('app-builder-lib/out/util/resolve') as {
      resolveFunction(type: string, executor: string, name: string, root: string): Promise<{ name: string }>;
    };
    expect((await resolveFunction('module', config.beforePack, 'beforePack', root)).name).toBe('beforePack');
    expect((await resolveFunction('module', config.afterPack, 'afterPack', root)).name).toBe('afterPack');
  });

  it('publishes updates to a URL taken from the environment', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.RECADO_UPDATE_URL}' });
  });
});

describe('icons', () => {
  const pngSize = (file: string) => {
    const b = fs.readFileSync(file);
    expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
    return [b.readUInt32BE(16), b.readUInt32BE(20)];
  };

  it('has the source SVG in the brand colour and PNGs of the sizes the builders need', () => {
    expect(fs.readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8')).toContain('#0F766E');
    expect(pngSize(path.join(root, 'build', 'icon.png'))).toEqual([512, 512]);
    expect(pngSize(path.join(root, 'resources', 'icon.png'))).toEqual([256, 256]);
  });
});

describe('native rebuild hooks', () => {
  interface Hooks {
    beforePack(context: unknown, deps?: { rebuild(options: Record<string, unknown>): Promise<void> }): Promise<void>;
    afterPack(context: unknown): Promise<void>;
    archName(arch: number | string): string;
  }
  let hooks: Hooks;
  beforeAll(async () => {
    hooks = (await import(pathToFileURL(path.join(root, 'scripts', 'before-pack.mjs')).href)) as Hooks;
  });
  const temp: string[] = [];
  afterEach(() => temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  function fakeProject() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-pack-'));
    temp.push(dir);
    const release = path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release');
    fs.mkdirSync(release, { recursive: true });
    fs.writeFileSync(path.join(release, 'better_sqlite3.node'), 'node-abi');
    return { dir, addon: path.join(release, 'better_sqlite3.node') };
  }
  const context = (dir: string, platform = process.platform, arch = 1) => ({
    electronPlatformName: platform,
    arch,
    packager: { info: { projectDir: dir, framework: { version: '45.4.1' } }, config: {} },
  });

  it('maps electron-builder arch numbers', () => {
    expect([0, 1, 2, 3].map((a) => hooks.archName(a))).toEqual(['ia32', 'x64', 'armv7l', 'arm64']);
    expect(() => hooks.archName(4)).toThrow(/universal/);
  });

  it('rebuilds better-sqlite3 for the target Electron, then restores the Node build for development', async () => {
    const { dir, addon } = fakeProject();
    const calls: Array<Record<string, unknown>> = [];
    await hooks.beforePack(context(dir), {
      async rebuild(options) {
        calls.push(options);
        fs.writeFileSync(addon, 'electron-abi');
      },
    });
    expect(calls).toEqual([expect.objectContaining({ buildPath: dir, electronVersion: '45.4.1', arch: 'x64', onlyModules: ['better-sqlite3'], force: true })]);
    expect(fs.readFileSync(addon, 'utf8')).toBe('electron-abi'); // what electron-builder copies
    await hooks.afterPack(context(dir));
    expect(fs.readFileSync(addon, 'utf8')).toBe('node-abi');
  });

  it('refuses to cross-compile for another OS', async () => {
    const { dir } = fakeProject();
    const other = process.platform === 'win32' ? 'linux' : 'win32';
    let rebuilt = false;
    await expect(
      hooks.beforePack(context(dir, other), {
        async rebuild() {
          rebuilt = true;
        },
      }),
    ).rejects.toThrow(/cross-compiled/);
    expect(rebuilt).toBe(false);
  });
});
