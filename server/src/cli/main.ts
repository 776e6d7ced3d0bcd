// `kube-list-lint`: check, explain, rules, version. Exit codes: 0 nothing at or above
// --fail-on, 1 findings, 2 usage, configuration or I/O error.
import { RULES, findRule } from '../engine/rules';
import { ConfigError } from '../config/load';
import { packageVersion } from '../host/grammarFiles';
import { parseArgs, UsageError, type Parsed } from './args';
import { check, CHECK_FLAGS } from './check';
import { CHECK_HELP } from './checkOptions';
import { EXIT_ERROR, EXIT_OK, stdio, type Io } from './io';
import { displayPath } from './report';
import { rulePage } from './ruleDocs';

export { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './io';
export type { Io } from './io';

const HELP = `kube-list-lint: find client-go LIST/GET calls that make kube-apiserver and etcd read gigabytes.

Usage:
  kube-list-lint check [PATH...]   lint Go files (default: .)
  kube-list-lint explain RULE      print a rule's page (RULE: KLL001 or its name)
  kube-list-lint rules             list the rules
  kube-list-lint report [PATH...]  every LIST/GET ranked by cost (--profile NAME, --kubernetes-version X,
                                   --format text|markdown|json|html, --output FILE); docs/sizing.md
  kube-list-lint profile import --metrics FILE [--version FILE] [--objects FILE...] [--audit LOG...]
                                   [--name NAME] [--write]
                                   a cluster profile measured from files saved with kubectl (/metrics,
                                   kubectl version -o json, kubectl get R -A -o json) and object sizes
                                   from audit logs' response bodies; prints it as YAML,
                                   or sets it in the nearest .kube-list-lint.yaml; docs/measure.md
  kube-list-lint audit [--code DIR] [--write] LOG... [DIR...]
                                   read requests of Kubernetes audit logs (JSON lines, plain or gzip)
                                   grouped by shape, matched to the code that makes them, ranked by
                                   measured seconds (--format text|markdown|json|html, --output FILE,
                                   --max-line-bytes N); a folder or .go file argument is code;
                                   --write: the JSON beside .kube-list-lint.yaml, named by its audit:
                                   key, so the editor shows the measured figures
  kube-list-lint lsp [--stdio]     run the language server (any LSP editor; docs/lsp.md)
  kube-list-lint version

${CHECK_HELP}
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O error.
`;

function explain(p: Parsed, io: Io): number {
  const id = p.positionals[0];
  if (!id) throw new UsageError('explain needs a rule code or name, e.g. kube-list-lint explain KLL001');
  const rule = findRule(id);
  if (!rule) throw new UsageError(`no rule ${id}; \`kube-list-lint rules\` lists them`);
  const page = rulePage(rule.meta.id);
  if (page === undefined) throw new Error(`the page docs/rules/${rule.meta.id}.md is missing from the package`);
  io.out(page);
  return EXIT_OK;
}

function rules(io: Io): number {
  for (const r of RULES) io.out(`${r.meta.id}  ${r.meta.name.padEnd(28)} ${r.meta.defaultSeverity.padEnd(12)} fix:${r.meta.fixes.padEnd(7)} ${r.meta.summary}\n`);
  return EXIT_OK;
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'check':
        return await check(parseArgs(rest, CHECK_FLAGS), io);
      case 'report':
        return await (await import('./reportCommand')).reportCommand(parseArgs(rest, (await import('./reportCommand')).REPORT_FLAGS), io);
      case 'profile': {
        const m = await import('./profileImport');
        return await m.profileCommand(rest, (a) => parseArgs(a, m.PROFILE_IMPORT_FLAGS), io);
      }
      case 'audit': {
        const m = await import('./auditCommand');
        return await m.auditCommand(parseArgs(rest, m.AUDIT_FLAGS), io);
      }
      case 'explain':
        return explain(parseArgs(rest, {}), io);
      case 'rules':
        parseArgs(rest, {});
        return rules(io);
      case 'lsp':
        return await (await import('../lsp/server')).runLsp(rest);
      case 'version':
      case '--version':
        io.out(packageVersion() + '\n');
        return EXIT_OK;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return cmd === undefined ? EXIT_ERROR : EXIT_OK;
      default:
        throw new UsageError(`unknown command ${cmd}`);
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`${displayPath(e.file)}: ${e.keyPath ? e.keyPath + ': ' : ''}${e.expected}\n`);
      return EXIT_ERROR;
    }
    if (e instanceof UsageError) {
      io.err(`kube-list-lint: ${e.message}\nRun \`kube-list-lint help\` for usage.\n`);
      return EXIT_ERROR;
    }
    io.err(`kube-list-lint: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
