// The experience part of the demo: peak-end scoring of customer journeys. No public journey
// data set with touchpoint ratings exists, so this section uses deterministic synthetic
// journeys of a property developer's buyers (marketing → sales → handover → property service),
// generated so that remembered satisfaction follows the end and the peak — the pattern the
// peak-end literature reports — and checks that endEffect finds it.
import { endEffect, peakEndScores, touchpointSummary } from 'customer-value';
import { rng } from './rng.mjs';

const STAGES = [
  ['marketing', ['advert', 'show flat']],
  ['sales', ['sales advice', 'contract']],
  ['handover', ['keys', 'snag list']],
  ['property service', ['repairs', 'concierge']],
];

export function journeys(count, seed) {
  const random = rng(seed);
  const events = { buyer: [], step: [], stage: [], touchpoint: [], rating: [] };
  const overall = [];
  for (let b = 0; b < count; b++) {
    const ratings = [];
    let step = 0;
    for (const [stage, touchpoints] of STAGES) {
      const moments = 1 + Math.floor(random.uniform() * 2);
      for (let m = 0; m < moments; m++) {
        const touchpoint = touchpoints[Math.floor(random.uniform() * touchpoints.length)];
        // repairs go badly for one buyer in four
        const bad = touchpoint === 'repairs' && random.uniform() < 0.25;
        const rating = bad ? 1 + Math.floor(random.uniform() * 3) : Math.min(10, 5 + Math.floor(random.uniform() * 6));
        events.buyer.push(b);
        events.step.push(step++);
        events.stage.push(stage);
        events.touchpoint.push(touchpoint);
        events.rating.push(rating);
        ratings.push(rating);
      }
    }
    const end = ratings[ratings.length - 1];
    let peak = ratings[0];
    for (const r of ratings) if (Math.abs(r - 5.5) > Math.abs(peak - 5.5) || (Math.abs(r - 5.5) === Math.abs(peak - 5.5) && r < 5.5)) peak = r;
    const mean = ratings.reduce((a, c) => a + c, 0) / ratings.length;
    overall.push(Math.max(1, Math.min(10, 0.5 * end + 0.35 * peak + 0.15 * mean + 0.6 * random.normal())));
  }
  return { events, overall };
}

export function experienceReport() {
  const { events, overall } = journeys(2000, 2026);
  const spec = { customer: 'buyer', order: 'step', stage: 'stage', touchpoint: 'touchpoint', rating: 'rating', scale: [1, 10] };
  const scores = peakEndScores(events, spec);
  const effect = endEffect(scores, overall);
  const withOverall = { ...events, overall: events.buyer.map((b) => overall[b]) };
  const summary = touchpointSummary(withOverall, spec, { overall: 'overall' });
  const line = (t) =>
    `| ${t.name} | ${t.ratings} | ${t.meanRating.toFixed(2)} | ${t.peakCount} | ${t.endCount} | ${(100 * t.badShare).toFixed(1)}% | ${t.overallDrop === null ? '—' : fixed2(t.overallDrop)} |`;
  const header =
    '| touchpoint | ratings | mean | peak of journeys | end of journeys | bad (≤ 5) | overall drop when bad |\n|---|---:|---:|---:|---:|---:|---:|';
  const markdown = `## Experience: what buyers remember (synthetic journeys)

${scores.customer.length.toLocaleString('en-US')} synthetic buyer journeys of a property developer (marketing → sales → handover →
property service; 4–8 rated moments each), generated so that remembered satisfaction follows
the end and the peak. No public journey data with touchpoint ratings exists; the same calls run
on your own event log.

Standardized regression of remembered satisfaction on end, peak and mean (endEffect):
end **${effect.coefficients.end.toFixed(2)}**, peak **${effect.coefficients.peak.toFixed(2)}**, mean ${effect.coefficients.mean.toFixed(2)}; R² ${effect.r2.toFixed(2)}.
Correlation with remembered satisfaction: peak-end score ${effect.correlations.peakEnd.toFixed(2)} vs mean of all moments ${effect.correlations.mean.toFixed(2)}.

Touchpoints to improve first (touchpointSummary, worst overall drop first):

${header}
${summary.touchpoints.map(line).join('\n')}

![touchpoints](touchpoints.svg)
`;
  return {
    markdown,
    console: `Experience: end β ${effect.coefficients.end.toFixed(2)}, peak β ${effect.coefficients.peak.toFixed(2)}, mean β ${effect.coefficients.mean.toFixed(2)}; fix first: ${summary.touchpoints[0].name}`,
    svg: touchpointSvg(summary.touchpoints),
  };
}

// Two decimals, never "-0.00" (a drop that rounds to zero has no sign).
function fixed2(value) {
  const text = value.toFixed(2);
  return /^-0\.00$/.test(text) ? '0.00' : text;
}

function touchpointSvg(lines) {
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const rows = lines.filter((l) => l.overallDrop !== null);
  const width = 760;
  const left = 170;
  const top = 80;
  const height = top + rows.length * 30 + 40;
  const min = 1.2 * Math.min(...rows.map((l) => l.overallDrop), -0.5); // room for the value labels
  const max = Math.max(...rows.map((l) => l.overallDrop), 0.5);
  const zero = left + ((0 - min) / (max - min)) * (width - left - 60);
  const sx = (v) => left + ((v - min) / (max - min)) * (width - left - 60);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="Touchpoints to improve first">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    '<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">Touchpoints to improve first</text>',
    '<text x="20" y="52" font-size="12" fill="#555">change in remembered satisfaction when the touchpoint went badly (points on 1–10)</text>',
    `<line x1="${zero}" y1="${top - 8}" x2="${zero}" y2="${height - 30}" stroke="#888"/>`,
  ];
  rows.forEach((l, i) => {
    const y = top + i * 30;
    const x = Math.min(sx(l.overallDrop), zero);
    parts.push(`<text x="${left - 8}" y="${y + 15}" font-size="12" text-anchor="end" fill="#222">${escape(l.name)}</text>`);
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.abs(sx(l.overallDrop) - zero).toFixed(1)}" height="20" fill="${l.overallDrop < 0 ? '#D55E00' : '#009E73'}"/>`,
    );
    parts.push(
      `<text x="${(l.overallDrop < 0 ? x - 4 : sx(l.overallDrop) + 4).toFixed(1)}" y="${y + 15}" font-size="11" text-anchor="${l.overallDrop < 0 ? 'end' : 'start'}" fill="#333">${fixed2(l.overallDrop)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
