import { describe, expect, it } from 'vitest';
import { CustomerValueError, endEffect, peakEndScores, touchpointSummary } from '../../src/index.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught } from '../helpers/fixtures.js';

/**
 * Deterministic synthetic journeys with a known peak-end effect: each journey has 3–8 moments
 * at random touchpoints; its remembered overall rating is exactly 0.5·peak + 0.5·end (+ small
 * noise), where the peak is the most extreme moment. Delivery is bad 40% of the time.
 */
function syntheticJourneys(count: number, seed: number) {
  const random = seededRandom(seed);
  const touchpoints = ['ad', 'web', 'checkout', 'delivery', 'support'];
  const stages = { ad: 'marketing', web: 'product', checkout: 'product', delivery: 'service', support: 'service' } as const;
  const rows: { customer: number; step: number; touchpoint: string; stage: string; rating: number; overall: number }[] = [];
  const truth: { peak: number; end: number; mean: number; overall: number }[] = [];
  for (let c = 0; c < count; c++) {
    const moments = 3 + Math.floor(random.uniform() * 6);
    const events = Array.from({ length: moments }, (_, step) => {
      const touchpoint = touchpoints[Math.floor(random.uniform() * touchpoints.length)];
      const rating = touchpoint === 'delivery' && random.uniform() < 0.4 ? 1 + Math.floor(random.uniform() * 3) : 4 + Math.floor(random.uniform() * 7);
      return { step, touchpoint, rating };
    });
    let peak = events[0].rating;
    for (const e of events) {
      const d = Math.abs(e.rating - 5.5);
      const pd = Math.abs(peak - 5.5);
      if (d > pd || (d === pd && !(e.rating > 5.5 && peak < 5.5))) peak = e.rating;
    }
    const end = events[moments - 1].rating;
    const mean = events.reduce((s, e) => s + e.rating, 0) / moments;
    const overall = 0.5 * peak + 0.5 * end + 0.05 * random.normal();
    truth.push({ peak, end, mean, overall });
    // shuffle the rows of a journey: order must come from the step column, not input order
    const shuffled = events.slice().sort(() => random.uniform() - 0.5);
    for (const e of shuffled)
      rows.push({ customer: c, step: e.step, touchpoint: e.touchpoint, stage: stages[e.touchpoint as keyof typeof stages], rating: e.rating, overall });
  }
  return { rows, truth };
}

describe('peakEndScores(events, spec)', () => {
  it('computes peak, end, mean and counts per journey (hand-computed)', () => {
    const events = {
      who: ['a', 'a', 'a', 'b', 'b', 'b', 'b'],
      t: [
        '2024-05-01T10:00:00Z',
        '2024-05-01T09:00:00Z',
        '2024-05-01T11:30:00Z',
        '2024-05-02T08:00:00Z',
        '2024-05-02T08:05:00Z',
        '2024-05-02T08:10:00Z',
        '2024-05-02T08:15:00Z',
      ],
      r: [2, 6, 8, 7, 7, 3, 5],
    };
    // a in time order: 6, 2, 8 → extreme: 2 (3 from 5), end 8; b: 7, 7, 3, 5 → extreme 3 (2 from 5 vs 7: 2, tie → negative), end 5
    const s = peakEndScores(events, { customer: 'who', time: 't', rating: 'r', scale: [1, 9] });
    expect(Array.from(s.moments)).toEqual([3, 4]);
    expect(Array.from(s.peak)).toEqual([2, 3]);
    expect(Array.from(s.end)).toEqual([8, 5]);
    expect(Array.from(s.best)).toEqual([8, 7]);
    expect(Array.from(s.worst)).toEqual([2, 3]);
    expect(Array.from(s.mean)).toEqual([16 / 3, 5.5]);
    expect(Array.from(s.peakEnd)).toEqual([5, 4]);
    expect(Array.from(s.peakEndMinusMean)).toEqual([5 - 16 / 3, -1.5]);
    const best = peakEndScores(events, { customer: 'who', time: 't', rating: 'r', scale: [1, 9], peak: 'best', weights: { peak: 1, end: 3 } });
    expect(Array.from(best.peakEnd)).toEqual([8, 0.25 * 7 + 0.75 * 5]);
  });

  it('matches the generating process on synthetic journeys, whatever the row order', () => {
    const { rows, truth } = syntheticJourneys(500, 11);
    const s = peakEndScores(rows, { customer: 'customer', order: 'step', rating: 'rating', scale: [1, 10] });
    truth.forEach((t, q) => {
      expect(s.peak[q]).toBe(t.peak);
      expect(s.end[q]).toBe(t.end);
      expect(s.mean[q]).toBeCloseTo(t.mean, 12);
    });
  });

  it('separates several journeys of one customer, and refuses off-scale ratings and a missing order', () => {
    const events = { c: [1, 1, 1, 1], j: ['x', 'x', 'y', 'y'], o: [1, 2, 1, 2], r: [3, 4, 5, 1] };
    const s = peakEndScores(events, { customer: 'c', journey: 'j', order: 'o', rating: 'r', scale: [1, 5] });
    expect(s.journey).toEqual(['x', 'y']);
    expect(Array.from(s.end)).toEqual([4, 1]);
    expect(caught(() => peakEndScores(events, { customer: 'c', order: 'o', rating: 'r', scale: [1, 4] })).message).toContain(
      'row 2, column "r": expected a rating on the 1–4 scale, got 5',
    );
    expect(caught(() => peakEndScores(events, { customer: 'c', rating: 'r', scale: [1, 5] })).message).toContain('either order');
  });
});

describe('endEffect(journeys, overall)', () => {
  it('finds the end and the peak, not the mean, driving remembered satisfaction', () => {
    const { rows, truth } = syntheticJourneys(2000, 5);
    const s = peakEndScores(rows, { customer: 'customer', order: 'step', rating: 'rating', scale: [1, 10] });
    const effect = endEffect(
      s,
      truth.map((t) => t.overall),
    );
    expect(effect.r2).toBeGreaterThan(0.99);
    expect(Math.abs(effect.coefficients.mean)).toBeLessThan(0.05);
    expect(effect.coefficients.end).toBeGreaterThan(0.4);
    expect(effect.coefficients.peak).toBeGreaterThan(0.4);
    expect(effect.correlations.peakEnd).toBeGreaterThan(effect.correlations.mean);
  });

  it('refuses mismatched input and one-moment journeys (peak = end = mean)', () => {
    const s = peakEndScores({ c: [1, 2, 3, 4, 5], o: [1, 1, 1, 1, 1], r: [1, 2, 3, 4, 5] }, { customer: 'c', order: 'o', rating: 'r', scale: [1, 5] });
    expect(caught(() => endEffect(s, [1, 2])).message).toContain('one overall rating per journey');
    expect(caught(() => endEffect(s, [1, 2, 3, 4, 5])).message).toContain('collinear');
  });
});

describe('touchpointSummary(events, spec, options)', () => {
  it('ranks delivery, the touchpoint that goes bad, as the one to fix first', () => {
    const { rows } = syntheticJourneys(1000, 3);
    const summary = touchpointSummary(
      rows,
      { customer: 'customer', order: 'step', touchpoint: 'touchpoint', stage: 'stage', rating: 'rating', scale: [1, 10] },
      { overall: 'overall' },
    );
    expect(summary.touchpoints[0].name).toBe('delivery');
    expect(summary.touchpoints[0].overallDrop!).toBeLessThan(-1);
    expect(summary.stages[0].name).toBe('service');
    const total = summary.touchpoints.reduce((a, t) => a + t.ratings, 0);
    expect(total).toBe(rows.length);
    expect(summary.touchpoints.reduce((a, t) => a + t.endCount, 0)).toBe(1000);
    expect(summary.touchpoints.reduce((a, t) => a + t.peakCount, 0)).toBe(1000);
  });

  it('refuses an overall rating that changes within a journey', () => {
    const events = { c: [1, 1], o: [1, 2], tp: ['a', 'b'], r: [3, 4], all: [4, 5] };
    const error = caught(() => touchpointSummary(events, { customer: 'c', order: 'o', touchpoint: 'tp', rating: 'r', scale: [1, 5] }, { overall: 'all' }));
    expect(error.message).toContain('differs within a journey');
  });
});

describe('peakEndScores: exact ties', () => {
  it('gives a flat journey a peak-end score equal to its rating and peakEndMinusMean exactly 0, for any weights', () => {
    // Before: 0.3·3 + 0.7·3 = 2.9999999999999996 and a mean of 0.1, 0.1, 0.1 of 0.10000000000000002.
    const events = { c: ['a', 'a', 'a', 'b', 'b', 'b'], t: [1, 2, 3, 1, 2, 3], r: [3, 3, 3, 0.1, 0.1, 0.1] };
    const scores = peakEndScores(events, { customer: 'c', order: 't', rating: 'r', scale: [0, 10], weights: { peak: 0.3, end: 0.7 } });
    expect(Array.from(scores.peakEnd)).toEqual([3, 0.1]);
    expect(Array.from(scores.mean)).toEqual([3, 0.1]);
    expect(Array.from(scores.peakEndMinusMean)).toEqual([0, 0]);
  });

  it('gives equal ratings in a different order the same mean', () => {
    const events = { c: ['a', 'a', 'a', 'b', 'b', 'b'], t: [1, 2, 3, 1, 2, 3], r: [0.1, 0.2, 0.3, 0.3, 0.2, 0.1] };
    const scores = peakEndScores(events, { customer: 'c', order: 't', rating: 'r', scale: [0, 10] });
    expect(scores.mean[0]).toBe(scores.mean[1]);
  });

  it('refuses event times in no ISO 8601 / PostgreSQL form instead of guessing (01/02/2024 is not read as 2 January)', () => {
    const events = { who: ['a', 'a', 'a'], t: ['2024-05-01 10:00:00+02', '01/02/2024', 'May 3 2024'], r: [2, 6, 8] };
    let error: unknown;
    try {
      peakEndScores(events, { customer: 'who', time: 't', rating: 'r', scale: [1, 9] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CustomerValueError);
    const issues = (error as CustomerValueError).issues;
    expect(issues.map((i) => [i.row, i.column, i.received])).toEqual([
      [1, 't', '"01/02/2024"'],
      [2, 't', '"May 3 2024"'],
    ]);
    expect(issues[0].hint).toMatch(/ISO 8601/);
  });
});
