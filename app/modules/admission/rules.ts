// Small pure rules of admission, unit-tested with tables of cases.

/** A URL-safe slug from the English name ("Blue Whale Studio" → "blue-whale-studio"), or "". */
export function slugFromName(name: string | undefined) {
  return (name ?? "")
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

/**
 * The weighted total of a set of scores, on the 1–5 scale, in tenths (38 = 3.8): each criterion's
 * average across reviewers, weighted by the criteria in use, rounded once at the end; null when
 * nothing is scored yet.
 */
export function weightedScoreTenths(criteria: { id: string; weight: number; active: boolean }[], scores: { criterionId: string; score: number }[]) {
  let weighted = 0;
  let weights = 0;
  for (const criterion of criteria) {
    if (!criterion.active || criterion.weight === 0) continue;
    const mine = scores.filter((s) => s.criterionId === criterion.id);
    if (mine.length === 0) continue;
    const sum = mine.reduce((total, s) => total + s.score, 0);
    weighted += (sum * criterion.weight * 10) / mine.length;
    weights += criterion.weight;
  }
  return weights === 0 ? null : Math.round(weighted / weights);
}
