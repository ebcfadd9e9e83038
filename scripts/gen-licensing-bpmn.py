#!/usr/bin/env python3
"""Writes bpmn/production-licence.bpmn and bpmn/inspector-qualification.bpmn (issue 7), with a
diagram. The files are checked in; edit here, run, and commit both."""
import os
from xml.sax.saxutils import quoteattr

ROOT = os.path.join(os.path.dirname(__file__), '..', 'bpmn')
LISTENERS = ''.join(f'\n          <zeebe:taskListener eventType="{e}" type="inbox.sync.{e}" retries="5" />' for e in ['creating', 'assigning', 'updating', 'completing', 'canceling'])
SIZE = {'start': (36, 36), 'end': (36, 36), 'gw': (50, 50), 'service': (100, 80), 'user': (100, 80)}

def build(pid, name, nodes, flows):
    """nodes: (id, kind, name, x, y, extra); flows: (id, src, dst, name, condition, waypoints or None)"""
    incoming = {n[0]: [] for n in nodes}
    outgoing = {n[0]: [] for n in nodes}
    for f in flows:
        outgoing[f[1]].append(f[0]); incoming[f[2]].append(f[0])
    out = []
    for nid, kind, label, x, y, extra in nodes:
        io = ''.join(f'\n      <bpmn:incoming>{i}</bpmn:incoming>' for i in incoming[nid]) + ''.join(f'\n      <bpmn:outgoing>{o}</bpmn:outgoing>' for o in outgoing[nid])
        nm = quoteattr(label)
        if kind == 'start':
            out.append(f'    <bpmn:startEvent id="{nid}" name={nm}>{io}\n    </bpmn:startEvent>')
        elif kind == 'end':
            out.append(f'    <bpmn:endEvent id="{nid}" name={nm}>{io}\n    </bpmn:endEvent>')
        elif kind == 'gw':
            default = f' default="{extra["default"]}"' if extra.get('default') else ''
            out.append(f'    <bpmn:exclusiveGateway id="{nid}" name={nm}{default}>{io}\n    </bpmn:exclusiveGateway>')
        elif kind == 'service':
            inputs = ''.join(f'\n          <zeebe:input source={quoteattr(s)} target="{t}" />' for t, s in extra.get('inputs', []))
            outputs = ''.join(f'\n          <zeebe:output source={quoteattr(s)} target="{t}" />' for t, s in extra.get('outputs', []))
            iom = f'\n        <zeebe:ioMapping>{inputs}{outputs}\n        </zeebe:ioMapping>' if inputs or outputs else ''
            out.append(f'    <bpmn:serviceTask id="{nid}" name={nm}>\n      <bpmn:extensionElements>\n        <zeebe:taskDefinition type="{extra["type"]}" retries="5" />{iom}\n      </bpmn:extensionElements>{io}\n    </bpmn:serviceTask>')
        elif kind == 'user':
            a = extra['assign']
            attrs = ' '.join(f'{k}={quoteattr(v)}' for k, v in a.items())
            out.append(f'    <bpmn:userTask id="{nid}" name={nm}>\n      <bpmn:extensionElements>\n        <zeebe:userTask />\n        <zeebe:formDefinition externalReference="{extra["form"]}" />\n        <zeebe:assignmentDefinition {attrs} />\n        <zeebe:taskListeners>{LISTENERS}\n        </zeebe:taskListeners>\n      </bpmn:extensionElements>{io}\n    </bpmn:userTask>')
    for fid, src, dst, label, cond, _ in flows:
        nm = f' name={quoteattr(label)}' if label else ''
        if cond:
            out.append(f'    <bpmn:sequenceFlow id="{fid}"{nm} sourceRef="{src}" targetRef="{dst}">\n      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{cond.replace(chr(34), "&#34;")}</bpmn:conditionExpression>\n    </bpmn:sequenceFlow>')
        else:
            out.append(f'    <bpmn:sequenceFlow id="{fid}"{nm} sourceRef="{src}" targetRef="{dst}" />')
    pos = {}
    di = []
    for nid, kind, label, x, y, extra in nodes:
        w, h = SIZE[kind]
        # (x, y) is the centre
        bx, by = x - w // 2, y - h // 2
        pos[nid] = (x, y, w, h)
        marker = ' isMarkerVisible="true"' if kind == 'gw' else ''
        di.append(f'      <bpmndi:BPMNShape id="{nid}_di" bpmnElement="{nid}"{marker}><dc:Bounds x="{bx}" y="{by}" width="{w}" height="{h}" /></bpmndi:BPMNShape>')
    for fid, src, dst, label, cond, way in flows:
        sx, sy, sw, sh = pos[src]; tx, ty, tw, th = pos[dst]
        if way is None:
            if sy == ty:
                pts = [(sx + sw // 2, sy), (tx - tw // 2, ty)] if tx > sx else [(sx - sw // 2, sy), (tx + tw // 2, ty)]
            else:
                pts = [(sx, sy + (sh // 2 if ty > sy else -sh // 2)), (sx, ty), (tx - tw // 2, ty)]
        else:
            pts = way
        wp = ''.join(f'<di:waypoint x="{a}" y="{b}" />' for a, b in pts)
        di.append(f'      <bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}">{wp}</bpmndi:BPMNEdge>')
    xml = f'''<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="{pid}-definitions" targetNamespace="http://permitflow.io/bpmn" exporter="PermitFlow" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="{pid}" name={quoteattr(name)} isExecutable="true">
{chr(10).join(out)}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="{pid}-diagram">
    <bpmndi:BPMNPlane id="{pid}-plane" bpmnElement="{pid}">
{chr(10).join(di)}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
'''
    with open(os.path.join(ROOT, pid + '.bpmn'), 'w') as f:
        f.write(xml)

AUTH = {'candidateGroups': '=[authorityGroup]'}
AGENCY = {'candidateGroups': 'appraisal-agencies'}
APPLICANT = {'assignee': '=applicantLogin', 'candidateUsers': '=[applicantLogin]', 'candidateGroups': '=[applicantGroup]'}
svc = lambda t, **kw: {'type': t, **kw}
usr = lambda form, assign: {'form': form, 'assign': assign}

# row 1 (y=120): submission, formal review and the correction loop; row 2 (y=300): acceptance to decision; row 3 (y=460): refusals
nodes = [
    ('submitted', 'start', '申请已提交 Submitted', 60, 120, {}),
    ('route', 'service', '确定审批机关 Route to the authority', 170, 120, svc('licence.route')),
    ('formal-review', 'user', '形式审查 Formal review', 320, 120, usr('production-licence-formal-review', AUTH)),
    ('formal-decision', 'gw', '审查结论 Formal decision', 470, 120, {'default': 'flow-formal-accept'}),
    ('correction-notice', 'service', '补齐补正告知 Correction notice', 470, 10, svc('licence.correction-notice')),
    ('supplement', 'user', '补齐补正 Supplement and correct', 320, 10, usr('production-licence-supplement', APPLICANT)),
    ('refuse', 'service', '不予受理 Refuse', 600, 460, svc('licence.reject')),
    ('refused', 'end', '不予受理 Refused', 700, 460, {}),
    ('accept', 'service', '受理决定书 Acceptance decision', 620, 120, svc('licence.accept')),
    ('clock-pause', 'service', '暂停计时 Pause the clock (at the agency)', 770, 120, svc('licence.clock', inputs=[('clockAction', '="pause"')])),
    ('dates-propose', 'user', '拟定评审日期 Propose appraisal dates', 920, 120, usr('production-licence-dates-propose', AGENCY)),
    ('dates-confirm', 'user', '确认评审日期 Confirm appraisal dates', 1070, 120, usr('production-licence-dates-confirm', APPLICANT)),
    ('dates-opinion', 'user', '机构意见 Agency opinion', 1220, 120, usr('production-licence-dates-opinion', AGENCY)),
    ('dates-decision', 'gw', '确认或退回 Accept or return', 1370, 120, {'default': 'flow-dates-accept'}),
    ('appraisal', 'user', '鉴定评审 Appraisal', 1370, 300, usr('production-licence-appraisal', AGENCY)),
    ('clock-resume', 'service', '恢复计时 Resume the clock', 1220, 300, svc('licence.clock', inputs=[('clockAction', '="resume"')])),
    ('feedback', 'user', '评审反馈表 Review feedback form', 1070, 300, usr('production-licence-feedback', APPLICANT)),
    ('decision', 'user', '许可决定 Licence decision', 920, 300, usr('production-licence-decision', AUTH)),
    ('final-decision', 'gw', '审批结论 Decision', 770, 300, {'default': 'flow-final-reject'}),
    ('issue', 'service', '颁发许可证 Issue the licence', 620, 300, svc('licence.issue')),
    ('notify-approved', 'service', '通知准予许可 Notify', 470, 300, svc('notify.email', inputs=[('template', '="application-approved"')])),
    ('licensed', 'end', '准予许可 Licensed', 340, 300, {}),
    ('final-refuse', 'service', '不予许可 Refuse', 920, 460, svc('licence.reject')),
    ('notify-rejected', 'service', '通知不予许可 Notify', 1070, 460, svc('notify.email', inputs=[('template', '="application-rejected"')])),
    ('refused-final', 'end', '不予许可 Refused', 1220, 460, {}),
]
flows = [
    ('flow-submitted-route', 'submitted', 'route', None, None, None),
    ('flow-route-review', 'route', 'formal-review', None, None, None),
    ('flow-review-decision', 'formal-review', 'formal-decision', None, None, None),
    ('flow-formal-correct', 'formal-decision', 'correction-notice', '补正 correct', '=decision = "correct"', [(470, 95), (470, 50)]),
    ('flow-notice-supplement', 'correction-notice', 'supplement', None, None, [(420, 10), (370, 10)]),
    ('flow-supplement-review', 'supplement', 'formal-review', '再次提交 resubmitted', None, [(320, 50), (320, 80)]),
    ('flow-formal-reject', 'formal-decision', 'refuse', '不予受理 refuse', '=decision = "reject"', [(470, 145), (470, 210), (60, 210), (60, 460), (550, 460)]),
    ('flow-refuse-end', 'refuse', 'refused', None, None, None),
    ('flow-formal-accept', 'formal-decision', 'accept', '受理 accept', None, None),
    ('flow-accept-pause', 'accept', 'clock-pause', None, None, None),
    ('flow-pause-propose', 'clock-pause', 'dates-propose', None, None, None),
    ('flow-propose-confirm', 'dates-propose', 'dates-confirm', None, None, None),
    ('flow-confirm-opinion', 'dates-confirm', 'dates-opinion', None, None, None),
    ('flow-opinion-decision', 'dates-opinion', 'dates-decision', None, None, None),
    ('flow-dates-return', 'dates-decision', 'dates-propose', '退回 return', '=decision = "return"', [(1370, 95), (1370, 40), (920, 40), (920, 80)]),
    ('flow-dates-accept', 'dates-decision', 'appraisal', '确认 accept', None, [(1370, 145), (1370, 260)]),
    ('flow-appraisal-resume', 'appraisal', 'clock-resume', None, None, [(1320, 300), (1270, 300)]),
    ('flow-resume-feedback', 'clock-resume', 'feedback', None, None, [(1170, 300), (1120, 300)]),
    ('flow-feedback-decision', 'feedback', 'decision', None, None, [(1020, 300), (970, 300)]),
    ('flow-decision-gateway', 'decision', 'final-decision', None, None, [(870, 300), (795, 300)]),
    ('flow-final-approve', 'final-decision', 'issue', '准予 grant', '=decision = "approve"', [(745, 300), (670, 300)]),
    ('flow-issue-notify', 'issue', 'notify-approved', None, None, [(570, 300), (520, 300)]),
    ('flow-notify-licensed', 'notify-approved', 'licensed', None, None, [(420, 300), (358, 300)]),
    ('flow-final-reject', 'final-decision', 'final-refuse', '不予许可 refuse', None, [(770, 325), (770, 460), (870, 460)]),
    ('flow-final-refuse-notify', 'final-refuse', 'notify-rejected', None, None, None),
    ('flow-notify-refused', 'notify-rejected', 'refused-final', None, None, None),
]
build('production-licence', '特种设备生产单位许可 Special-equipment production licence', nodes, flows)

IAUTH = {'candidateGroups': 'inspector-authority'}
nodes = [
    ('submitted', 'start', '申请已提交 Submitted', 60, 120, {}),
    ('accept', 'user', '受理 Accept', 170, 120, usr('inspector-qualification-accept', IAUTH)),
    ('accept-decision', 'gw', '是否受理 Accepted?', 320, 120, {'default': 'flow-accept-reject'}),
    ('mark-accepted', 'service', '已受理 Accepted', 450, 120, svc('inspector.result', inputs=[('outcome', '="accepted"')])),
    ('review', 'user', '审核 Review', 600, 120, usr('inspector-qualification-review', IAUTH)),
    ('review-decision', 'gw', '审核结论 Decision', 750, 120, {'default': 'flow-review-reject'}),
    ('approve', 'service', '准予认定 Record the qualification', 880, 120, svc('inspector.result', inputs=[('outcome', '="approved"')])),
    ('approved', 'end', '资格认定通过 Qualified', 1010, 120, {}),
    ('reject', 'service', '不予认定 Refuse', 600, 280, svc('licence.reject')),
    ('rejected', 'end', '未通过 Refused', 760, 280, {}),
]
flows = [
    ('flow-submitted-accept', 'submitted', 'accept', None, None, None),
    ('flow-accept-gateway', 'accept', 'accept-decision', None, None, None),
    ('flow-accept-ok', 'accept-decision', 'mark-accepted', '受理 accept', '=decision = "accept"', None),
    ('flow-accept-reject', 'accept-decision', 'reject', '不予受理 refuse', None, [(320, 145), (320, 280), (550, 280)]),
    ('flow-accepted-review', 'mark-accepted', 'review', None, None, None),
    ('flow-review-gateway', 'review', 'review-decision', None, None, None),
    ('flow-review-approve', 'review-decision', 'approve', '准予 approve', '=decision = "approve"', None),
    ('flow-review-reject', 'review-decision', 'reject', '不予认定 refuse', None, [(750, 145), (750, 200), (600, 200), (600, 240)]),
    ('flow-approve-end', 'approve', 'approved', None, None, None),
    ('flow-reject-end', 'reject', 'rejected', None, None, None),
]
build('inspector-qualification', '检验检测人员资格认定 Inspector qualification', nodes, flows)
