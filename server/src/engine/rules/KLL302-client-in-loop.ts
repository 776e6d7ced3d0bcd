import type { ConstructorFact, ConstructorKind } from '../calls/constructors';
import { clip } from '../findingData';
import type { Rule } from '../rule';
import { GATES } from '../../sizing/gates';

const AGGREGATED_GA = `1.${GATES.AggregatedDiscoveryEndpoint.ga}`;

/** The message's "why", a few words. */
const SHORT: Record<ConstructorKind, string> = {
  clientset: 'a new rate limiter each time',
  dynamic: 'a new rate limiter each time',
  metadata: 'a new rate limiter each time',
  discovery: 're-reads every API group',
  'discovery-read': 're-reads every API group from the apiserver',
  'rest-mapper': 'starts empty and re-discovers API groups',
  'controller-runtime': 'a new REST mapper and no cache; use mgr.GetClient()',
};

/** The hover's explanation. */
const WHY: Record<ConstructorKind, string> = {
  clientset:
    'each clientset has its own client-side rate limiter (QPS/Burst), so throttling no longer bounds what this code sends, ' +
    'and its discovery client starts with an empty cache. Build it once at start-up and reuse it (clientsets are safe for concurrent use).',
  dynamic:
    'each dynamic client has its own client-side rate limiter (QPS/Burst), so throttling no longer bounds what this code sends. ' +
    'Build it once at start-up and reuse it (it is safe for concurrent use).',
  metadata:
    'each metadata client has its own client-side rate limiter (QPS/Burst), so throttling no longer bounds what this code sends. ' +
    'Build it once at start-up and reuse it.',
  discovery:
    'a discovery client keeps nothing between instances, so each new one re-reads every API group and resource from the ' +
    `apiserver when used: two large requests with aggregated discovery (GA in ${AGGREGATED_GA}: /api and /apis describe every resource, ` +
    'often megabytes with many CRDs), one per group-version on older servers. Build one, wrapped in memory.NewMemCacheClient, ' +
    'and reuse it.',
  'discovery-read':
    'it reads every API group and resource from the apiserver on each call (with aggregated discovery two large requests, ' +
    '/api and /apis; on older servers one per group-version). Build the REST mapper once (or a ' +
    'restmapper.NewDeferredDiscoveryRESTMapper over a memory-cached discovery client) and reuse it.',
  'rest-mapper':
    'a new deferred REST mapper starts empty and re-discovers API groups from the apiserver on first use of each. Build it once and reuse it.',
  'controller-runtime':
    'each client.New client gets a new REST mapper that discovers again, on first use, each API group it touches (lazily, ' +
    'from controller-runtime v0.15), and no cache: every read ' +
    'is an API call. Use the manager\'s client (mgr.GetClient()) or build one client at start-up.',
};

function where(c: ConstructorFact): string {
  if (c.perRequest?.kind === 'reconcile') return 'on every Reconcile';
  if (c.perRequest?.kind === 'http-handler') return `on every HTTP request (in ${clip(c.perRequest.name, 24)})`;
  return 'per loop iteration';
}

export const rule: Rule = {
  meta: {
    id: 'KLL302',
    name: 'client-in-loop',
    defaultSeverity: 'warning',
    summary: 'A clientset, dynamic, discovery or controller-runtime client built from the same config in a loop or per request.',
    fixes: 'none',
  },
  check(ctx) {
    for (const c of ctx.facts.constructors) {
      if (!c.loop && !c.perRequest) continue;
      const action = c.kind === 'discovery-read' ? `Calls ${c.name}` : `Builds a client with ${c.name}`;
      ctx.report({
        node: c.node,
        message: `${action} ${where(c)}: ${SHORT[c.kind]}`,
        data: { frequency: where(c).replace(/^on /, ''), detail: WHY[c.kind].charAt(0).toUpperCase() + WHY[c.kind].slice(1) },
      });
    }
  },
};
