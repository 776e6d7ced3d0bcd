// An informer or list-watch of pods, nodes, endpoints or endpoint slices that reads JSON: its
// initial LIST and every watch event are encoded by kube-apiserver and decoded by the client
// as JSON, about twice the bytes and the CPU of protobuf, which every built-in type speaks.
// Reported only where the rest.Config is visible (wire format from contentType.ts); never for
// custom resources (no protobuf), the dynamic client (unstructured is JSON) or controller-runtime
// (it asks for protobuf for built-in types by itself).
import { informerShape } from '../callShape';
import { clientsetWire, restClientWire, typedPrefersProtobuf, type ClientWire } from '../contentType';
import type { Rule } from '../rule';
import { singular } from './helpers';

/** The kinds large enough, or hot enough, for the wire format to matter. */
const HOT_KINDS = new Set(['pods', 'nodes', 'endpoints', 'endpointslices']);
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** Why this client reads JSON, for the detail; undefined when it does not (or it is not known). */
function jsonBecause(wire: ClientWire, clientGo: string | undefined): string | undefined {
  if (wire.format === 'json') return 'its rest.Config sets ContentType to JSON';
  if (wire.format !== 'json-default') return undefined;
  if (wire.via === 'rest') return 'its rest.Config sets no ContentType, and a REST client then asks for JSON on every client-go version';
  const prefers = typedPrefersProtobuf(clientGo);
  return prefers === false ? `its rest.Config sets no ContentType, and typed clients of client-go ${clientGo} then ask for JSON (protobuf by default from v0.32)` : undefined;
}

export const rule: Rule = {
  meta: {
    id: 'KLL304',
    name: 'json-for-built-in-informer',
    defaultSeverity: 'information',
    summary: 'An informer of pods, nodes or endpoints reads JSON where protobuf would do: about twice the bytes and decode CPU for every object and event.',
    fixes: 'none',
  },
  check(ctx) {
    for (const inf of ctx.facts.informers) {
      if (!HOT_KINDS.has(inf.resource) || !inf.client || inf.dynamic) continue;
      const sources = ctx.facts.configSources;
      const wire = inf.how === 'factory' ? clientsetWire(inf.client, ctx.facts.imports, sources) : restClientWire(inf.client, ctx.facts.imports, sources);
      const because = jsonBecause(wire, ctx.facts.clientGo);
      if (!because || !wire.config) continue;
      const what = inf.how === 'factory' ? `${singular(inf.resource)} informer` : `ListWatch of ${inf.resource}`;
      ctx.report({
        node: inf.node,
        message: `The ${what} reads JSON: a protobuf ContentType on its rest.Config halves the bytes and decode CPU`,
        data: {
          verb: 'list',
          resource: inf.resource,
          frequency: 'the informer lists once, then decodes every event',
          detail:
            `This ${what} reads JSON because ${because}. kube-apiserver encodes its initial list and every watch event as JSON, and the client decodes them: ` +
            `protobuf, which every built-in type speaks, is about half the bytes and a fraction of the decode CPU. Set ContentType = "${PROTOBUF}" ` +
            `(and AcceptContentTypes = "${PROTOBUF},application/json") on the config of the clientset for built-in types; custom resources have no protobuf, so keep a JSON config for their clients.`,
        },
        request: { shape: informerShape(inf), informer: true },
        related: [{ start: wire.config.startIndex, end: wire.config.endIndex, message: wire.format === 'json' ? 'the rest.Config, with ContentType JSON' : 'the rest.Config, with no ContentType' }],
      });
    }
  },
};
