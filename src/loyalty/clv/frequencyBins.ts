import * as z from 'zod/mini';

/** `maxFrequency` of the diagnostics that bin customers by repeat purchases (default 7: bins 0…6 and "7+"). Internal. */
// (zod/mini, issue 21: the diagnostics that take it are on zod/mini)
export const maxFrequencySchema = z._default(z.number().check(z.int(), z.gte(1), z.lte(1000)), 7);

/** The bins 0, 1, …, maxFrequency (the last: that many or more) and their labels `'0'`, …, `'7+'`. Internal. */
export function frequencyBins(maxFrequency: number): { readonly frequency: number[]; readonly label: string[] } {
  const frequency = Array.from({ length: maxFrequency + 1 }, (_, n) => n);
  return { frequency, label: frequency.map((n) => (n === maxFrequency ? `${n}+` : String(n))) };
}
