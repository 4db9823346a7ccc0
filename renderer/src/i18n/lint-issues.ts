import type { Language } from '../../../shared/settings/schema';
import type { LintIssue } from '../../../shared/template/types';
import { formatMessage } from './format';

/**
 * The message editor's warnings come from shared/template in pt-BR, by `code`. In English they
 * are said again from the code and the part of the text they point at; a code without an
 * English text keeps the pt-BR message.
 */
const EN: Record<string, string> = {
  'variable.unknown': '{severity, select, error {The variable {name} does not exist in this list and would show up like that in the message. Fix the name} other {The variable {name} does not exist in this list, so everyone gets the default value. Check the name}}{known, select, none {.} other { (available: {known}).}}',
  'variable.fallback_in_spin': '"{part}" inside a variation with "|" becomes picked text, not a default value. For a default value write {{name}:text} without "|".',
  'content.spam_word': '"{part}" is common in spam and raises the chance of reports and blocking. Find another way to say it.',
  'content.all_caps': 'Capital letters read as shouting and draw spam filters\' attention. Write in normal letters.',
  'content.multiple_links': 'The message may carry more than one link. Messages with several links are blocked more often; keep only the main one.',
  'content.too_many_emoji': 'The message may have too many emojis. Use at most 6 so it does not look like mass advertising.',
  'length.too_long': 'The message may be longer than the 4,096 characters WhatsApp takes. Shorten the text or the longest variations.',
  'syntax.too_deep': 'There are too many braces inside one another. Simplify the variations.',
  'syntax.unbalanced_close': 'This "}" closes a brace that was never opened. Delete it or write \\} to show the brace in the text.',
  'syntax.unbalanced_open': 'This "{" is never closed. Close it with "}" or write \\{ to show the brace in the text.',
  'syntax.empty_option': 'There is an empty option in this variation (e.g. "{a||b}"). Delete the extra bar or write the option.',
  'syntax.empty_braces': 'Empty braces "{}" do nothing. Write a variable, such as {primeiro_nome}, or delete the braces.',
  'syntax.not_a_variable': 'Braces without "|" are read as a variable, but this is not a variable name. For variations use {option 1|option 2}; to show braces use \\{ and \\}.',
};

export function describeLintIssue(language: Language, issue: LintIssue, text: string, knownVariables: readonly string[]): string {
  if (language === 'pt-BR' || !(issue.code in EN)) return issue.message;
  const part = text.slice(issue.start, issue.end);
  const name = /^\{?([^{}:|]+)/.exec(part)?.[1]?.trim() ?? part;
  // Braces that are not arguments ("{}", "{option 1|option 2}") come out as written.
  const template = EN[issue.code].replace('{{name}:text}', `{${name}:text}`);
  return formatMessage(language, template, { severity: issue.severity, name: `{${name}}`, part, known: knownVariables.join(', ') });
}
