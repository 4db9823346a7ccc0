import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT, RENDERER_DIST } from './project-paths';

function newestMtime(dir: string): number {
  let newest = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = path.join(current, e.name);
      if (e.isDirectory()) stack.push(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/**
 * From a source checkout, (re)build the UI when it is missing or older than its sources, so
 * `npm start` works right after `npm install`. Installed builds ship dist/ and skip this.
 */
export function ensureRendererBuilt(log: (line: string) => void = console.log): void {
  const index = path.join(RENDERER_DIST, 'index.html');
  const sources = [path.join(PROJECT_ROOT, 'renderer'), path.join(PROJECT_ROOT, 'shared')];
  if (!fs.existsSync(sources[0])) return;
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const newest = Math.max(...sources.map(newestMtime), fs.statSync(path.join(PROJECT_ROOT, 'vite.config.ts')).mtimeMs);
  if (built >= newest) return;
  log(built ? 'Atualizando a interface do Recado...' : 'Preparando a interface do Recado (primeira execução, alguns segundos)...');
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Falha ao construir a interface (vite build). Veja as mensagens acima.');
}
