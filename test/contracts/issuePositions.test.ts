import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CustomerValueError, parseCsv, type CustomerValueIssue } from '../../src/index.js';
import { readCsvBatches } from '../../src/node/index.js';
import { contracts, nodeContracts, type Contract, contractFunction } from './registry.js';

// Each position field of an issue means one thing (issue 15: `column` doubled as a spec path
// and `row` was a 1-based file line in the CSV readers): `path` a place in a spec, options
// object, model or argument; `column` a data column's name only; `row` a 0-based row of the
// input; `line` a 1-based file line, from the text readers only. Every registry function is
// given a spec with an unknown key and (when it reads a table) a bad cell.

const fnOf = contractFunction;

async function run(name: string, args: unknown[]): Promise<unknown> {
  try {
    const result = await fnOf(name)(...args);
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) for await (const _ of result as AsyncIterable<unknown>);
    return null;
  } catch (error) {
    return error;
  }
}

const all: [string, Contract][] = [...Object.entries(contracts), ...Object.entries(nodeContracts)];
const withSpec = all.filter(([, c]) => c.spec !== undefined);
const readers = all.filter(([, c]) => c.data !== undefined && c.column !== undefined);
const ARGUMENT_PATH = /^(spec|options|model|models|arguments|names|items)(\.|\[|$)/;

function issuesOf(error: unknown, name: string): readonly CustomerValueIssue[] {
  expect(error, `${name}: ${String(error)}`).toBeInstanceOf(CustomerValueError);
  return (error as CustomerValueError).issues;
}

describe('contract: issue positions each mean one thing', () => {
  it('finds the functions to attack', () => {
    expect(withSpec.length).toBeGreaterThan(40);
    expect(readers.length).toBeGreaterThan(30);
  });

  describe.each(withSpec)('%s', (name, contract) => {
    it('a spec error names its place in path, never in column, row or line', async () => {
      const args = contract.args();
      const at = contract.spec as number;
      args[at] = { ...(args[at] ?? {}), notAnOption: 1 };
      const error = await run(name, args);
      const issues = issuesOf(error, name);
      expect((error as CustomerValueError).code, name).toBe('invalid_spec');
      for (const issue of issues) {
        expect(issue.path, `${name}: ${JSON.stringify(issue)}`).toMatch(/^[A-Za-z]/);
        expect(issue.column, `${name}: a spec path in column`).toBeUndefined();
        expect(issue.row, name).toBeUndefined();
        expect(issue.line, name).toBeUndefined();
      }
      expect(issues.some((issue) => issue.received?.includes('"notAnOption"'))).toBe(true);
      expect((error as Error).message, name).toMatch(/at "[^"]+": expected/);
    });
  });

  describe.each(readers)('%s', (name, contract) => {
    it('a bad cell is named by its data column and 0-based input row, with no file line', async () => {
      const args = contract.args();
      const data = args[contract.data as number] as Record<string, ArrayLike<unknown>>;
      const column = contract.column as string;
      const rows = data[column].length;
      args[contract.data as number] = { ...data, [column]: Array.from(data[column]).map((x, i) => (i === 1 ? 'abc' : x)) };
      const issues = issuesOf(await run(name, args), name);
      expect(
        issues.some((issue) => issue.column === column && issue.row === 1),
        `${name}: ${JSON.stringify(issues)}`,
      ).toBe(true);
      for (const issue of issues) {
        if (issue.column !== undefined) expect(Object.keys(data), `${name}: column is a data column`).toContain(issue.column);
        if (issue.path !== undefined) expect(issue.path, name).not.toBe(column);
        if (issue.row !== undefined) {
          expect(Number.isInteger(issue.row) && issue.row >= 0 && issue.row < rows, `${name}: row ${issue.row} of ${rows}`).toBe(true);
        }
        expect(issue.line, `${name}: a file line from a function that reads no file`).toBeUndefined();
      }
    });
  });

  it('no spec, options or model path is ever put in column', async () => {
    // the spec attacks above, over every function taking a spec: gathered here
    for (const [name, contract] of withSpec) {
      const args = contract.args();
      args[contract.spec as number] = 'not a spec';
      const error = await run(name, args);
      for (const issue of error instanceof CustomerValueError ? error.issues : []) expect(issue.column ?? '', name).not.toMatch(ARGUMENT_PATH);
    }
  });

  it('the text readers give the 1-based file line, and the 0-based row only for a data row', async () => {
    // header on line 1, a blank line 3: the bad cell is data row 1 on file line 4
    const text = 'id,spend\na,1\n\nb,x\nc,3\n';
    const fromText = issuesOf(
      (() => {
        try {
          return parseCsv(text, { numbers: ['spend'] });
        } catch (e) {
          return e;
        }
      })(),
      'parseCsv',
    );
    expect(fromText[0]).toMatchObject({ line: 4, row: 1, column: 'spend' });
    // a record with too many fields is no data row: a line only
    const ragged = issuesOf(
      (() => {
        try {
          return parseCsv('id,spend\na,1\nb,2,3\n');
        } catch (e) {
          return e;
        }
      })(),
      'parseCsv',
    );
    expect(ragged[0].line).toBe(3);
    expect(ragged[0].row).toBeUndefined();
    // the streaming reader: a rejected line carries its file line
    const lines: number[] = [];
    for await (const batch of readCsvBatches(Readable.from([Buffer.from(text)]), { numeric: ['spend'] })) lines.push(...batch.rejects.map((r) => r.line));
    expect(lines).toEqual([4]);
    const twice = await run('readCsvBatches', [Readable.from([Buffer.from('id,id\n1,2\n')]), { numeric: [] }]);
    for (const issue of issuesOf(twice, 'readCsvBatches')) {
      expect(issue.line).toBe(1);
      expect(issue.row).toBeUndefined();
    }
  });

  it('no source line builds an issue with a spec, options or model path in column, or a file line in row', () => {
    // catches the calls no attack above reaches (a new function, a branch of a merge)
    const src = join(__dirname, '../../src');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) =>
        statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : [],
      );
    })(src);
    expect(files.length).toBeGreaterThan(100);
    const offenders: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bcolumn: ['`](spec|options|model|models|arguments)\b/.test(line) || /\brow: (line|lineNumber|r\.line)\b/.test(line))
            offenders.push(`${relative(src, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
