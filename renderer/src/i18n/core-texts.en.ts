/**
 * English for texts the core writes in pt-BR and stores or sends with a code: a WhatsApp
 * number's status, why a campaign paused or is waiting, why a number was flagged, the license's
 * grace notice. Placeholders are the params the core sends beside the code (format.ts syntax).
 * tests/unit/i18n/core-texts.test.ts checks every code the core uses has a text here.
 */

/** electron/core/channels/whatsapp/status-messages.ts, by reason. */
export const whatsappReasonsEn: Record<string, string> = {
  pairing_code: 'Type the code on the phone: WhatsApp → Linked devices → Link a device → Link with phone number instead.',
  pairing_failed: 'The pairing code could not be generated. Check the number you typed (with area code) and try again, or use the QR code.',
  restart_required: 'Phone linked. Finishing the connection…',
  qr_timeout: 'The QR code expired before it was scanned. Click "Generate new" to try again.',
  logged_out: 'The session was ended on the phone. Scan a new QR code to link this number again.',
  multidevice_mismatch: 'WhatsApp no longer accepts this number\'s session. Scan a new QR code to link it again.',
  bad_session: 'This number\'s session became invalid and was deleted. Scan a new QR code to link it again.',
  user_logout: 'You disconnected this number. Generate a new QR code to use it again.',
  connection_replaced: 'Another WhatsApp Web session took over this number. Close WhatsApp Web on the other computer or browser and click "Reconnect".',
  outdated_version: 'The WhatsApp Web version Recado uses is out of date. Update Recado and try again.',
  banned: 'WhatsApp blocked or restricted this number. Sending through it stopped and its campaigns were paused.',
  '463': 'WhatsApp restricted this number for new contacts. Campaigns were paused; wait a few hours before resuming.',
  connection_closed: 'The connection to WhatsApp dropped. Trying again shortly…',
  connection_lost: 'The connection to WhatsApp dropped. Trying again shortly…',
  service_unavailable: 'WhatsApp is unstable right now. Trying again shortly…',
  network: 'No connection to WhatsApp. Check the internet; trying again shortly…',
  no_network: 'No internet connection: Recado could not reach WhatsApp. Check the Wi-Fi or the cable and click "Try again".',
  link_failed: 'WhatsApp did not answer the link request. Check the internet and click "Try again".',
  qr_unavailable: 'The QR code did not arrive within 30 seconds. The internet may be slow or blocking WhatsApp. Click "Try again".',
  updating_version: 'Updating the WhatsApp Web version and connecting again…',
  socket_error: 'The connection to WhatsApp could not be started. Trying again shortly…',
};

/** The same, by state, when the reason says nothing more. */
export const whatsappStatesEn: Record<string, string> = {
  connecting: 'Connecting to WhatsApp…',
  qr: 'Waiting for the QR code to be scanned. On the phone: WhatsApp → Linked devices → Link a device.',
  connected: 'Connected.',
  reconnecting: 'Reconnecting to WhatsApp…',
  unstable: 'This number\'s connection is unstable. Recado tries again slowly, by itself.',
  disconnected: 'Disconnected.',
  logged_out: 'The session was ended on the phone. Scan a new QR code to link it again.',
  restricted: 'WhatsApp blocked or restricted this number. Sending through it stopped.',
  error: 'Connection error with WhatsApp. Try reconnecting.',
};

const SIGNAL =
  '{kind, select, capping_warning {WhatsApp warned that the number "{label}" is sending too much to people who have not saved it{detail, select, none {} other { ({detail})}}. The campaign was paused: wait a few hours, slow the pace down and resume.} reachout_timelock {WhatsApp temporarily blocked new conversations from the number "{label}". The campaign was paused: resume when the block ends.} restricted_463 {WhatsApp restricted the number "{label}" for new contacts (error 463). The campaign was paused: wait a few hours before resuming.} cloud_paused {The official API limited the number "{label}". The campaign was paused: see the number in Numbers, then resume.} other {WhatsApp blocked the number "{label}". Sending through it stopped: use another number in the campaign.}}';

/** Why a campaign paused itself, by pause code (electron/core/campaigns/engine/reasons.ts, journal/reconcile.ts). */
export const pauseReasonsEn: Record<string, string> = {
  plan_limit:
    'The {plan, select, trial {Trial} basic {Basic} pro {Professional} other {current}} plan\'s limit was reached: {limit, plural, one {# message} other {# messages}} a day across all numbers. Resume the campaign tomorrow, or upgrade the plan in Settings › License to keep sending today.',
  plan_blocked: 'Your license does not allow sending messages right now. Check the license in Settings › License.',
  failures:
    '{n, plural, one {1 send failed} other {# sends in a row failed}}. The campaign was paused to protect your number: check the connection in Numbers and resume the campaign.',
  number_signal: SIGNAL,
  number_status:
    '{kind, select, restricted_463 {WhatsApp restricted the number "{label}" for new contacts (error 463). The campaign was paused: wait a few hours before resuming.} other {{state, select, logged_out {The number "{label}" was disconnected from WhatsApp (the session was ended on the phone). Connect it again in Numbers and resume the campaign.} error {The number "{label}" had a connection error. Check it in Numbers and resume the campaign.} other {The number "{label}" is disconnected. Connect it again in Numbers and resume the campaign.}}}}',
  journal_failed:
    'The send journal could not be written (disk full or no permission on Recado\'s data folder). The campaign was paused so as not to risk duplicate messages: free up space and resume.',
  template_error:
    'The official API refused the message template or its variables, or the campaign has no template for an official API number. The campaign was paused: check the template and the variable mapping in the Messages step, then resume.',
  // restored and journal_ahead: see reconciledEn (their text lists what was reconciled).
};

/** Pauses after a restore (`restored`) or with the database behind the send journal (`journal_ahead`). */
export const reconciledEn = {
  sent: '{n, plural, one {# send made {when} was marked as sent} other {# sends made {when} were marked as sent}}',
  uncertain:
    '{n, plural, one {# send that may have left {when} was marked uncertain and will not be resent automatically} other {# sends that may have left {when} were marked uncertain and will not be resent automatically}}',
  restored: 'Backup restored: {what}. The campaign was paused for you to check; when you resume, whoever already got the message does not get it again.',
  restoredNothing:
    'Backup restored: no send of this campaign was made after the backup. The campaign was paused for you to check; when you resume, whoever already got the message does not get it again.',
  journal_ahead:
    'Recado\'s database was behind the send journal: {what}. The campaign was paused for you to check; when you resume, whoever already got the message does not get it again.',
  whenRestored: 'after the backup',
  whenJournal: 'without a record in the database',
};

/** Why a running campaign is not sending right now, by reason; `{at}` is the next send. */
export const waitReasonsEn: Record<string, string> = {
  scheduled: 'scheduled — starts {at}',
  window: '{at, select, none {window closed — no further sends} other {waiting for the sending window — next send {at}}}',
  daily_cap: 'the number\'s daily limit was reached — next send {at}',
  warmup_cap: 'number warm-up: today\'s limit was reached — next send {at}',
  hourly_cap: 'hourly limit reached — next send {at}',
  batch_pause: 'pause between batches — next send {at}',
  no_number: 'waiting for a connected number',
  retry: 'waiting to try again — {at}',
  delay: 'gap between messages — next send {at}',
  number_check: 'could not check the numbers on WhatsApp — next attempt {at}',
  connection: '{at, select, none {waiting for the connection to WhatsApp} other {waiting for the connection to WhatsApp — next attempt {at}}}',
};

/** The license's offline grace period (shared/license/verify.ts). */
export const licenseGraceEn =
  'Renew the license: {days, plural, one {# day left} other {# days left}}. Connect to the internet and open Recado to renew it automatically.';

/** Import report warnings (electron/core/leads/parse/warnings.ts), by code; `{rows}` names the rows. */
export const importWarningsEn: Record<string, string> = {
  unclosed_quote:
    'Quotes (") opened and never closed on {rows}: they were read as text and the following rows were read normally. Check {many, select, yes {those rows} other {that row}} in the spreadsheet.',
  mixed_encoding:
    'The file mixes text encodings: {rows} {many, select, yes {were} other {was}} in a different encoding from the rest. Each part was read in the right encoding; check the accents of {many, select, yes {those rows} other {that row}}.',
  mojibake: 'Garbled accents in the spreadsheet were fixed on {rows}. Check {many, select, yes {those rows} other {that row}}.',
};
