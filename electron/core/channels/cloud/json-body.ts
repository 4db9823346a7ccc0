/** A response's body as JSON; null when it is empty, unreadable or not JSON (a proxy's HTML page). */
export async function jsonBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
