// The program model in the editor: the index of the open documents' Go modules, built from
// disk in the background (host/program.ts, as the CLI builds it) with the open documents'
// own text, re-joined when a document's summary changes, and applied to each document's
// per-file findings: the findings through calls and across files, the module's cache
// configuration, roles and the findings worth showing. A document edited since the index
// last read it keeps its program findings where their call text is found again unchanged.
import type { Engine } from '../engine/analyze';
import { LineIndex } from '../engine/lines';
import type { ModuleContext } from '../engine/summary';
import type { AnalysisResult, Finding, RuleSetting } from '../engine/types';
import { addProgramFinding, applyProgram, buildProgram, BuiltProgram, type ProgramSlot } from '../host/program';
import { ModuleResolver } from '../host/modules';
import type { CodeRole } from '../program/roles';
import type { ProgramRelated } from '../program/rules';

export interface OpenText {
  path: string;
  text: string;
}

/** `needle` in `text` exactly once: its offset; otherwise undefined. */
function uniqueOffset(text: string, needle: string): number | undefined {
  if (!needle) return undefined;
  const i = text.indexOf(needle);
  return i !== -1 && text.indexOf(needle, i + 1) === -1 ? i : undefined;
}

export class EditorProgram {
  private program?: BuiltProgram;
  /** Bumped whenever the program changes: part of every decorated result's cache key. */
  generation = 0;
  private building?: Promise<void>;
  private again = false;

  constructor(
    private readonly engine: () => Engine | undefined,
    private readonly openTexts: () => OpenText[],
    private readonly onChanged: () => void,
    private readonly log: (m: string) => void,
  ) {}

  covers(path: string): boolean {
    return !!this.program?.byPath.get(path)?.summary;
  }

  /**
   * Builds the program of the open documents' modules from disk (their own text from the
   * editor). One build at a time; a request during a build runs one more after it.
   */
  rebuild(pause: () => Promise<void>): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      do {
        this.again = false;
        const engine = this.engine();
        if (!engine) return;
        const t0 = Date.now();
        const open = this.openTexts();
        const sources = open.map((o) => ({ path: o.path, text: o.text, summary: engine.summarize(o.text) }));
        this.program = await buildProgram(sources, engine, { widen: true, pause }, new ModuleResolver());
        this.generation++;
        const n = this.program.slots.filter((s) => s.summary).length;
        this.log(`program model: ${n} files summarised in ${this.program.roots.size} module(s) in ${Date.now() - t0} ms`);
        this.onChanged();
      } while (this.again);
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /**
   * A file's text changed (an open document, a save): its summary is made again and the
   * index re-joined without reading the module again. `absent` when the file is not in the
   * program (a full rebuild is needed); `changed` when its summary changed, so other files'
   * findings may have too (the caller re-publishes them).
   */
  update(path: string, text: string): 'absent' | 'same' | 'changed' {
    const engine = this.engine();
    const p = this.program;
    const slot = p?.byPath.get(path);
    if (!engine || !p || !slot) return 'absent';
    if (slot.text === text) return 'same';
    const summary = engine.summarize(text);
    const same = JSON.stringify(summary) === JSON.stringify(slot.summary);
    slot.text = text;
    slot.summary = summary;
    this.program = new BuiltProgram(p.slots, p.modules, p.roots);
    // Offsets move with any edit, so this file's findings are placed again either way.
    this.generation++;
    return same ? 'same' : 'changed';
  }

  /** What other files of the module say that changes this document's reads. */
  moduleContext(path: string, text: string): ModuleContext | undefined {
    const slot = this.program?.byPath.get(path);
    return slot && this.program ? this.program.moduleContextFor(slot, text) : undefined;
  }

  /** The file ids' paths, for related locations in other files. */
  pathOf(fileId: number): string | undefined {
    return this.program?.slots[fileId]?.path;
  }

  /**
   * The findings to show for `text` at `path`: the per-file `result` with the program's
   * findings added and the ones not worth showing (role, cold GET) left out. Unchanged
   * when the program does not know the file yet.
   */
  decorate(path: string, text: string, result: AnalysisResult, rules: Record<string, RuleSetting>, tests: boolean, configured?: CodeRole): AnalysisResult {
    const p = this.program;
    const slot = p?.byPath.get(path);
    if (!p || !slot?.summary) return result;
    const saved = p.textOf(slot);
    if (saved === text) return applyProgram(p, slot, result, text, { rules, tests, configured });
    // Edited since the program read it: its findings where their call text stands again, once.
    const out: AnalysisResult = { ...result, findings: [...result.findings], suppressed: [...result.suppressed] };
    let lines: LineIndex | undefined;
    for (const pf of p.findingsIn(slot.id)) {
      const setting = rules[pf.rule];
      if (setting === 'off') continue;
      const placed = this.replace(pf, slot, saved, text);
      if (placed) addProgramFinding(out, placed, slot.id, text.slice(placed.start, placed.end), setting, p, (lines ??= new LineIndex(text)));
    }
    const role = p.roleOf(slot, configured);
    out.findings = out.findings.filter((f) => {
      const start = this.savedOffset(f, saved, text);
      if (start === undefined) return !(f.rule === 'KLL002' || (role === 'tool' && f.rule === 'KLL001')) && !((role === 'test' || role === 'generated') && !tests);
      return p.verdict(slot, role, { rule: f.rule, start, cost: f.cost }, tests) === 'keep';
    });
    return out;
  }

  /** A program finding moved to where its call text now stands, if it stands there once. */
  private replace<T extends { start: number; end: number; related: ProgramRelated[]; file: number }>(pf: T, slot: ProgramSlot, saved: string, text: string): T | undefined {
    const at = uniqueOffset(text, saved.slice(pf.start, pf.end));
    if (at === undefined) return undefined;
    const delta = at - pf.start;
    const related = pf.related.filter((r) => r.file !== slot.id || text.slice(r.start + delta, r.end + delta) === saved.slice(r.start, r.end)).map((r) => (r.file === slot.id ? { ...r, start: r.start + delta, end: r.end + delta } : r));
    return { ...pf, start: at, end: pf.end + delta, related };
  }

  /** Where a finding of the edited text stood in the text the program read (its call text, once). */
  private savedOffset(f: Finding, saved: string, text: string): number | undefined {
    // The text the program read stays the same over many edits: each call text is looked up in it once.
    if (this.savedOffsets?.saved !== saved) this.savedOffsets = { saved, at: new Map() };
    const needle = text.slice(f.start, f.end);
    const known = this.savedOffsets.at;
    if (!known.has(needle)) known.set(needle, uniqueOffset(saved, needle));
    return known.get(needle);
  }

  private savedOffsets?: { saved: string; at: Map<string, number | undefined> };
}
