import { z } from 'zod';
import { PLAN_IDS } from '../../license/plans';
import { method, none } from '../method';

export const licenseStates = ['trial', 'active', 'in_grace', 'expired', 'invalid'] as const;
export type LicenseUiState = (typeof licenseStates)[number];

export const planLimitsSchema = z.object({
  messagesPerDay: z.number().int().nonnegative(),
  numbers: z.number().int().nonnegative(),
  aiPerDay: z.number().int().nonnegative(),
});

/** What the UI shows about the license; texts (notice, reason) are pt-BR. */
export const licenseStatusSchema = z.object({
  /**
   * trial: no license; active: verified and current; in_grace: past expiry but within the offline
   * grace period (plan kept); expired / invalid: a stored license that no longer counts (trial limits).
   */
  state: z.enum(licenseStates),
  plan: z.enum(PLAN_IDS),
  planLabel: z.string(),
  /** Limits in force right now (trial limits unless state is active or in_grace). */
  limits: planLimitsSchema,
  email: z.string().optional(),
  /** Epoch ms the signed license expires (it renews itself online before that). */
  expiresAt: z.number().optional(),
  /** Epoch ms the offline grace period ends. */
  graceEndsAt: z.number().optional(),
  daysLeft: z.number().int().optional(),
  /** Grace-period banner ("Renove a licença: X dias restantes..."). */
  notice: z.string().optional(),
  /** Why a license does not count (expired, revoked, other computer, clock set back...). */
  reason: z.string().optional(),
  reasonCode: z.string().optional(),
  /** Short form of this computer's id, as the seller sees it ("1a2b3c4d"). */
  machineId: z.string(),
  activatedAt: z.number().optional(),
  lastRefreshAt: z.number().optional(),
  usageToday: z.object({ messages: z.number().int(), ai: z.number().int() }).partial().optional(),
  /** True until the user activates a license or chooses to continue in trial mode. */
  firstRun: z.boolean(),
  /** An offline request code was made and no license file has been imported since. */
  offlinePending: z.boolean(),
});
export type LicenseStatus = z.infer<typeof licenseStatusSchema>;

const keyInput = z.object({ key: z.string().max(200) }).strict();

export const licenseMethods = {
  'license.status': method(none, licenseStatusSchema),
  /** Activates this computer online; the key format is checked before calling the server. */
  'license.activate': method(keyInput, licenseStatusSchema),
  /** "Desativar neste computador": frees this computer's slot on the server, then trial mode. */
  'license.deactivate': method(none, licenseStatusSchema),
  /** Renews the license now (it also renews itself in the background). */
  'license.refresh': method(none, licenseStatusSchema),
  /** The code the buyer sends to the seller when this computer cannot reach the server. */
  'license.offlineRequest': method(keyInput, z.object({ code: z.string(), machineId: z.string() })),
  /** The license file the seller sends back; verified before it is stored. */
  'license.importLicenseFile': method(z.object({ content: z.string().max(65_536) }).strict(), licenseStatusSchema),
  /** Remembers that the user chose trial mode, so the first-run screen stays away. */
  'license.continueTrial': method(none, licenseStatusSchema),
};

export const licenseEvents = {
  'license.changed': licenseStatusSchema,
};
