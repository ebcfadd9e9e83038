import { diffBpmn } from '../../domain/bpmn-diff';

const model = (task: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" name="P" isExecutable="true">
    <bpmn:startEvent id="start" name="开始"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${task}
    ${extra}
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  </bpmn:process>
</bpmn:definitions>`;

const review = '<bpmn:userTask id="review" name="审核" implementation="##unspecified"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="unit-reviewers" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming></bpmn:userTask>';

it('two models that differ only in the order of attributes have no difference', () => {
  const reordered = '<bpmn:userTask implementation="##unspecified" name="审核" id="review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="unit-reviewers" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming></bpmn:userTask>';
  expect(diffBpmn(model(review), model(reordered))).toEqual({ added: [], removed: [], changed: [] });
});

it('names each element added, removed and changed', () => {
  const renamed = review.replace('name="审核"', 'name="复核"');
  const extra = '<bpmn:endEvent id="end" name="结束" />';
  expect(diffBpmn(model(review, extra), model(renamed, '<bpmn:task id="archive" name="归档" />'))).toEqual({ added: ['archive'], removed: ['end'], changed: ['review'] });
  const regrouped = review.replace('unit-reviewers', 'review-leads');
  expect(diffBpmn(model(review), model(regrouped)).changed).toEqual(['review']);
});

it('a draft against no deployed version: every element is added', () => {
  expect(diffBpmn('<definitions/>', model(review)).added).toEqual(['f1', 'p', 'review', 'start']);
});
