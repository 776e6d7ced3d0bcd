// The plug point for the sizing model: what it adds to hovers and lenses for a finding,
// given the cluster the user described (`kubeListLint.profile`, `.kubernetesVersion`). Empty
// until the model exists; hover.ts and codeLens.ts render whatever these return.
import type { Finding } from '../engine/types';
import type { HoverSection } from './hover';
import type { ServerSettings } from './settings';

export interface EnrichContext {
  settings: ServerSettings;
  /** Path of the document's project config file, if any (its `profile` may describe the cluster). */
  configPath?: string;
}

/** Extra hover sections (e.g. a `Cost` table) for a finding. */
export function hoverSections(_f: Finding, _ctx: EnrichContext): HoverSection[] {
  return [];
}

/** Replaces the lens's "where it is served" part (e.g. "≈2 GB from etcd at 100k pods"), or undefined. */
export function lensDetail(_f: Finding, _ctx: EnrichContext): string | undefined {
  return undefined;
}
