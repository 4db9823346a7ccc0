import { describe, expect, it } from 'vitest';
import { closeAction, quitQuestion } from '../../../electron/main/desktop/close-policy';
import { campaign } from './fixtures';

describe('closing the window', () => {
  it('hides to the tray when the setting is on, explaining it the first time', () => {
    const base = { closeToTray: true, explained: false, quitting: false, trayAvailable: true };
    expect(closeAction(base)).toBe('hide-and-explain');
    expect(closeAction({ ...base, explained: true })).toBe('hide');
    expect(closeAction({ ...base, closeToTray: false })).toBe('close');
    expect(closeAction({ ...base, quitting: true })).toBe('close'); // "Sair" really quits
    expect(closeAction({ ...base, trayAvailable: false })).toBe('close'); // no tray: nowhere to hide
  });
});

describe('quitting', () => {
  it('asks only while a campaign is sending, and says the campaigns will resume', () => {
    expect(quitQuestion([campaign({ id: 1, status: 'paused' }), campaign({ id: 2, status: 'finished' })])).toBeNull();
    const one = quitQuestion([campaign({ id: 1, name: 'Black Friday' })])!;
    expect(one.message).toBe('A campanha "Black Friday" está enviando. Sair mesmo assim?');
    expect(one.detail).toContain('continuam de onde pararam');
    expect(one.buttons).toEqual(['Sair', 'Continuar enviando']);
    expect(quitQuestion([campaign({ id: 1 }), campaign({ id: 2 })])!.message).toBe('2 campanhas estão enviando. Sair mesmo assim?');
  });
});
