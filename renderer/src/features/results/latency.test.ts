import { describe, expect, it } from 'vitest';
import { latencyAttributes, recordLatency } from './latency';

describe('delivery-to-screen latency figures', () => {
  it('gives the median and the 99th percentile of the recorded delays', () => {
    for (let ms = 1; ms <= 100; ms++) recordLatency(1_000, 1_000 + ms);
    const a = latencyAttributes();
    expect(a['data-latency-count']).toBe('100');
    expect(a['data-latency-p50']).toBe('50');
    expect(a['data-latency-p99']).toBe('99');
    expect(a['data-latency-max']).toBe('100');
  });
});
