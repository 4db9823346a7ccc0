import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../license-server/admin';
import { DAY, purchaseEvent, startTestServer, type TestServer } from '../../../license-server/test-helpers';
import type { LicenseStatus } from '../../../shared/api/methods/license';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { createCore } from '../core';
import { openStore, type Db } from '../db/open';
import { silentLogger } from '../log/logger';
import { AesGcmSecretBox } from '../secrets/secret-box';
import { describeLimitReached } from './gate';
import { formatLicenseFile, parseLicenseFile } from '../../../shared/license/license-file';
import { LicenseService, type LicenseServiceOptions } from './license-service';

let server: TestServer;
let tmp: ReturnType<typeof makeTempDir>;
let db: Db;
const box = new AesGcmSecretBox(randomBytes(32), 'memory');
let events: LicenseStatus[];
const services: LicenseService[] = [];

function service(overrides: Partial<LicenseServiceOptions> = {}): LicenseService {
  const s = new LicenseService({
    db,
    secretBox: box,
    logger: silentLogger(),
    events: { emit: (_name: string, payload: unknown) => events.push(payload as LicenseStatus) } as LicenseServiceOptions['events'],
    serverUrl: server.url,
    publicKeyPem: server.publicKeyPem,
    now: () => server.clock.now,
    machine: { hostname: 'PC-DA-LOJA', username: 'maria' },
    ...overrides,
  });
  services.push(s);
  return s;
}

/** A buyer pays on Hotmart; the key is what the seller's server emailed. */
async function buy(productId?: number): Promise<string> {
  const before = new Set(server.context.service.list().map((l) => l.id));
  const res = await server.webhook(purchaseEvent('PURCHASE_APPROVED', { transaction: `HP${Math.random().toString().slice(2, 12)}`, productId }));
  expect(res.status).toBe(200);
  const item = server.context.service.list().find((l) => !before.has(l.id))!;
  return item.key!;
}

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  server = await startTestServer();
  tmp = makeTempDir('recado-license-app-');
  db = openStore(tmp.dir).db;
  events = [];
});
afterEach(async () => {
  for (const s of services.splice(0)) s.stop();
  db.close();
  tmp.cleanup();
  await server.cleanup();
});

describe('LicenseService: first run and trial', () => {
  it('starts in trial mode with the first-run screen until the user chooses trial', () => {
    const license = service();
    expect(license.status()).toMatchObject({ state: 'trial', plan: 'trial', planLabel: 'Avaliação', firstRun: true, limits: { messagesPerDay: 50, numbers: 1 } });
    expect(license.status().machineId).toMatch(/^[0-9a-f]{8}$/);
    expect(license.current()).toMatchObject({ plan: 'trial', canSend: true, limits: { messagesPerDay: 50, numbers: 1, aiPerDay: 5 } });
    expect(license.continueTrial()).toMatchObject({ state: 'trial', firstRun: false });
    // Remembered across a restart.
    expect(service().status().firstRun).toBe(false);
  });

  it('says which limit was reached and how to get more', () => {
    const trial = service().current();
    expect(describeLimitReached(trial, 'messagesPerDay')).toBe(
      'Limite do plano Avaliação atingido: 50 mensagens por dia. Os envios continuam amanhã. Para enviar mais, ative uma licença em Configurações → Licença.',
    );
    expect(describeLimitReached(trial, 'numbers')).toMatch(/^O plano Avaliação permite 1 número de WhatsApp/);
  });
});

describe('LicenseService: online activation', () => {
  it('activates with the key from a Hotmart purchase; the plan and limits apply at once and survive a restart', async () => {
    const key = await buy();
    const license = service();
    const status = await license.activate(key.toLowerCase().replace(/-/g, ' '));
    expect(status).toMatchObject({
      state: 'active',
      plan: 'basic',
      planLabel: 'Básico',
      email: 'comprador@example.com',
      daysLeft: 7,
      expiresAt: server.clock.now + 7 * DAY,
      firstRun: false,
      limits: { messagesPerDay: 500, numbers: 1, aiPerDay: 50 },
    });
    expect(license.current()).toMatchObject({ plan: 'basic', label: 'Básico', canSend: true, reason: null });
    expect(events.at(-1)).toMatchObject({ state: 'active', plan: 'basic' });
    expect(service().status()).toMatchObject({ state: 'active', plan: 'basic' });
    const history = db.prepare('SELECT action, plan FROM license_history').all();
    expect(history).toEqual([{ action: 'activated', plan: 'basic' }]);
  });

  it('checks the key format locally and reports server refusals in pt-BR', async () => {
    let calls = 0;
    const counting: typeof fetch = (...args) => {
      calls++;
      return fetch(...args);
    };
    const license = service({ fetch: counting });
    const typo = await rejection(license.activate('RCD-00000-00000-00000-00000-0000'));
    expect(typo).toMatchObject({ code: 'license.invalid_key' });
    expect(typo.message).toMatch(/incompleta/);
    expect(calls).toBe(0);

    const unknown = await rejection(license.activate('RCD-00000-00000-00000-00000-00000'));
    expect(unknown).toMatchObject({ code: 'license.invalid_key', message: expect.stringMatching(/Chave de licença não encontrada/) });
    expect(calls).toBe(1);
    expect(license.status().state).toBe('trial');
  });

  it('refuses a third computer, and frees a slot with "desativar neste computador"', async () => {
    const key = await buy();
    const pc1 = service({ machine: { hostname: 'PC1', username: 'u' } });
    await pc1.activate(key);
    await service({ machine: { hostname: 'PC2', username: 'u' } }).activate(key);
    const pc3 = service({ machine: { hostname: 'PC3', username: 'u' } });
    const refused = await rejection(pc3.activate(key));
    expect(refused.code).toBe('license.too_many_machines');
    expect(refused.message).toMatch(/máximo permitido/);

    expect(await pc1.deactivate()).toMatchObject({ state: 'trial', plan: 'trial', firstRun: false });
    expect(await pc3.activate(key)).toMatchObject({ state: 'active' });
  });

  it('explains an unreachable server and points to offline activation', async () => {
    const key = await buy();
    const url = server.url;
    await server.close();
    const failure = await rejection(service({ serverUrl: url }).activate(key));
    expect(failure.code).toBe('license.offline');
    expect(failure.message).toMatch(/Ativar sem internet/);
  });
});

describe('LicenseService: renewal, revocation, grace period, clock', () => {
  it('renews in the background, and a refund sends the app back to trial with the reason', async () => {
    const key = await buy();
    const license = service();
    await license.activate(key);
    server.clock.now += 3 * DAY;
    expect(await license.refresh()).toMatchObject({ state: 'active', expiresAt: server.clock.now + 7 * DAY, lastRefreshAt: server.clock.now });

    const refund = await server.webhook(purchaseEvent('PURCHASE_REFUNDED', { transaction: server.context.service.list()[0].transaction! }));
    expect(refund.status).toBe(200);
    const after = await license.refresh();
    expect(after).toMatchObject({ state: 'trial', plan: 'trial', planLabel: 'Avaliação', reasonCode: 'license.revoked' });
    expect(after.reason).toMatch(/cancelada/);
    expect(license.current()).toMatchObject({ plan: 'trial', limits: { messagesPerDay: 50 } });
    expect(events.at(-1)).toMatchObject({ state: 'trial' });
    expect(db.prepare("SELECT COUNT(*) AS n FROM license_history WHERE action = 'revoked'").get()).toEqual({ n: 1 });
  });

  it('background refresh failures are silent; a manual one explains them', async () => {
    const key = await buy();
    const license = service();
    await license.activate(key);
    await server.close();
    expect(await license.refresh()).toMatchObject({ state: 'active' });
    expect(await rejection(license.refresh({ manual: true }))).toMatchObject({ code: 'license.offline' });
  });

  it('keeps the plan for 30 days offline past expiry, with a notice, then falls back to trial', async () => {
    const key = await buy();
    const online = service();
    await online.activate(key);
    const expiresAt = online.status().expiresAt!;

    server.clock.now = expiresAt + 10 * DAY;
    const grace = online.status();
    expect(grace).toMatchObject({ state: 'in_grace', plan: 'basic', daysLeft: 20 });
    expect(grace.notice).toMatch(/Renove a licença: 20 dias restantes/);
    expect(online.current()).toMatchObject({ plan: 'basic', limits: { messagesPerDay: 500 } });
    expect(events.at(-1)).toMatchObject({ state: 'in_grace' });

    server.clock.now = expiresAt + 31 * DAY;
    const expired = online.status();
    expect(expired).toMatchObject({ state: 'expired', plan: 'trial', planLabel: 'Avaliação', email: 'comprador@example.com' });
    expect(expired.reason).toMatch(/venceu/);
    expect(online.current()).toMatchObject({ plan: 'trial', limits: { messagesPerDay: 50 } });
  });

  it('detects a clock set back and recovers once the clock is right again', async () => {
    const key = await buy();
    const license = service();
    await license.activate(key);
    server.clock.now += 2 * DAY;
    expect(license.status().state).toBe('active');

    server.clock.now -= 3 * DAY;
    const rolledBack = license.status();
    expect(rolledBack).toMatchObject({ state: 'invalid', plan: 'trial', reasonCode: 'license.clock_rollback' });
    expect(rolledBack.reason).toMatch(/relógio/);
    expect(license.current().plan).toBe('trial');
    // Restarting does not help while the clock is behind.
    expect(service().status().reasonCode).toBe('license.clock_rollback');

    server.clock.now += 3 * DAY;
    expect(license.status()).toMatchObject({ state: 'active', plan: 'basic' });
  });

  it('re-verifies a stored license at most once a minute', async () => {
    const key = await buy();
    const license = service();
    const { expiresAt } = await license.activate(key);
    server.clock.now = expiresAt! - 1000;
    expect(license.current().notice).toBeNull();
    server.clock.now = expiresAt! + 1000;
    expect(license.current().notice).toBeNull();
    server.clock.now = expiresAt! + 61_000;
    expect(license.current().notice).toMatch(/Renove a licença/);
  });

  it('does not accept the license on a copied data folder (another computer)', async () => {
    const key = await buy();
    await service().activate(key);
    const copy = service({ machine: { hostname: 'OUTRO-PC', username: 'joao' } }).status();
    expect(copy).toMatchObject({ state: 'invalid', plan: 'trial', reasonCode: 'license.other_machine' });
    expect(copy.reason).toMatch(/outro computador/);
  });
});

describe('LicenseService: a dropped license stays dropped', () => {
  const storedToken = () => db.prepare('SELECT token FROM license_state WHERE id = 1').pluck().get() as string | null;

  it('refuses to bring back a refunded license by importing its old license file', async () => {
    const key = await buy();
    const license = service();
    await license.activate(key);
    const oldFile = formatLicenseFile(storedToken()!);
    server.clock.now += DAY;
    await server.webhook(purchaseEvent('PURCHASE_REFUNDED', { transaction: server.context.service.list()[0].transaction! }));
    expect(await license.refresh()).toMatchObject({ state: 'trial', reasonCode: 'license.revoked' });

    const refused = await rejection(() => license.importLicenseFile(oldFile));
    expect(refused.code).toBe('license.dropped_file');
    expect(refused.message).toMatch(/cancelada/);
    expect(license.status()).toMatchObject({ state: 'trial', plan: 'trial' });
    // Nor after a restart.
    expect(await rejection(() => service().importLicenseFile(oldFile))).toMatchObject({ code: 'license.dropped_file' });
    // Nor by writing the old token back into the database.
    db.prepare('UPDATE license_state SET token = ? WHERE id = 1').run(parseLicenseFile(oldFile));
    expect(service().status()).toMatchObject({ plan: 'trial' });
  });

  it('refuses the old file after "desativar neste computador", and a file older than the license in use', async () => {
    const key = await buy();
    const license = service();
    await license.activate(key);
    const first = formatLicenseFile(storedToken()!);
    server.clock.now += DAY;
    await license.refresh({ manual: true });
    const older = await rejection(() => license.importLicenseFile(first));
    expect(older.code).toBe('license.older_file');
    expect(older.message).toMatch(/mais antigo/);
    expect(license.status()).toMatchObject({ state: 'active' });

    const current = formatLicenseFile(storedToken()!);
    await license.deactivate();
    expect(await rejection(() => license.importLicenseFile(current))).toMatchObject({ code: 'license.dropped_file', message: expect.stringMatching(/desativado/) });
    // Activating again online is always possible.
    expect(await license.activate(key)).toMatchObject({ state: 'active' });
  });

  it('accepts a newer file the seller issued after reactivating the license', async () => {
    server.clock.now = Date.now(); // the admin CLI signs with the real clock
    const key = await buy();
    const license = service({ now: () => Date.now() });
    await license.activate(key);
    const id = server.context.service.list()[0].id;
    server.context.service.revoke(id, 'teste');
    await license.refresh();
    expect(license.status().state).toBe('trial');
    server.context.service.extend(id, { reactivate: true });
    await new Promise((r) => setTimeout(r, 5));
    const { code } = license.offlineRequest(key);
    const keyFile = path.join(server.dir, 'private.pem');
    writeFileSync(keyFile, server.privateKeyPem);
    const out = path.join(server.dir, 'recado-licenca.json');
    const io = { env: { LICENSE_DB: path.join(server.dir, 'licenses.db'), LICENSE_SIGNING_KEY: keyFile }, out: () => {}, err: () => {} };
    expect(runAdmin(['activate-offline', code, '--out', out], io)).toBe(0);
    expect(license.importLicenseFile(readFileSync(out, 'utf8'))).toMatchObject({ state: 'active', plan: 'basic' });
  });
});

describe('LicenseService: state edited outside the app', () => {
  it('a license state edited with a database tool counts as a clock rollback until an online renewal', async () => {
    const key = await buy();
    await service({ dataDir: tmp.dir }).activate(key);
    server.clock.now += 5 * DAY;
    service({ dataDir: tmp.dir }).status();
    db.prepare('UPDATE license_state SET last_seen_at = 0 WHERE id = 1').run();
    const edited = service({ dataDir: tmp.dir });
    expect(edited.status()).toMatchObject({ state: 'invalid', plan: 'trial', reasonCode: 'license.state_altered' });
    expect(edited.status().reason).toMatch(/alterados/);
    expect(edited.current().plan).toBe('trial');
    // The server vouches for the license and the time: back to normal.
    expect(await edited.refresh({ manual: true })).toMatchObject({ state: 'active', plan: 'basic' });
    expect(service({ dataDir: tmp.dir }).status().state).toBe('active');
  });

  it('keeps the newest time seen in a second place: putting back an old copy of the state is not enough', async () => {
    const key = await buy();
    const license = service({ dataDir: tmp.dir });
    await license.activate(key);
    const snapshot = db.prepare('SELECT * FROM license_state WHERE id = 1').get() as Record<string, unknown>;
    server.clock.now += 6 * DAY;
    expect(license.status().state).toBe('active');
    // The user sets the clock back 5 days and restores the state row saved before.
    server.clock.now -= 5 * DAY;
    const cols = Object.keys(snapshot);
    db.prepare(`UPDATE license_state SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = 1`).run(snapshot);
    expect(service({ dataDir: tmp.dir }).status()).toMatchObject({ plan: 'trial', reasonCode: 'license.clock_rollback' });
  });

  it('keeps the day\'s sends in a sealed copy: lowering the counters does not free more sends', async () => {
    const license = service({ dataDir: tmp.dir });
    await license.activate(await buy());
    const numberId = Number(
      db.prepare(`INSERT INTO numbers (label, kind, status, created_at, updated_at) VALUES ('Loja', 'whatsapp', 'connected', 0, 0)`).run().lastInsertRowid,
    );
    db.prepare(`INSERT INTO number_daily_counters (number_id, day, attempts) VALUES (?, '2025-03-10', 48)`).run(numberId);
    license.stop(); // seals the counts, as closing the app does
    expect(license.sendsFloor('2025-03-10')).toBe(48);
    db.prepare('UPDATE number_daily_counters SET attempts = 0').run();
    expect(service({ dataDir: tmp.dir }).sendsFloor('2025-03-10')).toBe(48);
    // Editing the sealed copy breaks the seal: the license stops counting until renewed online.
    db.prepare('UPDATE license_usage_guard SET sends = 0').run();
    expect(service({ dataDir: tmp.dir }).status()).toMatchObject({ plan: 'trial', reasonCode: 'license.state_altered' });
  });
});

describe('LicenseService: offline activation', () => {
  it('makes a request code the seller turns into a license file the app imports', async () => {
    server.clock.now = Date.now(); // the admin CLI signs with the real clock
    const key = await buy(7654321);
    const license = service();
    const { code, machineId } = license.offlineRequest(key);
    expect(code).toMatch(/^RCDREQ1\./);
    expect(machineId).toBe(license.machineId);
    expect(license.status().offlinePending).toBe(true);

    // The seller, on the server: npm run license-admin -- activate-offline CODE --out FILE
    const keyFile = path.join(server.dir, 'private.pem');
    writeFileSync(keyFile, server.privateKeyPem);
    const out = path.join(server.dir, 'recado-licenca.json');
    const io = { env: { LICENSE_DB: path.join(server.dir, 'licenses.db'), LICENSE_SIGNING_KEY: keyFile }, out: () => {}, err: () => {} };
    expect(runAdmin(['activate-offline', code, '--out', out], io)).toBe(0);

    const status = license.importLicenseFile(readFileSync(out, 'utf8'));
    expect(status).toMatchObject({ state: 'active', plan: 'pro', planLabel: 'Profissional', offlinePending: false, limits: { numbers: 5 } });
    // The key came along with the request, so this computer can later be deactivated online.
    expect(await license.deactivate()).toMatchObject({ state: 'trial' });
  });

  it('rejects a tampered, foreign or unrelated file and keeps the current state', async () => {
    const key = await buy();
    const other = service({ machine: { hostname: 'OUTRO-PC', username: 'x' } });
    const issued = await server.post('/activate', { key, machineId: other.machineId });
    const file = formatLicenseFile(issued.body.license);

    const license = service();
    const token = parseLicenseFile(file)!;
    const [payload, signature] = token.split('.');
    const json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    json.plan = 'pro';
    json.machine = license.machineId;
    const tampered = formatLicenseFile(`${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`);
    expect(await rejection(() => license.importLicenseFile(tampered))).toMatchObject({ code: 'license.tampered', message: expect.stringMatching(/alterada/) });
    expect(await rejection(() => license.importLicenseFile(file))).toMatchObject({ code: 'license.other_machine' });
    expect(await rejection(() => license.importLicenseFile('{"nome":"planilha"}'))).toMatchObject({ code: 'license.bad_file' });
    expect(license.status()).toMatchObject({ state: 'trial', firstRun: true });
  });
});

describe('license.* through the core', () => {
  it('a normal start never trusts a public key from its environment, even with NODE_ENV=test', async () => {
    server.clock.now = Date.now();
    const key = await buy();
    const dir = makeTempDir();
    const saved = { ...process.env };
    Object.assign(process.env, { NODE_ENV: 'test', RECADO_LICENSE_PUBLIC_KEY: server.publicKeyPem, RECADO_LICENSE_SERVER: server.url });
    let core = createCore({ dataDir: dir.dir, mode: 'browser', logger: silentLogger() });
    try {
      const refused = await core.dispatch('license.activate', { key });
      expect(refused).toMatchObject({ ok: false, error: { code: 'license.bad_signature' } });
      expect(core.context.plan.current().plan).toBe('trial');
      await core.close();
      // The test harness hands its key over explicitly (recado serve --test-license-public-key).
      core = createCore({ dataDir: dir.dir, mode: 'browser', logger: silentLogger(), testLicensePublicKeyPem: server.publicKeyPem });
      expect(await core.dispatch('license.activate', { key })).toMatchObject({ ok: true, result: { state: 'active', plan: 'basic' } });
    } finally {
      process.env = saved;
      await core.close();
      dir.cleanup();
    }
  });


  it('answers license.status and checks keys before any network call', async () => {
    const dir = makeTempDir();
    const core = createCore({ dataDir: dir.dir, mode: 'cli', logger: silentLogger() });
    try {
      const status = await core.dispatch('license.status', undefined);
      expect(status).toMatchObject({ ok: true, result: { state: 'trial', firstRun: true } });
      expect(core.context.plan.current().plan).toBe('trial');
      const bad = await core.dispatch('license.activate', { key: 'abc' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'license.invalid_key' } });
    } finally {
      await core.close();
      dir.cleanup();
    }
  });
});
