// electron-builder hooks for the native module (better-sqlite3).
// Development and tests run better-sqlite3 under plain Node; the packaged app needs it built
// for Electron's ABI. So (npmRebuild: false) we rebuild it here, right before electron-builder
// copies node_modules into the app, and put the Node build back in afterPack so `npm test`
// keeps working after `npm run package`. electron-builder resolves the hook by its name, so
// this one file serves both `beforePack` and `afterPack` in electron-builder.yml.
import fs from 'node:fs';
import path from 'node:path';

const NATIVE_MODULES = ['better-sqlite3'];
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

export function archName(arch) {
  const name = typeof arch === 'string' ? arch : ARCH_NAMES[arch];
  // electron-builder packs universal macOS apps as x64 + arm64 first; each of those is rebuilt.
  if (!name || name === 'universal') throw new Error(`before-pack: cannot rebuild native modules for arch ${name ?? String(arch)}`);
  return name;
}

function projectDirOf(context) {
  return (context.packager.info && context.packager.info.projectDir) || process.cwd();
}

function electronVersionOf(context, projectDir) {
  const fromConfig = context.packager.config && context.packager.config.electronVersion;
  const fromFramework = context.packager.info && context.packager.info.framework && context.packager.info.framework.version;
  if (fromConfig || fromFramework) return fromConfig || fromFramework;
  return JSON.parse(fs.readFileSync(path.join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** The compiled addons of our native modules (build/Release/*.node). */
function nativeBinaries(projectDir) {
  const files = [];
  for (const name of NATIVE_MODULES) {
    const dir = path.join(projectDir, 'node_modules', name, 'build', 'Release');
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir)) if (entry.endsWith('.node')) files.push(path.join(dir, entry));
  }
  return files;
}

function backupDir(projectDir) {
  return path.join(projectDir, 'node_modules', '.cache', 'recado-native-node');
}

/** Keeps the plain-Node build once; later packs must not overwrite it with an Electron build. */
export function backupNodeBuild(projectDir) {
  const dir = backupDir(projectDir);
  if (fs.existsSync(path.join(dir, 'manifest.json'))) return;
  fs.mkdirSync(dir, { recursive: true });
  const manifest = [];
  nativeBinaries(projectDir).forEach((file, i) => {
    const copy = path.join(dir, `${i}.node`);
    fs.copyFileSync(file, copy);
    manifest.push({ file: path.relative(projectDir, file), copy: path.basename(copy) });
  });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

export function restoreNodeBuild(projectDir) {
  const dir = backupDir(projectDir);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return 0;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  for (const { file, copy } of manifest) fs.copyFileSync(path.join(dir, copy), path.join(projectDir, file));
  fs.rmSync(dir, { recursive: true, force: true });
  return manifest.length;
}

export async function beforePack(context, deps = {}) {
  if (context.electronPlatformName !== process.platform) {
    throw new Error(
      `before-pack: native modules cannot be cross-compiled (building ${context.electronPlatformName} on ${process.platform}). ` +
        'Package each OS on that OS (CI runners per platform).',
    );
  }
  const projectDir = projectDirOf(context);
  const electronVersion = electronVersionOf(context, projectDir);
  const arch = archName(context.arch);
  const rebuild = deps.rebuild ?? (await import('@electron/rebuild')).rebuild;
  backupNodeBuild(projectDir);
  console.log(`  • rebuilding ${NATIVE_MODULES.join(', ')} for Electron ${electronVersion} (${context.electronPlatformName}-${arch})`);
  await rebuild({ buildPath: projectDir, electronVersion, arch, onlyModules: NATIVE_MODULES, force: true, mode: 'sequential' });
}

export async function afterPack(context) {
  const restored = restoreNodeBuild(projectDirOf(context));
  if (restored > 0) console.log(`  • restored the Node build of ${NATIVE_MODULES.join(', ')} for development`);
}
