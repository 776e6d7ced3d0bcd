// Informers of any kind, as the requests they make: client-go's shared informer factory
// (`f.Apps().V1().Deployments()`) and `cache.NewListWatchFromClient(c, "configmaps", ns, sel)`.
// Each one LISTs its objects from ResourceVersion "0" in pages of 500 (the reflector's
// pager), then WATCHes from the list's resourceVersion. `audit` matches the requests of a
// log to these lines (docs/measure.md). informers.ts keeps the narrower facts KLL303 needs.
import type { Node } from 'web-tree-sitter';
import { isNamespaceAll } from './calls';
import { PKG, type ImportTable } from './imports';
import { chained, FACTORY_CONSTRUCTORS, factoryUses, LIST_WATCH_CONSTRUCTOR, packageCall } from './informers';
import { callArgs, stringValue, unwrap } from './syntax';

export interface InformerSite {
  /** The accessor call (`f.Core().V1().Pods()`) or the `NewListWatchFromClient` call. */
  node: Node;
  /** Lower-case plural (`deployments`). */
  resource: string;
  /** All namespaces, one namespace, or not visible. Cluster-scoped kinds are `all` too. */
  scope: 'all' | 'namespaced' | 'unknown';
  /** Selectors: none, or set by a tweak or selector the code does not show. */
  selectors: 'none' | 'unknown';
}

/** Factory options that change neither the namespace nor the selectors. */
const NEUTRAL_OPTIONS = new Set(['WithTransform', 'WithCustomResyncConfig']);

const exported = (name: string) => /^[A-Z]/.test(name);
const version = (name: string) => /^V\d+((alpha|beta)\d+)?$/.test(name);

/** `x.Apps().V1().Deployments()` from the factory expression `x`: the kind method's call and resource. */
function accessor(factory: Node): { call: Node; resource: string } | undefined {
  const group = chained(factory, (n) => exported(n) && !version(n) && n !== 'Start' && n !== 'WaitForCacheSync' && n !== 'ForResource' && n !== 'InformerFor' && n !== 'Shutdown');
  const v = group && chained(group.call, version);
  const kind = v && chained(v.call, exported);
  return kind ? { call: kind.call, resource: kind.name.toLowerCase() } : undefined;
}

function namespaceArg(arg: Node): InformerSite['scope'] {
  const e = unwrap(arg);
  if (isNamespaceAll(e)) return 'all';
  return stringValue(e) !== undefined ? 'namespaced' : 'unknown';
}

/** What a factory constructor's arguments say about the namespace and the selectors. */
function factoryOptions(ctor: Node, name: string, imports: ImportTable): Pick<InformerSite, 'scope' | 'selectors'> {
  const args = callArgs(ctor);
  if (name === 'NewSharedInformerFactory') return args.length === 2 ? { scope: 'all', selectors: 'none' } : { scope: 'unknown', selectors: 'unknown' };
  if (name === 'NewFilteredSharedInformerFactory') {
    if (args.length !== 4) return { scope: 'unknown', selectors: 'unknown' };
    return { scope: namespaceArg(args[2]), selectors: unwrap(args[3]).text === 'nil' ? 'none' : 'unknown' };
  }
  if (ctor.text.includes('...')) return { scope: 'unknown', selectors: 'unknown' };
  let scope: InformerSite['scope'] = 'all';
  let selectors: InformerSite['selectors'] = 'none';
  for (const opt of args.slice(2)) {
    const call = unwrap(opt);
    const fn = call.type === 'call_expression' ? packageCall(call, imports, PKG.informers) : undefined;
    const inner = fn ? callArgs(call) : [];
    if (fn && NEUTRAL_OPTIONS.has(fn)) continue;
    if (fn === 'WithNamespace' && inner.length === 1) scope = namespaceArg(inner[0]);
    else if (fn === 'WithTweakListOptions' && inner.length === 1) selectors = unwrap(inner[0]).text === 'nil' ? selectors : 'unknown';
    else return { scope: 'unknown', selectors: 'unknown' };
  }
  return { scope, selectors };
}

/** `cache.NewListWatchFromClient(c, "configmaps", ns, fields.Everything())`. */
function listWatch(call: Node, imports: ImportTable): InformerSite | undefined {
  const args = callArgs(call);
  const resource = args.length === 4 ? stringValue(unwrap(args[1])) : undefined;
  if (!resource) return undefined;
  const selector = unwrap(args[3]);
  const everything = selector.type === 'call_expression' && !callArgs(selector).length && packageCall(selector, imports, 'k8s.io/apimachinery/pkg/fields') === 'Everything';
  return { node: call, resource: resource.toLowerCase(), scope: namespaceArg(args[2]), selectors: everything ? 'none' : 'unknown' };
}

/** The informers one captured `New...` call makes; none for anything else. */
export function informerSites(call: Node, imports: ImportTable): InformerSite[] {
  const factory = packageCall(call, imports, PKG.informers);
  if (factory && (FACTORY_CONSTRUCTORS as readonly string[]).includes(factory)) {
    const opts = factoryOptions(call, factory, imports);
    const out: InformerSite[] = [];
    for (const use of factoryUses(call)) {
      const acc = accessor(use);
      if (acc) out.push({ node: acc.call, resource: acc.resource, ...opts });
    }
    return out;
  }
  if (packageCall(call, imports, PKG.goCache) === LIST_WATCH_CONSTRUCTOR) {
    const site = listWatch(call, imports);
    return site ? [site] : [];
  }
  return [];
}
