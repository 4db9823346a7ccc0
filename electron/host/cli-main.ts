import { runCli } from './cli';

// `recado export ... | head`: a reader that stops early closes the pipe. Write nothing more to
// it instead of dying with a stack trace; the command itself finishes as it would have.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error & { code?: string }) => {
    // Known failures (locked data dir, future schema...) carry a pt-BR message worth showing as is.
    console.error(err.code ? err.message : `Erro inesperado: ${err.stack ?? err.message}`);
    process.exitCode = 1;
  },
);
