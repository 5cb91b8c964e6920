import * as z from 'zod/mini';
import { CustomerValueError, describeValue, type CustomerValueIssue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { parseSpec } from '../internal/parseSpec.js';
import { formQuestions, numericValue, onScale, type AnswerScale, type FormQuestion } from '../internal/surveyJsForm.js';
import { netPromoterScore, type NetPromoterScoreResult } from '../loyalty/netPromoterScore.js';

const FN = 'fromSurveyJs';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const nonEmptyName = () => z.string().check(z.minLength(1));
const nameList = z.array(nonEmptyName()).check(z.refine((names) => new Set(names).size === names.length, 'distinct names'));
const optionsSchema = z.strictObject({
  items: z.optional(nameList.check(z.minLength(1))),
  rename: z.optional(z.record(z.string().check(z.minLength(1, 'a question name of the form (not empty)')), nonEmptyName())),
  reverse: z._default(nameList, []),
  nps: z.optional(z.union([nonEmptyName(), z.literal(false)], { error: 'the NPS question: its name, or false for none' })),
});

/** Options of `fromSurveyJs`. Every name is a name of the form: a question's `name`, or `question.row` for a matrix row. */
export interface FromSurveyJsOptions {
  /** The items, in this order (default: every scored question and matrix row, in form order, except the NPS question and booleans). A matrix's name stands for all its rows. */
  readonly items?: readonly string[];
  /** New column names: `{ 'quality.staff': 'staff' }`. */
  readonly rename?: Readonly<Record<string, string>>;
  /** Reverse-coded items: each answer x becomes `min + max − x` on the item's own scale. A matrix's name stands for all its rows. */
  readonly reverse?: readonly string[];
  /** The NPS question's name, or `false` for none (default: detected, see `fromSurveyJs`). */
  readonly nps?: string | false;
}

/** One numeric column read from the results, and where it came from. */
export interface SurveyJsColumn {
  /** The column's name in `columns` (after `rename`). */
  readonly name: string;
  /** Its name in the form: the question's name, or `question.row` for a matrix row. */
  readonly source: string;
  readonly question: string;
  /** The matrix row's value, or null. */
  readonly row: string | null;
  /** The SurveyJS question type. */
  readonly type: string;
  /** The question's title (the row's text for a matrix row), or null. */
  readonly title: string | null;
  /** `item` (in `items`), `nps`, `boolean` (0/1), or `not selected` (left out by `options.items`; not in `columns`). */
  readonly role: 'item' | 'nps' | 'boolean' | 'not selected';
  /** `[min, max]` from the form (rating rateMin/rateMax or rateValues, the choice or matrix column values; [0, 1] for a boolean). */
  readonly scale: readonly [number, number];
  /** Reverse-coded by `options.reverse`. */
  readonly reversed: boolean;
  /** Shown only under a condition (`visibleIf`, or `visible: false`, on it or a panel or page around it): missing answers are expected. */
  readonly conditional: boolean;
  /** The panels it sits in, outermost first. */
  readonly panels: readonly string[];
  /** Respondents with an answer, and without one (declined answers included). */
  readonly answered: number;
  readonly missing: number;
  /** Answers that chose a "none", "other", "refused" or "don't know" item: kept as missing. */
  readonly declined: number;
}

/** A question of the form that gives no column, and why. */
export interface SurveyJsSkipped {
  readonly question: string;
  readonly type: string;
  readonly reason: string;
}

/** What `fromSurveyJs` read. */
export interface SurveyJsItems {
  /** Numeric columns, one value per result in the results' order, NaN where there is no answer: the items, the NPS question and the booleans. */
  readonly columns: Readonly<Record<string, Float64Array>>;
  /** The item columns, in order: pass them with `columns` to `cronbachAlpha`, `fitSatisfactionIndex` or a PLS spec. */
  readonly items: readonly string[];
  /** `[min, max]` of each column in `columns`. */
  readonly scales: Readonly<Record<string, readonly [number, number]>>;
  /** The items' scale when they all share one, else null (rescale, or fit blocks on one scale). */
  readonly scale: readonly [number, number] | null;
  /** Item blocks the form declares: a matrix's rows, a panel's items (with at least two items). */
  readonly blocks: readonly { readonly name: string; readonly kind: 'matrix' | 'panel'; readonly items: readonly string[] }[];
  /** The NPS question (its column in `columns`), how it was found, and its score (null when nobody answered), or null. */
  readonly nps: {
    readonly column: string;
    readonly question: string;
    readonly detectedBy: 'option' | 'name' | 'title' | 'scale';
    readonly result: NetPromoterScoreResult | null;
  } | null;
  /** Results read. */
  readonly n: number;
  /** What was mapped and what was not. */
  readonly report: {
    readonly mapped: readonly SurveyJsColumn[];
    /** Comments and text (kept out of the items), unsupported types, questions without numeric values. */
    readonly skipped: readonly SurveyJsSkipped[];
    /** Keys of the results that no question of the form names (a question removed from the form, a calculated value…), and matrix rows the form does not list. */
    readonly unknownKeys: readonly string[];
    /** Decisions worth a look (an ambiguous NPS question, conditional items…). */
    readonly notes: readonly string[];
  };
}

const NPS_WORDS = /\bnps\b|net.?promoter|recommend/i;

/** A column being built: its form question, row and scale. */
interface Draft {
  readonly source: string;
  readonly question: FormQuestion;
  readonly row: string | null;
  readonly title: string | null;
  readonly scale: AnswerScale | null;
  readonly values: Float64Array;
  declined: number;
}

/**
 * Read a SurveyJS survey — its form JSON (survey-core's `pages` → `elements`, panels nested) and
 * the result objects it collected (`survey.data`, one per respondent) — into numeric item
 * columns with their scales from the form, ready for `cronbachAlpha`, `fitSatisfactionIndex` or
 * `fitPlsPathModel` (with `missing: 'skip'`). No SurveyJS runtime is needed: it reads plain JSON.
 *
 * How questions are read:
 * - `rating`: its rate values — `rateValues` when listed (numbers, or numeric `value`s), else
 *   generated as survey-core does from `rateMin` (default 1), `rateMax` (default 5), `rateStep`
 *   (default 1) and `rateCount` (which fixes the missing end); `rateType` and `displayMode` only
 *   change the look.
 * - `matrix` (single-select): one item per row, named `question.row`, on the column values
 *   (numbers); the answer is `{ row: column value }`.
 * - `radiogroup`, `dropdown`: when every choice value is a number (or `choicesMin`/`choicesMax`
 *   generate them). Choosing a "none", "other", "refused" or "don't know" item is no answer.
 * - `boolean`: a 0/1 column (`valueTrue` → 1, `valueFalse` → 0), not an item by default.
 * - `comment`, `text`, `multipletext` and unsupported types (checkbox, ranking, dynamic
 *   panels and matrices…) are reported in `report.skipped`; display elements are ignored.
 * - NPS: with `options.nps` unset, the one 0–10 question whose name or title says NPS,
 *   "net promoter" or "recommend", or else the only 0–10 question, is the NPS question: kept out
 *   of the items (its column and `netPromoterScore` are in `nps`). With several candidates none is
 *   taken (a note says so): set `options.nps`. `nps: false` keeps a 0–10 question an item.
 *
 * Missing answers — skipped questions, questions hidden by `visibleIf` (reported as
 * `conditional`), declined items — are NaN, never 0; the statistics read NaN as missing
 * (`missing: 'skip'` drops the respondent). Answers a result gives a question whose value is not
 * on its scale are errors, never kept or clipped. Numeric strings (`"4"`) are read as numbers, as
 * SurveyJS compares them.
 *
 * @param form The SurveyJS form JSON (parsed).
 * @param results The result objects: an array of `survey.data`.
 * @param options `items`, `rename`, `reverse`, `nps` (see `FromSurveyJsOptions`); names are the form's.
 * @throws {CustomerValueError} `invalid_spec` for a form that is not a SurveyJS form, one without any scored question, or an option naming no question of the form; `invalid_value` for results that are not an array of objects, or an answer off its question's scale (naming the question, the result row and the value); `too_few_rows` for no results.
 * @example
 * const form = {
 *   pages: [{ elements: [
 *     { type: 'rating', name: 'overall', rateMax: 7 },
 *     { type: 'matrix', name: 'quality', columns: [1, 2, 3, 4, 5], rows: ['staff', 'speed'] },
 *     { type: 'rating', name: 'recommend', rateMin: 0, rateMax: 10 },
 *     { type: 'comment', name: 'why' },
 *   ] }],
 * };
 * const results = [
 *   { overall: 6, quality: { staff: 4, speed: 5 }, recommend: 9, why: 'quick' },
 *   { overall: 3, quality: { staff: 2 }, recommend: 4 },
 * ];
 * const survey = fromSurveyJs(form, results, { reverse: ['quality.speed'] });
 * survey.items; // => ['overall', 'quality.staff', 'quality.speed']
 * Array.from(survey.columns['quality.speed']); // => [1, NaN]
 * survey.scales.overall; // => [1, 7]
 * survey.nps.result.score; // => 0
 * survey.report.skipped.map((s) => s.question); // => ['why']
 */
export function fromSurveyJs(form: unknown, results: readonly unknown[], options: FromSurveyJsOptions = {}): SurveyJsItems {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const { questions } = formQuestions(form, FN);
  const rows = readResults(results);
  const n = rows.length;

  // the columns the form defines, and what it skips
  const drafts: Draft[] = [];
  const skipped: SurveyJsSkipped[] = [];
  const matrices = new Map<string, string[]>();
  for (const q of questions) {
    const s = q.scoring;
    if (s.kind === 'text') skipped.push({ question: q.name, type: q.type, reason: 'free text: kept out of the items' });
    else if (s.kind === 'unsupported') skipped.push({ question: q.name, type: q.type, reason: s.reason });
    else if (s.kind === 'matrix') {
      const sources = s.rows.map((row) => `${q.name}.${row.value}`);
      matrices.set(q.name, sources);
      s.rows.forEach((row, r) =>
        drafts.push({
          source: sources[r],
          question: q,
          row: row.value,
          title: row.title,
          scale: s.scale,
          values: new Float64Array(n).fill(Number.NaN),
          declined: 0,
        }),
      );
    } else
      drafts.push({
        source: q.name,
        question: q,
        row: null,
        title: q.title,
        scale: s.kind === 'scale' ? s.scale : null,
        values: new Float64Array(n).fill(Number.NaN),
        declined: 0,
      });
  }
  const bySource = new Map(drafts.map((d) => [d.source, d]));
  if (bySource.size !== drafts.length) {
    const clash = drafts.find((d, i) => drafts.findIndex((e) => e.source === d.source) !== i)!;
    throw new CustomerValueError('invalid_spec', `${FN}: two columns of the form would have the same name`, [
      {
        function: FN,
        path: `form.${clash.question.path.slice('form.'.length)}`,
        expected: 'distinct column names (a question name, or question.row for a matrix row)',
        received: JSON.stringify(clash.source),
        hint: 'rename one of the questions in the form',
      },
    ]);
  }

  const unknownKeys = readAnswers(rows, questions, bySource);
  const notes: string[] = [];

  // names given in the options must name columns (or a matrix: all its rows)
  const issues: CustomerValueIssue[] = [];
  const skippedNames = new Map(skipped.map((s) => [s.question, s]));
  const resolve = (name: string, path: string, allowMatrix: boolean): string[] => {
    if (bySource.has(name)) return [name];
    if (allowMatrix && matrices.has(name)) return matrices.get(name)!;
    const skip = skippedNames.get(name);
    issues.push({
      function: FN,
      path,
      expected: 'a scored question of the form (a question name, or question.row for a matrix row)',
      received: JSON.stringify(name),
      hint: skip
        ? `"${name}" is a ${skip.type} question, not scored: ${skip.reason}`
        : `the form's scored questions are ${[...bySource.keys()].slice(0, 12).join(', ')}${bySource.size > 12 ? ', …' : ''}`,
    });
    return [];
  };

  // the NPS question
  let nps: { draft: Draft; detectedBy: 'option' | 'name' | 'title' | 'scale' } | null = null;
  const isZeroToTen = (d: Draft) =>
    d.row === null &&
    d.scale !== null &&
    d.scale.min === 0 &&
    d.scale.max === 10 &&
    [...Array(11).keys()].every((v) => onScale(d.scale!, v)) &&
    !onScale(d.scale, 0.5);
  if (typeof o.nps === 'string') {
    const [source] = resolve(o.nps, 'options.nps', false);
    if (source !== undefined) {
      const d = bySource.get(source)!;
      if (!isZeroToTen(d))
        issues.push({
          function: FN,
          path: 'options.nps',
          expected: 'a question answered on 0–10 (the NPS scale)',
          received: `"${o.nps}" on ${d.scale ? `${d.scale.min}–${d.scale.max}` : 'yes/no'}`,
          hint: 'name the "how likely are you to recommend" question, or set nps: false',
        });
      else nps = { draft: d, detectedBy: 'option' };
    }
  } else if (o.nps === undefined) {
    const candidates = drafts.filter(isZeroToTen);
    const byName = candidates.filter((d) => NPS_WORDS.test(d.source));
    const byTitle = candidates.filter((d) => !NPS_WORDS.test(d.source) && d.title !== null && NPS_WORDS.test(d.title));
    const named = [...byName, ...byTitle];
    if (named.length === 1) nps = { draft: named[0], detectedBy: byName.length === 1 ? 'name' : 'title' };
    else if (named.length === 0 && candidates.length === 1) nps = { draft: candidates[0], detectedBy: 'scale' };
    else if (candidates.length > 1)
      notes.push(
        `several 0–10 questions could be the NPS question (${(named.length > 1 ? named : candidates).map((d) => d.source).join(', ')}): none was taken; set options.nps to one, or nps: false`,
      );
  }

  // the items
  const itemSources: string[] = [];
  if (o.items) {
    o.items.forEach((name, i) => itemSources.push(...resolve(name, `options.items.${i}`, true)));
  } else {
    for (const d of drafts) if (d.scale !== null && d !== nps?.draft) itemSources.push(d.source);
  }
  const reversed = new Set<string>();
  o.reverse.forEach((name, i) => {
    for (const source of resolve(name, `options.reverse.${i}`, true)) {
      const d = bySource.get(source)!;
      if (d.scale === null || d === nps?.draft)
        issues.push({
          function: FN,
          path: `options.reverse.${i}`,
          expected: 'an item on a rating scale',
          received: JSON.stringify(name),
          hint: d === nps?.draft ? 'the NPS question keeps its 0–10 direction' : 'a yes/no question has no scale to reverse',
        });
      else if (!reversible(d.scale))
        // min + max − x would give answers the question does not allow (listed values 1, 2, 4: 2 → 3)
        issues.push({
          function: FN,
          path: `options.reverse.${i}`,
          expected: 'an item whose allowed answers are symmetric about the middle of its scale, so min + max − x is an answer too',
          received: `${JSON.stringify(name)} (${d.scale.expected})`,
          hint: 'recode this item yourself before the analysis, or leave it out of options.reverse',
        });
      else reversed.add(source);
    }
  });
  const rename = new Map<string, string>();
  for (const [from, to] of Object.entries(o.rename ?? {})) {
    if (resolve(from, `options.rename.${from}`, false).length > 0) rename.set(from, to);
  }
  if (issues.length > 0)
    throw new CustomerValueError('invalid_spec', `${FN}: the options have ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`, issues);
  if (new Set(itemSources).size !== itemSources.length) {
    const twice = itemSources.find((s, i) => itemSources.indexOf(s) !== i)!;
    throw optionsError('options.items', 'each item once (a matrix name stands for all its rows)', JSON.stringify(twice));
  }

  // output names, roles and reverse coding
  const nameOf = (d: Draft) => rename.get(d.source) ?? d.source;
  const inItems = new Set(itemSources);
  const roleOf = (d: Draft): SurveyJsColumn['role'] =>
    inItems.has(d.source) ? 'item' : d === nps?.draft ? 'nps' : d.scale === null ? 'boolean' : 'not selected';
  const kept = drafts.filter((d) => roleOf(d) !== 'not selected');
  const names = kept.map(nameOf);
  if (new Set(names).size !== names.length) {
    const twice = names.find((s, i) => names.indexOf(s) !== i)!;
    throw optionsError('options.rename', 'distinct column names after renaming', JSON.stringify(twice));
  }
  const columns: Record<string, Float64Array> = {};
  const scales: Record<string, readonly [number, number]> = {};
  for (const d of kept) {
    const scale = d.scale === null ? ([0, 1] as const) : ([d.scale.min, d.scale.max] as const);
    if (reversed.has(d.source)) for (let i = 0; i < n; i++) d.values[i] = scale[0] + scale[1] - d.values[i];
    columns[nameOf(d)] = d.values;
    scales[nameOf(d)] = scale;
  }
  const items = itemSources.map((s) => nameOf(bySource.get(s)!));
  if (items.length === 0) {
    throw new CustomerValueError('invalid_spec', `${FN}: the form has no scored question`, [
      {
        function: FN,
        path: 'form',
        expected: 'at least one scored question: a rating, a matrix with numeric column values, a radiogroup or dropdown with numeric choices',
        received: questions.length === 0 ? 'no questions' : `${questions.length} questions: ${[...new Set(questions.map((q) => q.type))].join(', ')}`,
        hint: nps
          ? `the only 0–10 question "${nps.draft.source}" was taken as the NPS question: set options.nps to false to keep it an item`
          : 'fromSurveyJs reads rating, matrix, radiogroup and dropdown questions',
      },
    ]);
  }

  const mapped: SurveyJsColumn[] = drafts.map((d) => {
    let answered = 0;
    for (let i = 0; i < n; i++) if (d.values[i] === d.values[i]) answered++;
    return {
      name: nameOf(d),
      source: d.source,
      question: d.question.name,
      row: d.row,
      type: d.question.type,
      title: d.title,
      role: roleOf(d),
      scale: d.scale === null ? [0, 1] : [d.scale.min, d.scale.max],
      reversed: reversed.has(d.source),
      conditional: d.question.conditional,
      panels: d.question.panels,
      answered,
      missing: n - answered,
      declined: d.declined,
    };
  });
  const conditionalItems = mapped.filter((c) => c.role === 'item' && c.conditional).map((c) => c.name);
  if (conditionalItems.length > 0)
    notes.push(
      `${conditionalItems.join(', ')} ${conditionalItems.length === 1 ? 'is' : 'are'} shown only under a condition (visibleIf): with missing: 'skip' a respondent who did not see ${conditionalItems.length === 1 ? 'it' : 'them'} is dropped from every item`,
    );

  const itemScales = items.map((name) => scales[name]);
  const scale = itemScales.every((s) => s[0] === itemScales[0][0] && s[1] === itemScales[0][1]) ? itemScales[0] : null;
  const blocks: { name: string; kind: 'matrix' | 'panel'; items: string[] }[] = [];
  const blockOf = (name: string, kind: 'matrix' | 'panel', member: (c: SurveyJsColumn) => boolean) => {
    const members = mapped.filter((c) => c.role === 'item' && member(c)).map((c) => c.name);
    if (members.length >= 2) blocks.push({ name, kind, items: items.filter((item) => members.includes(item)) });
  };
  for (const name of matrices.keys()) blockOf(name, 'matrix', (c) => c.question === name && c.row !== null);
  const panelNames = [...new Set(questions.flatMap((q) => q.panels))];
  for (const panel of panelNames) blockOf(panel, 'panel', (c) => c.panels.includes(panel));

  let npsOut: SurveyJsItems['nps'] = null;
  if (nps) {
    const column = nameOf(nps.draft);
    const answered = mapped.find((c) => c.source === nps.draft.source)!.answered;
    npsOut = { column, question: nps.draft.question.name, detectedBy: nps.detectedBy, result: answered > 0 ? netPromoterScore(columns[column]) : null };
  }
  return { columns, items, scales, scale, blocks, nps: npsOut, n, report: { mapped, skipped, unknownKeys, notes } };
}

/** Whether min + max − x is an allowed answer for every allowed x. */
function reversible(scale: AnswerScale): boolean {
  return scale.values === null ? onScale(scale, scale.max) : scale.values.every((v) => onScale(scale, scale.min + scale.max - v));
}

function optionsError(path: string, expected: string, received: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `${FN}: the options have 1 problem`, [{ function: FN, path, expected, received }]);
}

/** The results as an array of objects, or an `invalid_value` naming what is not. */
function readResults(results: unknown): Record<string, unknown>[] {
  if (!Array.isArray(results)) {
    throw new CustomerValueError('invalid_value', `${FN}: the results are not an array of result objects`, [
      {
        function: FN,
        path: 'results',
        expected: 'an array of SurveyJS result objects (survey.data of each respondent)',
        received: describeValue(results),
        hint: 'a results file holds [{ "question": answer, … }, …]; a single result goes in an array of one',
      },
    ]);
  }
  const list = new IssueList();
  results.forEach((row: unknown, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      list.add({ function: FN, row: i, expected: 'a result object ({ "question": answer, … })', received: describeValue(row) });
  });
  list.throwIfAny('invalid_value', FN, results.length);
  if (results.length === 0)
    throw new CustomerValueError('too_few_rows', `${FN}: needs at least 1 result, got 0`, [
      { function: FN, path: 'results', expected: 'at least 1 result object', received: '0' },
    ]);
  return results as Record<string, unknown>[];
}

const own = (object: Record<string, unknown>, key: string): unknown => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);
/** Equal, or equal as text when both are primitives (SurveyJS compares loosely: "true" is true). */
const looselyEqual = (a: unknown, b: unknown): boolean => a === b || (isPrimitive(a) && isPrimitive(b) && String(a) === String(b));
const isPrimitive = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const isAbsent = (value: unknown) => value === undefined || value === null || value === '';

/** Fill the drafts' values from the results; answers off their scale are errors naming question, row and value. Returns the unknown keys. */
function readAnswers(rows: readonly Record<string, unknown>[], questions: readonly FormQuestion[], bySource: ReadonlyMap<string, Draft>): string[] {
  const list = new IssueList();
  const unknown = new Set<string>();
  const keys = new Set(questions.map((q) => q.key));
  const commentKeys = new Set(questions.map((q) => `${q.key}-Comment`));
  const scoreOne = (d: Draft, value: unknown, i: number, column: string) => {
    if (isAbsent(value)) return;
    const scale = d.scale!;
    if (typeof value === 'string' && scale.declined.includes(value)) {
      d.declined++;
      return;
    }
    const x = numericValue(value);
    if (x === x && onScale(scale, x)) d.values[i] = x;
    else
      list.add({
        function: FN,
        column,
        row: i,
        expected: `${scale.expected} (the scale of question "${d.question.name}" in the form)`,
        received: describeValue(value),
        hint: "correct the answer in the results, or the question's scale in the form (rateMin, rateMax, rateValues, choices, columns)",
      });
  };
  rows.forEach((row, i) => {
    for (const key of Object.keys(row)) if (!keys.has(key) && !commentKeys.has(key)) unknown.add(key);
    for (const q of questions) {
      const value = own(row, q.key);
      const s = q.scoring;
      if (s.kind === 'scale') scoreOne(bySource.get(q.name)!, value, i, q.name);
      else if (s.kind === 'boolean') {
        if (isAbsent(value)) continue;
        const d = bySource.get(q.name)!;
        if (looselyEqual(value, s.valueTrue)) d.values[i] = 1;
        else if (looselyEqual(value, s.valueFalse)) d.values[i] = 0;
        else
          list.add({
            function: FN,
            column: q.name,
            row: i,
            expected: `${describeValue(s.valueTrue)} or ${describeValue(s.valueFalse)} (the yes/no values of question "${q.name}")`,
            received: describeValue(value),
          });
      } else if (s.kind === 'matrix') {
        if (isAbsent(value)) continue;
        if (typeof value !== 'object' || Array.isArray(value)) {
          list.add({ function: FN, column: q.name, row: i, expected: `a matrix answer { row: value } (question "${q.name}")`, received: describeValue(value) });
          continue;
        }
        const answer = value as Record<string, unknown>;
        for (const r of s.rows) {
          const source = `${q.name}.${r.value}`;
          scoreOne(bySource.get(source)!, own(answer, r.value), i, source);
        }
        for (const key of Object.keys(answer)) if (!s.rows.some((r) => r.value === key)) unknown.add(`${q.key}.${key}`);
      }
    }
  });
  list.throwIfAny('invalid_value', FN, rows.length);
  return [...unknown];
}
