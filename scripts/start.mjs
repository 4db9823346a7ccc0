// `npm start`: the desktop app when an Electron binary is installed, otherwise browser mode.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** Finds Electron's binary without triggering its download (require('electron') would try). */
function electronBinary() {
  try {
    const pkgDir = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = path.join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const electron = electronBinary();
if (electron && !process.env.RECADO_BROWSER_MODE) {
  const build = spawn(process.execPath, [path.join(root, 'node_modules/npm/bin/npm-cli.js'), 'run', 'build'], { cwd: root, stdio: 'inherit', shell: false });
  build.on('error', () => run('npm', ['run', 'build']));
  build.on('exit', (code) => {
    if (code !== 0) process.exit(code ?? 1);
    run(electron, ['.', ...args]);
  });
} else {
  console.log('Electron não está instalado nesta máquina: abrindo o Recado no modo navegador.');
  run(process.execPath, [path.join(root, 'bin/recado.mjs'), 'serve', ...args]);
}
