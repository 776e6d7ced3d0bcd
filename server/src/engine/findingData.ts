// A finding's structured data (types.ts FindingData): the rule's part, the request the
// reported call makes, and what the sizing model says of it. The one place that turns a
// CallCost into the numbers a finding carries; every surface reads them from here.
import type { ApiCallFact } from './facts';
import type { Report } from './rule';
import { effectiveLimit } from './rules/helpers';
import type { FindingData } from './types';
import type { CallCost } from '../sizing/estimate';
import { readSlo } from '../sizing/estimate';
import { servedFromText } from '../sizing/present';

/** The sizing model's part of a finding's data: where it is served, how often, what it costs. */
export function costData(cost: CallCost): Pick<FindingData, 'request' | 'servedFrom' | 'times' | 'cost' | 'slo'> {
  const m = cost.multiplicity;
  const head = cost.known ? cost.estimates[0] : undefined;
  const slo = readSlo(cost);
  return {
    request: cost.label,
    ...(cost.known ? { servedFrom: servedFromText(cost) } : {}),
    times: { factor: m.factor, known: m.known, reasons: m.reasons },
    ...(head
      ? {
          cost: {
            perCall: { bytesProcessed: head.bytesProcessed, etcdBytes: head.etcdBytes, seconds: head.seconds },
            perRun: { bytesProcessed: cost.total.bytesProcessed, etcdBytes: cost.total.etcdBytes, seconds: cost.total.seconds },
          },
        }
      : {}),
    ...(slo?.over
      ? { slo: { scope: slo.scope, objectiveSeconds: slo.objectiveSeconds, requestSeconds: slo.requestSeconds, ...(slo.upperBound ? { upperBound: true } : {}) } }
      : {}),
  };
}

/** `Finding.data`: the rule's part, the reported read's request, the cost's numbers. */
export function findingData(part: Report['data'], call: ApiCallFact | undefined, cost: CallCost | undefined): FindingData | undefined {
  const verb = part?.verb ?? call?.verb;
  const resource = part?.resource ?? call?.resource?.toLowerCase();
  const paginated = part?.paginated ?? (call?.verb === 'list' && call.path === 'api' && effectiveLimit(call) === 'set' ? true : undefined);
  const data: FindingData = {
    ...(verb ? { verb } : {}),
    ...(resource ? { resource } : {}),
    ...(verb ? { request: `${verb.toUpperCase()} ${resource ?? 'objects'}` } : {}),
    ...(paginated ? { paginated } : {}),
    ...(cost ? costData(cost) : {}),
    ...(part?.frequency ? { frequency: part.frequency } : {}),
    ...(part?.detail ? { detail: part.detail } : {}),
  };
  return Object.keys(data).length ? data : undefined;
}

/** Folds a message to one line; a rule's text over MESSAGE_MAX (types.ts) is a bug the fixture tests catch. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** `text`, cut to `max` characters with an ellipsis: for code (expressions, names) quoted in a message. */
export function clip(text: string, max = 32): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length <= max ? t : t.slice(0, max - 1) + '…';
}
