/** `#/numeros/<id>/modelos`: the templates of a Cloud number. */
export function templatesHash(numberId: number): string {
  return `#/numeros/${numberId}/modelos`;
}

export function templatesRoute(hash: string): number | null {
  const m = /^#\/numeros\/(\d+)\/modelos\/?$/.exec(hash);
  return m ? Number(m[1]) : null;
}
