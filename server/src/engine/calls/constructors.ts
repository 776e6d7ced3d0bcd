// Client constructors for KLL302: where a clientset, dynamic/metadata client, discovery
// client, REST mapper or controller-runtime client is built, and whether that place runs
// many times with the same configuration (a loop, an HTTP handler, a Reconcile method).
import type { Node } from 'web-tree-sitter';
import { PKG, type ImportTable } from '../imports';
import { findBinding, loopsAround, usesOf } from '../locals';
import { callArgs, FUNCTION_TYPES, isAncestor, selectorPath, unwrap } from '../syntax';

export type ConstructorKind = 'clientset' | 'dynamic' | 'metadata' | 'discovery' | 'discovery-read' | 'rest-mapper' | 'controller-runtime';

export interface ConstructorFact {
  node: Node;
  kind: ConstructorKind;
  /** As written: `kubernetes.NewForConfig`. */
  name: string;
  /** Innermost loop around the call in which its first argument does not change. */
  loop?: Node;
  /** Enclosing per-request function (an http.HandlerFunc-shaped function or a Reconcile method). */
  perRequest?: { kind: 'http-handler' | 'reconcile'; fn: Node; name: string };
}

const CONSTRUCTORS: Record<string, Record<string, ConstructorKind>> = {
  [PKG.kubernetes]: { NewForConfig: 'clientset', NewForConfigOrDie: 'clientset', NewForConfigAndClient: 'clientset' },
  [PKG.dynamic]: { NewForConfig: 'dynamic', NewForConfigOrDie: 'dynamic', NewForConfigAndClient: 'dynamic' },
  [PKG.metadata]: { NewForConfig: 'metadata', NewForConfigOrDie: 'metadata', NewForConfigAndClient: 'metadata' },
  [PKG.discovery]: {
    NewDiscoveryClientForConfig: 'discovery',
    NewDiscoveryClientForConfigOrDie: 'discovery',
    NewDiscoveryClientForConfigAndClient: 'discovery',
    NewDiscoveryClient: 'discovery',
  },
  // NewDiscoveryRESTMapper itself only indexes resources already fetched; the discovery read
  // is GetAPIGroupResources. A deferred mapper starts empty and discovers on first use.
  [PKG.restmapper]: { GetAPIGroupResources: 'discovery-read', NewDeferredDiscoveryRESTMapper: 'rest-mapper' },
  [PKG.crClient]: { New: 'controller-runtime' },
};

function kindOf(path: string, fn: string): ConstructorKind | undefined {
  if (/\/clientset\/versioned$/.test(path) && fn.startsWith('NewForConfig')) return 'clientset';
  return CONSTRUCTORS[path]?.[fn];
}

/** Same value on every iteration of / every entry into `scope`? Conservative: false when unsure. */
export function invariantIn(expr: Node, scope: Node, depth = 0): boolean {
  const u = unwrap(expr);
  if (u.type === 'identifier') {
    const b = findBinding(u);
    if (!b) return true; // package-level name
    if (b.isParameter) return b.decl.parent?.id === b.fn.childForFieldName('receiver')?.id || !isAncestor(scope, b.decl);
    const uses = usesOf(b);
    if (!isAncestor(scope, b.decl)) return !uses.writes.some((w) => isAncestor(scope, w.stmt));
    if (depth > 3 || !b.value || b.decl.type === 'range_clause' || uses.addressTaken) return false;
    return uses.writes.length === 0 && invariantIn(b.value, scope, depth + 1);
  }
  if (u.type === 'selector_expression') {
    const op = u.childForFieldName('operand');
    return !!op && invariantIn(op, scope, depth);
  }
  if (u.type === 'call_expression') {
    // A constructor or getter of invariant inputs targets the same server: `NewDiscoveryClientForConfig(cfg)`, `ctrl.GetConfigOrDie()`.
    const fn = u.childForFieldName('function');
    const op = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : undefined;
    return !!op && invariantIn(op, scope, depth) && callArgs(u).every((a) => invariantIn(a, scope, depth + 1));
  }
  return false;
}

export function paramTypes(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  return (params?.namedChildren ?? []).map((p) => p?.childForFieldName('type')?.text ?? '');
}

function perRequestFunction(call: Node): ConstructorFact['perRequest'] {
  for (let p = call.parent; p; p = p.parent) {
    if (!FUNCTION_TYPES.has(p.type)) continue;
    const types = paramTypes(p);
    if (types.some((t) => /^http\.ResponseWriter$/.test(t)) && types.some((t) => /^\*http\.Request$/.test(t))) {
      return { kind: 'http-handler', fn: p, name: p.childForFieldName('name')?.text ?? 'the handler' };
    }
    if (p.type === 'method_declaration' && p.childForFieldName('name')?.text === 'Reconcile' && types.length === 2) {
      return { kind: 'reconcile', fn: p, name: 'Reconcile' };
    }
  }
  return undefined;
}

export function recogniseConstructor(call: Node, imports: ImportTable): ConstructorFact | undefined {
  const fn = call.childForFieldName('function');
  const path = fn ? selectorPath(fn) : undefined;
  if (!path || path.length !== 2) return undefined;
  const pkgPath = imports.byName.get(path[0]);
  const kind = pkgPath ? kindOf(pkgPath, path[1]) : undefined;
  if (!kind) return undefined;
  const arg = callArgs(call)[0];
  if (!arg) return undefined;
  const fact: ConstructorFact = { node: call, kind, name: path.join('.') };
  let fnNode: Node | undefined;
  for (let p = call.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) { fnNode = p; break; }
  // The innermost loop decides: a config that changes per iteration (one client per cluster) is the point.
  const inner = loopsAround(call, fnNode)[0];
  if (inner && invariantIn(arg, inner)) fact.loop = inner;
  const req = perRequestFunction(call);
  if (req && invariantIn(arg, req.fn)) fact.perRequest = req;
  return fact;
}
