// Which parts of a file need a tree. Every rule reads the imports and the function around a
// call (its locals, loops, parameters), never another function's body, so a file is parsed
// as its package clause, imports, type declarations and the top-level declarations that
// contain a call the rules look at; tree-sitter's included ranges keep every offset equal to
// the full text's. On client-go that is a quarter of the bytes of the files that pass the
// prefilter. test/regions.test.ts checks that findings are the same as with a full parse.

export interface ParseRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/** A top-level declaration starts at column 0 in any Go file gofmt has seen. */
const KEYWORDS = ['package', 'import', 'type', 'func', 'var', 'const'];

/** The keyword a declaration line starts with, if any. */
function keywordAt(text: string, i: number): string | undefined {
  const c = text.charCodeAt(i);
  // p i t f v c: cheap rejection of the many lines that start with a tab, `}` or `/`.
  if (c !== 112 && c !== 105 && c !== 116 && c !== 102 && c !== 118 && c !== 99) return undefined;
  for (const k of KEYWORDS) {
    if (text.startsWith(k, i)) {
      const after = text.charCodeAt(i + k.length);
      // \b: the keyword is not the start of a longer identifier.
      if (!(after === 95 || (after >= 48 && after <= 57) || (after >= 65 && after <= 90) || (after >= 97 && after <= 122))) return k;
    }
  }
  return undefined;
}

/** Above this share of the text a partial parse saves too little to be worth it. */
const MAX_SHARE = 0.7;

/**
 * The ranges to parse, or undefined to parse the whole text (nothing to save). `needles`
 * are the substrings of the calls the rules read (the prefilter's).
 */
export function relevantRanges(text: string, needles: readonly (string | RegExp)[]): ParseRange[] | undefined {
  // Line starts of each declaration, moved up over its doc comment: a suppression comment
  // above a one-line function must stay in the tree.
  const starts: { index: number; keyword: string }[] = [];
  for (let line = 0; line !== -1 && line < text.length; ) {
    const keyword = keywordAt(text, line);
    if (keyword) {
      let index = line;
      while (index > 0) {
        const prev = text.lastIndexOf('\n', index - 2) + 1;
        if (!text.startsWith('//', prev)) break;
        index = prev;
      }
      starts.push({ index, keyword });
    }
    const nl = text.indexOf('\n', line);
    line = nl === -1 ? -1 : nl + 1;
  }
  if (starts.length < 2) return undefined;
  const keep: [number, number][] = [];
  // Whatever precedes the first declaration (build tags, a file comment) is cheap: keep it.
  let keptBytes = 0;
  const add = (s: number, e: number) => {
    keptBytes += e - s;
    const last = keep[keep.length - 1];
    if (last && last[1] === s) last[1] = e;
    else keep.push([s, e]);
  };
  add(0, starts[0].index);
  const hits = needleHits(text, needles);
  let h = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i].index;
    const e = i + 1 < starts.length ? starts[i + 1].index : text.length;
    const kw = starts[i].keyword;
    while (h < hits.length && hits[h] < s) h++;
    if (kw === 'package' || kw === 'import' || kw === 'type' || (h < hits.length && hits[h] < e)) add(s, e);
  }
  if (keptBytes > MAX_SHARE * text.length) return undefined;
  return toRanges(text, keep);
}

/** Start offsets of every needle occurrence (a substring, or a global RegExp), ascending. */
function needleHits(text: string, needles: readonly (string | RegExp)[]): number[] {
  const hits: number[] = [];
  for (const n of needles) {
    if (typeof n === 'string') {
      for (let i = text.indexOf(n); i !== -1; i = text.indexOf(n, i + 1)) hits.push(i);
    } else {
      const re = new RegExp(n.source, 'g');
      for (let m = re.exec(text); m; m = re.exec(text)) hits.push(m.index);
    }
  }
  return hits.sort((a, b) => a - b);
}

function toRanges(text: string, spans: [number, number][]): ParseRange[] {
  const out: ParseRange[] = [];
  let row = 0;
  let at = 0;
  const rowOf = (index: number) => {
    // Spans are ascending: count newlines forward from the previous position only.
    for (let i = text.indexOf('\n', at); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) row++;
    at = index;
    return row;
  };
  for (const [s, e] of spans) {
    // Both ends are line starts (or the end of the text), so columns are 0 except at a text
    // end without a final newline, where the column is the last line's length.
    const sr = rowOf(s);
    const er = rowOf(e);
    const ec = e === text.length ? e - (text.lastIndexOf('\n', e - 1) + 1) : 0;
    out.push({ startIndex: s, endIndex: e, startPosition: { row: sr, column: 0 }, endPosition: { row: er, column: ec } });
  }
  return out;
}
