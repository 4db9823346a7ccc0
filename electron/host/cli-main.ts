import { runCli } from './cli';

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
