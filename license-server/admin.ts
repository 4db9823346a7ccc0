// Seller's admin CLI: `npm run license-admin -- <command>` (tsx license-server/admin.ts).
// Reads the same environment variables as the server; --db / --key override
// LICENSE_DB / LICENSE_SIGNING_KEY.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { formatLicenseFile } from '../shared/license/license-file';
import { parseOfflineRequestCode } from '../shared/license/offline-request';
import { isPlanId, PLAN_IDS } from '../shared/license/plans';
import { publicKeyId } from '../shared/license/token';
import { ConfigError, loadConfig, type Logger } from './config';
import { ServiceError } from './licenses';
import { createContext, type LicenseServerContext } from './server';

const DAY_MS = 86_400_000;

export interface AdminIo {
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const USAGE = `Uso: license-admin <comando> [opções]

Comandos:
  keygen --out PASTA                 cria o par de chaves Ed25519 (privada fica só no servidor)
  issue --email E --plan P [--days N] [--name NOME]
                                     emite uma licença manual e mostra a chave
  revoke CHAVE|LICENCA [--reason T]  revoga uma licença
  list [--json]                      lista as licenças (com as chaves)
  history CHAVE|LICENCA [--json]     eventos, webhooks e ativações de uma licença
  activate-offline CODIGO --out ARQ  ativa um pedido offline e grava o arquivo de licença
  outbox [--unsent] [--json]         e-mails registrados para compradores

Opções gerais: --db ARQUIVO (ou LICENSE_DB), --key ARQUIVO_PEM (ou LICENSE_SIGNING_KEY)
Planos: ${PLAN_IDS.join(', ')}`;

function fmtDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  return new Date(ms).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' });
}

function publicKeySnippet(publicPem: string): string {
  return `export const EMBEDDED_PUBLIC_KEY_PEM = \`${publicPem.trim()}\n\`;`;
}

export function runAdmin(argv: string[], io: AdminIo = {}): number {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  const env = io.env ?? process.env;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        key: { type: 'string' },
        out: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        plan: { type: 'string' },
        days: { type: 'string' },
        reason: { type: 'string' },
        json: { type: 'boolean' },
        unsent: { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err((error as Error).message);
    err(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, arg] = positionals;
  if (!command || values.help) {
    out(USAGE);
    return command ? 0 : 2;
  }

  if (command === 'keygen') return keygen(values.out, values.force ?? false, out, err);

  let ctx: LicenseServerContext;
  try {
    const config = loadConfig(env, { requireHottok: false, dbPath: values.db, signingKeyPath: values.key });
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: (o, m) => err(`${m ?? ''} ${JSON.stringify(o)}`) };
    ctx = createContext({ ...config, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      err(`Erro de configuração: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    return runCommand(ctx, command, arg, values, out, err);
  } catch (error) {
    if (error instanceof ServiceError) {
      err(`Erro (${error.code}): ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    ctx.db.close();
  }
}

function keygen(outDir: string | undefined, force: boolean, out: (l: string) => void, err: (l: string) => void): number {
  if (!outDir) {
    err('keygen: informe --out PASTA');
    return 2;
  }
  const privatePath = path.join(outDir, 'license-private.pem');
  const publicPath = path.join(outDir, 'license-public.pem');
  if (existsSync(privatePath) && !force) {
    err(`keygen: ${privatePath} já existe. Trocar a chave invalida todas as licenças emitidas; use --force se for isso mesmo.`);
    return 1;
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(privatePath, privatePem, { mode: 0o600 });
  writeFileSync(publicPath, publicPem, { mode: 0o644 });
  out(`Chave privada: ${privatePath} (só no servidor; LICENSE_SIGNING_KEY; nunca no app nem no git)`);
  out(`Chave pública: ${publicPath} (id ${publicKeyId(createPublicKey(publicPem))})`);
  out('');
  out('Cole no app em electron/core/license/public-key.ts:');
  out('');
  out(publicKeySnippet(publicPem));
  return 0;
}

function runCommand(
  ctx: LicenseServerContext,
  command: string,
  arg: string | undefined,
  values: Record<string, string | boolean | undefined>,
  out: (l: string) => void,
  err: (l: string) => void,
): number {
  const { service } = ctx;
  const now = (ctx.config.now ?? Date.now)();
  const findLicense = (ref: string | undefined) => {
    if (!ref) return null;
    const row = service.findByRef(ref);
    if (!row) err(`Licença não encontrada: ${ref}`);
    return row;
  };

  switch (command) {
    case 'issue': {
      const email = String(values.email ?? '').trim();
      const plan = String(values.plan ?? '');
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return usageError(err, 'issue: informe --email com um e-mail válido');
      if (!isPlanId(plan)) return usageError(err, `issue: --plan deve ser um destes: ${PLAN_IDS.join(', ')}`);
      let endsAt: number | null = null;
      if (values.days !== undefined) {
        const days = Number(values.days);
        if (!Number.isInteger(days) || days < 1) return usageError(err, 'issue: --days deve ser um número inteiro de dias (>= 1)');
        endsAt = now + days * DAY_MS;
      }
      const { license, key } = service.issue({
        email,
        name: typeof values.name === 'string' ? values.name : null,
        plan,
        source: 'manual',
        endsAt,
        // Manual licenses have no Hotmart guarantee: long-lived tokens right away.
        guaranteeOver: true,
        detail: `manual; plano ${plan}${endsAt ? `; até ${new Date(endsAt).toISOString()}` : ''}`,
      });
      if (values.json) out(JSON.stringify({ licenseId: license.id, key, email: license.email, plan, endsAt }));
      else {
        out(key);
        out(`Licença ${license.id} para ${license.email}, plano ${plan}${endsAt ? `, válida até ${fmtDate(endsAt)}` : ', sem data de término'}.`);
      }
      return 0;
    }
    case 'revoke': {
      const row = findLicense(arg);
      if (!row) return arg ? 1 : usageError(err, 'revoke: informe a chave ou o id da licença');
      const changed = service.revoke(row.id, typeof values.reason === 'string' ? values.reason : 'revogada pelo vendedor');
      out(changed ? `Licença ${row.id} revogada.` : `Licença ${row.id} já estava revogada.`);
      return 0;
    }
    case 'list': {
      const items = service.list();
      if (values.json) {
        out(JSON.stringify(items, null, 2));
        return 0;
      }
      if (!items.length) out('Nenhuma licença.');
      for (const item of items) {
        out(
          [
            item.key ?? '(chave indisponível: emitida com outra chave de assinatura)',
            item.id,
            item.email,
            item.plan,
            item.status,
            `máquinas ${item.activeMachines}`,
            item.endsAt ? `até ${fmtDate(item.endsAt)}` : 'sem término',
            item.transaction ?? item.source,
          ].join('  '),
        );
      }
      return 0;
    }
    case 'history': {
      const row = findLicense(arg);
      if (!row) return arg ? 1 : usageError(err, 'history: informe a chave ou o id da licença');
      const history = service.history(row.id)!;
      if (values.json) {
        const { key_hash: _hash, key_enc: _enc, ...license } = history.license;
        out(JSON.stringify({ ...history, license }, null, 2));
        return 0;
      }
      const l = history.license;
      out(`${l.id}  ${l.key ?? '(chave indisponível)'}`);
      out(`${l.email}  plano ${l.plan}  ${l.displayStatus}${l.revoke_reason ? ` (${l.revoke_reason})` : ''}  garantia ${l.guarantee_over ? 'encerrada' : 'em andamento'}  término ${fmtDate(l.ends_at)}`);
      out('Eventos:');
      for (const e of history.events) out(`  ${fmtDate(e.at)}  ${e.kind}${e.detail ? `  ${e.detail}` : ''}`);
      out('Webhooks:');
      for (const w of history.webhooks) out(`  ${fmtDate(w.received_at)}  ${w.event}  ${w.outcome}  ${w.id}`);
      out('Ativações:');
      for (const a of history.activations) {
        out(`  ${a.machine_id}  ativada ${fmtDate(a.activated_at)}  visto ${fmtDate(a.last_seen_at)}${a.deactivated_at ? `  desativada ${fmtDate(a.deactivated_at)}` : '  ativa'}${a.offline ? '  (offline)' : ''}`);
      }
      return 0;
    }
    case 'activate-offline': {
      if (!arg) return usageError(err, 'activate-offline: informe o código enviado pelo comprador');
      const request = parseOfflineRequestCode(arg);
      if (!request.ok) {
        err(`Código inválido (${request.reason}): peça ao comprador para copiar o código inteiro de novo.`);
        return 1;
      }
      const signed = service.activate({ key: request.key, machineId: request.machineId, offline: true });
      const file = formatLicenseFile(signed.license);
      if (typeof values.out === 'string') {
        writeFileSync(values.out, file);
        out(`Arquivo de licença gravado em ${values.out} (válido até ${fmtDate(signed.expiresAt)}). Envie-o ao comprador.`);
      } else out(file.trimEnd());
      return 0;
    }
    case 'outbox': {
      const rows = ctx.mailer.list(values.unsent === true);
      if (values.json) out(JSON.stringify(rows, null, 2));
      else if (!rows.length) out('Nenhum e-mail.');
      else for (const r of rows) out(`#${r.id}  ${fmtDate(r.created_at)}  ${r.to_addr}  ${r.subject}  ${r.sent_at ? `enviado ${fmtDate(r.sent_at)}` : r.error ? `falhou: ${r.error}` : 'não enviado'}\n${r.body}\n`);
      return 0;
    }
    default:
      return usageError(err, `Comando desconhecido: ${command}\n\n${USAGE}`);
  }
}

function usageError(err: (l: string) => void, message: string): number {
  err(message);
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = runAdmin(process.argv.slice(2));
}
