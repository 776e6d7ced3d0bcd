// The wire format a client-go client reads with, from the rest.Config it is built from in the
// same function (KLL304). A rest.Config without ContentType asks for JSON: client-go's REST
// client always does, and its typed clients (clientsets, informer factories) do before v0.32,
// from which they prefer protobuf for built-in types (gentype.PrefersProtobuf). Anything this
// cannot follow (a parameter, a field, a config handed to another function) is `unknown`.
import type { Node } from 'web-tree-sitter';
import { PKG, type ImportTable } from './imports';
import { findBinding, usesOf } from './locals';
import { packageCall } from './informers';
import { callArgs, enclosingFunction, identifiersNamed, selectorPath, stringValue, unwrap } from './syntax';

/** `json-default`: no ContentType set; `json`/`protobuf`: set to that; `unknown`: not visible. */
export type WireFormat = 'json-default' | 'json' | 'protobuf' | 'unknown';

export interface ClientWire {
  format: WireFormat;
  /** `typed`: a clientset's generated clients; `rest`: a bare REST client (`CoreV1().RESTClient()`, `rest.RESTClientFor`). */
  via: 'typed' | 'rest';
  /** Where the rest.Config is made (its binding or literal), when `format` is known. */
  config?: Node;
}

const REST_PATH = 'k8s.io/client-go/rest';
const CLIENTCMD_PATH = 'k8s.io/client-go/tools/clientcmd';
const CR_CONFIG_PATH = 'sigs.k8s.io/controller-runtime/pkg/client/config';
const CLIENTSET_CONSTRUCTORS = new Set(['NewForConfig', 'NewForConfigOrDie', 'NewForConfigAndClient']);
const REST_CONSTRUCTORS = new Set(['RESTClientFor', 'RESTClientForConfigAndClient', 'UnversionedRESTClientFor', 'UnversionedRESTClientForConfigAndClient']);
/** Functions that return a rest.Config with no ContentType (kubeconfig files and the in-cluster env carry none). */
const CONFIG_SOURCES: Record<string, ReadonlySet<string>> = {
  [REST_PATH]: new Set(['InClusterConfig']),
  [CLIENTCMD_PATH]: new Set(['BuildConfigFromFlags', 'RESTConfigFromKubeConfig', 'BuildConfigFromKubeconfigGetter']),
  [CR_CONFIG_PATH]: new Set(['GetConfig', 'GetConfigOrDie', 'GetConfigWithContext']),
  [PKG.crRoot]: new Set(['GetConfig', 'GetConfigOrDie']),
};
/** Calls a config may be handed to without its ContentType changing: they copy it or only read it. */
const READS_CONFIG = /^(New\w*ForConfig\w*|NewForConfig\w*|RESTClientFor\w*|UnversionedRESTClientFor\w*|HTTPClientFor|CopyConfig|AddUserAgent|NewManager|New)$/;
const WIRE_FIELDS = new Set(['ContentType', 'AcceptContentTypes', 'ContentConfig']);
const CONTENT_TYPE_CONSTANTS: Record<string, WireFormat> = { ContentTypeProtobuf: 'protobuf', ContentTypeJSON: 'json' };

/** What a ContentType / AcceptContentTypes value asks for. */
function valueFormat(v: Node | undefined): WireFormat {
  if (!v) return 'unknown';
  const e = unwrap(v);
  const s = stringValue(e);
  if (s !== undefined) return /protobuf/.test(s) ? 'protobuf' : /^application\/json\b/.test(s) ? 'json' : 'unknown';
  const path = selectorPath(e);
  return (path?.length === 2 && CONTENT_TYPE_CONSTANTS[path[1]]) || 'unknown';
}

/** The format a `rest.Config{...}` literal sets (json-default when it sets none). */
function literalFormat(lit: Node): WireFormat {
  const body = lit.childForFieldName('body');
  const formats: WireFormat[] = [];
  for (const el of body?.namedChildren ?? []) {
    if (el?.type !== 'keyed_element') continue;
    const key = el.namedChild(0)?.text;
    // The value may be wrapped in a literal_element (tree-sitter-go ≥ 0.20).
    const value = el.namedChild(1);
    const inner = value?.type === 'literal_element' && value.namedChildCount === 1 ? value.namedChild(0)! : value;
    if (key === 'ContentType' || key === 'AcceptContentTypes') formats.push(valueFormat(inner ?? undefined));
    else if (key === 'ContentConfig') formats.push('unknown');
  }
  return combine(formats, 'json-default');
}

/** One answer from the formats written: protobuf if any asks for it and none is unknown. */
function combine(formats: WireFormat[], initial: WireFormat): WireFormat {
  if (formats.includes('unknown')) return 'unknown';
  if (formats.includes('protobuf')) return 'protobuf';
  if (formats.includes('json')) return 'json';
  return initial;
}

/** Every use of the binding's name after `after` is a read or a hand-off to a constructor that copies it. */
function onlyReadAfter(ident: string, fn: Node, decl: Node): boolean {
  for (const id of identifiersNamed(fn, ident)) {
    if (id.startIndex < decl.endIndex) continue;
    let arg: Node = id;
    while (arg.parent && (arg.parent.type === 'unary_expression' || arg.parent.type === 'parenthesized_expression')) arg = arg.parent;
    if (arg.parent?.type !== 'argument_list') continue;
    const call = arg.parent.parent;
    const callee = call?.childForFieldName('function');
    const name = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee?.text;
    if (!name || !READS_CONFIG.test(name)) return false;
  }
  return true;
}

/**
 * Functions of the module's other packages that return a fresh rest.Config with no ContentType
 * (`importpath.Name`, from the program model's summaries: `returnsFreshConfig`).
 */
export type ConfigSources = ReadonlySet<string>;
const NO_SOURCES: ConfigSources = new Set();

/** The wire format of the config a call returns: a kubeconfig or in-cluster loader's (json-default), a copy's, or unknown. */
function callFormat(call: Node, imports: ImportTable, sources: ConfigSources, depth: number): WireFormat {
  const fn = call.childForFieldName('function');
  const op = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : undefined;
  const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  const path = op?.type === 'identifier' ? imports.byName.get(op.text) : undefined;
  if (name && path && (CONFIG_SOURCES[path]?.has(name) || sources.has(`${path}.${name}`))) return 'json-default';
  if (name === 'CopyConfig' && path === REST_PATH && callArgs(call).length === 1) return configFormat(callArgs(call)[0], imports, sources, depth + 1).format;
  // `clientcmd.NewNonInteractiveDeferredLoadingClientConfig(...).ClientConfig()`: a kubeconfig's config.
  if (name === 'ClientConfig' && op?.type === 'call_expression' && /^\w+\.New\w*ClientConfig\w*$/.test(op.childForFieldName('function')?.text ?? '')) {
    const inner = op.childForFieldName('function')!.childForFieldName('operand');
    if (inner && imports.byName.get(inner.text) === CLIENTCMD_PATH) return 'json-default';
  }
  return 'unknown';
}

/** The wire format of the rest.Config expression `cfg`. */
export function configFormat(cfg: Node, imports: ImportTable, sources: ConfigSources = NO_SOURCES, depth = 0): { format: WireFormat; at?: Node } {
  const e = unwrap(cfg);
  if (e.type === 'composite_literal') {
    const t = /^(\w+)\.Config$/.exec(e.childForFieldName('type')?.text ?? '');
    return t && imports.byName.get(t[1]) === REST_PATH ? { format: literalFormat(e), at: e } : { format: 'unknown' };
  }
  if (e.type !== 'identifier' || depth > 3) return { format: 'unknown' };
  const b = findBinding(e);
  if (!b || b.isParameter) return { format: 'unknown' };
  const source = b.result?.index === 0 ? b.result.call : b.value;
  const src = source && unwrap(source);
  const initial: WireFormat =
    src?.type === 'composite_literal' ? configFormat(src, imports, sources, depth + 1).format : src?.type === 'call_expression' ? callFormat(src, imports, sources, depth) : 'unknown';
  if (initial === 'unknown') return { format: 'unknown' };
  const uses = usesOf(b);
  if (uses.writes.some((w) => !w.field)) return { format: 'unknown' };
  const written = uses.writes.filter((w) => w.field && WIRE_FIELDS.has(w.field)).map((w) => (w.field === 'ContentType' || w.field === 'AcceptContentTypes' ? valueFormat(w.value) : 'unknown'));
  if (!onlyReadAfter(b.name, b.fn, b.decl)) return { format: 'unknown' };
  return { format: combine(written, initial), at: b.decl };
}

/**
 * A function whose every non-nil return gives a fresh rest.Config with no ContentType
 * (`func GetKubeconfig(path string) (*rest.Config, error) { ... return rest.InClusterConfig() }`):
 * the program model lets other packages' clients built from it be judged (KLL304).
 */
export function returnsFreshConfig(decl: Node, imports: ImportTable): boolean {
  const result = decl.childForFieldName('result')?.text ?? '';
  const rest = /(\w+)\.Config\b/.exec(result);
  const body = decl.childForFieldName('body');
  if (!rest || imports.byName.get(rest[1]) !== REST_PATH || !body) return false;
  let fresh = 0;
  for (const ret of body.descendantsOfType('return_statement')) {
    if (!ret || enclosingFunction(ret)?.startIndex !== decl.startIndex) continue;
    const first = ret.namedChild(0)?.type === 'expression_list' ? ret.namedChild(0)!.namedChild(0) : ret.namedChild(0);
    const e = first && unwrap(first);
    if (!e || e.text === 'nil') continue;
    const format = e.type === 'call_expression' ? callFormat(e, imports, NO_SOURCES, 0) : configFormat(e, imports).format;
    if (format !== 'json-default') return false;
    fresh++;
  }
  return fresh > 0;
}

/** `kubernetes.NewForConfig(cfg)` (or `...OrDie`, `...AndClient`): its config argument. */
function clientsetConfig(call: Node, imports: ImportTable): Node | undefined {
  const name = packageCall(call, imports, PKG.kubernetes);
  return name && CLIENTSET_CONSTRUCTORS.has(name) ? callArgs(call)[0] : undefined;
}

/** The value an identifier is bound to in its function (its call, for `x, err := f()`). */
function boundValue(e: Node): Node | undefined {
  if (e.type !== 'identifier') return e;
  const b = findBinding(e);
  if (!b || b.isParameter) return undefined;
  if (b.result?.index === 0) return b.result.call;
  if (b.value && !usesOf(b).writes.some((w) => !w.field)) return unwrap(b.value);
  return undefined;
}

/** The wire format of a clientset expression (`kubernetes.Interface`) given to an informer factory. */
export function clientsetWire(expr: Node, imports: ImportTable, sources: ConfigSources = NO_SOURCES): ClientWire {
  const v = boundValue(unwrap(expr));
  const cfg = v?.type === 'call_expression' ? clientsetConfig(v, imports) : undefined;
  if (!cfg) return { format: 'unknown', via: 'typed' };
  const { format, at } = configFormat(cfg, imports, sources);
  return { format, via: 'typed', config: at };
}

/** The wire format of a REST client expression given to `cache.NewListWatchFromClient`. */
export function restClientWire(expr: Node, imports: ImportTable, sources: ConfigSources = NO_SOURCES): ClientWire {
  const e = unwrap(expr);
  // `cs.CoreV1().RESTClient()`: the clientset's REST client, built from the same config.
  const fn = e.type === 'call_expression' ? e.childForFieldName('function') : undefined;
  if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'RESTClient' && !callArgs(e).length) {
    const group = fn.childForFieldName('operand');
    const groupFn = group?.type === 'call_expression' ? group.childForFieldName('function') : undefined;
    const cs = groupFn?.type === 'selector_expression' ? groupFn.childForFieldName('operand') : undefined;
    if (!cs) return { format: 'unknown', via: 'rest' };
    return { ...clientsetWire(cs, imports, sources), via: 'rest' };
  }
  const v = boundValue(e);
  const name = v?.type === 'call_expression' ? packageCall(v, imports, REST_PATH) : undefined;
  if (!v || !name || !REST_CONSTRUCTORS.has(name)) return { format: 'unknown', via: 'rest' };
  const { format, at } = configFormat(callArgs(v)[0], imports, sources);
  return { format, via: 'rest', config: at };
}

/**
 * Whether client-go's typed clients at `version` ask for protobuf when the config names no
 * ContentType (from v0.32, kubernetes/kubernetes#125314); undefined for a version it cannot read.
 */
export function typedPrefersProtobuf(version: string | undefined): boolean | undefined {
  const m = version ? /^v0\.(\d+)\.\d+(?:$|[-+])/.exec(version) : null;
  if (!m || Number(m[1]) === 0) return undefined;
  return Number(m[1]) >= 32;
}
