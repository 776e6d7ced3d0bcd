// A raw watch opened again and again in a loop from ResourceVersion "" or "0": kube-apiserver
// ends every watch after --min-request-timeout × [1, 2) (30–60 min by default;
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go), and a watch from "" or "0"
// starts with every object it selects as ADDED events (API concepts, "Semantics for watch"),
// so each re-open re-reads the whole state. Resuming from the last seen ResourceVersion
// (watchtools.NewRetryWatcherWithContext, or an informer) does not. Companion: a watch
// resumed from a ResourceVersion without AllowWatchBookmarks may resume from one too old.
import type { Node } from 'web-tree-sitter';
import { watchReplayShape } from '../callShape';
import type { WatchFact } from '../facts';
import { isRetryLoop } from '../loops';
import { resultBinding } from '../resultUse';
import type { Rule } from '../rule';
import { resourceLabel, rvState, singular } from './helpers';

/** `for {` or `for cond {`: a loop that repeats the same watch, not one over a collection or a counter. */
function reopens(loop: Node, w: WatchFact): boolean {
  if (loop.namedChildren.some((c) => c?.type === 'range_clause' || c?.type === 'for_clause')) return false;
  return !isRetryLoop(loop, resultBinding(w.node)?.err?.text);
}

/** The ResourceVersion is a value the code carries (`lastRV`, `obj.ResourceVersion`), not "" or "0". */
function resumes(w: WatchFact): boolean {
  if (w.options.kind !== 'resolved') return false;
  const v = w.options.fields.get('ResourceVersion');
  return v?.kind === 'expr' || (v?.kind === 'string' && v.value !== '' && v.value !== '0');
}

export const rule: Rule = {
  meta: {
    id: 'KLL203',
    name: 'watch-restarted-from-scratch',
    defaultSeverity: 'warning',
    summary: 'A raw Watch re-opened in a loop from ResourceVersion "" or "0": every re-open replays every object as ADDED events.',
    fixes: 'none',
  },
  check(ctx) {
    for (const w of ctx.facts.watches) {
      if (w.options.kind !== 'resolved') continue;
      const what = resourceLabel(w);
      const rv = rvState(w.options);
      const loop = w.loops[0];
      if ((rv === 'unset' || rv === 'zero') && loop && reopens(loop, w)) {
        const line = loop.startPosition.row + 1;
        ctx.report({
          node: w.node,
          message: `WATCH of ${what} re-opened in a loop from ResourceVersion "${rv === 'zero' ? '0' : ''}": each re-open replays every ${singular(what)}`,
          data: {
            verb: 'list',
            ...(w.resource ? { resource: w.resource.toLowerCase() } : {}),
            frequency: `every time the watch ends (the loop at line ${line}): at least every 30–60 min, and on every error`,
            detail:
              `kube-apiserver closes a watch after 30–60 minutes (--min-request-timeout 1800 s × a random factor in [1, 2)), on apiserver restarts and on errors. ` +
              `A watch from ResourceVersion "" or "0" starts with a synthetic ADDED event for every object it selects, so each turn of this loop reads and sends ` +
              `the whole state again, and the handler sees every object as new. Resume instead from the last ResourceVersion seen: ` +
              `watchtools.NewRetryWatcherWithContext(ctx, list.ResourceVersion, lw) (k8s.io/client-go/tools/watch) after one LIST, or use an informer, which does both.`,
          },
          request: { shape: watchReplayShape(w), repeats: `re-opened by the loop at line ${line} every time the watch ends: at least every 30–60 min` },
        });
        continue;
      }
      const bookmarks = w.options.fields.get('AllowWatchBookmarks');
      const noBookmarks = !bookmarks || (bookmarks.kind === 'expr' && bookmarks.text === 'false');
      if (!resumes(w) || !noBookmarks) continue;
      ctx.report({
        node: w.node,
        severity: 'information',
        message: `WATCH of ${what} resumes from a ResourceVersion without AllowWatchBookmarks: a stale one gets 410 Gone, then a relist`,
        data: {
          detail:
            `Without bookmarks the ResourceVersion this watch resumes from advances only when an object it selects changes. For a quiet selection it ages past ` +
            `what the watch cache and etcd keep (etcd compacts every 5 minutes), so the next re-open fails with 410 Gone and the program must LIST everything again. ` +
            `AllowWatchBookmarks: true lets the server send BOOKMARK events carrying a current ResourceVersion (the event's object has only its metadata.resourceVersion set). ` +
            `watchtools.NewRetryWatcherWithContext sets it for you.`,
        },
      });
    }
  },
};
