/** Delimiter and line-ending detection on a text sample. */

export type Delimiter = ',' | ';' | '\t' | '|';
export type Newline = '\n' | '\r\n' | '\r';

const CANDIDATES: Delimiter[] = [';', ',', '\t', '|'];

export function detectNewline(sample: string): Newline {
  const crlf = sample.split('\r\n').length - 1;
  const lf = sample.split('\n').length - 1 - crlf;
  const cr = sample.split('\r').length - 1 - crlf;
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

/** Counts delimiter occurrences outside double quotes, per physical line. */
function countsPerLine(lines: string[], d: string): number[] {
  return lines.map((line) => {
    let n = 0;
    let inQuotes = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') inQuotes = !inQuotes;
      else if (!inQuotes && c === d) n++;
    }
    return n;
  });
}

/**
 * Picks the delimiter whose per-line count is most consistent. Brazilian files use ';' with ','
 * as decimal separator, so "most frequent" alone would be wrong.
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample
    .split(/\r\n|\n|\r/)
    .slice(0, 200)
    .filter((l) => l.trim() !== '');
  if (lines.length > 1 && sample.length >= 64 * 1024) lines.pop(); // the sample may end mid-line
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = countsPerLine(lines, d);
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeLines = 0;
    for (const [c, n] of freq) if (n > modeLines || (n === modeLines && c > mode)) [mode, modeLines] = [c, n];
    if (mode === 0) continue;
    // Lines agreeing on the count matter most; more columns breaks ties.
    const score = modeLines / lines.length + Math.min(mode, 50) / 1000;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}
