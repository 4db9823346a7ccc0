import { expect, test } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, firstLaunch, nav, simulateReply } from './support/journey';
import { hashText } from '../../electron/core/channels/simulator/ledger';
import { simulatorLedger } from './support/simulator-ledger';

// Issue 18, slice "Respostas as conversations", by clicks alone from a fresh data folder: someone
// in no contact list writes to a simulated number (Números → "Simular resposta de um contato"),
// the navigation shows an unread conversation, Respostas shows it as "Novo contato", the user
// saves the contact, answers with a quick reply whose variable is filled in, and the recipient
// gets exactly that text once (the Simulator's ledger). The conversation is marked done; then
// the contact sends SAIR and the reply box gives way to the reason nobody may message them.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

const PHONE = '+55 11 98765-4321';
const FIRST = 'Oi, vocês entregam no sábado?';
const ANSWER = 'Oi Marina! Entregamos sim, sábado das 8h às 12h.';


test('a reply from a new contact is answered from Respostas with a quick reply, marked done, and SAIR blocks replies with the reason', async ({ page }) => {
  test.setTimeout(150_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);

  // Someone who is in no list writes.
  await simulateReply(page, PHONE, FIRST);
  await expect(nav(page).getByTestId('nav-unread')).toHaveText('1');
  await expect(nav(page).getByLabel('1 conversa não lida')).toBeVisible();

  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Respostas' })).toBeVisible();
  const row = page.getByTestId('conversation').filter({ hasText: FIRST });
  await expect(row).toContainText('Novo contato');
  await expect(row).toContainText('1 não lida');
  await expect(row).toContainText('SIMULADO');
  await row.click();
  const thread = page.getByTestId('thread');
  await expect(thread.getByTestId('bubble-in')).toContainText(FIRST);
  // Opening it reads it: the badges go away.
  await expect(nav(page).getByTestId('nav-unread')).toHaveCount(0);
  await expect(row).not.toContainText('não lida');

  // Save the new contact with a name, so the quick reply can greet them by it.
  await thread.getByRole('button', { name: 'Salvar nos contatos' }).click();
  await page.getByLabel('Nome do contato').fill('Marina Souza');
  await page.getByRole('button', { name: 'Salvar contato' }).click();
  await expect(page.getByText('Contato salvo.').first()).toBeVisible();
  await expect(thread.getByRole('heading', { level: 2, name: 'Marina Souza' })).toBeVisible();
  await expect(thread).not.toContainText('Novo contato');

  // A quick reply with a variable.
  await thread.getByRole('button', { name: 'Respostas rápidas' }).click();
  await page.getByLabel('Nome da resposta rápida').fill('Entrega no sábado');
  await page.getByLabel('Texto da resposta rápida').fill('Oi {primeiro_nome}! Entregamos sim, sábado das 8h às 12h.');
  await page.getByRole('button', { name: 'Adicionar resposta rápida' }).click();
  await expect(page.getByText('Resposta rápida salva.').first()).toBeVisible();
  await page.getByRole('dialog', { name: 'Respostas rápidas' }).getByRole('button', { name: 'Fechar', exact: true }).click();
  await thread.getByLabel('Inserir resposta rápida').selectOption({ label: 'Entrega no sábado' });
  const box = thread.getByLabel('Sua resposta');
  await expect(box).toHaveValue(ANSWER);

  // Send it: it shows in the thread as the user's reply and reaches the recipient once.
  await thread.getByRole('button', { name: 'Enviar' }).click();
  await expect(page.getByText('Resposta enviada.').first()).toBeVisible();
  await expect(box).toHaveValue('');
  const out = thread.getByTestId('bubble-out').filter({ hasText: ANSWER });
  await expect(out).toContainText('Resposta sua');
  await expect(out).toContainText(/Enviada|Entregue|Lida/);
  await expect(page.getByTestId('conversation').filter({ hasText: 'Marina Souza' })).toContainText(`Você: ${ANSWER}`);
  const sent = simulatorLedger(host.dataDir).filter((e) => e.textSha256 === hashText(ANSWER));
  expect(sent).toHaveLength(1);
  expect(sent[0]!.jid).toBe('5511987654321@s.whatsapp.net');
  await page.screenshot({ path: test.info().outputPath('conversa.png') });

  // Mark as done: it leaves Abertas and shows under Concluídas.
  await thread.getByRole('button', { name: 'Concluir' }).click();
  await expect(page.getByText('Conversa concluída.').first()).toBeVisible();
  await expect(page.getByTestId('conversation')).toHaveCount(0);
  await page.getByRole('button', { name: 'Concluídas' }).click();
  await expect(page.getByTestId('conversation').filter({ hasText: 'Marina Souza' })).toContainText('Concluída');

  // The contact opts out: the conversation reopens and nobody may answer; the UI says why.
  await simulateReply(page, PHONE, 'SAIR');
  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  const again = page.getByTestId('conversation').filter({ hasText: 'Marina Souza' });
  await expect(again).toContainText('Saiu da lista');
  await again.click();
  const blocked = page.getByTestId('reply-blocked');
  await expect(blocked).toContainText('Não é possível responder');
  await expect(blocked).toContainText('respondeu "SAIR"');
  await expect(page.getByTestId('composer')).toHaveCount(0);
  await expect(nav(page).getByTestId('nav-unread')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('conversa-sair.png') });
  // Nothing more went out (the opt-out confirmation, if any, is the only other message).
  expect(simulatorLedger(host.dataDir).filter((e) => e.textSha256 === hashText(ANSWER))).toHaveLength(1);
});
