// The text tree-sitter is given for a Go text: the same length in UTF-16 code units, the
// same line breaks, different only where the grammar (tree-sitter-go 0.25.0) lags Go.
//
// - A leading byte-order mark becomes a space: Go ignores it, tree-sitter does not.
// - Go 1.26 `new(expr)`: the grammar parses `new(` only with a type argument
//   (`special_argument_list`), so `new(int64(600))`, `new(obj.GetName())`, `new("s")` are
//   ERROR nodes. When the argument is visibly an expression, `new` becomes `n3w` (an
//   identifier of the same length), and the call parses as an ordinary call. A type
//   argument (`new(T)`, `new([]int)`, `new(map[K]V)`) is left alone, so its tree is unchanged.
//
// GoParser.parse applies this and serves node text from the original, so `node.text` reads
// `new` and every offset, line and column is that of the original text. Decisions read the
// argument after `new(`: an edit inside it can flip the rewrite before the edit, and the
// parser turns such a flip into a tree edit of its own (parser.ts).

/** The rewritten spelling of `new`: an identifier of the same length. */
export const NEW_REWRITE = 'n3w';

export interface ParseSource {
  /** What tree-sitter parses. */
  source: string;
  /** Offsets of the rewritten `new` tokens (each 3 code units), ascending. */
  spots: number[];
}

/** How far after `new(` the argument is read before giving up (no rewrite). */
const MAX_ARGUMENT = 4096;

const isIdentStart = (c: string) => /[\p{L}_]/u.test(c);
const isIdentPart = (c: string) => /[\p{L}\p{Nd}_]/u.test(c);
const TYPE_KEYWORDS = new Set(['map', 'chan', 'struct', 'interface', 'func']);

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'literal' }
  | { kind: 'op'; text: string }
  | { kind: 'group'; open: '(' | '[' | '{'; items: Token[] };

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
// Longest first: `<-` and `&^` must not lex as `<` and `&`.
const OPERATORS = ['<<=', '>>=', '&^=', '...', '&&', '||', '<-', '<<', '>>', '&^', '==', '!=', '<=', '>=', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--'];

/**
 * Lexes `text` from `i` up to the `close` that balances it into a token tree; undefined when
 * it is not balanced before `limit` (then nothing is rewritten).
 */
function lexGroup(text: string, i: number, close: string, limit: number): { items: Token[]; end: number } | undefined {
  const items: Token[] = [];
  while (i < text.length && i < limit) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      if (e === -1) return undefined;
      i = e + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (text[j] !== c) return undefined;
      items.push({ kind: 'literal' });
      i = j + 1;
    } else if (c === '`') {
      const e = text.indexOf('`', i + 1);
      if (e === -1) return undefined;
      items.push({ kind: 'literal' });
      i = e + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < text.length && /[0-9A-Za-z_.]/.test(text[j])) j += /[eEpP]/.test(text[j]) && /[+-]/.test(text[j + 1] ?? '') ? 2 : 1;
      items.push({ kind: 'literal' });
      i = j;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text[j])) j++;
      items.push({ kind: 'ident', text: text.slice(i, j) });
      i = j;
    } else if (c === '(' || c === '[' || c === '{') {
      const inner = lexGroup(text, i + 1, CLOSE[c], limit);
      if (!inner) return undefined;
      items.push({ kind: 'group', open: c, items: inner.items });
      i = inner.end;
    } else if (c === close) {
      return { items, end: i + 1 };
    } else if (c === ')' || c === ']' || c === '}') {
      return undefined;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? c;
      items.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return undefined;
}

const isOperand = (t: Token | undefined): boolean =>
  !!t && (t.kind === 'literal' || (t.kind === 'ident' && !TYPE_KEYWORDS.has(t.text)) || (t.kind === 'group' && t.open !== '['));

/** Splits a group's items at top-level commas. */
function elements(items: Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (const t of items) {
    if (t.kind === 'op' && t.text === ',') out.push([]);
    else out[out.length - 1].push(t);
  }
  return out;
}

/**
 * True when `items` (one argument, as tokens) is visibly an expression and not a type:
 * a literal, an operator other than a pointer `*`, a call or conversion, an index that is
 * not type arguments, a composite or function literal, a type assertion, `<-x`, `&x`.
 * Anything else (identifiers, `pkg.T`, `T[A]`, `*T`, `[]T`, `map`, `chan`, `func`,
 * `struct`, `interface` types, `(T)`) counts as a type.
 */
function isExpression(items: Token[]): boolean {
  const first = items.find((t) => !(t.kind === 'op' && t.text === '*'));
  if (first?.kind === 'ident' && first.text === 'func') {
    // A function type, unless a body follows (a function literal, maybe called).
    return items.some((t) => t.kind === 'group' && t.open === '{');
  }
  for (let k = 0; k < items.length; k++) {
    const t = items[k];
    const prev = items[k - 1];
    const next = items[k + 1];
    switch (t.kind) {
      case 'literal':
        return true;
      case 'ident':
        break;
      case 'op':
        if (t.text === '*' && !isOperand(prev)) break; // pointer type
        if (t.text === '.' && next?.kind === 'ident') break; // selector
        if (t.text === '<-' && ((next?.kind === 'ident' && next.text === 'chan') || (prev?.kind === 'ident' && prev.text === 'chan'))) break; // <-chan T, chan<- T
        if (t.text === ',') return false; // not one argument: leave it to the grammar
        return true;
      case 'group':
        if (t.open === '{') {
          if (prev?.kind === 'ident' && (prev.text === 'struct' || prev.text === 'interface')) break;
          return true; // composite literal
        }
        if (t.open === '(') {
          if (isOperand(prev) || (prev?.kind === 'op' && prev.text === '.')) return true; // call, conversion, x.(T)
          if (isExpression(t.items)) return true; // (x + 1)
          break;
        }
        // '[': an array or slice type's length, or after a name: type arguments or an index.
        if (isOperand(prev) && elements(t.items).some((e) => isExpression(e) || e.some((x) => x.kind === 'op' && x.text === ':'))) return true;
        break;
    }
  }
  return false;
}

/** Offsets where `new` starts a `new(expr)` call the grammar cannot parse. */
function newExpressionSpots(text: string): number[] {
  const spots: number[] = [];
  for (let i = text.indexOf('new'); i !== -1; i = text.indexOf('new', i + 3)) {
    const before = text[i - 1];
    if (before !== undefined && (isIdentPart(before) || before === '.')) continue;
    let j = i + 3;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== '(') continue;
    const arg = lexGroup(text, j + 1, ')', j + 1 + MAX_ARGUMENT);
    if (arg && isExpression(arg.items)) spots.push(i);
  }
  return spots;
}

/** The text to parse for `text`, and where it differs from it. */
export function parseSourceOf(text: string): ParseSource {
  let source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const spots = text.includes('new') ? newExpressionSpots(text) : [];
  if (spots.length) {
    const parts: string[] = [];
    let from = 0;
    for (const s of spots) {
      parts.push(source.slice(from, s), NEW_REWRITE);
      from = s + NEW_REWRITE.length;
    }
    parts.push(source.slice(from));
    source = parts.join('');
  }
  return { source, spots };
}

/** The text tree-sitter parses for `text` (same length, same line breaks). */
export function parseSource(text: string): string {
  return parseSourceOf(text).source;
}
