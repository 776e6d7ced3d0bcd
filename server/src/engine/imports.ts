// Which Kubernetes packages a file imports, and under which local names.
import type { Node } from 'web-tree-sitter';
import { stringValue } from './syntax';

export const METAV1_PATH = 'k8s.io/apimachinery/pkg/apis/meta/v1';

/** Import paths the call-shape recognisers key on (the package decides what a name means). */
export const PKG = {
  crClient: 'sigs.k8s.io/controller-runtime/pkg/client',
  crRoot: 'sigs.k8s.io/controller-runtime',
  crCache: 'sigs.k8s.io/controller-runtime/pkg/cache',
  crManager: 'sigs.k8s.io/controller-runtime/pkg/manager',
  goCache: 'k8s.io/client-go/tools/cache',
  pager: 'k8s.io/client-go/tools/pager',
  labels: 'k8s.io/apimachinery/pkg/labels',
  unstructured: 'k8s.io/apimachinery/pkg/apis/meta/v1/unstructured',
  kubernetes: 'k8s.io/client-go/kubernetes',
  dynamic: 'k8s.io/client-go/dynamic',
  metadata: 'k8s.io/client-go/metadata',
  discovery: 'k8s.io/client-go/discovery',
  restmapper: 'k8s.io/client-go/restmapper',
  informers: 'k8s.io/client-go/informers',
  dynamicInformer: 'k8s.io/client-go/dynamic/dynamicinformer',
} as const;

export interface ImportTable {
  /** local name -> import path (dot and blank imports are left out). */
  byName: Map<string, string>;
  /** True when the file imports client-go, apimachinery, controller-runtime or a generated clientset. */
  kubernetes: boolean;
}

export function isKubernetesImport(path: string): boolean {
  return (
    path.startsWith('k8s.io/client-go/') ||
    path === 'k8s.io/client-go' ||
    path.startsWith('k8s.io/apimachinery/') ||
    path.startsWith('k8s.io/api/') ||
    path.startsWith('sigs.k8s.io/controller-runtime') ||
    /\/clientset(\/|$)/.test(path)
  );
}

/** The name Go gives an import with no explicit name: the last element of its path. */
export function defaultImportName(path: string): string {
  const last = path.split('/').pop() ?? path;
  // gopkg.in/yaml.v3 style suffixes and hyphens are not part of the package name.
  return last.replace(/\.v\d+$/, '').replace(/-/g, '_');
}

export function readImports(root: Node): ImportTable {
  const byName = new Map<string, string>();
  let kubernetes = false;
  for (const decl of root.namedChildren) {
    if (!decl || decl.type !== 'import_declaration') continue;
    for (const spec of decl.descendantsOfType('import_spec')) {
      if (!spec) continue;
      const pathNode = spec.childForFieldName('path');
      const path = pathNode ? stringValue(pathNode) : undefined;
      if (!path) continue;
      if (isKubernetesImport(path)) kubernetes = true;
      const nameNode = spec.childForFieldName('name');
      const name = nameNode ? nameNode.text : defaultImportName(path);
      if (name === '_' || name === '.') continue;
      byName.set(name, path);
    }
  }
  return { byName, kubernetes };
}

/** Local names under which the file imports `path`. */
export function namesFor(imports: ImportTable, path: string): Set<string> {
  const out = new Set<string>();
  for (const [name, p] of imports.byName) if (p === path) out.add(name);
  return out;
}

/** The import path a package-qualified name `pkg.X` refers to, if `pkg` is an import. */
export function pathOf(imports: ImportTable, pkg: string): string | undefined {
  return imports.byName.get(pkg);
}
