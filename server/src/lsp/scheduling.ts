// When typing publishes diagnostics (run: onType). A 150 ms debounce used to delay every
// keystroke, so no edit could be answered faster than that; now a document whose analysis
// is fast is analysed at once, and only a slow one waits for a pause in typing.

/** Quiet time after the last keystroke for a document whose analysis is slow. */
export const TYPING_DEBOUNCE_MS = 150;

/**
 * At most this long (AnalysisTiming.ms) and a change is analysed at once: waiting would
 * cost the user more than the work does (a 5,000-line file takes ~20-40 ms), and typing
 * stays far slower than that.
 */
export const FAST_ANALYSIS_MS = 50;

/** The delay before publishing after a change, given how long the document's analysis takes. */
export function typingDelay(analysisMs: number | undefined): number {
  return analysisMs !== undefined && analysisMs <= FAST_ANALYSIS_MS ? 0 : TYPING_DEBOUNCE_MS;
}

/**
 * How long a document's analysis takes: the median of the last three (the lower one while
 * there are fewer), so neither a cold first run (JIT, the grammar's tier-up) nor one
 * garbage collection switches typing to the debounce; only analyses that stay slow do.
 */
export class AnalysisTiming {
  private recent: number[] = [];

  record(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > 3) this.recent.shift();
  }

  get ms(): number | undefined {
    if (this.recent.length === 0) return undefined;
    const sorted = [...this.recent].sort((x, y) => x - y);
    return sorted.length === 3 ? sorted[1] : sorted[0];
  }
}
