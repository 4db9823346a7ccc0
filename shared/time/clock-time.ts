/**
 * When something the user waits for happens, as read on a clock, with its preposition: "às 14:32"
 * today, "amanhã às 01:10", "em 25/11 às 09:00" later (English: "at 14:32", "tomorrow at 01:10",
 * "on 11/25 at 09:00"). For "nova tentativa às 14:32", by the core and the UI alike.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string): { day: string; hm: string; dm: string; md: string } {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hm: `${p.hour}:${p.minute}`, dm: `${p.day}/${p.month}`, md: `${p.month}/${p.day}` };
}

export function atClockTime(at: number, now: number, timeZone: string, language: 'pt-BR' | 'en' = 'pt-BR'): string {
  let t: ReturnType<typeof parts>;
  let today: ReturnType<typeof parts>;
  let tomorrow: ReturnType<typeof parts>;
  try {
    t = parts(at, timeZone);
    today = parts(now, timeZone);
    tomorrow = parts(now + 24 * 60 * 60_000, timeZone);
  } catch {
    // An unknown zone (a damaged setting) falls back to the machine's.
    return atClockTime(at, now, Intl.DateTimeFormat().resolvedOptions().timeZone, language);
  }
  const en = language === 'en';
  if (t.day === today.day) return en ? `at ${t.hm}` : `às ${t.hm}`;
  if (t.day === tomorrow.day) return en ? `tomorrow at ${t.hm}` : `amanhã às ${t.hm}`;
  return en ? `on ${t.md} at ${t.hm}` : `em ${t.dm} às ${t.hm}`;
}
