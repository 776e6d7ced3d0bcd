// The sizing model: cluster profiles, the version-aware serving path, and the cost of one
// call. Pure (no fs, no LSP): the engine, the LSP server and the CLI report call it.
export * from './constants';
export * from './gates';
export * from './profile';
export * from './serving';
export * from './estimate';
export * from './present';
export * from './rank';
