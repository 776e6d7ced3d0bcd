// The contract every rule file fulfils. One rule, one file: its metadata, its check and
// its fixes live together in server/src/engine/rules/, its page in docs/rules/ID.md.
import type { Node } from 'web-tree-sitter';
import type { FileFacts } from './facts';
import type { ClusterProfile } from '../sizing/profile';
import type { CallShape } from '../sizing/estimate';
import type { Finding, Fix, FindingData, RelatedLocation, Severity } from './types';

export interface RuleMeta {
  /** Stable code, `KLL` + three digits. Never reused, never renumbered. */
  id: string;
  /** kebab-case name, stable like the id. */
  name: string;
  defaultSeverity: Severity;
  /** One sentence for listings and SARIF's shortDescription. */
  summary: string;
  /**
   * What the rule's fixes may do: `safe` ones never change what the program asks the
   * server for or gets back; `unsafe` ones may (consistency, pagination) and are applied
   * in bulk only when asked. `none`: the rule offers no edit.
   */
  fixes: 'safe' | 'unsafe' | 'mixed' | 'none';
}

export interface Report {
  /** The node whose span is reported (a call expression). */
  node: Node;
  /** One line, at most 120 characters: what and why (ARCHITECTURE.md, "Messages"). */
  message: string;
  /** The rule's part of `Finding.data` (frequency, detail; the read's verb/resource when `node` is not it). */
  data?: Pick<FindingData, 'verb' | 'resource' | 'paginated' | 'frequency' | 'detail'>;
  /**
   * The request the reported node makes when it is not a read of `facts.calls` (an
   * informer's initial LIST): the engine prices it under the profile, per node for an agent.
   */
  request?: {
    shape: CallShape;
    /** Why it repeats an unknown number of times (a loop), when it does. */ repeats?: string;
    /** The request is an informer's initial LIST: the informer then holds what it returns in memory (the headline says so). */
    informer?: boolean;
  };
  /** Overrides the configured severity for this finding (e.g. information when paginated). */
  severity?: Severity;
  fixes?: Fix[];
  related?: Omit<RelatedLocation, 'range'>[];
}

export interface RuleContext {
  facts: FileFacts;
  /** The cluster profile findings are sized for; rules may grade severity by its version. */
  profile?: ClusterProfile;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
  /**
   * A rule that reports one finding per key in the file (KLL301: one per informer, at the
   * first read of its kind) reports every candidate and says its key here; the engine keeps
   * the first by position, shown or suppressed (engine/firstPerKey.ts). Because the choice is
   * made after the rules, an analysis of part of the file (engine/windowed.ts) makes it the
   * same way over the merged findings.
   */
  firstPerKey?(f: Finding): string | undefined;
  /**
   * The rule reads the cache's restrictions (`DefaultNamespaces`, `ByObject` label or field
   * selectors), which only ever silence it: a file none of whose findings come from such a
   * rule is not analysed again when another file restricts the cache (host/program.ts).
   */
  readsCacheRestrictions?: true;
}
