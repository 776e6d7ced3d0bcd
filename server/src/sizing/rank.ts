// The one ranking of calls by cost, for every surface that orders them (the `report`
// command, the language server's cost report, the VS Code panel): by what a call makes the
// apiserver process per run (per call × how many times it runs), so a LIST made 1,000 times
// in a loop ranks above one larger call; then per call; unknown costs last.
import type { CallCost } from './estimate';

/** What ranking reads of a cost: JSON bytes the apiserver processes, per run and per call. */
export interface CostWeight {
  known: boolean;
  perRun: number;
  perCall: number;
}

export const UNKNOWN_WEIGHT: CostWeight = { known: false, perRun: 0, perCall: 0 };

/** The weight of a cost (the headline estimate, the costliest version range). */
export function costWeight(cost: CallCost | undefined): CostWeight {
  const head = cost?.known ? cost.estimates[0] : undefined;
  return head ? { known: true, perRun: cost!.total.bytesProcessed, perCall: head.bytesProcessed } : UNKNOWN_WEIGHT;
}

/** Costliest first: known before unknown, then per run, then per call. */
export function compareWeights(a: CostWeight, b: CostWeight): number {
  return Number(b.known) - Number(a.known) || b.perRun - a.perRun || b.perCall - a.perCall;
}

/** `items` ranked by cost (each weighed once), ties in the caller's order (`then`: place, severity). */
export function rankByCost<T>(items: readonly T[], weight: (t: T) => CostWeight, then: (a: T, b: T) => number): T[] {
  return items
    .map((item) => ({ item, w: weight(item) }))
    .sort((a, b) => compareWeights(a.w, b.w) || then(a.item, b.item))
    .map((x) => x.item);
}
