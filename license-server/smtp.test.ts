import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from './db';
import { licenseKeyEmail, Mailer } from './mailer';
import { sendSmtp } from './smtp';
import { silentLogger } from './test-helpers';

interface Session {
  commands: string[];
  data: string;
}

/** A tiny SMTP server on loopback that accepts one message per session. */
function fakeSmtp(options: { rejectRcpt?: boolean } = {}): Promise<{ port: number; sessions: Session[]; close(): Promise<void> }> {
  const sessions: Session[] = [];
  const server = net.createServer((socket) => {
    const session: Session = { commands: [], data: '' };
    sessions.push(session);
    let buffer = '';
    let inData = false;
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          session.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        session.commands.push(line);
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') socket.write('250-fake\r\n250-SIZE 1000000\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (verb === 'AUTH') socket.write('235 ok\r\n');
        else if (verb === 'MAIL') socket.write('250 ok\r\n');
        else if (verb === 'RCPT') socket.write(options.rejectRcpt ? '550 no such user\r\n' : '250 ok\r\n');
        else if (verb === 'DATA') {
          socket.write('354 go\r\n');
          inData = true;
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('500 what\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        sessions,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('SMTP delivery', () => {
  it('sends a UTF-8 email with authentication', async () => {
    const smtp = await fakeSmtp();
    cleanup = smtp.close;
    await sendSmtp(
      { url: `smtp://vendas%40loja.com:s3nh%40@127.0.0.1:${smtp.port}`, from: 'Recado Licenças <vendas@loja.com>' },
      { to: 'comprador@example.com', subject: 'Sua chave de licença do Recado', text: 'Olá!\nSua chave: RCD-1' },
    );
    const [session] = smtp.sessions;
    const auth = session.commands.find((c) => c.startsWith('AUTH PLAIN '))!;
    expect(Buffer.from(auth.slice(11), 'base64').toString()).toBe('\u0000vendas@loja.com\u0000s3nh@');
    expect(session.commands).toContain('MAIL FROM:<vendas@loja.com>');
    expect(session.commands).toContain('RCPT TO:<comprador@example.com>');
    const [headers, body] = session.data.split('\r\n\r\n');
    expect(headers).toContain('To: comprador@example.com');
    expect(headers).toMatch(/Subject: =\?UTF-8\?B\?/);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe('Olá!\r\nSua chave: RCD-1');
  });

  it('the mailer keeps every email in the outbox and marks it sent or failed', async () => {
    const smtp = await fakeSmtp({ rejectRcpt: true });
    const db = openDb(':memory:');
    cleanup = async () => {
      await smtp.close();
      db.close();
    };
    const mailer = new Mailer(db, { url: `smtp://127.0.0.1:${smtp.port}`, from: 'vendas@loja.com' }, silentLogger, () => 1000);
    const { subject, body } = licenseKeyEmail({ name: 'Maria Silva', key: 'RCD-XXXXX', planLabel: 'Básico', maxMachines: 2 });
    mailer.queue({ to: 'comprador@example.com', subject, body });
    await mailer.flush();
    const [failed] = mailer.list();
    expect(failed.sent_at).toBeNull();
    expect(failed.error).toMatch(/550/);

    const noSmtp = new Mailer(db, null, silentLogger, () => 2000);
    noSmtp.queue({ to: 'outro@example.com', subject, body });
    expect(noSmtp.list(true).map((r) => r.to_addr)).toEqual(['outro@example.com', 'comprador@example.com']);
    expect(body).toContain('Olá, Maria!');
  });
});
