import * as z from 'zod';

/** `maxFrequency` of the diagnostics that bin customers by repeat purchases (default 7: bins 0…6 and "7+"). Internal. */
export const maxFrequencySchema = z.number().int().min(1).max(1000).default(7);

/** The bins 0, 1, …, maxFrequency (the last: that many or more) and their labels `'0'`, …, `'7+'`. Internal. */
export function frequencyBins(maxFrequency: number): { readonly frequency: number[]; readonly label: string[] } {
  const frequency = Array.from({ length: maxFrequency + 1 }, (_, n) => n);
  return { frequency, label: frequency.map((n) => (n === maxFrequency ? `${n}+` : String(n))) };
}
