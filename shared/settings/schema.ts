import { z } from 'zod';

export const languages = ['pt-BR', 'en'] as const;
export type Language = (typeof languages)[number];

/** The shape of every user setting, without defaults (so a patch never fills in the others). */
const settingsShape = {
  language: z.enum(languages),
  timeZone: z.string().min(1).max(64),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
  businessName: z.string().max(120),
  closeToTray: z.boolean(),
  diagnostics: z.boolean(),
};

export const settingsSchema = z.object(settingsShape);
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const defaultSettings: Settings = {
  language: 'pt-BR',
  timeZone: 'America/Sao_Paulo',
  defaultCountry: 'BR',
  businessName: '',
  closeToTray: true,
  diagnostics: false,
};

/**
 * A change to some settings. Note: zod 4 keeps `.default()` values inside `.partial()`, so the
 * patch is built from the default-free shape; otherwise every patch would reset the rest.
 */
export const settingsPatchSchema = z.object(settingsShape).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
