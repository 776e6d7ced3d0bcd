// How this file configures the controller-runtime manager's cache and client. A cached read
// of a kind starts an informer over every object of that kind the cache may see; the options
// read here are what narrow it. Written in main.go (or cmd/) as a rule, which the engine sees
// only when it analyses that file: see docs/call-shapes.md.
import type { Node } from 'web-tree-sitter';
import type { CacheConfig, PackageNames } from './context';
import { qualifiedName } from './context';
import { asLiteral, elementExpr, keyedElements, literalType, typeName } from './literal';

const RESTRICTS_ALL = new Set(['DefaultNamespaces', 'Namespaces', 'DefaultLabelSelector', 'DefaultFieldSelector']);
const RESTRICTS_OBJECT = new Set(['Namespaces', 'Label', 'Field']);

export function emptyCacheConfig(): CacheConfig {
  return { restrictedKinds: new Map(), uncachedKinds: new Set(), cacheUnstructured: false };
}

/** Kind named by a map key `&corev1.Pod{}`. */
function kindOfObjectLiteral(n: Node | undefined): string | undefined {
  return typeName(literalType(n));
}

/** Folds one composite literal into `cfg` when it is a cache or client option struct. */
export function readCacheLiteral(lit: Node, names: PackageNames, cfg: CacheConfig): void {
  const t = lit.childForFieldName('type');
  const cacheType = qualifiedName(t, names.crCache);
  const clientType = qualifiedName(t, names.crClient);
  const managerType = qualifiedName(t, names.crRoot) ?? qualifiedName(t, names.crManager);
  const elements = keyedElements(lit);
  if (cacheType === 'Options') {
    for (const e of elements) {
      if (RESTRICTS_ALL.has(e.key.text)) cfg.restrictsAll ??= e.element;
      if (e.key.text === 'ByObject' || e.key.text === 'SelectorsByObject') readByObject(e.value, cfg);
    }
  } else if (managerType === 'Options') {
    // controller-runtime < 0.16: manager.Options{Namespace: ns} restricted the whole cache.
    for (const e of elements) if (e.key.text === 'Namespace') cfg.restrictsAll ??= e.element;
  } else if (clientType === 'CacheOptions') {
    for (const e of elements) {
      if (e.key.text === 'Unstructured' && e.value.text === 'true') cfg.cacheUnstructured = true;
      if (e.key.text === 'DisableFor') {
        const list = asLiteral(e.value);
        for (const item of list?.childForFieldName('body')?.namedChildren ?? []) {
          const kind = kindOfObjectLiteral(elementExpr(item));
          if (kind) cfg.uncachedKinds.add(kind);
        }
      }
    }
  }
}

function readByObject(value: Node, cfg: CacheConfig): void {
  const map = asLiteral(value);
  if (!map) return;
  for (const e of keyedElements(map)) {
    const kind = kindOfObjectLiteral(e.key);
    const restriction = asLiteral(e.value);
    if (!kind || !restriction) continue;
    // A ByObject entry with only Transform or UnsafeDisableDeepCopy narrows nothing.
    if (keyedElements(restriction).some((x) => RESTRICTS_OBJECT.has(x.key.text))) cfg.restrictedKinds.set(kind, e.element);
  }
}

/** `cache.MultiNamespacedCacheBuilder(namespaces)` (controller-runtime < 0.16). */
export function readCacheCall(call: Node, names: PackageNames, cfg: CacheConfig): void {
  const fn = call.childForFieldName('function');
  if (qualifiedName(fn, names.crCache) === 'MultiNamespacedCacheBuilder') cfg.restrictsAll ??= call;
}
