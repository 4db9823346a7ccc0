import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { compactRecords, decodeLine, encodeRecord, parseJournal, resolveSends, type JournalRecord } from './format';
import { journalDir, SendJournal } from './send-journal';

const UID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const intent = (messageId: string, phone = '+5511900000001', campaign = UID) => ({ campaign, phone, messageId, numberId: 1, variation: 0, at: 1_000 });

let journals: SendJournal[] = [];
let cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const j of journals) await j.close();
  journals = [];
  for (const c of cleanups) c();
  cleanups = [];
});

function tempDir(prefix: string): string {
  const t = makeTempDir(prefix);
  cleanups.push(t.cleanup);
  return t.dir;
}

function open(dir: string): SendJournal {
  const j = SendJournal.open(dir);
  journals.push(j);
  return j;
}

const activeFile = (dir: string) => path.join(journalDir(dir), 'active.log');

describe('format', () => {
  it('round-trips records and rejects damaged lines', () => {
    const records: JournalRecord[] = [
      { t: 'I', campaign: UID, phone: '+5511912345678', messageId: 'SIMABC', numberId: 3, variation: 1, at: 1700000000000 },
      { t: 'I', campaign: UID, phone: '+5511912345678', messageId: 'SIMDEF', numberId: null, variation: null, at: 1 },
      { t: 'O', campaign: UID, messageId: 'SIMABC', outcome: 'sent', at: 1700000000500 },
      { t: 'O', campaign: UID, messageId: 'SIMDEF', outcome: 'not_sent', at: 2 },
      { t: 'O', campaign: UID, messageId: 'SIMDEF', outcome: 'released', at: 3 },
    ];
    for (const r of records) {
      const line = encodeRecord(r);
      expect(line.endsWith('\n')).toBe(true);
      expect(decodeLine(line.slice(0, -1))).toEqual(r);
      // One changed character anywhere fails the check.
      const bad = line.slice(0, 5) + (line[5] === 'x' ? 'y' : 'x') + line.slice(6, -1);
      expect(decodeLine(bad)).toBeNull();
    }
    expect(() => encodeRecord({ ...records[0], phone: 'a\tb' } as JournalRecord)).toThrow(/phone/);
  });

  it('a torn last line is not a record, and the bytes before it are kept', () => {
    const a = encodeRecord({ t: 'I', ...intent('A') });
    const b = encodeRecord({ t: 'I', ...intent('B') });
    const buf = Buffer.from(`RECADO-SEND-JOURNAL\t1\n${a}${b.slice(0, 20)}`);
    const parsed = parseJournal(buf);
    expect(parsed.headerOk).toBe(true);
    expect(parsed.records.map((r) => (r as { messageId: string }).messageId)).toEqual(['A']);
    expect(parsed.completeBytes).toBe(buf.length - 20);
  });

  it('resolves sends: a release beats sent, sent beats not-sent, intents without outcome stay unknown, compaction keeps what may have gone out', () => {
    const records: JournalRecord[] = [
      { t: 'I', ...intent('A') },
      { t: 'O', campaign: UID, messageId: 'A', outcome: 'not_sent', at: 2 },
      { t: 'I', ...intent('B') },
      { t: 'O', campaign: UID, messageId: 'B', outcome: 'sent', at: 3 },
      { t: 'I', ...intent('C') },
      { t: 'O', campaign: UID, messageId: 'Z', outcome: 'sent', at: 4 },
      // Sent, then released by "reenviar para falhas" (e.g. WhatsApp answered with an error).
      { t: 'I', ...intent('D') },
      { t: 'O', campaign: UID, messageId: 'D', outcome: 'sent', at: 5 },
      { t: 'O', campaign: UID, messageId: 'D', outcome: 'released', at: 6 },
    ];
    const resolved = resolveSends(records);
    expect([...resolved.values()].map((s) => [s.messageId, s.outcome])).toEqual([
      ['A', 'not_sent'],
      ['B', 'sent'],
      ['C', 'unknown'],
      ['D', 'not_sent'],
    ]);
    const compacted = compactRecords(records);
    expect(compacted.map((r) => `${r.t}:${r.messageId}`)).toEqual(['I:B', 'O:B', 'I:C']);
  });
});

describe('SendJournal', () => {
  it('a record is on disk when its promise resolves; a new journal says it did not exist before', async () => {
    const dir = tempDir('recado-journal-');
    const j = open(dir);
    expect(j.existedBefore).toBe(false);
    await j.intent(intent('M1'));
    const onDisk = parseJournal(fs.readFileSync(activeFile(dir))).records;
    expect(onDisk).toEqual([{ t: 'I', ...intent('M1') }]);
    if (process.platform !== 'win32') {
      expect(fs.statSync(activeFile(dir)).mode & 0o777).toBe(0o600);
      expect(fs.statSync(journalDir(dir)).mode & 0o777).toBe(0o700);
    }
    await j.close();
    const again = open(dir);
    expect(again.existedBefore).toBe(true);
    expect(again.takeStartupRecords()).toEqual(onDisk);
    expect(again.takeStartupRecords()).toEqual([]);
  });

  it('group-commits: many records written at once share a few fdatasyncs', async () => {
    const dir = tempDir('recado-journal-');
    const j = open(dir);
    const syncs = countDatasyncs();
    try {
      await Promise.all(Array.from({ length: 200 }, (_, i) => j.intent(intent(`M${i}`, `+55119${String(i).padStart(8, '0')}`))));
    } finally {
      syncs.restore();
    }
    expect(parseJournal(fs.readFileSync(activeFile(dir))).records).toHaveLength(200);
    // The first record flushes alone; the 199 queued behind it go in one more commit.
    expect(syncs.count()).toBeLessThanOrEqual(2);
  });

  it('drops a torn tail at open (never acknowledged) and keeps appending after it', async () => {
    const dir = tempDir('recado-journal-');
    const j = open(dir);
    await j.intent(intent('M1'));
    await j.close();
    fs.appendFileSync(activeFile(dir), encodeRecord({ t: 'I', ...intent('TORN') }).slice(0, 30));
    const again = open(dir);
    expect(again.takeStartupRecords().map((r) => r.messageId)).toEqual(['M1']);
    await again.intent(intent('M2'));
    expect(parseJournal(fs.readFileSync(activeFile(dir))).records.map((r) => r.messageId)).toEqual(['M1', 'M2']);
  });

  it('sets aside a file that is not a journal and starts over, saying it did not exist', () => {
    const dir = tempDir('recado-journal-');
    fs.mkdirSync(journalDir(dir), { recursive: true });
    fs.writeFileSync(activeFile(dir), 'lixo');
    const j = open(dir);
    expect(j.existedBefore).toBe(false);
    expect(fs.readdirSync(journalDir(dir)).some((f) => f.startsWith('active.log.damaged-'))).toBe(true);
  });

  it('compaction moves an ended campaign to its archive and keeps the others active; records stay readable', async () => {
    const dir = tempDir('recado-journal-');
    const j = open(dir);
    await j.intent(intent('A1'));
    await j.outcome(UID, 'A1', 'sent', 2);
    await j.intent(intent('A2', '+5511900000002'));
    await j.outcome(UID, 'A2', 'not_sent', 3);
    await j.intent(intent('A3', '+5511900000003'));
    await j.intent(intent('B1', '+5511900000001', OTHER));
    j.compact([UID]);
    await j.flush();
    expect(j.campaignsInActive()).toEqual([OTHER]);
    expect(parseJournal(fs.readFileSync(activeFile(dir))).records.map((r) => r.messageId)).toEqual(['B1']);
    // What was not sent is dropped; what went out (or may have) is kept.
    expect(j.recordsFor(UID).map((r) => `${r.t}:${r.messageId}`)).toEqual(['I:A1', 'O:A1', 'I:A3']);
    // The campaign runs again ("reenviar para falhas"): new records join the archived ones.
    await j.intent(intent('A4', '+5511900000004'));
    expect(j.recordsFor(UID).map((r) => r.messageId).sort()).toEqual(['A1', 'A1', 'A3', 'A4']);
    j.compact([UID]);
    await j.flush();
    expect(j.archived(UID).map((r) => `${r.t}:${r.messageId}`)).toEqual(['I:A1', 'O:A1', 'I:A3', 'I:A4']);
    // Appends after a compaction land in the new active file.
    await j.intent(intent('B2', '+5511900000002', OTHER));
    await j.close();
    const again = open(dir);
    expect(again.takeStartupRecords().map((r) => r.messageId)).toEqual(['B1', 'B2']);
  });

  it('clear() removes every record and archive (apagar todos os dados)', async () => {
    const dir = tempDir('recado-journal-');
    const j = open(dir);
    await j.intent(intent('A1'));
    j.compact([UID]);
    await j.flush();
    await j.intent(intent('B1', '+5511900000001', OTHER));
    await j.clear();
    expect(j.recordsFor(UID)).toEqual([]);
    expect(j.recordsFor(OTHER)).toEqual([]);
    expect(fs.readdirSync(path.join(journalDir(dir), 'archive'))).toEqual([]);
    await j.intent(intent('C1'));
    expect(j.recordsFor(UID).map((r) => r.messageId)).toEqual(['C1']);
  });

  it('a failed write rejects the records of that commit and cuts them from the file', async () => {
    const dir = tempDir('recado-journal-');
    const j = open(dir);
    await j.intent(intent('OK1'));
    const restore = failNextDatasync();
    await expect(j.intent(intent('LOST'))).rejects.toThrow(/send journal write failed/);
    restore();
    await j.intent(intent('OK2'));
    expect(parseJournal(fs.readFileSync(activeFile(dir))).records.map((r) => r.messageId)).toEqual(['OK1', 'OK2']);
  });
});

/** Counts fs.fdatasync calls (the journal's commits) while installed. */
function countDatasyncs(): { count(): number; restore(): void } {
  const original = fs.fdatasync;
  let n = 0;
  (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
    n++;
    return original(fd, cb);
  }) as typeof fs.fdatasync;
  return { count: () => n, restore: () => ((fs as { fdatasync: typeof fs.fdatasync }).fdatasync = original) };
}

/** The next fdatasync fails as on a disk that went away (EIO). */
function failNextDatasync(): () => void {
  const original = fs.fdatasync;
  let failed = false;
  (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
    if (failed) return original(fd, cb);
    failed = true;
    setImmediate(() => cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })));
  }) as typeof fs.fdatasync;
  return () => ((fs as { fdatasync: typeof fs.fdatasync }).fdatasync = original);
}
