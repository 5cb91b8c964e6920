/**
 * The body of a generated scoring loop as a function `(inputs, outputs, start, end)`: compiled
 * with `new Function` where the runtime allows it, else (Node's
 * `--disallow-code-generation-from-strings`, a strict Content-Security-Policy, …) turned into a
 * tree of closures that evaluates the very same expressions in the same order, so the outputs
 * are identical bit for bit, only slower.
 *
 * The interpreter reads the subset of JavaScript the scorer generator emits: `const`/`let`
 * declarations, assignments (`=`, `+=`, `-=`, `*=`), indexed stores and reads (`out0[i] = …`,
 * `in0[i]`), `for (…; …; i++)`, `if`, blocks, `return`, numbers, `Infinity`, the operators
 * `+ - * / % < > <= >= === !== && || ! ?:`, unary `+`/`-`, parentheses, `NaN`, `if … else`, and
 * `Math.<function>(…)` / `Number.<function>(…)` calls. Anything else is a programming error in the generator and throws at build time.
 */
export type LoopFunction = (
  inputs: readonly ArrayLike<number>[],
  outputs: readonly { [i: number]: number }[],
  start: number,
  end: number,
) => number | undefined;

const PARAMETERS = ['inputs', 'outputs', 'start', 'end'] as const;

let codeGeneration: boolean | null = null;

/** Whether this runtime may compile source text (`new Function`); probed once. */
export function codeGenerationAllowed(): boolean {
  if (codeGeneration === null) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('return 1');
      codeGeneration = true;
    } catch {
      codeGeneration = false;
    }
  }
  return codeGeneration;
}

/** `source` as a loop function: compiled when code generation is allowed, else interpreted. */
export function compileLoop(source: string): LoopFunction {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  if (codeGenerationAllowed()) return new Function(...PARAMETERS, source) as LoopFunction;
  return interpretLoop(source);
}

// ---------------------------------------------------------------------------------------------

/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access --
   an interpreter of JavaScript: its values are whatever the generated loop computes (numbers,
   booleans, typed arrays), exactly as untyped as in the compiled `new Function` path */
type Value = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Expression = (vars: Value[]) => Value;
/** A statement returns NEXT to continue, or the value of a `return`. */
type Statement = (vars: Value[]) => Value;
const NEXT = Symbol('next');

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)|([A-Za-z_$][\w$]*)|(===|!==|<=|>=|&&|\|\||\+\+|\+=|-=|\*=|[-+*/%<>=!?:;,.()[\]{}]))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const start = TOKEN.lastIndex;
    if (/^\s*$/.test(source.slice(start))) return tokens;
    const match = TOKEN.exec(source);
    if (match === null) throw new Error(`interpretLoop: unexpected text at ${start}: ${source.slice(start, start + 20)}`);
    tokens.push(match[1] ?? match[2] ?? match[3]);
  }
}

const BINARY: Record<string, [number, (a: Value, b: Value) => Value]> = {
  '||': [1, (a, b) => a || b],
  '&&': [2, (a, b) => a && b],
  '===': [3, (a, b) => a === b],
  '!==': [3, (a, b) => a !== b],
  '<': [4, (a, b) => a < b],
  '>': [4, (a, b) => a > b],
  '<=': [4, (a, b) => a <= b],
  '>=': [4, (a, b) => a >= b],
  '+': [5, (a, b) => a + b],
  '-': [5, (a, b) => a - b],
  '*': [6, (a, b) => a * b],
  '/': [6, (a, b) => a / b],
  '%': [6, (a, b) => a % b],
};

/** Build the closure tree for a generated loop body. */
export function interpretLoop(source: string): LoopFunction {
  const tokens = tokenize(source);
  let at = 0;
  const slots = new Map<string, number>(PARAMETERS.map((name, k) => [name, k]));
  const slot = (name: string) => {
    let k = slots.get(name);
    if (k === undefined) slots.set(name, (k = slots.size));
    return k;
  };
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const expect = (token: string) => {
    if (tokens[at] !== token) throw new Error(`interpretLoop: expected "${token}", got "${tokens[at]}" (token ${at})`);
    at++;
  };

  function primary(): Expression {
    const token = next();
    if (token === undefined) throw new Error('interpretLoop: unexpected end');
    if (/^\d/.test(token)) {
      const value = Number(token);
      return () => value;
    }
    if (token === '(') {
      const inner = expression(0);
      expect(')');
      return inner;
    }
    if (token === '!' || token === '-' || token === '+') {
      const operand = unary();
      if (token === '!') return (v) => !operand(v);
      if (token === '-') return (v) => -operand(v);
      return (v) => +operand(v);
    }
    if (token === 'Infinity') return () => Infinity;
    if (token === 'NaN') return () => Number.NaN;
    if (token === 'Math' || token === 'Number') {
      expect('.');
      const name = next();
      const fn = ((token === 'Math' ? Math : Number) as unknown as Record<string, unknown>)[name];
      if (typeof fn !== 'function') throw new Error(`interpretLoop: ${token}.${name} is not a function`);
      expect('(');
      const args: Expression[] = [];
      while (peek() !== ')') {
        args.push(expression(0));
        if (peek() === ',') next();
      }
      expect(')');
      const f = fn as (...a: number[]) => number;
      if (args.length === 1) {
        const [a] = args;
        return (v) => f(a(v));
      }
      return (v) => f(...args.map((a) => a(v)));
    }
    if (/^[A-Za-z_$]/.test(token)) {
      const k = slot(token);
      return (v) => v[k];
    }
    throw new Error(`interpretLoop: unexpected "${token}"`);
  }

  function postfix(): Expression {
    let target = primary();
    while (peek() === '[') {
      next();
      const index = expression(0);
      expect(']');
      const array = target;
      target = (v) => array(v)[index(v)];
    }
    return target;
  }

  function unary(): Expression {
    const token = peek();
    if (token === '!' || token === '-' || token === '+') return primary();
    return postfix();
  }

  function expression(minimum: number): Expression {
    let left = unary();
    for (;;) {
      const token = peek();
      if (token === '?' && minimum === 0) {
        next();
        const yes = expression(0);
        expect(':');
        const no = expression(0);
        const test = left;
        left = (v) => (test(v) ? yes(v) : no(v));
        continue;
      }
      const op = BINARY[token];
      if (op === undefined || op[0] < minimum) return left;
      next();
      const right = expression(op[0] + 1);
      const a = left;
      const f = op[1];
      if (token === '&&') left = (v) => a(v) && right(v);
      else if (token === '||') left = (v) => a(v) || right(v);
      else left = (v) => f(a(v), right(v));
    }
  }

  function statement(): Statement {
    const token = peek();
    if (token === '{') {
      next();
      const body: Statement[] = [];
      while (peek() !== '}') body.push(statement());
      next();
      return block(body);
    }
    if (token === 'const' || token === 'let') {
      next();
      const k = slot(next());
      expect('=');
      const value = expression(0);
      if (peek() === ';') next();
      return (v) => {
        v[k] = value(v);
        return NEXT;
      };
    }
    if (token === 'return') {
      next();
      const value = expression(0);
      if (peek() === ';') next();
      return (v) => value(v);
    }
    if (token === 'if') {
      next();
      expect('(');
      const test = expression(0);
      expect(')');
      const then = statement();
      if (peek() === 'else') {
        next();
        const otherwise = statement();
        return (v) => (test(v) ? then(v) : otherwise(v));
      }
      return (v) => (test(v) ? then(v) : NEXT);
    }
    if (token === 'for') {
      next();
      expect('(');
      const init = statement(); // consumes its ';'
      const test = expression(0);
      expect(';');
      const update = simple();
      expect(')');
      const body = statement();
      return (v) => {
        init(v);
        for (; test(v); update(v)) {
          const result = body(v);
          if (result !== NEXT) return result;
        }
        return NEXT;
      };
    }
    const s = simple();
    if (peek() === ';') next();
    return s;
  }

  /** An assignment, an indexed store or `i++`. */
  function simple(): Statement {
    const name = next();
    if (!/^[A-Za-z_$]/.test(name)) throw new Error(`interpretLoop: unexpected "${name}"`);
    const k = slot(name);
    if (peek() === '[') {
      next();
      const index = expression(0);
      expect(']');
      expect('=');
      const value = expression(0);
      return (v) => {
        v[k][index(v)] = value(v);
        return NEXT;
      };
    }
    const op = next();
    if (op === '++') {
      return (v) => {
        v[k]++;
        return NEXT;
      };
    }
    const value = expression(0);
    if (op === '=') {
      return (v) => {
        v[k] = value(v);
        return NEXT;
      };
    }
    if (op === '+=') {
      return (v) => {
        v[k] += value(v);
        return NEXT;
      };
    }
    if (op === '-=') {
      return (v) => {
        v[k] -= value(v);
        return NEXT;
      };
    }
    if (op === '*=') {
      return (v) => {
        v[k] *= value(v);
        return NEXT;
      };
    }
    throw new Error(`interpretLoop: unexpected "${op}" after ${name}`);
  }

  function block(body: Statement[]): Statement {
    return (v) => {
      for (let s = 0; s < body.length; s++) {
        const result = body[s](v);
        if (result !== NEXT) return result;
      }
      return NEXT;
    };
  }

  const body: Statement[] = [];
  while (at < tokens.length) body.push(statement());
  const program = block(body);
  const size = slots.size;
  return (inputs, outputs, start, end) => {
    const vars: Value[] = new Array(size);
    vars[0] = inputs;
    vars[1] = outputs;
    vars[2] = start;
    vars[3] = end;
    const result = program(vars);
    return result === NEXT ? undefined : result;
  };
}
