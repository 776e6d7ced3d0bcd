// Every recognised API call of a file as plain data: where it is, what it asks for, which
// rules report it and what it costs. The `report` command ranks these across a tree.
import type { Node } from 'web-tree-sitter';
import type { PerNodeEvidence, SizingContext } from './callShape';
import { callShape, costOf, informerRequestShape, watchRequestShape } from './callShape';
import { pluralKind } from './calls/controllerRuntime';
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

export function buildInventory(text: string, facts: FileFacts, sizing: SizingContext | undefined, result: AnalysisResult): Inventory {
  const findingsAt = (start: number): InventoryFinding[] =>
    result.findings
      .filter((f) => f.start === start)
      .map((f) => ({ rule: f.rule, message: f.message, ...(f.data?.frequency ? { frequency: f.data.frequency } : {}), ...(f.data?.detail ? { detail: f.data.detail } : {}) }));
  const calls = facts.calls.map((c): InventoryEntry => {
    const start = c.node.startIndex;
    const findings = findingsAt(start);
    return {
      start,
      end: c.node.endIndex,
      range: facts.lines.range(start, c.node.endIndex),
      verb: c.verb,
      client: c.client,
      enclosingFunction: enclosingFunctionName(c.node),
      callText: foldWhitespace(c.node.text),
      shape: callShape(c),
      rules: findings.map((f) => f.rule),
      findings,
      ...(sizing ? { cost: costOf(c, sizing) } : {}),
    };
  });
  const watch = (node: Node, how: InventoryWatch['how'], shape: CallShape, selectorsUnknown = false): InventoryWatch => ({
    findings: findingsAt(node.startIndex),
    start: node.startIndex,
    end: node.endIndex,
    range: facts.lines.range(node.startIndex, node.endIndex),
    how,
    enclosingFunction: enclosingFunctionName(node),
    callText: foldWhitespace(node.text),
    shape,
    ...(selectorsUnknown ? { selectorsUnknown } : {}),
  });
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
    ...cached.map((c) => watch(c.node, 'cache', informerRequestShape({ resource: c.resource!.toLowerCase(), scope: 'unknown' }), true)),
    ...builders.map((b) => watch(b.node, 'builder', informerRequestShape({ resource: b.resource, scope: 'unknown' }), true)),
    ...facts.informerSites.map((i) => watch(i.node, 'informer', informerRequestShape(i), i.selectors === 'unknown')),
  ].sort((a, b) => a.start - b.start);
  return { calls, watches, packageName: packageNameOf(text), perNode: sizing?.perNode, timedOut: result.timedOut, ruleErrors: result.ruleErrors };
}
