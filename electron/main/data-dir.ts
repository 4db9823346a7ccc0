import path from 'node:path';

/**
 * The data folder the user asked for, if any: `--data-dir <path>` / `--data-dir=<path>` on the
 * command line wins over RECADO_DATA_DIR. Null means "use Electron's userData folder".
 */
export function requestedDataDir(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir' && argv[i + 1] && !argv[i + 1].startsWith('--')) return path.resolve(cwd, argv[i + 1]);
    if (arg.startsWith('--data-dir=') && arg.length > '--data-dir='.length) return path.resolve(cwd, arg.slice('--data-dir='.length));
  }
  const fromEnv = env.RECADO_DATA_DIR?.trim();
  return fromEnv ? path.resolve(cwd, fromEnv) : null;
}
