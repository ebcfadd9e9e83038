/**
 * A process diagram as an applicant sees it: only the steps that are theirs to know (people's
 * tasks, waiting, decisions, start and end). The system's own steps (service, script, rule and
 * send tasks, throw events: 计算审核期限, notifications, …) are folded away: each one's incoming
 * flows are joined to its outgoing ones (and those of the boundary events on it). Reminders and
 * escalations for staff (non-interrupting boundary events) go with whatever only they lead to.
 * The columns the folded steps leave empty are closed up, so the diagram is smaller and easier to
 * read on a phone. Works on the XML (DOM), before bpmn-js reads it.
 */
const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';

/** the system's own steps, never shown to an applicant */
export const INTERNAL_TYPES = ['serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'intermediateThrowEvent'];
/** the steps drawn as a task box (their type icons are left out: they covered the names) */
export const TASK_TYPES = ['userTask', 'manualTask', 'receiveTask', 'task', 'callActivity', 'subProcess'];

interface Flow {
  el: Element;
  id: string;
  source: string;
  target: string;
}

export function applicantDiagram(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return xml;
  const byId = new Map<string, Element>();
  for (const el of Array.from(doc.getElementsByTagNameNS(BPMN, '*'))) {
    const id = el.getAttribute('id');
    if (id) byId.set(id, el);
  }
  const shapes = new Map<string, Element>();
  for (const s of Array.from(doc.getElementsByTagNameNS(BPMNDI, 'BPMNShape'))) shapes.set(s.getAttribute('bpmnElement') ?? '', s);
  const edges = new Map<string, Element>();
  for (const e of Array.from(doc.getElementsByTagNameNS(BPMNDI, 'BPMNEdge'))) edges.set(e.getAttribute('bpmnElement') ?? '', e);

  const flows = new Map<string, Flow>();
  for (const el of Array.from(doc.getElementsByTagNameNS(BPMN, 'sequenceFlow'))) {
    const id = el.getAttribute('id') ?? '';
    flows.set(id, { el, id, source: el.getAttribute('sourceRef') ?? '', target: el.getAttribute('targetRef') ?? '' });
  }
  const boundaryOf = (host: string) => Array.from(doc.getElementsByTagNameNS(BPMN, 'boundaryEvent')).filter((b) => b.getAttribute('attachedToRef') === host);
  const points = (flowId: string) => Array.from(edges.get(flowId)?.getElementsByTagNameNS(DI, 'waypoint') ?? []).map((p) => ({ x: Number(p.getAttribute('x')), y: Number(p.getAttribute('y')) }));

  const removeFlow = (f: Flow) => {
    f.el.remove();
    edges.get(f.id)?.remove();
    flows.delete(f.id);
  };
  const removeNode = (id: string) => {
    byId.get(id)?.remove();
    shapes.get(id)?.remove();
    byId.delete(id);
  };
  let serial = 0;
  const join = (into: Flow, out: Flow) => {
    if (into.source === out.target || [...flows.values()].some((f) => f.source === into.source && f.target === out.target)) return;
    const id = `pf-folded-${++serial}`;
    const el = doc.createElementNS(BPMN, 'bpmn:sequenceFlow');
    el.setAttribute('id', id);
    el.setAttribute('sourceRef', into.source);
    el.setAttribute('targetRef', out.target);
    const name = into.el.getAttribute('name') ?? out.el.getAttribute('name');
    if (name) el.setAttribute('name', name);
    into.el.parentNode?.appendChild(el);
    flows.set(id, { el, id, source: into.source, target: out.target });
    const a = points(into.id);
    const b = points(out.id);
    const edgeOf = edges.get(into.id) ?? edges.get(out.id);
    if (edgeOf && a.length && b.length) {
      const edge = doc.createElementNS(BPMNDI, 'bpmndi:BPMNEdge');
      edge.setAttribute('id', `${id}_di`);
      edge.setAttribute('bpmnElement', id);
      for (const p of [...a.slice(0, -1), ...b.slice(1)]) {
        const w = doc.createElementNS(DI, 'di:waypoint');
        w.setAttribute('x', String(p.x));
        w.setAttribute('y', String(p.y));
        edge.appendChild(w);
      }
      edgeOf.parentNode?.appendChild(edge);
      edges.set(id, edge);
    }
  };

  // the system's steps, folded one by one (a chain of them folds step by step)
  const internal = [...byId.values()].filter((el) => INTERNAL_TYPES.includes(el.localName));
  for (const node of internal) {
    const id = node.getAttribute('id') ?? '';
    const boundaries = boundaryOf(id).map((b) => b.getAttribute('id') ?? '');
    const into = [...flows.values()].filter((f) => f.target === id && f.source !== id);
    const out = [...flows.values()].filter((f) => (f.source === id || boundaries.includes(f.source)) && f.target !== id);
    for (const i of into) for (const o of out) join(i, o);
    [...into, ...out].forEach(removeFlow);
    [...flows.values()].filter((f) => f.source === id || f.target === id).forEach(removeFlow);
    boundaries.forEach(removeNode);
    removeNode(id);
  }
  // reminders and escalations for staff: a non-interrupting boundary event and what only it leads to
  for (const b of Array.from(doc.getElementsByTagNameNS(BPMN, 'boundaryEvent'))) {
    if (b.getAttribute('cancelActivity') !== 'false') continue;
    const id = b.getAttribute('id') ?? '';
    [...flows.values()].filter((f) => f.source === id).forEach(removeFlow);
    removeNode(id);
  }
  // then whatever no flow leads to any more (a start event and a boundary event never have one)
  const ORPHANS = new Set([...TASK_TYPES, 'intermediateCatchEvent', 'endEvent', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'complexGateway']);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, el] of [...byId]) {
      if (!ORPHANS.has(el.localName) || [...flows.values()].some((f) => f.target === id)) continue;
      if (el.localName === 'subProcess' && el.getAttribute('triggeredByEvent') === 'true') continue;
      for (const b of [id, ...boundaryOf(id).map((x) => x.getAttribute('id') ?? '')]) {
        [...flows.values()].filter((f) => f.source === b).forEach(removeFlow);
        removeNode(b);
      }
      changed = true;
    }
  }
  // the references the flow nodes keep to flows now gone, and a gateway's default among them
  for (const el of byId.values()) {
    for (const ref of Array.from(el.children).filter((c) => c.localName === 'incoming' || c.localName === 'outgoing')) {
      if (!flows.has(ref.textContent?.trim() ?? '')) ref.remove();
    }
    const dflt = el.getAttribute('default');
    if (dflt && !flows.has(dflt)) el.removeAttribute('default');
  }
  closeColumns(doc);
  return new XMLSerializer().serializeToString(doc);
}

/** Empty columns (wider than a step's gap) the folded steps left are narrowed, shapes, labels and flows alike. */
function closeColumns(doc: Document): void {
  const KEEP = 50;
  const bounds = Array.from(doc.getElementsByTagNameNS(BPMNDI, 'BPMNShape')).map((s) => Array.from(s.children).find((c) => c.localName === 'Bounds')).filter((b): b is Element => !!b);
  const spans = bounds.map((b) => [Number(b.getAttribute('x')), Number(b.getAttribute('x')) + Number(b.getAttribute('width'))]).sort((a, b) => a[0] - b[0]);
  const gaps: Array<[number, number]> = [];
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (end > -Infinity && a - end > KEEP * 1.5) gaps.push([end, a]);
    end = Math.max(end, b);
  }
  if (!gaps.length) return;
  const shift = (x: number) =>
    gaps.reduce((d, [a, b]) => {
      const r = b - a - KEEP;
      return d + (x >= b ? r : x > a ? (r * (x - a)) / (b - a) : 0);
    }, 0);
  const move = (el: Element) => {
    const x = Number(el.getAttribute('x'));
    if (Number.isFinite(x)) el.setAttribute('x', String(Math.round(x - shift(x))));
  };
  Array.from(doc.getElementsByTagNameNS(DC, 'Bounds')).forEach(move);
  Array.from(doc.getElementsByTagNameNS(DI, 'waypoint')).forEach(move);
}
