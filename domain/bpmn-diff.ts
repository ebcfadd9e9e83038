/**
 * Compares two versions of a BPMN model element by element: added, removed, changed. An element's
 * content is compared with its attributes and children in a canonical order, so a model saved by
 * another tool (attributes reordered) shows no change.
 */
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true });

type Node = Record<string, unknown>;

/** JSON with every object's keys sorted: the same element however its attributes were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Node;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every element with an id inside the processes: id → its type and content (children included). */
export function elementsOf(xml: string): Map<string, { type: string; content: string; name?: string; source?: string; target?: string }> {
  const out = new Map<string, { type: string; content: string; name?: string; source?: string; target?: string }>();
  const visit = (node: unknown, tag: string, inProcess: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, tag, inProcess));
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    const isProcess = tag === 'process';
    if ((inProcess || isProcess) && typeof n['@id'] === 'string') {
      const attr = (k: string) => (typeof n[k] === 'string' && (n[k] as string).trim() ? (n[k] as string) : undefined);
      out.set(n['@id'], { type: tag, content: canonical(n), name: attr('@name'), source: attr('@sourceRef'), target: attr('@targetRef') });
    }
    for (const [k, v] of Object.entries(n)) if (!k.startsWith('@') && k !== 'BPMNDiagram') visit(v, k, inProcess || isProcess);
  };
  const doc = parser.parse(xml) as Node;
  visit(doc.definitions, 'definitions', false);
  return out;
}

export function diffBpmn(fromXml: string, toXml: string): { added: string[]; removed: string[]; changed: string[] } {
  const a = elementsOf(fromXml);
  const b = elementsOf(toXml);
  const added = [...b.keys()].filter((id) => !a.has(id)).sort();
  const removed = [...a.keys()].filter((id) => !b.has(id)).sort();
  // a container (the process) changes whenever a child does: report leaf-level changes only
  const changed = [...b.keys()]
    .filter((id) => a.has(id) && b.get(id)!.type !== 'process' && a.get(id)!.content !== b.get(id)!.content)
    .sort();
  return { added, removed, changed };
}

/** What a person reads for an element of a diff: its type and name, and for a flow the names it connects. */
export interface DiffElement {
  type: string;
  name?: string;
  from?: { type: string; name?: string };
  to?: { type: string; name?: string };
}

/** The elements named in a diff, described from the version that has them (the newer one first). */
export function describeElements(fromXml: string, toXml: string, ids: string[]): Record<string, DiffElement> {
  const a = elementsOf(fromXml);
  const b = elementsOf(toXml);
  const brief = (id: string | undefined) => {
    const el = id ? (b.get(id) ?? a.get(id)) : undefined;
    return el ? { type: el.type, ...(el.name ? { name: el.name } : {}) } : { type: 'element' };
  };
  const out: Record<string, DiffElement> = {};
  for (const id of ids) {
    const el = b.get(id) ?? a.get(id);
    if (!el) continue;
    out[id] = { type: el.type, ...(el.name ? { name: el.name } : {}), ...(el.source ? { from: brief(el.source), to: brief(el.target) } : {}) };
  }
  return out;
}
