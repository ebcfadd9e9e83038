/// <reference types="vite/client" />
declare module 'virtual:pf-names' {
  const models: { processes: Record<string, string>; steps: Record<string, string> };
  export default models;
}
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<Record<string, unknown>, Record<string, unknown>, unknown>;
  export default component;
}
