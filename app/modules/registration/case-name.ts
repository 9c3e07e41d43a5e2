/** The name a case goes by: the approved name, else the first candidate. */
export function caseName(row: { approvedNameZh: string | null; intake: Record<string, unknown> | null }): string | null {
  if (row.approvedNameZh) return row.approvedNameZh;
  const candidates = (row.intake?.names as { candidates?: unknown } | undefined)?.candidates;
  return Array.isArray(candidates) && typeof candidates[0] === "string" ? candidates[0] : null;
}
