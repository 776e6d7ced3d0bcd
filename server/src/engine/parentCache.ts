// tree-sitter finds a node's parent by descending from the root of its tree
// (ts_node_parent), and web-tree-sitter marshals a new node object for each answer: every
// step up a walk costs a walk down. The engine walks up from calls all the time (the
// enclosing function, a binding's declaration, the loops around a read), often over the
// same ancestors. So a tree's parents are remembered by node id (unique within a tree)
// until the tree is edited or deleted.
import { Node, Tree } from 'web-tree-sitter';

const parents = new WeakMap<Tree, Map<number, Node | null>>();
let installed = false;

/** Installs the memo on web-tree-sitter's Node.parent, once per process. */
export function rememberParents(): void {
  if (installed) return;
  installed = true;
  const parent = Object.getOwnPropertyDescriptor(Node.prototype, 'parent')?.get;
  const edit = Tree.prototype.edit;
  const del = Tree.prototype.delete;
  // Another web-tree-sitter shape: plain parents, nothing else changes.
  if (!parent || typeof edit !== 'function' || typeof del !== 'function') return;
  Object.defineProperty(Node.prototype, 'parent', {
    configurable: true,
    get(this: Node): Node | null {
      let known = parents.get(this.tree);
      if (!known) parents.set(this.tree, (known = new Map()));
      let p = known.get(this.id);
      if (p === undefined) known.set(this.id, (p = parent.call(this) as Node | null));
      return p;
    },
  });
  // An edit moves nodes (their offsets are copied into each node object): forget them.
  Tree.prototype.edit = function (this: Tree, e) {
    parents.delete(this);
    return edit.call(this, e);
  };
  Tree.prototype.delete = function (this: Tree) {
    parents.delete(this);
    return del.call(this);
  };
}
