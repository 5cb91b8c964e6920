import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha, fitSatisfactionIndex, fromSurveyJs, netPromoterScore } from '../../src/index.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// A customer-satisfaction form as SurveyJS Creator writes it (ratings on 1–5 and 1–7, a matrix in
// a panel, an NPS question, a yes/no question, a conditional question, a comment, a text
// dropdown, a display element) and eight results with missing, declined and stray answers. The
// expected columns below are read off the results file by hand.
const form = readFixtureJson<Record<string, unknown>>('satisfaction/surveyjs_csat_form.json');
const results = readFixtureJson<Record<string, unknown>[]>('satisfaction/surveyjs_csat_results.json');
const N = Number.NaN;

describe('fromSurveyJs on a customer-satisfaction form', () => {
  const survey = fromSurveyJs(form, results, { reverse: ['wait_too_long'] });

  it('maps ratings, matrix rows and numeric choices to item columns, missing answers as NaN', () => {
    expect(survey.n).toBe(8);
    expect(survey.items).toEqual([
      'overall',
      'quality.staff',
      'quality.speed',
      'quality.accuracy',
      'value_for_money',
      'expectations',
      'wait_too_long',
      'support',
      'repurchase',
    ]);
    const column = (name: string) => Array.from(survey.columns[name]);
    expect(column('overall')).toEqual([5, 4, 2, 3, 5, 1, 4, 3]);
    expect(column('quality.staff')).toEqual([5, 4, 3, 4, 5, 2, N, 3]);
    expect(column('quality.speed')).toEqual([4, 3, 1, N, 5, 2, N, 3]);
    expect(column('quality.accuracy')).toEqual([5, 4, 2, 3, 4, 1, N, 3]);
    // "4" is read as 4 (SurveyJS compares loosely); null is no answer
    expect(column('value_for_money')).toEqual([6, 5, 2, 4, 7, 1, N, 4]);
    expect(column('expectations')).toEqual([6, 4, 2, 3, 7, 1, 5, 4]);
    // reverse-coded on its own 1–5 scale: 1 + 5 − x
    expect(column('wait_too_long')).toEqual([5, 4, 1, 2, 5, 1, 3, 3]);
    // shown only to those who contacted support
    expect(column('support')).toEqual([5, N, 1, N, N, 2, N, N]);
    // "don't know" is no answer
    expect(column('repurchase')).toEqual([5, 4, N, 3, 5, 1, 4, 3]);
    expect(column('contacted_support')).toEqual([1, 0, 1, N, 0, 1, 0, N]);
  });

  it('reads each scale from the form: stars 1–5, rateCount 7, rateValues 1–7, smileys 1–5, choices 1–5', () => {
    expect(survey.scales).toEqual({
      overall: [1, 5],
      'quality.staff': [1, 5],
      'quality.speed': [1, 5],
      'quality.accuracy': [1, 5],
      value_for_money: [1, 7],
      expectations: [1, 7],
      wait_too_long: [1, 5],
      support: [1, 5],
      repurchase: [1, 5],
      likelihood_to_recommend: [0, 10],
      contacted_support: [0, 1],
    });
    expect(survey.scale).toBeNull();
  });

  it('finds the NPS question by its name and scores it as netPromoterScore does', () => {
    expect(survey.nps?.column).toBe('likelihood_to_recommend');
    expect(survey.nps?.detectedBy).toBe('name');
    // 10, 9, 9, 9 promoters; 3, 6, 0 detractors; 7 passive: 100·(4 − 3)/8
    expect(survey.nps?.result?.score).toBe(12.5);
    expect(survey.nps?.result).toEqual(netPromoterScore([10, 9, 3, 6, 9, 0, 7, 9]));
    expect(survey.items).not.toContain('likelihood_to_recommend');
  });

  it('reports what was mapped, skipped and left unread', () => {
    const mapped = Object.fromEntries(survey.report.mapped.map((c) => [c.source, c]));
    expect(mapped['quality.speed']).toMatchObject({
      question: 'quality',
      row: 'speed',
      title: 'Speed of delivery',
      role: 'item',
      panels: ['service'],
      answered: 6,
      missing: 2,
    });
    expect(mapped.support).toMatchObject({ role: 'item', conditional: true, answered: 3 });
    expect(mapped.repurchase).toMatchObject({ declined: 1, missing: 1 });
    expect(mapped.wait_too_long.reversed).toBe(true);
    expect(mapped.value_for_money.title).toBe('Value for money');
    expect(mapped.contacted_support.role).toBe('boolean');
    expect(mapped.likelihood_to_recommend.role).toBe('nps');
    expect(survey.report.skipped.map((s) => [s.question, s.type])).toEqual([
      ['channel', 'dropdown'],
      ['improve', 'comment'],
    ]);
    expect(survey.report.skipped[0].reason).toContain('"web"');
    expect(survey.report.unknownKeys).toEqual(['utm_source', 'quality.packaging']);
    expect(survey.report.notes.join(' ')).toContain('support is shown only under a condition');
    expect(survey.blocks).toEqual([
      { name: 'quality', kind: 'matrix', items: ['quality.staff', 'quality.speed', 'quality.accuracy'] },
      { name: 'service', kind: 'panel', items: ['quality.staff', 'quality.speed', 'quality.accuracy', 'value_for_money', 'expectations', 'wait_too_long'] },
    ]);
  });

  it('gives columns the statistics read with missing: skip (listwise), equal to the complete rows typed by hand', () => {
    const items = ['quality.staff', 'quality.speed', 'quality.accuracy'];
    const complete = { a: [5, 4, 3, 5, 2, 3], b: [4, 3, 1, 5, 2, 3], c: [5, 4, 2, 4, 1, 3] };
    const fromForm = cronbachAlpha(survey.columns, items, { missing: 'skip' });
    const byHand = cronbachAlpha(complete, ['a', 'b', 'c']);
    expect(fromForm.alpha).toBe(byHand.alpha);
    expect([fromForm.n, fromForm.skipped]).toEqual([6, 2]);
    expect(() => cronbachAlpha(survey.columns, items)).toThrow(/missing/);
    const index = fitSatisfactionIndex(survey.columns, { items, scale: [1, 5], missing: 'skip' });
    expect(index.fitted.n).toBe(6);
  });
});

describe('fromSurveyJs options', () => {
  it('selects, orders and renames items; a matrix name stands for its rows', () => {
    const survey = fromSurveyJs(form, results, { items: ['expectations', 'quality'], rename: { 'quality.staff': 'staff', expectations: 'expect' } });
    expect(survey.items).toEqual(['expect', 'staff', 'quality.speed', 'quality.accuracy']);
    expect(Object.keys(survey.columns).sort()).toEqual([
      'contacted_support',
      'expect',
      'likelihood_to_recommend',
      'quality.accuracy',
      'quality.speed',
      'staff',
    ]);
    expect(survey.report.mapped.find((c) => c.source === 'overall')?.role).toBe('not selected');
    expect(survey.scale).toBeNull();
    expect(fromSurveyJs(form, results, { items: ['quality'] }).scale).toEqual([1, 5]);
  });

  it('reverses every row of a matrix named in reverse', () => {
    const survey = fromSurveyJs(form, results, { reverse: ['quality'] });
    expect(Array.from(survey.columns['quality.staff'])).toEqual([1, 2, 3, 2, 1, 4, N, 3]);
  });

  it('takes the NPS question named in options, or none with nps: false', () => {
    const asItem = fromSurveyJs(form, results, { nps: false });
    expect(asItem.nps).toBeNull();
    expect(asItem.items).toContain('likelihood_to_recommend');
    const named = fromSurveyJs(form, results, { nps: 'likelihood_to_recommend' });
    expect(named.nps?.detectedBy).toBe('option');
    const error = caught(() => fromSurveyJs(form, results, { nps: 'overall' }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0]).toMatchObject({ path: 'options.nps', received: '"overall" on 1–5' });
  });

  it('detects NPS by title, by scale alone, and takes none when two 0–10 questions could be it', () => {
    const q = (name: string, title?: string) => ({ type: 'rating', name, rateMin: 0, rateMax: 10, ...(title ? { title } : {}) });
    const base = { type: 'rating', name: 'a' };
    const answers = [{ a: 1, b: 2, x: 10, y: 0 }];
    expect(fromSurveyJs({ elements: [base, { ...base, name: 'b' }, q('x', 'Would you recommend us?')] }, answers).nps?.detectedBy).toBe('title');
    expect(fromSurveyJs({ elements: [base, { ...base, name: 'b' }, q('x')] }, answers).nps?.detectedBy).toBe('scale');
    const two = fromSurveyJs({ elements: [base, { ...base, name: 'b' }, q('x'), q('y')] }, answers);
    expect(two.nps).toBeNull();
    expect(two.items).toEqual(['a', 'b', 'x', 'y']);
    expect(two.report.notes[0]).toContain('several 0–10 questions could be the NPS question (x, y)');
  });

  it('names every option that matches no scored question, with the hint of what exists', () => {
    const error = caught(() => fromSurveyJs(form, results, { items: ['overal', 'improve'], reverse: ['quality.sped'], rename: { nope: 'x' } }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(['options.items.0', 'options.items.1', 'options.reverse.0', 'options.rename.nope']);
    expect(error.issues[0].hint).toContain('overall, quality.staff');
    expect(error.issues[1].hint).toContain('"improve" is a comment question, not scored');
    expect(caught(() => fromSurveyJs(form, results, { reverse: ['likelihood_to_recommend'] })).issues[0].hint).toContain('NPS');
    expect(caught(() => fromSurveyJs(form, results, { reverse: ['contacted_support'] })).issues[0].hint).toContain('yes/no');
    expect(caught(() => fromSurveyJs(form, results, { rename: { overall: 'support' } })).message).toContain('distinct column names after renaming');
    expect(caught(() => fromSurveyJs(form, results, { items: ['quality', 'quality.staff'] })).message).toContain('each item once');
    expect(caught(() => fromSurveyJs(form, results, { bogus: 1 } as never)).message).toContain('bogus');
  });

  it('refuses to reverse an item whose listed answers are not symmetric (1, 2, 4: min + max − 2 = 3 is no answer)', () => {
    const uneven = { elements: [{ type: 'rating', name: 'effort', rateValues: [1, 2, 4] }] };
    const error = caught(() => fromSurveyJs(uneven, [{ effort: 2 }, { effort: 4 }], { reverse: ['effort'] }));
    expect(error.issues[0]).toMatchObject({ path: 'options.reverse.0', received: '"effort" (one of 1, 2, 4)' });
    // a symmetric list reverses as before
    const even = { elements: [{ type: 'rating', name: 'effort', rateValues: [1, 3, 5] }] };
    expect([...fromSurveyJs(even, [{ effort: 1 }, { effort: 3 }], { reverse: ['effort'] }).columns.effort]).toEqual([5, 3]);
  });
});

describe('fromSurveyJs scales as survey-core generates them', () => {
  const one = (question: Record<string, unknown>, answers: unknown[]) =>
    fromSurveyJs(
      {
        pages: [
          {
            elements: [
              { name: 'q', ...question },
              { type: 'rating', name: 'other' },
            ],
          },
        ],
      },
      answers.map((q) => ({ q })),
    );
  it('defaults to 1–5; rateCount fixes the missing end; rateStep makes a grid', () => {
    expect(one({ type: 'rating' }, [1]).scales.q).toEqual([1, 5]);
    expect(one({ type: 'rating', rateCount: 10 }, [1]).scales.q).toEqual([1, 10]);
    expect(one({ type: 'rating', rateMax: 10, rateCount: 4, rateStep: 3 }, [1]).scales.q).toEqual([1, 10]);
    expect(Array.from(one({ type: 'rating', rateMin: 0, rateMax: 2, rateStep: 0.5 }, [1.5, '0.5']).columns.q)).toEqual([1.5, 0.5]);
    expect(caught(() => one({ type: 'rating', rateMin: 0, rateMax: 2, rateStep: 0.5 }, [1.25])).issues[0].expected).toContain('in steps of 0.5');
  });
  it('reads listed rateValues (numbers or numeric strings) unless autoGenerate is true', () => {
    expect(one({ type: 'rating', rateValues: ['1', '2', '3', '4'] }, ['2', 4]).scales.q).toEqual([1, 4]);
    expect(one({ type: 'rating', rateValues: [3, 6, 10] }, [6]).scales.q).toEqual([3, 10]);
    expect(caught(() => one({ type: 'rating', rateValues: [3, 6, 10] }, [5])).issues[0]).toMatchObject({
      column: 'q',
      row: 0,
      received: '5',
      expected: expect.stringContaining('one of 3, 6, 10'),
    });
    expect(one({ type: 'rating', autoGenerate: true, rateValues: [3, 6, 10], rateMax: 7 }, [5]).scales.q).toEqual([1, 7]);
    expect(one({ type: 'rating', rateValues: ['bad', 'good'] }, ['good']).report.skipped[0].reason).toContain('not all numbers');
  });
  it('generates dropdown choices from choicesMin/choicesMax; skips choices loaded from a URL', () => {
    expect(one({ type: 'dropdown', choicesMin: 0, choicesMax: 4 }, [0]).scales.q).toEqual([0, 4]);
    expect(one({ type: 'dropdown', choicesByUrl: { url: 'https://example.com' } }, [1]).report.skipped[0].reason).toContain('URL');
  });
  it('reads custom boolean values, valueName, top-level elements, the older "questions" key and nested panels', () => {
    const survey = fromSurveyJs(
      {
        questions: [
          { type: 'boolean', name: 'yes', valueTrue: 'Y', valueFalse: 'N' },
          {
            type: 'panel',
            name: 'outer',
            questions: [
              {
                type: 'panel',
                name: 'inner',
                elements: [
                  { type: 'rating', name: 'a', valueName: 'stored_a' },
                  { type: 'rating', name: 'b' },
                ],
              },
            ],
          },
        ],
      },
      [
        { yes: 'Y', stored_a: 2, b: 3 },
        { yes: 'N', stored_a: 4 },
      ],
    );
    expect(Array.from(survey.columns.yes)).toEqual([1, 0]);
    expect(Array.from(survey.columns.a)).toEqual([2, 4]);
    expect(survey.blocks.map((b) => b.name)).toEqual(['outer', 'inner']);
    expect(survey.report.mapped.find((c) => c.source === 'a')?.panels).toEqual(['outer', 'inner']);
  });
  it('skips checkbox matrices, text matrices and other types, naming why', () => {
    const survey = fromSurveyJs(
      {
        elements: [
          { type: 'rating', name: 'a' },
          { type: 'matrix', name: 'm1', cellType: 'checkbox', columns: [1, 2], rows: ['r'] },
          { type: 'matrix', name: 'm2', columns: ['Column 1', 'Column 2'], rows: ['r'] },
          { type: 'checkbox', name: 'c', choices: [1, 2] },
          { type: 'text', name: 't' },
        ],
      },
      [{ a: 1, m1: { r: [1] }, m2: { r: 'Column 1' }, c: [1], t: 'x' }],
    );
    expect(survey.report.skipped.map((s) => s.question)).toEqual(['m1', 'm2', 'c', 't']);
    expect(survey.report.skipped[1].reason).toContain('column values are not numbers ("Column 1")');
    expect(survey.report.skipped[2].reason).toContain('"checkbox" is not read');
  });
});

describe('fromSurveyJs refuses bad input, naming it', () => {
  it('answers off the scale: every one named by question, result row and value', () => {
    const bad = structuredClone(results);
    bad[2].overall = 6;
    bad[4].quality = { staff: 0, speed: 5, accuracy: 4 };
    bad[5].expectations = 2.5;
    bad[6].contacted_support = 'maybe';
    bad[7].quality = 4;
    const error = caught(() => fromSurveyJs(form, bad));
    expect(error.code).toBe('invalid_value');
    expect(error.issues.map((i: { column: string; row: number; received: string }) => [i.column, i.row, i.received])).toEqual([
      ['overall', 2, '6'],
      ['quality.staff', 4, '0'],
      ['expectations', 5, '2.5'],
      ['contacted_support', 6, '"maybe"'],
      ['quality', 7, '4'],
    ]);
    expect(error.issues[0].expected).toContain('a whole number from 1 to 5 (the scale of question "overall" in the form)');
    expect(error.message).toContain('5 of 8 rows have invalid values');
  });

  it('results that are not an array of objects, or none', () => {
    expect(caught(() => fromSurveyJs(form, { overall: 5 } as never)).issues[0]).toMatchObject({ path: 'results', received: 'an object' });
    const rows = caught(() => fromSurveyJs(form, [{ overall: 5 }, 'x', null]));
    expect(rows.issues.map((i: { row: number }) => i.row)).toEqual([1, 2]);
    expect(caught(() => fromSurveyJs(form, [])).code).toBe('too_few_rows');
  });

  it('a form that is not a SurveyJS form, has bad elements, duplicate names, or no scored question', () => {
    expect(caught(() => fromSurveyJs('form.json', results)).issues[0].path).toBe('form');
    expect(caught(() => fromSurveyJs({ title: 'x' }, results)).issues[0].expected).toContain('pages');
    const elements = caught(() => fromSurveyJs({ pages: [{ elements: [{ name: 'a' }, { type: 'rating' }, 3] }] }, results));
    expect(elements.issues.map((i: { path: string }) => i.path)).toEqual([
      'form.pages.0.elements.0.type',
      'form.pages.0.elements.1.name',
      'form.pages.0.elements.2',
    ]);
    expect(
      caught(() =>
        fromSurveyJs(
          {
            elements: [
              { type: 'rating', name: 'a' },
              { type: 'rating', name: 'a' },
            ],
          },
          results,
        ),
      ).issues[0].path,
    ).toBe('form.elements.1.name');
    const none = caught(() => fromSurveyJs({ elements: [{ type: 'comment', name: 'c' }] }, [{ c: 'x' }]));
    expect(none.code).toBe('invalid_spec');
    expect(none.issues[0]).toMatchObject({ path: 'form', received: '1 questions: comment' });
    const npsOnly = caught(() => fromSurveyJs({ elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] }, [{ nps: 3 }]));
    expect(npsOnly.issues[0].hint).toContain('nps to false');
  });
});

describe('fromSurveyJs round-trips ecsi_mobi through a SurveyJS form', () => {
  const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
  const names = Object.keys(mobi);
  const n = mobi[names[0]].length;
  // the 24 items answered on 1–10, written as SurveyJS would hold them in five different ways
  const ratingShapes: ((name: string) => Record<string, unknown>)[] = [
    (name) => ({ type: 'rating', name, rateMax: 10 }),
    (name) => ({ type: 'rating', name, rateMin: 1, rateCount: 10 }),
    (name) => ({ type: 'rating', name, rateValues: Array.from({ length: 10 }, (_, i) => ({ value: i + 1, text: `${i + 1}` })) }),
    (name) => ({ type: 'dropdown', name, choicesMin: 1, choicesMax: 10 }),
    (name) => ({ type: 'radiogroup', name, choices: Array.from({ length: 10 }, (_, i) => String(i + 1)) }),
  ];

  it('gives back the same item columns, whatever the question shapes, matrices, panels and missing answers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: names.length, maxLength: names.length }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: names.length - 1 })), { maxLength: 40 }),
        fc.boolean(),
        (shapes, holes, asText) => {
          // shape 5 puts the item in its construct's matrix (prefix, e.g. PERQ), 6 in its construct's panel
          const elements: Record<string, unknown>[] = [];
          const matrices = new Map<string, Record<string, unknown>>();
          const panels = new Map<string, Record<string, unknown>[]>();
          const source: string[] = [];
          names.forEach((name, j) => {
            const construct = name.slice(0, 4);
            if (shapes[j] === 5) {
              let matrix = matrices.get(construct);
              if (!matrix) {
                matrix = { type: 'matrix', name: construct.toLowerCase(), columns: Array.from({ length: 10 }, (_, i) => i + 1), rows: [] as string[] };
                matrices.set(construct, matrix);
                elements.push(matrix);
              }
              (matrix.rows as string[]).push(name);
              source.push(`${construct.toLowerCase()}.${name}`);
            } else {
              const question = ratingShapes[shapes[j] % 5](name);
              if (shapes[j] === 6) {
                let panel = panels.get(construct);
                if (!panel) {
                  panel = [];
                  panels.set(construct, panel);
                  elements.push({ type: 'panel', name: `${construct} panel`, elements: panel });
                }
                panel.push(question);
              } else elements.push(question);
              source.push(name);
            }
          });
          const missing = new Set(holes.map(([i, j]) => `${i}:${j}`));
          const results = Array.from({ length: n }, (_, i) => {
            const row: Record<string, unknown> = {};
            names.forEach((name, j) => {
              if (missing.has(`${i}:${j}`)) return;
              const value = asText ? String(mobi[name][i]) : mobi[name][i];
              const at = source[j].indexOf('.');
              if (at < 0) row[name] = value;
              else ((row[source[j].slice(0, at)] ??= {}) as Record<string, unknown>)[name] = value;
            });
            return row;
          });
          const rename = Object.fromEntries(source.map((s, j) => [s, names[j]]).filter(([s, name]) => s !== name));
          const survey = fromSurveyJs({ pages: [{ name: 'mobi', elements }] }, results, { nps: false, rename });
          expect(survey.items).toEqual(elementOrder(elements, source, names));
          expect(survey.scale).toEqual([1, 10]);
          for (const [j, name] of names.entries()) {
            const expected = Array.from(mobi[name], (v, i) => (missing.has(`${i}:${j}`) ? Number.NaN : v));
            expect(Array.from(survey.columns[name])).toEqual(expected);
          }
        },
      ),
      { numRuns: 40, seed: 20261201 },
    );
  });
});

/** The item names in the order the form lists them (a matrix's rows where the matrix is, a panel's questions where the panel is). */
function elementOrder(elements: readonly Record<string, unknown>[], source: readonly string[], names: readonly string[]): string[] {
  const nameOf = (s: string) => names[source.indexOf(s)];
  return elements.flatMap((e) => {
    if (e.type === 'matrix') return (e.rows as string[]).map((row) => nameOf(`${e.name as string}.${row}`));
    if (e.type === 'panel') return (e.elements as Record<string, unknown>[]).map((q) => nameOf(q.name as string));
    return [nameOf(e.name as string)];
  });
}
