import { z } from 'zod';
import { method, none } from '../method';

/** How the engine treats every campaign: opt-out keywords and their reply, failures before a pause. */
export const engineSettingsSchema = z.object({
  /** Whole-message keywords that opt a contact out (case- and accent-insensitive). */
  optOutKeywords: z.array(z.string().trim().min(1).max(40)).min(1).max(30),
  /** Reply sent once when someone opts out. */
  optOutConfirmation: z.object({ enabled: z.boolean(), text: z.string().trim().min(1).max(300) }),
  /** Failed sends in a row before a campaign pauses itself. */
  maxConsecutiveFailures: z.number().int().min(1).max(100),
});
export type EngineSettings = z.infer<typeof engineSettingsSchema>;

export const campaignEngineMethods = {
  'campaignEngine.settings': method(none, engineSettingsSchema),
  'campaignEngine.updateSettings': method(engineSettingsSchema.partial().strict(), engineSettingsSchema),
};
