// Writes mobi_surveyjs_form.json and mobi_surveyjs_results.json: the ECSI mobile-phone survey
// (ecsi_mobi.csv, 250 respondents) as a SurveyJS form and the result objects SurveyJS would have
// collected with it, for the README's walk from a SurveyJS export to the satisfaction index and
// the `customer-value survey` tests. Image is a matrix (one row per statement), expectations are
// ratings on 1–10, quality is a panel of ratings given by rateMin and rateCount, value two ratings
// with listed rate values, and a comment closes the form. No answer is changed: each result holds
// the respondent's 17 answers of ecsi_mobi.csv; the comment is left empty, as most respondents do.
// Regenerate (byte for byte) with `node examples/data/make_surveyjs_mobi.mjs`; it needs no build.
import { readFileSync, writeFileSync } from 'node:fs';

const here = (name) => new URL(`./${name}`, import.meta.url).pathname;
const [header, ...lines] = readFileSync(here('ecsi_mobi.csv'), 'utf8').trim().split('\n');
const names = header.split(',');
const rows = lines.map((line) => Object.fromEntries(line.split(',').map((v, j) => [names[j], Number(v)])));
const range = (prefix, count) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
const ten = Array.from({ length: 10 }, (_, i) => ({ value: i + 1, text: String(i + 1) }));

const form = {
  title: 'Mobile phone provider: customer satisfaction (ECSI)',
  description: 'Answers on 1 (very low) to 10 (very high).',
  pages: [
    {
      name: 'image',
      elements: [
        {
          type: 'matrix',
          name: 'image',
          title: 'How do you see your mobile phone provider?',
          columns: ten,
          rows: range('IMAG', 5).map((value, i) => ({ value, text: `Image statement ${i + 1}` })),
        },
      ],
    },
    {
      name: 'expectations',
      elements: range('CUEX', 3).map((name, i) => ({ type: 'rating', name, title: `Expectation ${i + 1}`, rateMax: 10 })),
    },
    {
      name: 'quality',
      elements: [
        {
          type: 'panel',
          name: 'quality',
          title: 'Perceived quality',
          elements: range('PERQ', 7).map((name, i) => ({
            type: 'rating',
            name,
            title: `Quality aspect ${i + 1}`,
            rateMin: 1,
            rateCount: 10,
            displayMode: 'dropdown',
          })),
        },
      ],
    },
    {
      name: 'value',
      elements: [
        ...range('PERV', 2).map((name, i) => ({ type: 'rating', name, title: `Value for money ${i + 1}`, rateValues: ten })),
        { type: 'comment', name: 'comments', title: 'Anything else you would like to tell us?' },
      ],
    },
  ],
};

const results = rows.map((row) => ({
  image: Object.fromEntries(range('IMAG', 5).map((name) => [name, row[name]])),
  ...Object.fromEntries([...range('CUEX', 3), ...range('PERQ', 7), ...range('PERV', 2)].map((name) => [name, row[name]])),
}));

writeFileSync(here('mobi_surveyjs_form.json'), `${JSON.stringify(form, null, 2)}\n`);
writeFileSync(here('mobi_surveyjs_results.json'), `${JSON.stringify(results, null, 2)}\n`);
