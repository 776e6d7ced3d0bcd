// Glob matching for include/exclude, gitignore-flavoured: `*` and `?` stay inside one path
// segment, `**` spans segments, `{a,b}` and `[abc]` as in the shell. A pattern without a `/`
// matches a name at any depth (`zz_generated*.go`); one with a `/` is anchored at the config
// file's folder. A pattern that matches a folder matches everything under it (`pkg/legacy`).

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/');
  if (g.startsWith('./')) g = g.slice(2);
  const anchored = g.includes('/') && !/^\*\*\/[^/]*$/.test(g) ? true : false;
  if (g.startsWith('/')) g = g.slice(1);
  if (g.endsWith('/')) g = g.slice(0, -1);
  let re = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        // `**/` is zero or more folders; a trailing `**` is anything below.
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = g.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let body = g.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += escapeRegex(c);
  }
  const body = anchored ? re : `(?:.*/)?${re.startsWith('(?:.*/)?') ? re.slice(8) : re}`;
  // Matching a folder matches what is inside it.
  return new RegExp(`^${body}(?:/.*)?$`);
}

/** Compiled globs; `matches` takes a `/`-separated path relative to the globs' base folder. */
export class GlobSet {
  private readonly res: RegExp[];
  constructor(readonly patterns: readonly string[]) {
    this.res = patterns.map(globToRegExp);
  }
  get empty(): boolean {
    return this.res.length === 0;
  }
  matches(relPath: string): boolean {
    return this.res.some((r) => r.test(relPath));
  }
}
