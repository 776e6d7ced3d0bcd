// Every recognised API call of a file as plain data: where it is, what it asks for, which
// rules report it and what it costs. The `report` command ranks these across a tree.
import type { Node } from 'web-tree-sitter';
import type { PerNodeEvidence, SizingContext } from './callShape';
import { callShape, costOf, informerShape, requestCost, watchRequestShape } from './callShape';
import { pluralKind } from './calls/controllerRuntime';
import type { InformerFact } from './informers';
import { isClusterScoped } from './kindScope';
import { watchedKinds } from './summary';
import type { FileFacts } from './facts';
import type { ClientKind } from './calls';
import { enclosingFunctionName, foldWhitespace } from './syntax';
import type { AnalysisResult, Range } from './types';
import type { CallCost, CallShape } from '../sizing/estimate';

export interface InventoryEntry {
  start: number;
  end: number;
  range: Range;
  verb: 'list' | 'get';
  client: ClientKind;
  enclosingFunction: string;
  /** The call's source text with whitespace folded. */
  callText: string;
  shape: CallShape;
  /** Rules reporting this call (suppressed findings excluded). */
  rules: string[];
  /** Their one-line messages and what the rule adds in data (how often, why), in `rules`' order. */
  findings: InventoryFinding[];
  /** Absent when sizing is off (`profile: null`). */
  cost?: CallCost;
  /** The entry is an informer's start (a factory's accessor, a ListWatch): its initial LIST, then a watch. */
  informer?: 'factory' | 'list-watch';
}

export interface InventoryFinding {
  rule: string;
  message: string;
  frequency?: string;
  detail?: string;
}

/** A watch the code makes: a raw `Watch` call, or an informer (its LIST from RV "0", then its WATCH). */
export interface InventoryWatch {
  start: number;
  end: number;
  range: Range;
  /**
   * `cache`: a controller-runtime cached read, which starts the manager's informer of its kind;
   * `builder`: a controller's `.For`/`.Owns`/`.Watches(&corev1.Pod{})`, which does too.
   */
  how: 'watch' | 'informer' | 'cache' | 'builder';
  enclosingFunction: string;
  callText: string;
  /** The collection's request: a raw watch's options; an informer's first LIST. */
  shape: CallShape;
  /** An informer whose selectors a tweak function or selector sets, not visible here. */
  selectorsUnknown?: boolean;
  /** The findings on this watch or informer (KLL005, KLL303). */
  findings: InventoryFinding[];
}

export interface Inventory {
  calls: InventoryEntry[];
  watches: InventoryWatch[];
  /** `main` for a program. */
  packageName?: string;
  /** The NODE_NAME-style read that makes this file a per-node agent, if any. */
  perNode?: PerNodeEvidence;
  timedOut?: boolean;
  ruleErrors: AnalysisResult['ruleErrors'];
}

const PACKAGE = /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m;

/** `package main` -> `main`, ignoring comments before it. */
export function packageNameOf(text: string): string | undefined {
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return PACKAGE.exec(stripped)?.[1];
}

/** Where an entry is, its text, and the findings reported on it (suppressed ones excluded). */
function entryAt(facts: FileFacts, node: Node, result: AnalysisResult): Pick<InventoryEntry, 'start' | 'end' | 'range' | 'enclosingFunction' | 'callText' | 'rules' | 'findings'> {
  const start = node.startIndex;
  const reported = result.findings.filter((f) => f.start === start);
  return {
    start,
    end: node.endIndex,
    range: facts.lines.range(start, node.endIndex),
    enclosingFunction: enclosingFunctionName(node),
    callText: foldWhitespace(node.text),
    rules: reported.map((f) => f.rule),
    findings: reported.map((f) => ({
      rule: f.rule,
      message: f.message,
      ...(f.data?.frequency ? { frequency: f.data.frequency } : {}),
      ...(f.data?.detail ? { detail: f.data.detail } : {}),
    })),
  };
}

export function buildInventory(text: string, facts: FileFacts, sizing: SizingContext | undefined, result: AnalysisResult): Inventory {
  const calls = facts.calls.map(
    (c): InventoryEntry => ({ ...entryAt(facts, c.node, result), verb: c.verb, client: c.client, shape: callShape(c), ...(sizing ? { cost: costOf(c, sizing) } : {}) }),
  );
  // An informer lists everything it watches when it starts: ranked with the LISTs (× nodes for an agent).
  for (const inf of facts.informers) {
    const shape = informerShape(inf);
    calls.push({ ...entryAt(facts, inf.node, result), verb: 'list', client: 'typed', shape, ...(sizing ? { cost: requestCost({ shape, informer: true }, sizing) } : {}), informer: inf.how });
  }
  calls.sort((a, b) => a.start - b.start);
  const watch = (node: Node, how: InventoryWatch['how'], shape: CallShape, selectorsUnknown = false): InventoryWatch => {
    const { rules: _, ...at } = entryAt(facts, node, result);
    return { ...at, how, shape, ...(selectorsUnknown ? { selectorsUnknown } : {}) };
  };
  // The collection an informer LISTs and WATCHes; a cluster-scoped kind's is never namespaced.
  const informerRequest = (inf: Pick<InformerFact, 'resource' | 'selection'>): CallShape => {
    const shape = informerShape(inf);
    return isClusterScoped(inf.resource) ? { ...shape, scope: 'cluster-scoped' } : shape;
  };
  // A controller-runtime cached read starts (or uses) the manager's informer of its kind: that
  // informer's namespaces and selectors are the cache's options, set where the manager is made.
  const cached = facts.calls.filter((c) => c.path === 'informer-cache' && c.resource);
  const root = facts.tree.rootNode;
  const builders = watchedKinds(root, text, facts).flatMap((k) => {
    const node = root.descendantForIndex(k.start, k.end - 1);
    return node?.type === 'call_expression' ? [{ node, resource: pluralKind(k.kind).toLowerCase() }] : [];
  });
  const watches = [
    ...facts.watches.map((w) => watch(w.node, 'watch', watchRequestShape(w))),
    ...cached.map((c) => watch(c.node, 'cache', informerRequest({ resource: c.resource!.toLowerCase(), selection: 'unknown' }), true)),
    ...builders.map((b) => watch(b.node, 'builder', informerRequest({ resource: b.resource, selection: 'unknown' }), true)),
    ...facts.informers.map((i) => watch(i.node, 'informer', informerRequest(i), i.selection === 'unknown')),
  ].sort((a, b) => a.start - b.start);
  return { calls, watches, packageName: packageNameOf(text), perNode: sizing?.perNode, timedOut: result.timedOut, ruleErrors: result.ruleErrors };
}
