/**
 * @internal `value` with `decimals` decimals (en-US grouping when `grouping`), never "-0",
 * "-0.00" or "-0.0%": a value that rounds to zero prints unsigned, whatever its sign bit.
 */
export function formatFixed(value: number, decimals: number, grouping = false): string {
  const text = grouping ? value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : value.toFixed(decimals);
  return /^-[0.,]*$/.test(text) ? text.slice(1) : text;
}
