// Setting one top-level key of the project config from a command (`profile import --write`,
// `audit --write`): the nearest config file, edited as a YAML document so that every other
// key and comment stays, checked like any config before it replaces the file.
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { configFileIn, ConfigError, parseConfigText } from '../config/load';

/** The config file --write changes: --config, else the nearest above the working directory, else a new one here. */
export function targetConfig(explicit: string | undefined, cwd: string): string {
  if (explicit) return explicit;
  for (let d = cwd; ; d = path.dirname(d)) {
    const found = configFileIn(d);
    if (found) return found;
    if (path.dirname(d) === d) return path.join(cwd, '.kube-list-lint.yaml');
  }
}

/** The config text with `key` set to `value`; YAML keeps every other key and comment. */
export function withKey(text: string, file: string, key: string, value: unknown, comment: string): string {
  if (file.endsWith('.json')) {
    const doc = text.trim() ? JSON.parse(text.replace(/^\uFEFF/, '')) : {};
    doc[key] = value;
    return JSON.stringify(doc, null, 2) + '\n';
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(file, '', `expected valid YAML, got ${doc.errors[0].message.split('\n')[0]}`);
  if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  if (!isMap(doc.contents)) throw new ConfigError(file, '', 'expected a mapping of settings');
  const node = doc.createNode(value);
  // Above a mapping; after a scalar, on its line (above it would sit between key and value).
  if (isScalar(node)) node.comment = ` ${comment}`;
  else node.commentBefore = ` ${comment}`;
  doc.set(key, node);
  return doc.toString({ lineWidth: 0 });
}

/** Sets `key` in the config `file` (created when missing); what is written must load. */
export function writeConfigKey(file: string, key: string, value: unknown, comment: string): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const next = withKey(text, file, key, value, comment);
  parseConfigText(next, file);
  const tmp = `${file}.kll-${process.pid}.tmp`;
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, file);
}
