// The table of rules: one line per rule, codes in order. Adding a rule is adding a file
// in this folder, a line here and a page in docs/rules/.
import type { Rule } from '../rule';
import { rule as KLL001 } from './KLL001-list-bypasses-watch-cache';
import { rule as KLL002 } from './KLL002-get-bypasses-watch-cache';
import { rule as KLL003 } from './KLL003-limit-ignored-with-rv0';
import { rule as KLL004 } from './KLL004-exact-rv-pagination';
import { rule as KLL005 } from './KLL005-events-read-from-etcd';
import { rule as KLL101 } from './KLL101-cluster-wide-list';
import { rule as KLL102 } from './KLL102-client-side-filter';
import { rule as KLL201 } from './KLL201-list-in-loop';
import { rule as KLL202 } from './KLL202-list-in-poll-loop';
import { rule as KLL203 } from './KLL203-watch-restarted-from-scratch';
import { rule as KLL204 } from './KLL204-list-then-delete';
import { rule as KLL301 } from './KLL301-cluster-wide-informer';
import { rule as KLL302 } from './KLL302-client-in-loop';
import { rule as KLL303 } from './KLL303-agent-cluster-wide-informer';
import { rule as KLL304 } from './KLL304-json-for-built-in-informer';
import { rule as KLL305 } from './KLL305-truncated-cached-list';

export const RULES: readonly Rule[] = [KLL001, KLL002, KLL003, KLL004, KLL005, KLL101, KLL102, KLL201, KLL202, KLL203, KLL204, KLL301, KLL302, KLL303, KLL304, KLL305];

export function findRule(idOrName: string): Rule | undefined {
  const key = idOrName.trim();
  return RULES.find((r) => r.meta.id.toLowerCase() === key.toLowerCase() || r.meta.name === key);
}
