// Object sizes per resource from an audit log's response bodies (level RequestResponse):
// the compact JSON of every object a successful LIST or GET returned, as the apiserver sent
// it (managedFields included, unlike `kubectl get -o json`). Pure: the CLI streams the
// decoded events in. Each object is counted once, by uid, at its latest size, so a list
// that runs every minute does not weigh its objects more than a list that runs once.

/** Objects remembered per resource; past it, objects not seen yet are left out (the mean of this many is close enough). */
export const MAX_OBJECTS_PER_RESOURCE = 50_000;

export interface ResourceSize {
  /** Distinct objects measured. */
  objects: number;
  /** Their JSON bytes, each at its latest size. */
  bytes: number;
  /** Responses they came from. */
  responses: number;
  /** More distinct objects than MAX_OBJECTS_PER_RESOURCE were returned. */
  capped: boolean;
}

interface Acc {
  sizes: Map<string, number>;
  bytes: number;
  responses: number;
  capped: boolean;
  anon: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class AuditObjectSizes {
  private readonly byResource = new Map<string, Acc>();
  /** Read responses with a body: what the sizes come from. */
  responses = 0;
  /** Successful LIST/GET responses without a body (level Metadata or Request). */
  withoutBody = 0;

  /** One decoded audit event; anything other than a successful LIST/GET with a body is ignored. */
  add(e: unknown): void {
    if (!isObject(e) || e.kind !== 'Event' || e.apiVersion !== 'audit.k8s.io/v1' || e.stage !== 'ResponseComplete') return;
    if (e.verb !== 'list' && e.verb !== 'get') return;
    const ref = e.objectRef;
    const status = e.responseStatus;
    if (!isObject(ref) || typeof ref.resource !== 'string' || ref.subresource) return;
    if (isObject(status) && typeof status.code === 'number' && status.code !== 200) return;
    const body = e.responseObject;
    if (!isObject(body)) {
      this.withoutBody++;
      return;
    }
    // A GET returns the object; a LIST its items. A Status is an error, not an object.
    const objects = e.verb === 'list' ? (Array.isArray(body.items) ? body.items : undefined) : body.kind === 'Status' ? undefined : [body];
    if (!objects) return;
    this.responses++;
    const key = ref.resource.toLowerCase();
    let acc = this.byResource.get(key);
    if (!acc) this.byResource.set(key, (acc = { sizes: new Map(), bytes: 0, responses: 0, capped: false, anon: 0 }));
    acc.responses++;
    for (const o of objects) {
      const meta = isObject(o) && isObject(o.metadata) ? o.metadata : undefined;
      const id = typeof meta?.uid === 'string' ? meta.uid : `#${acc.anon++}`;
      const size = Buffer.byteLength(JSON.stringify(o));
      const old = acc.sizes.get(id);
      if (old === undefined && acc.sizes.size >= MAX_OBJECTS_PER_RESOURCE) {
        acc.capped = true;
        continue;
      }
      acc.bytes += size - (old ?? 0);
      acc.sizes.set(id, size);
    }
  }

  /** Per resource (lower-case plural, as in the audit's objectRef), the objects measured. */
  result(): Map<string, ResourceSize> {
    const out = new Map<string, ResourceSize>();
    for (const [k, a] of [...this.byResource].sort(([x], [y]) => x.localeCompare(y))) {
      if (a.sizes.size) out.set(k, { objects: a.sizes.size, bytes: a.bytes, responses: a.responses, capped: a.capped });
    }
    return out;
  }
}
