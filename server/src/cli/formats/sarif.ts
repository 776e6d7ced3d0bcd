// SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, SonarQube...). Lines and columns are
// 1-based UTF-16 code units (columnKind utf16CodeUnits), the CLI's own positions.
// partialFingerprints carry the baseline fingerprint, which ignores line numbers, so an
// alert keeps its identity when unrelated lines move.
import { RULES } from '../../engine/rules';
import type { Severity } from '../../engine/types';
import { runSizingNotes, type CliEdit, type CliFinding, type CliSpan, type RunReport } from '../report';
import { INFORMATION_URI, ruleHelpUri, rulePage } from '../ruleDocs';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'kubeListLint/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri?: string;
  /** The rule's page: the explanation a finding's one-line message leaves out. */
  help?: { text: string; markdown?: string };
  defaultConfiguration: { level: string };
}

function region(e: { line: number; column: number; endLine: number; endColumn: number }) {
  return { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn };
}

/** Descriptors for the engine's rules plus any other rule ids the report uses (unused-ignore). */
function descriptors(findings: CliFinding[]): RuleDescriptor[] {
  const out: RuleDescriptor[] = RULES.map((r) => {
    const page = rulePage(r.meta.id);
    return {
      id: r.meta.id,
      name: r.meta.name,
      shortDescription: { text: r.meta.summary },
      helpUri: ruleHelpUri(r.meta.id),
      help: { text: `${r.meta.summary} ${ruleHelpUri(r.meta.id)}`, ...(page ? { markdown: page } : {}) },
      defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
    };
  });
  for (const f of findings) {
    if (!out.some((d) => d.id === f.rule)) {
      out.push({ id: f.rule, name: f.name, shortDescription: { text: f.name.replace(/-/g, ' ') }, defaultConfiguration: { level: LEVEL[f.severity] } });
    }
  }
  return out;
}

/** Relative paths are URIs relative to %SRCROOT% (the checkout); absolute ones file: URIs. */
export function artifactLocation(p: string): { uri: string; uriBaseId?: string } {
  const encoded = p.split('/').map(encodeURIComponent).join('/');
  return p.startsWith('/') ? { uri: `file://${encoded}` } : { uri: encoded, uriBaseId: '%SRCROOT%' };
}

/**
 * The finding's execution path (the loop or entry point, each call, the read) as one SARIF
 * thread flow, in the order it runs: the related locations that have a step, and the
 * finding's own location at step 0.
 */
function codeFlows(f: CliFinding): { codeFlows?: unknown[] } {
  const onPath = f.related.filter((r) => r.step !== undefined);
  if (!onPath.length) return {};
  const steps: { step: number; path: string; span: CliSpan; message: string }[] = [
    { step: 0, path: f.path, span: f, message: f.message },
    ...onPath.map((r) => ({ step: r.step!, path: r.path, span: r, message: r.message })),
  ].sort((a, b) => a.step - b.step);
  const locations = steps.map((s, i) => ({
    location: { physicalLocation: { artifactLocation: artifactLocation(s.path), region: region(s.span) }, message: { text: s.message } },
    executionOrder: i + 1,
  }));
  return { codeFlows: [{ threadFlows: [{ locations }] }] };
}

export function formatSarif(report: RunReport, version: string): string {
  const rules = descriptors(report.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const artifact = (p: string) => artifactLocation(p);
  const sizingNotes = runSizingNotes(report);
  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule)!,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: artifact(f.path), region: region(f) } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.related.length
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, physicalLocation: { artifactLocation: artifact(r.path), region: region(r) }, message: { text: r.message } })) }
      : {}),
    ...codeFlows(f),
    ...(f.cost || f.data || f.role ? { properties: { ...(f.role ? { role: f.role } : {}), ...(f.data ? { data: f.data } : {}), ...(f.cost ? { cost: f.cost } : {}) } } : {}),
    ...(f.fixes.length
      ? {
          fixes: f.fixes.map((x) => ({
            description: { text: x.safe ? x.title : `${x.title} (unsafe: may change what the server returns)` },
            artifactChanges: [
              {
                artifactLocation: artifact(f.path),
                replacements: x.edits.map((e: CliEdit) => ({ deletedRegion: region(e), insertedContent: { text: e.newText } })),
              },
            ],
            properties: { safe: x.safe },
          })),
        }
      : {}),
  }));
  const doc = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kube-list-lint', version, semanticVersion: version, informationUri: INFORMATION_URI, rules } },
        invocations: [
          {
            executionSuccessful: !report.notes.some((n) => n.error),
            toolExecutionNotifications: report.notes.map((n) => ({
              level: n.error ? 'error' : 'note',
              message: { text: n.message },
              locations: [{ physicalLocation: { artifactLocation: artifact(n.path) } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        ...(sizingNotes.length ? { properties: { sizingNotes } } : {}),
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
