import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { acceptTestPublicKey, TEST_PUBLIC_KEY_FLAG } from '../core/license/public-key';
import { acceptTestStandIn, TEST_WA_ROOT_FLAG, TEST_WA_URL_FLAG, type WhatsAppStandIn } from '../core/channels/whatsapp/test-switch';
import { defaultDataDir } from '../core/paths';
import { APP_VERSION } from '../core/version';

/**
 * Commands load what they need only when they run: `recado --version` and `--help` load no
 * package at all, and `serve` only the web server (the core starts in its own thread). Bundled,
 * each is a separate file next to this one (scripts/build-cli.mjs); from sources, the .ts module.
 */
async function load<T>(name: 'cli-commands' | 'cli-leads' | 'serve-commands'): Promise<T> {
  const file = `./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`;
  return (await import(new URL(file, import.meta.url).href)) as T;
}
const commands = () => load<typeof import('./cli-commands')>('cli-commands');
const leadCommands = () => load<typeof import('./cli-leads')>('cli-leads');
const serveCommands = () => load<typeof import('./serve-commands')>('serve-commands');

const HELP = `Recado ${APP_VERSION} — campanhas de WhatsApp a partir do seu PC

Uso: recado [comando] [opções]

Comandos:
  serve            Abre o Recado no navegador (modo navegador, em 127.0.0.1)
  info             Mostra a versão, a pasta de dados e o estado do banco
  backup ARQUIVO   Salva um backup completo (banco de dados e anexos) em ARQUIVO.zip
  restore ARQUIVO  Restaura um backup (com o Recado fechado; os dados atuais são guardados)
  import ARQUIVO   Importa contatos de uma planilha (CSV, XLSX, XLS, ODS) para uma lista
                   --list NOME (obrigatório), --sheet ABA, --map "Coluna=campo" (repetível;
                   campos: phone, name, email, ddd, ignorar ou o nome de um campo próprio),
                   --consent "origem", --update (atualiza contatos que já existem),
                   --country BR, --header-row N, --rejected ARQUIVO.csv
  export contacts  Exporta contatos: --list NOME, --status active|opted_out|invalid,
                   --format csv|xlsx, --out ARQUIVO
  export campaign ID
                   Relatório da campanha (um envio por linha): --format csv|xlsx, --out ARQUIVO

Opções gerais:
  --data-dir DIR   Pasta de dados (padrão: ${defaultDataDir()})
  --port N         Porta do modo navegador (padrão: uma porta livre)
  --json           Saída em JSON (quando o comando suporta)
  -h, --help       Mostra esta ajuda
  -v, --version    Mostra a versão
`;

export async function runCli(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        'no-build': { type: 'boolean' },
        // Hidden: the end-to-end harness's license key (see license/public-key.ts).
        [TEST_PUBLIC_KEY_FLAG]: { type: 'string' },
        // Hidden: the end-to-end harness's local WhatsApp stand-in (see channels/whatsapp/test-switch.ts).
        [TEST_WA_URL_FLAG]: { type: 'string' },
        [TEST_WA_ROOT_FLAG]: { type: 'string' },
        // import / export contacts
        list: { type: 'string' },
        sheet: { type: 'string' },
        map: { type: 'string', multiple: true },
        consent: { type: 'string' },
        update: { type: 'boolean' },
        country: { type: 'string' },
        'header-row': { type: 'string' },
        rejected: { type: 'string' },
        status: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\nUse "recado --help" para ver as opções.`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    console.log(APP_VERSION);
    return 0;
  }
  const command = positionals[0] ?? (values.help ? 'help' : 'help');
  if (values.help || command === 'help') {
    console.log(HELP);
    return 0;
  }
  const dataDir = values['data-dir'] ? values['data-dir'] : defaultDataDir();

  switch (command) {
    case 'serve': {
      const port = values.port ? Number(values.port) : undefined;
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        console.error('Porta inválida: use um número entre 1 e 65535.');
        return 2;
      }
      let testLicensePublicKeyPem: string | undefined;
      const keyFile = values[TEST_PUBLIC_KEY_FLAG];
      if (keyFile !== undefined) {
        let pem = '';
        try {
          pem = fs.readFileSync(keyFile, 'utf8');
        } catch {
          // Reported below as "not a public key".
        }
        // A bundled build (what ships) is not .ts: the flag only works when running the sources.
        const decision = acceptTestPublicKey(pem, { env: process.env, fromSources: import.meta.url.endsWith('.ts'), packaged: false });
        if (!decision.ok) {
          console.error(decision.reason);
          return 2;
        }
        testLicensePublicKeyPem = decision.pem;
      }
      let testWhatsApp: WhatsAppStandIn | undefined;
      if (values[TEST_WA_URL_FLAG] !== undefined || values[TEST_WA_ROOT_FLAG] !== undefined) {
        const decision = acceptTestStandIn(
          { url: values[TEST_WA_URL_FLAG], rootKey: values[TEST_WA_ROOT_FLAG] },
          { env: process.env, fromSources: import.meta.url.endsWith('.ts'), packaged: false },
        );
        if (!decision.ok) {
          console.error(decision.reason);
          return 2;
        }
        testWhatsApp = decision.standIn;
      }
      const { ensureRendererBuilt } = await serveCommands();
      if (!values['no-build']) ensureRendererBuilt();
      return serve(dataDir, port, { testLicensePublicKeyPem, testWhatsApp });
    }
    case 'info': {
      const { createCore } = await commands();
      const core = createCore({ dataDir, mode: 'cli' });
      try {
        const reply = await core.dispatch('app.info', undefined);
        if (!reply.ok) throw new Error(reply.error.message);
        const info = reply.result as Record<string, unknown>;
        console.log(values.json ? JSON.stringify(info) : Object.entries(info).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\n'));
      } finally {
        await core.close();
      }
      return 0;
    }
    case 'backup':
      return (await commands()).cliBackup(dataDir, positionals[1]);
    case 'restore':
      return (await commands()).cliRestore(dataDir, positionals[1]);
    case 'import':
      return (await leadCommands()).cliImport(dataDir, positionals[1], values);
    case 'export':
      if (positionals[1] === 'campaign') return (await commands()).cliExportCampaign(dataDir, { what: 'campaign', id: positionals[2], format: values.format, out: values.out });
      return (await leadCommands()).cliExportContacts(dataDir, positionals[1], values);
    default:
      console.error(`Comando desconhecido: ${command}. Use "recado --help".`);
      return 2;
  }
}

async function serve(dataDir: string, port: number | undefined, tests: { testLicensePublicKeyPem?: string; testWhatsApp?: WhatsAppStandIn } = {}): Promise<number> {
  // Signal handlers go in before anything is printed: a supervisor may stop us the moment it
  // reads the URL. They stay installed so a repeated signal cannot kill us mid-close.
  let signalled: string | null = null;
  let onSignal: ((signal: string) => void) | null = null;
  const handle = (signal: string) => {
    if (signalled) return;
    signalled = signal;
    onSignal?.(signal);
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));

  let exitCode = 0;
  const mode = await (await serveCommands()).startBrowserMode({
    dataDir,
    port,
    ...tests,
    onFatal: (err) => {
      exitCode = 1;
      console.error(`O Recado não conseguiu reabrir os dados depois de reiniciar: ${err instanceof Error ? err.message : String(err)}`);
      handle('fatal');
    },
  });
  const stopped = new Promise<void>((resolve) => {
    onSignal = (signal) => {
      if (signal !== 'fatal') console.log(`\nEncerrando (${signal})...`);
      mode.stop().then(resolve, (err) => {
        console.error(err);
        resolve();
      });
    };
    if (signalled) onSignal(signalled);
  });
  if (!signalled) {
    console.log(`Recado (modo navegador) pronto. Abra no navegador:\n  ${mode.server.url}`);
    console.log(`Dados em: ${dataDir}. Para encerrar: Ctrl+C.`);
  }
  // The page is served already; a core that cannot open the data (a database from a newer
  // Recado, a read-only folder...) ends the process with its message.
  const fail = (err: Error) => {
    console.error(err.message);
    exitCode = 1;
    handle('fatal');
  };
  mode.core.ready.catch(fail);
  mode.core.onCrash((err) => fail(new Error(`O motor do Recado parou inesperadamente: ${err.stack ?? err.message}`)));
  await stopped;
  console.log('Recado encerrado.');
  return exitCode;
}
