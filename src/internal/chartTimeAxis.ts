/**
 * The time axis of a repeat-buying chart: the label the user gave, else "opportunity" (or
 * "opportunities" for an axis of counts) for a BG/BB result (`opportunities: true`), else the
 * chart's own default. Internal.
 */
export function timeLabelOf(given: string | undefined, opportunities: boolean | undefined, fallback: string, opportunityLabel = 'opportunity'): string {
  return given ?? (opportunities === true ? opportunityLabel : fallback);
}

/** The plural of a unit's name for a caption: "weeks", "opportunities". Internal. */
export function pluralOf(unit: string): string {
  return /[^aeiou]y$/.test(unit) ? `${unit.slice(0, -1)}ies` : `${unit}s`;
}
