// Recognises reads by their shape: typed clientsets, dynamic and metadata clients here;
// controller-runtime clients, listers/indexers and pagers in calls/. Shape + a resolved
// options type is the evidence; a `List` method of anything else does not match.
import type { Node } from 'web-tree-sitter';
import type { ShapeContext } from './calls/context';
import { recogniseControllerRuntimeCall, type ControllerRuntimeFacts } from './calls/controllerRuntime';
import { recogniseListAll, recogniseLocalRead, type LocalReadFacts } from './calls/localReads';
import { recognisePagerCall, type PagerFacts } from './calls/pager';
import { findBinding } from './locals';
import { resolveOptions, type OptionsFact } from './options';
import { callArgs, selectorPath, stringValue, unwrap } from './syntax';

export type Verb = 'list' | 'get';

export type NamespaceScope =
  /** Pods("") or Pods(metav1.NamespaceAll), or a dynamic client without .Namespace(). */
  | { kind: 'all'; node?: Node }
  | { kind: 'namespaced'; node: Node; value?: string }
  /** A kind with no namespace (Nodes(), Namespaces()...). */
  | { kind: 'cluster-scoped' }
  | { kind: 'unknown' };

/** Who answers the read. */
export type ClientKind =
  | 'typed'
  | 'dynamic'
  /** A client-go resource interface of unknown origin, known by its metav1 options argument. */
  | 'opaque'
  | 'controller-runtime'
  | 'lister'
  | 'indexer'
  | 'pager';

/**
 * Where the read is served from: `api` is a request to kube-apiserver (KLL001-KLL004 apply);
 * `informer-cache` is controller-runtime's cached client (no request; KLL301 applies);
 * `lister` is a lister/indexer read of an informer's store (local, O(N)); `unknown` is a
 * controller-runtime reader we cannot place (a parameter, a field of an unseen struct).
 */
export type CallPath = 'api' | 'informer-cache' | 'lister' | 'unknown';

export interface ApiCall {
  node: Node;
  verb: Verb;
  client: ClientKind;
  path: CallPath;
  /** `CoreV1`, `AppsV1`... for typed clients. */
  groupVersion?: string;
  /** Resource as written: `Pods` for typed clients, `pods` when a dynamic GVR literal says so. */
  resource?: string;
  namespace: NamespaceScope;
  /** The argument the options come from (the last option for controller-runtime); none for listers. */
  optionsArg?: Node;
  /** For listers and indexers always `unknown` (`not-options`): they take no ListOptions. */
  options: OptionsFact;
  controllerRuntime?: ControllerRuntimeFacts;
  localRead?: LocalReadFacts;
  pager?: PagerFacts;
}

const GROUP_VERSION = /^[A-Z][A-Za-z0-9]*V\d+((alpha|beta)\d+)?$/;
const RESOURCE = /^[A-Z][A-Za-z0-9]*$/;

/** Names under which `metav1.NamespaceAll` / `corev1.NamespaceAll` may appear. */
export function isNamespaceAll(node: Node): boolean {
  const s = stringValue(node);
  if (s !== undefined) return s === '';
  const path = selectorPath(node);
  return !!path && path.length === 2 && path[1] === 'NamespaceAll';
}

function namespaceOf(arg: Node | undefined): NamespaceScope {
  if (!arg) return { kind: 'cluster-scoped' };
  if (isNamespaceAll(arg)) return { kind: 'all', node: arg };
  const s = stringValue(arg);
  return { kind: 'namespaced', node: arg, value: s };
}

/** The call that produced `expr`, following one local `x := ...` binding if needed. */
function producingCall(expr: Node): Node | undefined {
  const e = unwrap(expr);
  if (e.type === 'call_expression') return e;
  if (e.type === 'identifier') {
    const b = findBinding(e);
    if (b?.value && !b.isParameter) {
      const v = unwrap(b.value);
      if (v.type === 'call_expression') return v;
    }
  }
  return undefined;
}

function methodOf(call: Node): { name: string; operand: Node } | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || fn.type !== 'selector_expression') return undefined;
  const field = fn.childForFieldName('field');
  const operand = fn.childForFieldName('operand');
  if (!field || !operand) return undefined;
  return { name: field.text, operand };
}

interface Receiver {
  client: 'typed' | 'dynamic' | 'opaque';
  groupVersion?: string;
  resource?: string;
  namespace: NamespaceScope;
}

function classifyReceiver(operand: Node): Receiver {
  const resourceCall = producingCall(operand);
  if (resourceCall) {
    const m = methodOf(resourceCall);
    const args = callArgs(resourceCall);
    if (m) {
      // typed: X.CoreV1().Pods(ns)
      const gvCall = producingCall(m.operand);
      const gv = gvCall ? methodOf(gvCall) : undefined;
      if (gv && GROUP_VERSION.test(gv.name) && callArgs(gvCall!).length === 0 && RESOURCE.test(m.name) && args.length <= 1) {
        return { client: 'typed', groupVersion: gv.name, resource: m.name, namespace: namespaceOf(args[0]) };
      }
      // dynamic / metadata: X.Resource(gvr).Namespace(ns)  or  X.Resource(gvr)
      if (m.name === 'Namespace' && args.length === 1) {
        const inner = producingCall(m.operand);
        const im = inner ? methodOf(inner) : undefined;
        if (im?.name === 'Resource' && callArgs(inner!).length === 1) {
          return { client: 'dynamic', resource: gvrResource(callArgs(inner!)[0]), namespace: namespaceOf(args[0]) };
        }
      }
      if (m.name === 'Resource' && args.length === 1) {
        return { client: 'dynamic', resource: gvrResource(args[0]), namespace: { kind: 'all' } };
      }
      // A typed group client held in a field or variable: `o.Client.LocalQueues(ns)`. Still
      // opaque (it counts only with metav1 options), but the resource and namespace are seen.
      if (!gvCall && RESOURCE.test(m.name) && /s$/.test(m.name) && args.length <= 1) {
        return { client: 'opaque', resource: m.name, namespace: namespaceOf(args[0]) };
      }
    }
  }
  return { client: 'opaque', namespace: { kind: 'unknown' } };
}

/** `schema.GroupVersionResource{..., Resource: "pods"}` (inline or one local hop) -> "pods". */
function gvrResource(arg: Node): string | undefined {
  let e = unwrap(arg);
  if (e.type === 'identifier') {
    const b = findBinding(e);
    if (!b?.value) return undefined;
    e = unwrap(b.value);
  }
  if (e.type !== 'composite_literal') return undefined;
  for (const el of e.childForFieldName('body')?.namedChildren ?? []) {
    if (el?.type !== 'keyed_element') continue;
    const key = el.namedChild(0)?.text;
    const value = el.namedChild(1);
    if (key === 'Resource' && value) {
      const v = value.namedChildCount === 1 ? value.namedChild(0)! : value;
      return stringValue(v);
    }
  }
  return undefined;
}

/** A raw `Watch(ctx, metav1.ListOptions{...})` on a client-go resource interface. */
export interface WatchCall {
  node: Node;
  client: 'typed' | 'dynamic' | 'opaque';
  groupVersion?: string;
  resource?: string;
  namespace: NamespaceScope;
  optionsArg: Node;
  options: OptionsFact;
}

/**
 * `x.Watch(ctx, opts)` with the receiver shapes of a List (typed, dynamic), or on any
 * receiver when `opts` is visibly `metav1.ListOptions` (the resource interface's signature).
 * controller-runtime's `WithWatch.Watch(ctx, &list, opts...)` takes an object: not this.
 */
export function recogniseWatch(call: Node, ctx: ShapeContext): WatchCall | undefined {
  const m = methodOf(call);
  const args = callArgs(call);
  if (m?.name !== 'Watch' || args.length !== 2) return undefined;
  const receiver = classifyReceiver(m.operand);
  const options = resolveOptions(args[1], call, ctx.metaNames, { functions: ctx.functions, parameterOptions: ctx.parameterOptions });
  if (options.kind === 'resolved' ? options.type !== 'ListOptions' : receiver.client === 'opaque') return undefined;
  return { node: call, ...receiver, optionsArg: args[1], options };
}

/**
 * Classifies one call_expression captured for its method name; undefined when it is not a
 * read we recognise. Typed and dynamic shapes first (they are the most specific), then
 * pagers, controller-runtime, listers/indexers, and last the opaque client-go interface.
 */
export function recogniseApiCall(call: Node, ctx: ShapeContext): ApiCall | undefined {
  const fn = call.childForFieldName('function');
  const pkgFn = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  if (pkgFn === 'ListAll' || pkgFn === 'ListAllByNamespace') return recogniseListAll(call, ctx);
  const m = methodOf(call);
  if (!m) return undefined;
  const args = callArgs(call);
  const pager = recognisePagerCall(call, m.name, m.operand, ctx);
  if (pager) return pager;
  if (m.name !== 'List' && m.name !== 'Get') return recogniseLocalRead(call, m.name, m.operand, ctx);
  const verb: Verb = m.name === 'List' ? 'list' : 'get';
  const receiver = classifyReceiver(m.operand);
  if (receiver.client === 'opaque') {
    const cr = recogniseControllerRuntimeCall(call, verb, m.operand, ctx);
    if (cr) return cr;
    const local = recogniseLocalRead(call, m.name, m.operand, ctx);
    if (local) return local;
  }
  if ((verb === 'list' && args.length !== 2) || (verb === 'get' && args.length !== 3)) return undefined;
  const optionsArg = args[args.length - 1];
  const options = resolveOptions(optionsArg, call, ctx.metaNames, { functions: ctx.functions, parameterOptions: ctx.parameterOptions });
  // An opaque receiver counts only when the options are visibly metav1 options of the
  // right kind: `(ctx, metav1.ListOptions{})` is the signature of a client-go resource
  // interface, and nothing else takes it.
  if (options.kind === 'resolved') {
    if ((verb === 'list') !== (options.type === 'ListOptions')) return undefined;
  } else if (receiver.client === 'opaque') {
    return undefined;
  }
  return { node: call, verb, ...receiver, path: 'api', optionsArg, options };
}
