declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: object; resolver: unknown });
    lint(root: unknown): Promise<Record<string, Array<{ id: string; message: string; category: string }>>>;
  }
}
declare module 'bpmnlint/lib/resolver/node-resolver' {
  const NodeResolver: new () => unknown;
  export default NodeResolver;
}
declare module 'bpmn-moddle';
