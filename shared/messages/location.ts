import { z } from 'zod';

/**
 * A location sent as a WhatsApp location message (the map pin the contact taps to open it).
 * Recado works offline, so there is no map to click: the user pastes coordinates or a map link,
 * and names the place.
 */
export const locationSchema = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    /** The place's name, shown in bold on the pin ("Loja Centro"). */
    name: z.string().trim().max(100).optional(),
    /** Shown under the name. */
    address: z.string().trim().max(200).optional(),
  })
  .strict();
export type LocationPin = z.infer<typeof locationSchema>;

export type ParsedLocation =
  | { ok: true; latitude: number; longitude: number }
  | { ok: false; code: 'empty' | 'not_found' | 'out_of_range' };

const NUM = String.raw`[-+]?\d{1,3}(?:\.\d+)?`;
// Where map links carry the point: Google Maps (@lat,lng / q= / query= / ll= / !3d…!4d…),
// OpenStreetMap (mlat/mlon, #map=zoom/lat/lng), Apple Maps (ll= / q=), geo: URIs.
const PATTERNS: RegExp[] = [
  new RegExp(String.raw`!3d(${NUM})!4d(${NUM})`),
  new RegExp(String.raw`@(${NUM}),(${NUM})`),
  new RegExp(String.raw`[?&](?:q|query|ll|center|destination)=(${NUM})(?:,|%2C)\s*(${NUM})`, 'i'),
  new RegExp(String.raw`mlat=(${NUM}).*?mlon=(${NUM})`, 'i'),
  new RegExp(String.raw`#map=\d+/(${NUM})/(${NUM})`),
  new RegExp(String.raw`^geo:(${NUM}),(${NUM})`, 'i'),
  new RegExp(String.raw`^\s*(${NUM})\s*[,;\s]\s*(${NUM})\s*$`),
];

/** Reads a point from what a user pastes: "-23.5614, -46.6559", a Google Maps or OSM link, a geo: URI. */
export function parseLocation(input: string): ParsedLocation {
  const text = input.trim();
  if (!text) return { ok: false, code: 'empty' };
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const latitude = Number(m[1]);
    const longitude = Number(m[2]);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) continue;
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return { ok: false, code: 'out_of_range' };
    return { ok: true, latitude, longitude };
  }
  return { ok: false, code: 'not_found' };
}

/** "-23.56140, -46.65590": five decimals are about a metre, enough for a shop's door. */
export function formatCoordinates(p: Pick<LocationPin, 'latitude' | 'longitude'>): string {
  return `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}`;
}
