/**
 * Import size limits both sides use: the import screen shows them, the core enforces them. Kept
 * apart from the API contract so the import's worker threads load them without zod.
 */

export const PASTE_MAX_CHARS = 20 * 1024 * 1024;
/**
 * Spreadsheets (XLSX, XLS, ODS) are refused beyond these, so a small file that inflates to
 * gigabytes cannot take the app down. CSV files stream and only have the upload limit.
 */
export const SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
export const SPREADSHEET_MAX_ROWS = 1_000_000;
