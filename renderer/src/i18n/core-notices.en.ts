/**
 * English for the notifications the core sends (by `kind`), filled with their `params`; a
 * notification without params keeps its pt-BR text. Params ending in `At` are times.
 */
const CAMPAIGN = '{name, select, none {A campaign} other {"{name}"}}';

export const coreNoticesEn: Record<string, { title: string; body: string }> = {
  'campaign.finished': {
    title: 'Campaign finished',
    body: CAMPAIGN + ' finished{total, select, 0 {} other {: {sent} of {total, plural, one {# message} other {# messages}} sent}}.',
  },
  'campaign.paused': {
    title: 'Campaign paused',
    body:
      CAMPAIGN +
      ' was paused: {code, select, plan_limit {the plan\'s daily limit was reached. Resume it tomorrow, or upgrade the plan in Settings › License.} plan_blocked {the license does not allow sending right now. Check it in Settings › License.} failures {several sends in a row failed. Check the connection in Numbers and resume the campaign.} number_signal {WhatsApp signalled a problem with a number it uses. See Numbers before resuming.} number_status {a number it uses is not connected. Connect it in Numbers and resume the campaign.} restored {a backup was restored. Sends made after the backup were marked as sent or uncertain; check the campaign before resuming.} journal_ahead {the database was behind the send journal. Sends the journal recorded were marked as sent or uncertain; check the campaign before resuming.} journal_failed {the send journal could not be written, so nothing is sent without a record. Check the disk space and the data folder\'s permissions, then resume.} other {see the reason in the campaign.}}',
  },
  'number.disconnected': {
    title: '{label, select, none {Number disconnected} other {Number "{label}" disconnected}}',
    body: '{state, select, logged_out {The WhatsApp session was ended on the phone. Connect the number again in Numbers; campaigns that use only it are paused.} restricted {WhatsApp restricted this number. Sending through it stopped; see the details in Numbers.} other {The number lost its connection to WhatsApp. Check the computer\'s internet and that the phone is on.}}',
  },
  'number.unstable': {
    title: '{label, select, none {Number} other {Number "{label}"}} {reason, select, rate_limited {waiting for WhatsApp} other {unstable}}',
    body: '{reason, select, rate_limited {WhatsApp asked this number to wait before connecting again (connection limit). Recado does not insist, so the block does not last longer: it tries again by itself on {retryAt}.} login_ceiling {This number connected too many times in the last hour. To protect the account, Recado waits and tries again by itself on {retryAt}. Check the computer\'s internet and that the phone is on.} other {This number\'s connection dropped several times within a few minutes. To protect the account, Recado retries slowly: next attempt on {retryAt}. Check the computer\'s internet and that the phone is on and online.}}',
  },
  'license.problem': {
    title: '{variant, select, grace {Confirm your license} other {License problem}}',
    body: '{variant, select, grace {Your license could not be confirmed. Connect the computer to the internet in the next few days.} other {{reason, select, none {Your license is no longer valid. Recado went back to trial mode.} other {{reason}}}}}',
  },
  'storage.problem': {
    title: '{state, select, full {Disk full} other {Data folder is read-only}}',
    body: '{state, select, full {The computer\'s disk is full and Recado could not save. Nothing was lost: sending stays paused until you free up space.} other {Recado\'s data folder is read-only and nothing can be saved. Check the folder\'s permissions.}}',
  },
  'conversation.handoff': {
    title: 'A conversation needs you',
    body: 'The reply assistant handed a conversation to you: {reason, select, asked_human {the contact asked to talk to a person} price {the contact wants to negotiate the price} complaint {the contact is complaining} unsure {the assistant was not sure of the answer} limit {the assistant already answered this contact as many times as allowed} outside_window {the message arrived outside the assistant\'s hours} ai_error {the AI did not answer} ai_limit {the plan\'s daily AI limit ran out} other {the automatic reply could not be sent}}.',
  },
  'backup.restored': {
    title: 'Backup restored',
    body: 'The backup from {createdAt} was restored. The data that was in Recado before was kept in {dir}.',
  },
  'backup.failed': {
    title: '{variant, select, auto {The automatic backup failed} other {The restore was not finished}}',
    body: '{variant, select, auto {{reason, select, none {Try making a backup by hand in Settings.} other {{reason}}}} restore_incomplete {The prepared files were incomplete. Your current data was not changed; try restoring again.} other {The backup could not be restored. Your current data was kept. Check the disk space and the folder\'s permissions and try again.}}',
  },
};
