import path from 'node:path';
import pino, { type Logger } from 'pino';
import { RotatingFile } from './rotating-file';

export type { Logger };

/**
 * Fields that may carry personal data. They are censored wherever they appear so a careless
 * log call cannot leak phone numbers or message texts; diagnostics mode lifts this on purpose.
 */
export const PRIVATE_FIELDS = ['phone', 'phones', 'e164', 'jid', 'text', 'body', 'message.text', 'name', 'email', 'to', 'from', 'apiKey', 'key', 'token', 'secret'];

export interface LoggerOptions {
  dataDir: string;
  level?: pino.Level;
  diagnostics?: boolean;
  /** Also echo to stderr (CLI/host in a terminal). */
  echo?: boolean;
}

export function createLogger(options: LoggerOptions): { logger: Logger; file: string; close(): void } {
  const file = path.join(options.dataDir, 'logs', 'recado.log');
  const sink = new RotatingFile({ file, maxBytes: 5 * 1024 * 1024, keep: 3 });
  const destination = {
    write(line: string) {
      sink.writeNow(Buffer.from(line));
      if (options.echo) process.stderr.write(line);
    },
  };
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: options.diagnostics
        ? { paths: ['apiKey', 'key', 'token', 'secret', '*.apiKey', '*.token'], censor: '[redacted]' }
        : { paths: [...PRIVATE_FIELDS, ...PRIVATE_FIELDS.map((f) => `*.${f}`)], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
  return {
    logger,
    file,
    close: () => sink.end(),
  };
}

/** For tests and tools that need a logger but no file. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
