// The questions of a SurveyJS (survey-core) form JSON and how each one is scored: read from the
// plain JSON, without the SurveyJS runtime. Used by `fromSurveyJs`; nothing here is exported
// from the package.
import { CustomerValueError, describeValue, type CustomerValueIssue } from '../errors.js';

/** One question of the form, found in a page or a (nested) panel. */
export interface FormQuestion {
  /** The question's `name`. */
  readonly name: string;
  /** The key of its answer in a result object: `valueName` when set, else `name`. */
  readonly key: string;
  /** The SurveyJS type, lowercase (`rating`, `matrix`, `comment`…). */
  readonly type: string;
  /** The title (its default text when localized), or null. */
  readonly title: string | null;
  /** Where it is in the form JSON, e.g. `form.pages.0.elements.2`. */
  readonly path: string;
  /** Names of the panels it sits in, outermost first. */
  readonly panels: readonly string[];
  /** Shown only under a condition (`visibleIf`) or hidden (`visible: false`): missing answers are expected. */
  readonly conditional: boolean;
  /** How its answers become numbers. */
  readonly scoring: Scoring;
}

/** A set of allowed numeric answers: a generated grid `min, min + step, …, max`, or listed values. */
export interface AnswerScale {
  readonly min: number;
  readonly max: number;
  /** The grid step, or null when the values are listed. */
  readonly step: number | null;
  /** The listed values (null for a grid). */
  readonly values: readonly number[] | null;
  /** Answers that mean "no answer" (`none`, `other`, `refused`, `dontknow` items when the form shows them). */
  readonly declined: readonly string[];
  /** In words, for errors: `one of 1, 2, 3, 4, 5`. */
  readonly expected: string;
}

/** How a question's answers are read. */
export type Scoring =
  | { readonly kind: 'scale'; readonly scale: AnswerScale }
  | { readonly kind: 'matrix'; readonly rows: readonly { readonly value: string; readonly title: string | null }[]; readonly scale: AnswerScale }
  | { readonly kind: 'boolean'; readonly valueTrue: unknown; readonly valueFalse: unknown }
  | { readonly kind: 'text' }
  | { readonly kind: 'unsupported'; readonly reason: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const own = (object: Json, key: string): unknown => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);

/** Elements that hold no answer: layout and display only. */
const DISPLAY_TYPES = new Set(['html', 'image', 'expression', 'signaturepad', 'file']);
/** Free-text questions: kept out of the items, reported. */
const TEXT_TYPES = new Set(['comment', 'text', 'multipletext']);

/** A value of an item list (`choices`, `rateValues`, matrix `rows`/`columns`): a primitive or `{ value, text }`. */
function itemValue(item: unknown): unknown {
  return isObject(item) ? own(item, 'value') : item;
}

/** A primitive as text (null for anything else). */
function primitiveText(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

function itemText(item: unknown): string | null {
  if (isObject(item)) return textOf(own(item, 'text')) ?? primitiveText(own(item, 'value'));
  return primitiveText(item);
}

/** A localizable string: `"text"` or `{ default: "text", de: "…" }`. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const text = own(value, 'default') ?? Object.values(value).find((v) => typeof v === 'string');
    return typeof text === 'string' ? text : null;
  }
  return null;
}

/** A number or a numeric string (SurveyJS keeps `"5"` and 5 equal), else NaN. */
export function numericValue(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : Number.NaN;
  }
  return Number.NaN;
}

function listScale(values: readonly number[], declined: readonly string[]): AnswerScale {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  return {
    min: sorted[0],
    max: sorted[sorted.length - 1],
    step: null,
    values: sorted,
    declined,
    expected: `one of ${sorted.join(', ')}`,
  };
}

function gridScale(min: number, max: number, step: number): AnswerScale {
  return {
    min,
    max,
    step,
    values: null,
    declined: [],
    expected: step === 1 ? `a whole number from ${min} to ${max}` : `a value from ${min} to ${max} in steps of ${step}`,
  };
}

/** Whether a numeric answer is one the scale allows. */
export function onScale(scale: AnswerScale, x: number): boolean {
  if (scale.values !== null) return scale.values.includes(x);
  if (!(x >= scale.min && x <= scale.max)) return false;
  const k = (x - scale.min) / scale.step!;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

/** A rating question's scale, as survey-core builds it (`question_rating.ts`: defaults 1, 5, step 1, count 5). */
function ratingScoring(q: Json): Scoring {
  const rateValues = own(q, 'rateValues');
  const autoGenerate = own(q, 'autoGenerate');
  if (Array.isArray(rateValues) && rateValues.length > 0 && autoGenerate !== true) {
    const values = rateValues.map((item) => numericValue(itemValue(item)));
    if (values.some(Number.isNaN))
      return { kind: 'unsupported', reason: `rateValues are not all numbers (${describeValue(itemValue(rateValues[values.findIndex(Number.isNaN)]))})` };
    if (new Set(values).size < 2) return { kind: 'unsupported', reason: 'fewer than two distinct rate values' };
    return { kind: 'scale', scale: listScale(values, []) };
  }
  const given = (key: string): number | undefined => {
    const value = own(q, key);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
  const stepGiven = given('rateStep');
  const step = stepGiven !== undefined && stepGiven > 0 ? stepGiven : 1;
  const count = given('rateCount');
  let min = given('rateMin');
  let max = given('rateMax');
  // rateCount with one end fixes the other (survey-core's endLoadingFromJson and its rateCount sync)
  if (count !== undefined && min === undefined && max !== undefined) min = max - step * (count - 1);
  if (min === undefined) min = 1;
  if (max === undefined) max = count !== undefined ? min + step * (count - 1) : 5;
  if (!(max > min)) return { kind: 'unsupported', reason: `rateMax ${max} is not above rateMin ${min}` };
  return { kind: 'scale', scale: gridScale(min, max, step) };
}

/** The "no answer" items a choice question shows (survey-core's default item values). */
function declinedValues(q: Json): string[] {
  const out: string[] = [];
  const on = (...keys: string[]) => keys.some((key) => own(q, key) === true);
  if (on('showNoneItem', 'hasNone')) out.push('none');
  if (on('showOtherItem', 'hasOther')) out.push('other');
  if (on('showRefuseItem')) out.push('refused');
  if (on('showDontKnowItem')) out.push('dontknow');
  return out;
}

/** A radiogroup or dropdown: scored when every choice value is a number. */
function choiceScoring(q: Json): Scoring {
  const choices = own(q, 'choices');
  const declined = declinedValues(q);
  if (Array.isArray(choices) && choices.length > 0) {
    const values = choices.map((item) => numericValue(itemValue(item)));
    const bad = values.findIndex(Number.isNaN);
    if (bad >= 0) return { kind: 'unsupported', reason: `its choices are not numbers (${describeValue(itemValue(choices[bad]))})` };
    if (new Set(values).size < 2) return { kind: 'unsupported', reason: 'fewer than two distinct choice values' };
    return { kind: 'scale', scale: listScale(values, declined) };
  }
  // a dropdown may generate its choices: choicesMin, choicesMax, choicesStep
  const min = own(q, 'choicesMin');
  const max = own(q, 'choicesMax');
  const step = own(q, 'choicesStep');
  if (typeof min === 'number' && typeof max === 'number' && Number.isFinite(min) && Number.isFinite(max) && max > min) {
    const scale = gridScale(min, max, typeof step === 'number' && step > 0 ? step : 1);
    return { kind: 'scale', scale: { ...scale, declined } };
  }
  if (own(q, 'choicesByUrl') !== undefined)
    return { kind: 'unsupported', reason: 'its choices are loaded from a URL (choicesByUrl): their values are not in the form' };
  return { kind: 'unsupported', reason: 'it has no choices' };
}

function matrixScoring(q: Json): Scoring {
  if (own(q, 'cellType') === 'checkbox') return { kind: 'unsupported', reason: 'a checkbox matrix (several answers per row)' };
  const rows = own(q, 'rows');
  const columns = own(q, 'columns');
  if (!Array.isArray(rows) || rows.length === 0) return { kind: 'unsupported', reason: 'a matrix without rows' };
  if (!Array.isArray(columns) || columns.length === 0) return { kind: 'unsupported', reason: 'a matrix without columns' };
  const values = columns.map((item) => numericValue(itemValue(item)));
  const bad = values.findIndex(Number.isNaN);
  if (bad >= 0) return { kind: 'unsupported', reason: `its column values are not numbers (${describeValue(itemValue(columns[bad]))})` };
  if (new Set(values).size < 2) return { kind: 'unsupported', reason: 'fewer than two distinct column values' };
  const rowList = rows.map((row) => ({ value: itemValue(row), title: itemText(row) }));
  const badRow = rowList.findIndex((row) => (typeof row.value !== 'string' && typeof row.value !== 'number') || String(row.value) === '');
  if (badRow >= 0) return { kind: 'unsupported', reason: `row ${badRow} has no value (${describeValue(rowList[badRow].value)})` };
  return { kind: 'matrix', rows: rowList.map((row) => ({ value: String(row.value), title: row.title })), scale: listScale(values, []) };
}

function scoringOf(type: string, q: Json): Scoring {
  switch (type) {
    case 'rating':
      return ratingScoring(q);
    case 'radiogroup':
    case 'dropdown':
      return choiceScoring(q);
    case 'matrix':
      return matrixScoring(q);
    case 'boolean':
      return { kind: 'boolean', valueTrue: own(q, 'valueTrue') ?? true, valueFalse: own(q, 'valueFalse') ?? false };
    default:
      if (TEXT_TYPES.has(type)) return { kind: 'text' };
      return { kind: 'unsupported', reason: `the question type "${type}" is not read (its answers are not one number per respondent)` };
  }
}

/**
 * Every question of a form (`pages` → `elements`, also the older `questions`, and a form that
 * has `elements` at the top), in form order, with how it is scored. Panels are walked into;
 * display elements (html, image, expression…) are left out. Bad shapes are `invalid_spec`
 * naming the path in the form.
 */
export function formQuestions(form: unknown, fn: string): { questions: FormQuestion[]; display: number } {
  const issues: CustomerValueIssue[] = [];
  const problem = (path: string, expected: string, received: unknown) => issues.push({ function: fn, path, expected, received: describeValue(received) });
  if (!isObject(form)) {
    throw new CustomerValueError('invalid_spec', `${fn}: the form is not a SurveyJS form JSON`, [
      {
        function: fn,
        path: 'form',
        expected: 'a SurveyJS form JSON object ({ pages: [{ elements: [...] }] })',
        received: describeValue(form),
        hint: 'pass the JSON the survey was created from (new Model(json)), parsed',
      },
    ]);
  }
  const questions: FormQuestion[] = [];
  let display = 0;
  const walk = (elements: unknown, path: string, panels: readonly string[], hidden: boolean) => {
    if (elements === undefined) return;
    if (!Array.isArray(elements)) return problem(path, 'an array of elements', elements);
    elements.forEach((element, i) => {
      const at = `${path}.${i}`;
      if (!isObject(element)) return problem(at, 'an element object ({ type, name, … })', element);
      const rawType = own(element, 'type');
      if (typeof rawType !== 'string' || rawType === '') return problem(`${at}.type`, 'a question or panel type (a string)', rawType);
      const type = rawType.toLowerCase();
      const conditional = hidden || own(element, 'visibleIf') !== undefined || own(element, 'visible') === false;
      const name = own(element, 'name');
      if (type === 'panel') {
        walk(
          own(element, 'elements') ?? own(element, 'questions'),
          `${at}.${own(element, 'elements') !== undefined ? 'elements' : 'questions'}`,
          [...panels, typeof name === 'string' && name !== '' ? name : `panel ${at}`],
          conditional,
        );
        return;
      }
      if (DISPLAY_TYPES.has(type)) {
        display++;
        return;
      }
      if (typeof name !== 'string' || name === '') return problem(`${at}.name`, 'a question name (a non-empty string)', name);
      const valueName = own(element, 'valueName');
      questions.push({
        name,
        key: typeof valueName === 'string' && valueName !== '' ? valueName : name,
        type,
        title: textOf(own(element, 'title')),
        path: at,
        panels,
        conditional,
        scoring: scoringOf(type, element),
      });
    });
  };
  const pages = own(form, 'pages');
  if (pages !== undefined) {
    if (!Array.isArray(pages)) problem('form.pages', 'an array of pages', pages);
    else
      pages.forEach((page, p) => {
        if (!isObject(page)) return problem(`form.pages.${p}`, 'a page object ({ elements: [...] })', page);
        const key = own(page, 'elements') !== undefined ? 'elements' : 'questions';
        walk(own(page, key), `form.pages.${p}.${key}`, [], own(page, 'visibleIf') !== undefined || own(page, 'visible') === false);
      });
  }
  for (const key of ['elements', 'questions']) if (own(form, key) !== undefined) walk(own(form, key), `form.${key}`, [], false);
  if (pages === undefined && own(form, 'elements') === undefined && own(form, 'questions') === undefined)
    problem('form', 'a SurveyJS form with pages (or elements)', form);
  const seen = new Map<string, string>();
  for (const q of questions) {
    const before = seen.get(q.key);
    if (before !== undefined) problem(`${q.path}.name`, `question names that differ (the answer key "${q.key}" is also ${before})`, q.key);
    else seen.set(q.key, q.path);
  }
  if (issues.length > 0)
    throw new CustomerValueError('invalid_spec', `${fn}: the form has ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`, issues);
  return { questions, display };
}
