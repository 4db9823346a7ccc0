import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLicenseFile } from '../shared/license/license-file';
import { createOfflineRequestCode } from '../shared/license/offline-request';
import { verifyLicense } from '../shared/license/verify';
import { runAdmin } from './admin';
import { ConfigError, loadConfig, parseProducts } from './config';

let dir: string;
let env: NodeJS.ProcessEnv;

function admin(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runAdmin(args, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recado-admin-'));
  env = { LICENSE_DB: path.join(dir, 'l.db'), LICENSE_SIGNING_KEY: path.join(dir, 'keys', 'license-private.pem') };
  expect(admin('keygen', '--out', path.join(dir, 'keys')).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('license-admin', () => {
  it('keygen prints the constant the app embeds and refuses to overwrite the key', () => {
    const publicPem = readFileSync(path.join(dir, 'keys', 'license-public.pem'), 'utf8');
    const again = admin('keygen', '--out', path.join(dir, 'keys'));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/já existe/);
    const fresh = admin('keygen', '--out', path.join(dir, 'other'));
    expect(fresh.out).toContain('export const EMBEDDED_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----');
    expect(fresh.out).not.toContain('PRIVATE KEY');
    expect(publicPem).toMatch(/BEGIN PUBLIC KEY/);
  });

  it('issue prints a key that list shows, revoke and history work by key or id', () => {
    const issued = admin('issue', '--email', 'Cliente@Example.com', '--plan', 'pro', '--days', '10');
    expect(issued.code).toBe(0);
    const key = issued.out.split('\n')[0];
    expect(key).toMatch(/^RCD(-[0-9A-Z]{5}){5}$/);

    const list = JSON.parse(admin('list', '--json').out);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ key, email: 'cliente@example.com', plan: 'pro', status: 'active' });
    expect(admin('list').out).toContain(key);

    expect(admin('revoke', key.toLowerCase()).out).toMatch(/revogada/);
    expect(JSON.parse(admin('list', '--json').out)[0].status).toBe('revoked');

    const history = admin('history', list[0].id);
    expect(history.out).toContain(key);
    expect(history.out).toMatch(/issued[\s\S]*revoked/);
    expect(admin('history', 'lic_missing')).toMatchObject({ code: 1, err: expect.stringMatching(/não encontrada/) });
  });

  it('rejects a bad plan or email with a usage error', () => {
    expect(admin('issue', '--email', 'x@example.com', '--plan', 'gold')).toMatchObject({ code: 2, err: expect.stringMatching(/--plan/) });
    expect(admin('issue', '--email', 'nope', '--plan', 'pro').code).toBe(2);
    expect(admin('frobnicate').err).toMatch(/Comando desconhecido/);
  });

  it('activate-offline writes a license file the app accepts', () => {
    const key = admin('issue', '--email', 'c@example.com', '--plan', 'basic').out.split('\n')[0];
    const machineId = 'f'.repeat(32);
    const file = path.join(dir, 'recado-licenca.json');
    const res = admin('activate-offline', createOfflineRequestCode({ key, machineId }), '--out', file);
    expect(res.code).toBe(0);
    const token = parseLicenseFile(readFileSync(file, 'utf8'))!;
    const publicKeyPem = readFileSync(path.join(dir, 'keys', 'license-public.pem'), 'utf8');
    expect(verifyLicense(token, { publicKeyPem, machineId })).toMatchObject({ ok: true, license: { plan: 'basic' } });
    expect(admin('history', key).out).toMatch(/\(offline\)/);
    expect(admin('activate-offline', 'RCDREQ1.garbage.00000000')).toMatchObject({ code: 1, err: expect.stringMatching(/Código inválido/) });
  });

  it('explains missing configuration', () => {
    env = {};
    expect(admin('list')).toMatchObject({ code: 2, err: expect.stringMatching(/LICENSE_DB/) });
  });
});

describe('config', () => {
  it('reads products as JSON or compact pairs and rejects bad plans and the test product', () => {
    expect(parseProducts('123:basic, 456:pro')).toEqual({ '123': 'basic', '456': 'pro' });
    expect(parseProducts('{"123":"trial"}')).toEqual({ '123': 'trial' });
    expect(parseProducts('')).toEqual({});
    expect(() => parseProducts('123:gold')).toThrow(ConfigError);
    expect(() => parseProducts('0:basic')).toThrow(/test product/);
  });

  it('loads defaults from the environment and requires the hottok for the server', () => {
    const config = loadConfig({ ...env, HOTMART_HOTTOK: 'x', LICENSE_PRODUCTS: '1:basic' });
    expect(config).toMatchObject({ port: 8787, host: '127.0.0.1', maxMachines: 2, products: { '1': 'basic' }, smtp: null });
    expect(() => loadConfig(env)).toThrow(/HOTMART_HOTTOK/);
    expect(() => loadConfig({ ...env, HOTMART_HOTTOK: 'x', SMTP_URL: 'smtp://h' })).toThrow(/SMTP_FROM/);
  });
});
