import { describe, expect, it } from 'vitest';
import type { Toast } from './app-store';
import { capToasts, MAX_TOASTS } from './toast-stack';

const toast = (id: number, kind: Toast['kind']): Toast => ({ id, kind, message: `m${id}`, durationMs: 1000 });

describe('capToasts', () => {
  it('keeps a short stack, dropping the oldest news before any error', () => {
    const out = capToasts([toast(1, 'error'), toast(2, 'success'), toast(3, 'info'), toast(4, 'success')]);
    expect(out.map((t) => t.id)).toEqual([1, 3, 4]);
    expect(out).toHaveLength(MAX_TOASTS);
  });

  it('drops the oldest error only when every toast is an error', () => {
    expect(capToasts([1, 2, 3, 4].map((i) => toast(i, 'error'))).map((t) => t.id)).toEqual([2, 3, 4]);
  });
});
