import { escapeXml } from './svgFrame.js';

// The shared frame of the dot-and-interval row charts (groupComparisonSvg's path comparison and
// its k-group index view): the x axis under the rows, each row's name at the left and its note at
// the right, bold where the row's difference stands out.

/** The x axis along `bottom` from `left` over `width`: the line, its ticks and labels, and its title beneath. */
export function dotRowAxis(
  left: number,
  width: number,
  bottom: number,
  ticks: readonly { readonly value: number; readonly label: string }[],
  sx: (value: number) => number,
  title: string,
): string[] {
  const parts = [`<line x1="${left}" y1="${bottom}" x2="${left + width}" y2="${bottom}" stroke="#888"/>`];
  for (const t of ticks) {
    parts.push(`<line x1="${sx(t.value).toFixed(1)}" y1="${bottom}" x2="${sx(t.value).toFixed(1)}" y2="${bottom + 4}" stroke="#888"/>`);
    parts.push(`<text x="${sx(t.value).toFixed(1)}" y="${bottom + 17}" font-size="11" text-anchor="middle" fill="#666">${t.label}</text>`);
  }
  parts.push(`<text x="${left + width / 2}" y="${bottom + 34}" font-size="12" text-anchor="middle" fill="#333">${title}</text>`);
  return parts;
}

/** A row's name, right-aligned before the plot at `left`, and its note at `noteX`, on the row's middle `y`; both bold when `bold`. */
export function dotRowLabels(left: number, noteX: number, y: number, name: string, note: string, bold: boolean): string[] {
  const weight = bold ? ' font-weight="bold"' : '';
  return [
    `<text x="${left - 14}" y="${y + 4}" font-size="12" text-anchor="end" fill="#222"${weight}>${escapeXml(name)}</text>`,
    `<text x="${noteX}" y="${y + 4}" font-size="12" fill="${bold ? '#111' : '#666'}"${weight}>${escapeXml(note)}</text>`,
  ];
}
