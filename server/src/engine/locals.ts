// Local data flow inside one function: where a name was declared, with what value, and
// every later write to it or to one of its fields. Tree-sitter gives no types or scopes,
// so this is deliberately conservative: anything it cannot follow is reported as such.
import type { Node } from 'web-tree-sitter';
import { FUNCTION_TYPES, IDENT_CHARS, isAncestor, tokenAt, unwrap } from './syntax';

export interface Binding {
  name: string;
  /** The declaring statement or parameter. */
  decl: Node;
  /** The initial value expression, when one value is bound to this name. */
  value?: Node;
  /** Declared type (`var x T` or a parameter's type). */
  type?: Node;
  /** `x, err := f()`: the one call whose result number `index` is bound to this name. */
  result?: { call: Node; index: number };
  isParameter: boolean;
  /** The function (declaration or literal) the binding lives in. */
  fn: Node;
}

export interface Write {
  /** The assignment statement. */
  stmt: Node;
  /** Field written (`x.F = v`), or undefined when the whole variable is replaced. */
  field?: string;
  value?: Node;
}

export interface Uses {
  writes: Write[];
  /** `&x` somewhere: a callee may write any field, so field values are unknown. */
  addressTaken: boolean;
}

function bodyOf(fn: Node): Node | null {
  return fn.childForFieldName('body');
}

// Nodes that open a scope or a path of their own: a write inside one of them happens only
// when control enters it.
const SCOPE_TYPES = new Set([
  'block',
  'expression_case',
  'type_case',
  'default_case',
  'communication_case',
  'if_statement',
  'for_statement',
  'select_statement',
  ...FUNCTION_TYPES,
]);

function blockOf(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (SCOPE_TYPES.has(p.type)) return p;
  return undefined;
}

/** Finds the declaration of the identifier `ident` visible at `ident`, within its functions. */
export function findBinding(ident: Node): Binding | undefined {
  if (ident.type !== 'identifier') return undefined;
  const name = ident.text;
  for (let fn = ident.parent; fn; fn = fn.parent) {
    if (!FUNCTION_TYPES.has(fn.type)) continue;
    const body = bodyOf(fn);
    let best: Binding | undefined;
    if (body) {
      for (const cand of declarationsIn(body, name, fn)) {
        if (cand.decl.endIndex > ident.startIndex && !(cand.decl.type === 'range_clause' && isAncestor(cand.decl.parent!, ident))) continue;
        const scope = blockOf(cand.decl);
        if (scope && !isAncestor(scope, ident)) continue;
        if (!best || cand.decl.startIndex > best.decl.startIndex) best = cand;
      }
    }
    if (best) return best;
    const params = parameterBinding(fn, name);
    if (params) return params;
  }
  return undefined;
}

function parameterBinding(fn: Node, name: string): Binding | undefined {
  const lists = [fn.childForFieldName('receiver'), fn.childForFieldName('parameters')];
  for (const list of lists) {
    if (!list) continue;
    for (const p of list.namedChildren) {
      if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
      for (const n of p.childrenForFieldName('name')) {
        if (n?.text === name) {
          return { name, decl: p, type: p.childForFieldName('type') ?? undefined, isParameter: true, fn };
        }
      }
    }
  }
  return undefined;
}

function* declarationsIn(body: Node, name: string, fn: Node): Generator<Binding> {
  for (const n of declarationsByName(body).get(name) ?? []) {
    const b = bindingFrom(n, name, fn);
    if (b) yield b;
  }
}

// Per tree (a new version is a new Tree object), per body: its declarations by declared name.
// findBinding runs for every identifier the rules resolve. Walking the body node by node
// was 40% of the CLI's time on client-go, and a descendantsOfType walk per body still 5 ms
// of every keystroke in a 5,000-line file: the keywords that declare (`:=`, `var`, `range`,
// and `func` for the literals to leave out) are found in the text and confirmed by the tree.
const declarationCache = new WeakMap<object, Map<number, Map<string, Node[]>>>();

/** The names a declaration node binds: `a, b := ...`, `var a, b T`, `for k, v := range`. */
function declaredNames(n: Node): string[] {
  if (n.type === 'var_spec') return n.childrenForFieldName('name').map((x) => x?.text ?? '');
  const left = n.childForFieldName('left');
  if (!left) return [];
  const lhs = left.type === 'expression_list' ? left.namedChildren : [left];
  return lhs.filter((x): x is Node => x?.type === 'identifier').map((x) => x.text);
}

const DECLARING_TOKENS = new RegExp(`:=|(?<![${IDENT_CHARS}])(?:var|range|func)(?![${IDENT_CHARS}])`, 'g');

/** short_var_declaration, var_spec and range_clause nodes of `body`, and its func_literals. */
function declaringNodes(body: Node): { decls: Node[]; literals: Node[] } {
  const decls = new Map<number, Node>();
  const literals: Node[] = [];
  const base = body.startIndex;
  for (const m of body.text.matchAll(DECLARING_TOKENS)) {
    const tok = tokenAt(body, base + m.index!, base + m.index! + m[0].length);
    const parent = tok?.parent;
    if (!tok || tok.type !== m[0] || !parent) continue;
    if (m[0] === 'func') {
      if (parent.type === 'func_literal') literals.push(parent);
    } else if (m[0] === 'var') {
      if (parent.type === 'var_declaration') for (const spec of parent.descendantsOfType('var_spec')) if (spec) decls.set(spec.id, spec);
    } else if (parent.type === (m[0] === 'range' ? 'range_clause' : 'short_var_declaration') || (m[0] === ':=' && parent.type === 'range_clause')) {
      decls.set(parent.id, parent);
    }
  }
  return { decls: [...decls.values()].sort((x, y) => x.startIndex - y.startIndex), literals };
}

/** Declarations of `body` outside nested function literals (their own scopes), by name, in order. */
function declarationsByName(body: Node): Map<string, Node[]> {
  let perTree = declarationCache.get(body.tree);
  if (!perTree) declarationCache.set(body.tree, (perTree = new Map()));
  const cached = perTree.get(body.id);
  if (cached) return cached;
  const { decls, literals } = declaringNodes(body);
  const out = new Map<string, Node[]>();
  for (const n of decls) {
    if (literals.some((f) => f.startIndex <= n.startIndex && n.endIndex <= f.endIndex)) continue;
    for (const name of new Set(declaredNames(n))) {
      const list = out.get(name);
      if (list) list.push(n);
      else out.set(name, [n]);
    }
  }
  perTree.set(body.id, out);
  return out;
}

function bindingFrom(n: Node, name: string, fn: Node): Binding | undefined {
  if (n.type === 'var_spec') {
    const names = n.childrenForFieldName('name');
    const idx = names.findIndex((x) => x?.text === name);
    if (idx < 0) return undefined;
    const values = n.childForFieldName('value')?.namedChildren.filter((x): x is Node => !!x) ?? [];
    return {
      name,
      decl: n,
      value: values.length === names.length ? values[idx] : undefined,
      type: n.childForFieldName('type') ?? undefined,
      isParameter: false,
      fn,
    };
  }
  const left = n.childForFieldName('left');
  if (!left) return undefined;
  const lhs = left.type === 'expression_list' ? left.namedChildren.filter((x): x is Node => !!x) : [left];
  const idx = lhs.findIndex((x) => x.type === 'identifier' && x.text === name);
  if (idx < 0) return undefined;
  if (n.type === 'range_clause') return { name, decl: n, isParameter: false, fn };
  const right = n.childForFieldName('right');
  const rhs = right?.type === 'expression_list' ? right.namedChildren.filter((x): x is Node => !!x) : right ? [right] : [];
  const result = rhs.length === 1 && lhs.length > 1 && rhs[0].type === 'call_expression' ? { call: rhs[0], index: idx } : undefined;
  return { name, decl: n, value: rhs.length === lhs.length ? rhs[idx] : undefined, result, isParameter: false, fn };
}

/** Every write to `binding` (or its fields) in the binding's function, and whether `&x` appears. */
export function usesOf(binding: Binding): Uses {
  const body = bodyOf(binding.fn);
  const uses: Uses = { writes: [], addressTaken: false };
  if (!body) return uses;
  const name = binding.name;
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'assignment_statement') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const lhs = left ? (left.type === 'expression_list' ? left.namedChildren : [left]) : [];
      const rhs = right ? (right.type === 'expression_list' ? right.namedChildren : [right]) : [];
      lhs.forEach((l, i) => {
        if (!l) return;
        const value = rhs.length === lhs.length ? (rhs[i] ?? undefined) : undefined;
        if (l.type === 'identifier' && l.text === name) uses.writes.push({ stmt: n, value });
        if (l.type === 'selector_expression') {
          const op = l.childForFieldName('operand');
          const field = l.childForFieldName('field');
          if (op && field && unwrap(op).type === 'identifier' && unwrap(op).text === name) {
            uses.writes.push({ stmt: n, field: field.text, value });
          } else if (op) {
            // `x.A.B = v` (or `x.A[i] = v`): a write into field A whose value we do not fold.
            let inner = unwrap(op);
            let top: Node | undefined;
            while (inner.type === 'selector_expression' || inner.type === 'index_expression') {
              const o = inner.childForFieldName('operand');
              if (!o) break;
              if (inner.type === 'selector_expression') top = inner.childForFieldName('field') ?? undefined;
              inner = unwrap(o);
            }
            if (inner.type === 'identifier' && inner.text === name && top) uses.writes.push({ stmt: n, field: top.text });
          }
        }
      });
    } else if (n.type === 'unary_expression' && n.child(0)?.type === '&') {
      const op = n.childForFieldName('operand');
      if (op && unwrap(op).type === 'identifier' && unwrap(op).text === name) uses.addressTaken = true;
    } else if (n.type === 'inc_statement' || n.type === 'dec_statement') {
      // x.Limit++ and friends: a write we do not fold.
      const target = n.namedChild(0);
      if (target?.type === 'selector_expression' && target.childForFieldName('operand')?.text === name) {
        uses.writes.push({ stmt: n, field: target.childForFieldName('field')?.text });
      }
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return uses;
}

/** The innermost loop statements around `node`, up to (not beyond) the function `fn`. */
export function loopsAround(node: Node, fn?: Node): Node[] {
  const out: Node[] = [];
  for (let p = node.parent; p && p !== fn; p = p.parent) {
    if (p.type === 'for_statement') out.push(p);
    if (FUNCTION_TYPES.has(p.type)) break;
  }
  return out;
}

/**
 * True when `stmt` certainly executes before `use` on every path: it ends before `use`
 * starts and its enclosing block also encloses `use` (not in a branch `use` skips).
 */
export function dominates(stmt: Node, use: Node): boolean {
  if (stmt.endIndex > use.startIndex) return false;
  const block = blockOf(stmt);
  return !!block && isAncestor(block, use);
}
