// The engine's public vocabulary. Everything here is plain data so that the LSP server,
// the CLI and the tests see the same finding byte for byte.
import type { CallCost } from '../sizing/estimate';
import type { ClusterProfile } from '../sizing/profile';
import type { FileSummary } from './summary';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Severity a rule can be configured to, `off` disables it. */
export type RuleSetting = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = {
  error: 4,
  warning: 3,
  information: 2,
  hint: 1,
};

/** Zero-based line and UTF-16 column, exactly as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * A replacement of text[start, end) by newText. Offsets are UTF-16 code unit offsets
 * into the text the engine was given (the same units as JavaScript string indices).
 */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * One way to resolve a finding. `safe` is true only when applying the edits cannot change
 * what the program asks the apiserver for or gets back (ruff's Applicability::Safe);
 * anything that trades consistency for cost is unsafe: offered in the editor, applied in
 * bulk only with --unsafe-fixes. Edits of one fix never overlap.
 */
export interface Fix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  /** Another file of the program (the index's id); absent: the finding's own file. */
  fileId?: number;
  range: Range;
  start: number;
  end: number;
  message: string;
  /**
   * Its place on the finding's execution path (the loop, the calls, the read), counted from
   * the finding's own location, which is 0: negative before it, positive after. Absent: not
   * on the path (another read of the same informer, say).
   */
  step?: number;
}

export interface Finding {
  rule: string;
  name: string;
  severity: Severity;
  /** Offsets of the reported span (the whole call expression). */
  start: number;
  end: number;
  range: Range;
  /**
   * One line, at most 120 characters (MESSAGE_MAX): what the code does and why it costs, in
   * the style of ruff and go vet. Everything else is in `data` and on the rule's page.
   */
  message: string;
  /** What the message says in short, as structured data (hover, lens, JSON, SARIF, report). */
  data?: FindingData;
  /** Alternatives, best first. */
  fixes: Fix[];
  related: RelatedLocation[];
  /** Text of the enclosing function's name, or '' at package level; used for fingerprints. */
  enclosingFunction: string;
  /** The call's source text with whitespace folded; used for fingerprints. */
  callText: string;
  /**
   * What the reported call costs under the settings' cluster profile (server/src/sizing).
   * Never in the message: the CLI formats, hover and CodeLens render it from here. Absent
   * when sizing is turned off (`profile: null`) or the finding is not a LIST/GET.
   */
  cost?: CallCost;
}

/** The longest a finding's message may be (ARCHITECTURE.md, "Messages"). */
export const MESSAGE_MAX = 120;

/**
 * The facts behind a finding's one-line message. Rules give `frequency` and `detail` (and
 * `verb`/`resource` when the reported node is not the read itself); the engine fills the
 * request from the call and the rest from the sizing model's `Finding.cost`. Plain data: no
 * offsets (the windowed analysis carries findings over unchanged).
 */
export interface FindingData {
  verb?: 'list' | 'get';
  /** Lower-case plural (`pods`), when the code says. */
  resource?: string;
  /** `LIST pods`, `GET nodes`. */
  request?: string;
  /** The request asks for pages (a Limit, or a pager's page size). */
  paginated?: boolean;
  /** Where the request is served, by version (the sizing model): `etcd before 1.31; watch cache from 1.31`. */
  servedFrom?: string;
  /** How often it runs, in the rule's words: `per node`, `inside wait.Until`, `on every Reconcile`. */
  frequency?: string;
  /** How many times per run (the sizing model's multiplicity); `known: false` for a loop of unknown size. */
  times?: { factor: number; known: boolean; reasons: string[] };
  /** The headline estimate's numbers (costliest version range), when the model knows them. */
  cost?: { perCall: { bytesProcessed: number; etcdBytes: number; seconds: number }; perRun: { bytesProcessed: number; etcdBytes: number; seconds: number } };
  /** The longer explanation the message leaves out, for the hover and the machine formats. */
  detail?: string;
  /**
   * When one request is expected to take longer than the upstream read SLO allows at the
   * profile's size (p99 ≤ 1 s one object, ≤ 5 s one namespace, ≤ 30 s cluster-wide).
   */
  slo?: { scope: 'resource' | 'namespace' | 'cluster'; objectiveSeconds: number; requestSeconds: number; upperBound?: boolean };
}

/** A suppression comment found in the file and whether it silenced anything. */
export interface Suppression {
  line: number;
  start: number;
  end: number;
  /** Rule ids it names; empty means every rule. */
  rules: string[];
  used: boolean;
  text: string;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Findings silenced by a suppression comment. */
  suppressed: Finding[];
  suppressions: Suppression[];
  /** True when the file was skipped without parsing because it cannot contain a finding. */
  skippedByPrefilter: boolean;
  /** True when the tree contains syntax errors (findings come from the parts that parsed). */
  hasSyntaxErrors: boolean;
  /** True when the analysis budget ran out: the file was not analysed (no findings). */
  timedOut?: boolean;
  /** Rules that threw on this file; their findings are missing, the others are complete. */
  ruleErrors: { rule: string; message: string }[];
  /** The file's summary for the program model, when asked for (`AnalyzeOptions.summary`). */
  summary?: FileSummary;
}

export interface EngineSettings {
  /** Per-rule severity override, or 'off'. Rules not named use their default. */
  rules: Record<string, RuleSetting>;
  /**
   * The cluster profile findings are sized for (resolveProfile in server/src/sizing).
   * Undefined: the default profile (1k-nodes, Kubernetes 1.34 and etcd ≥ 3.5.13 assumed). null: no sizing.
   */
  profile?: ClusterProfile | null;
}

export const DEFAULT_SETTINGS: EngineSettings = { rules: {} };
