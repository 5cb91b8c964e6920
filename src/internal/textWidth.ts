// Text widths for SVG layout without a browser or canvas: per-character advance widths of
// DejaVu Sans (regular and bold; read from the fonts' hmtx tables, DejaVu 2.37, in 1/1000 em).
// DejaVu Sans is what Linux renders "Helvetica, Arial, sans-serif" with and is wider than both,
// so the estimate errs on the wide side there; a character not listed counts as 1.1 em (wider
// than any listed one, and than CJK's 1 em). test/charts/chartLayout.test.ts checks the boxes
// against rsvg-convert's rendering.

// code points 32 (space) … 126 (~)
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838,
  531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390,
  838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337,
  636, 838,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838,
  580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457,
  838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365,
  712, 838,
];
const REGULAR_EXTRA: Record<string, number> = {
  '·': 318,
  '–': 500,
  '—': 1000,
  '→': 838,
  '←': 838,
  '²': 401,
  '×': 838,
  '∝': 714,
  '≤': 838,
  '≥': 838,
  '−': 838,
  '…': 1000,
  '€': 636,
  '£': 636,
  '°': 500,
  '§': 500,
};
const BOLD_EXTRA: Record<string, number> = {
  '·': 380,
  '–': 500,
  '—': 1000,
  '→': 838,
  '←': 838,
  '²': 438,
  '×': 838,
  '∝': 712,
  '≤': 838,
  '≥': 838,
  '−': 838,
  '…': 1000,
  '€': 696,
  '£': 696,
  '°': 500,
  '§': 500,
};
const UNKNOWN = 1100;
/** Slack on top of the advance widths (kerning and hinting never widen a line by more). */
const SLACK = 1.02;

/**
 * @internal Estimated width in px of `text` set in `fontSize` px, never narrower than DejaVu
 * Sans renders it (and so wider than Helvetica or Arial).
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  const extra = bold ? BOLD_EXTRA : REGULAR_EXTRA;
  let total = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    total += code >= 32 && code <= 126 ? table[code - 32] : (extra[ch] ?? UNKNOWN);
  }
  return (total / 1000) * fontSize * SLACK;
}
