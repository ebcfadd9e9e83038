/** Compares two versions of a BPMN model element by element: added, removed, changed. */
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true });

type Node = Record<string, unknown>;

/** Every element with an id inside the processes: id → its type and content (children included). */
export function elementsOf(xml: string): Map<string, { type: string; content: string }> {
  const out = new Map<string, { type: string; content: string }>();
  const visit = (node: unknown, tag: string, inProcess: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, tag, inProcess));
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    const isProcess = tag === 'process';
    if ((inProcess || isProcess) && typeof n['@id'] === 'string') out.set(n['@id'], { type: tag, content: JSON.stringify(n) });
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
