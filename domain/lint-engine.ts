/**
 * The lint rules (run by domain/lint.ts in a worker thread). Lints a BPMN model before it is deployed: bpmnlint's
 * recommended rules (errors only: disconnected elements, implicit splits and ends, missing labels,
 * duplicate flows, …), Camunda's compatibility rules for the engine version
 * (bpmnlint-plugin-camunda-compat) plus ours — every user task is a Camunda user task with an
 * existing form, candidate groups and the inbox listeners; every job type has a worker; every
 * timer is bounded. Each issue names the element.
 */
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver';
import * as moddlePkg from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { INBOX_EVENTS, inboxSyncJobType } from './registry';

import type { LintContext, LintIssue } from './lint';


type El = { $type: string; id: string; extensionElements?: { values?: El[] }; flowElements?: El[]; eventDefinitions?: El[]; [k: string]: unknown };

const BpmnModdle = ((moddlePkg as unknown as { BpmnModdle?: unknown; default?: unknown }).BpmnModdle ??
  (moddlePkg as unknown as { default?: unknown }).default ??
  moddlePkg) as new (packages: object) => { fromXML(xml: string): Promise<{ rootElement: El; warnings: Array<{ message: string }> }> };

const ext = (el: El, type: string): El | undefined => el.extensionElements?.values?.find((v) => v.$type === type);

function walk(container: El, visit: (el: El) => void): void {
  for (const el of container.flowElements ?? []) {
    visit(el);
    if (el.flowElements) walk(el, visit);
  }
}

function ourRules(definitions: El, ctx: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  const add = (rule: string, el: El, message: string) => issues.push({ rule, elementId: el.id, message });
  for (const process of ((definitions.rootElements as El[]) ?? []).filter((e) => e.$type === 'bpmn:Process')) {
    walk(process, (el) => {
      if (el.$type === 'bpmn:UserTask') {
        if (!ext(el, 'zeebe:UserTask')) add('permitflow/camunda-user-task', el, '用户任务须为 Camunda 用户任务 / User tasks must be Camunda user tasks (zeebe:userTask)');
        const form = ext(el, 'zeebe:FormDefinition') as { externalReference?: string; formId?: string } | undefined;
        const key = form?.externalReference ?? form?.formId;
        if (!key) add('permitflow/user-task-form', el, '用户任务缺少表单 / The user task has no form');
        else if (!ctx.formKeys.has(key)) add('permitflow/user-task-form', el, `表单 ${key} 不存在 / Form ${key} does not exist`);
        const assignment = ext(el, 'zeebe:AssignmentDefinition') as { candidateGroups?: string } | undefined;
        if (!assignment?.candidateGroups?.trim()) add('permitflow/user-task-groups', el, '用户任务缺少候选组 / The user task has no candidate groups');
        const listeners = ((ext(el, 'zeebe:TaskListeners') as { listeners?: Array<{ eventType: string; type: string }> } | undefined)?.listeners ?? []).map((l) => `${l.eventType}:${l.type}`);
        const missing = INBOX_EVENTS.filter((e) => !listeners.includes(`${e}:${inboxSyncJobType(e)}`));
        if (missing.length) add('permitflow/inbox-listeners', el, `缺少待办同步监听 / Missing inbox listeners: ${missing.join(', ')}`);
      }
      const def = ext(el, 'zeebe:TaskDefinition') as { type?: string } | undefined;
      if (def?.type && !def.type.startsWith('=') && !ctx.jobTypes.has(def.type)) add('permitflow/job-worker', el, `没有处理 ${def.type} 的 worker / No worker serves job type ${def.type}`);
      for (const ed of el.eventDefinitions ?? []) {
        if (ed.$type !== 'bpmn:TimerEventDefinition') continue;
        const cycle = (ed.timeCycle as { body?: string } | undefined)?.body;
        const duration = (ed.timeDuration as { body?: string } | undefined)?.body;
        const date = (ed.timeDate as { body?: string } | undefined)?.body;
        if (!cycle && !duration && !date) add('permitflow/timer-bounded', el, '定时器没有时间 / The timer has no time');
        if (cycle && /^R\//.test(cycle.trim())) add('permitflow/timer-bounded', el, '循环定时器须限定次数 / A cycle timer needs a repetition count (R5/…)');
      }
    });
  }
  return issues;
}

/** bpmnlint's recommended rules that fail a model, in Chinese before the rule's own English message. */
const RULE_NAMES: Record<string, string> = {
  'ad-hoc-sub-process': '临时子流程配置有误',
  'conditional-flows': '条件分支缺少条件或默认流',
  'end-event-required': '流程缺少结束事件',
  'event-based-gateway': '事件网关配置有误',
  'event-sub-process-typed-start-event': '事件子流程的开始事件须有类型',
  'label-required': '元素缺少名称',
  'link-event': '链接事件不成对',
  'no-bpmndi': '元素没有图形',
  'no-complex-gateway': '不支持复杂网关',
  'no-disconnected': '元素没有连接',
  'no-duplicate-sequence-flows': '重复的顺序流',
  'no-gateway-join-fork': '网关不能同时汇合和分支',
  'no-implicit-split': '隐式分支（请用网关）',
  'no-implicit-end': '隐式结束（请连到结束事件）',
  'no-implicit-start': '隐式开始（请从开始事件连入）',
  'single-blank-start-event': '只能有一个空白开始事件',
  'single-event-definition': '事件只能有一个定义',
  'start-event-required': '流程缺少开始事件',
  'sub-process-blank-start-event': '子流程须从空白开始事件开始',
};

export async function lintInProcess(xml: string, ctx: LintContext): Promise<LintIssue[]> {
  let parsed: { rootElement: El; warnings: Array<{ message: string }> };
  try {
    parsed = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
  } catch (err) {
    return [{ rule: 'xml', elementId: '', message: `无法解析 BPMN / Not valid BPMN XML: ${(err as Error).message}` }];
  }
  const version = (ctx.engineVersion ?? '8.8').replace('.', '-');
  const linter = new Linter({ config: { extends: ['bpmnlint:recommended', `plugin:camunda-compat/camunda-cloud-${version}`] }, resolver: new NodeResolver() });
  const reports = (await linter.lint(parsed.rootElement)) as Record<string, Array<{ id: string; message: string; category: string }>>;
  // A rule that crashes (e.g. on a dangling reference) is reported, never taken for a pass.
  const compat: LintIssue[] = Object.entries(reports).flatMap(([rule, list]) =>
    list
      .filter((r) => r.category === 'error' || r.category === 'rule-error')
      .map((r) => ({
        rule,
        elementId: r.id ?? '',
        message: r.category === 'rule-error' ? `规则无法执行 / The rule could not run: ${r.message}` : RULE_NAMES[rule] ? `${RULE_NAMES[rule]} / ${r.message}` : r.message,
      })),
  );
  return [...compat, ...ourRules(parsed.rootElement, ctx)];
}
