#!/usr/bin/env python3
"""Writes the Form.io forms of the special-equipment licensing processes (issue 7) into forms/.
Run once after changing this file; the JSON files are checked in."""
import json, os

ROOT = os.path.join(os.path.dirname(__file__), '..', 'forms')
DATE = {"pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}", "customMessage": "日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD"}

def text(key, label, required=True, **kw):
    v = {"required": required, "maxLength": kw.pop('maxLength', 200)}
    v.update(kw.pop('validate', {}))
    return {"type": "textfield", "key": key, "label": label, "input": True, "validate": v, **kw}

def date(key, label, required=True):
    return {"type": "textfield", "key": key, "label": label + " (YYYY-MM-DD)", "input": True, "placeholder": "2026-12-01", "validate": {"required": required, **DATE}}

def area(key, label, required=True, maxLength=2000, **kw):
    return {"type": "textarea", "key": key, "label": label, "input": True, "rows": 3, "validate": {"required": required, "maxLength": maxLength}, **kw}

def radio(key, label, values, required=True):
    return {"type": "radio", "key": key, "label": label, "input": True, "inline": True, "validate": {"required": required}, "values": [{"label": l, "value": v} for v, l in values]}

def select(key, label, values, required=True):
    return {"type": "select", "key": key, "label": label, "input": True, "widget": "html5", "dataSrc": "values", "validate": {"required": required}, "data": {"values": [{"label": l, "value": v} for v, l in values]}}

def grid(key, label, cols, required=True):
    return {"type": "datagrid", "key": key, "label": label, "input": True, "validate": {"required": required}, "components": cols}

def number(key, label, mn=0, mx=100000):
    return {"type": "number", "key": key, "label": label, "input": True, "validate": {"required": True, "min": mn, "max": mx}}

def checkbox(key, label):
    return {"type": "checkbox", "key": key, "label": label, "input": True, "validate": {"required": True}}

def file(key, label, required=True, multiple=False, pattern=".jpg,.jpeg,.png,.pdf"):
    return {"type": "file", "key": key, "label": label, "input": True, "storage": "url", "url": "/api/files", "filePattern": pattern, "fileMaxSize": "5MB", "multiple": multiple, "validate": {"required": required}}

def when(c, key, eq, show=True):
    c["conditional"] = {"show": show, "when": key, "eq": eq}
    return c

SUBMIT = {"type": "button", "key": "submit", "label": "提交 Submit", "action": "submit", "input": True, "disableOnInvalid": True}

def panel(key, title, components):
    # a part of the wizard: key "part" + Name (never the same as a field's key)
    return {"type": "panel", "key": "part" + key[0].upper() + key[1:], "title": title, "input": False, "components": components}

def write(key, title, components, display='form'):
    form = {"title": title, "name": key.replace('-', ''), "path": key, "display": display, "type": "form", "components": components}
    with open(os.path.join(ROOT, key + '.json'), 'w') as f:
        json.dump(form, f, ensure_ascii=False, indent=2)
        f.write('\n')

# the catalogue as seeded by db/migrations/20261123000024_special_equipment.ts (the server checks against the table)
CATEGORIES = [("manufacture", "特种设备制造单位许可 Manufacture"), ("installation", "特种设备安装改造修理单位许可 Installation and repair"), ("filling", "充装单位许可 Filling"), ("inspection", "检验检测机构核准 Inspection institution"), ("valve-calibration", "安全阀校验机构核准 Safety-valve calibration")]
ITEMS = [("M-SV-A", "安全阀A（国家级）Safety valve A"), ("M-SV-B", "安全阀B Safety valve B"), ("M-ESV-A", "紧急切断阀A（国家级）Emergency shut-off valve A"), ("M-ESV-B", "紧急切断阀B Emergency shut-off valve B"), ("M-PF-B1", "压力管道管件(无缝管件)B1 Seamless pipe fittings B1"), ("M-PE", "聚乙烯管件 PE pipe fittings"), ("M-BL-A", "A级锅炉（国家级）Boiler A"), ("M-PV-A1", "大型高压容器A1（国家级）Large high-pressure vessel A1"), ("I-EL-A1", "曳引驱动乘客电梯A1（国家级）Traction lift A1"), ("I-EL-A2", "曳引驱动乘客电梯A2 Traction lift A2"), ("I-CR-A", "桥式起重机A Overhead crane A"), ("F-CYL", "永久气体气瓶充装 Permanent-gas cylinder filling"), ("F-MPV", "液化气体移动式压力容器充装 Mobile pressure vessel filling"), ("X-COMP", "综合检验机构甲类（国家级）Comprehensive inspection institution"), ("X-NDT", "无损检测机构B级 NDT institution B"), ("V-CAL", "安全阀校验 Safety-valve calibration")]

WIZARD = [
    panel("basics", "单位基本情况 Unit basics", [
        text("unitName", "单位名称 Unit name"),
        text("uscc", "统一社会信用代码 USCC", validate={"pattern": "[0-9A-HJ-NPQRTUWXY]{18}", "customMessage": "应为 18 位统一社会信用代码 / 18-character USCC"}),
        text("legalRepresentative", "法定代表人 Legal representative", maxLength=40),
        text("address", "住所 Registered address"),
        text("manufactureAddress", "制造（作业）地址 Production address"),
        text("contactName", "联系人 Contact", maxLength=40),
        text("contactPhone", "联系人手机 Contact mobile", maxLength=11, validate={"pattern": "1[3-9][0-9]{9}", "customMessage": "请输入 11 位手机号 / Enter an 11-digit mobile number"}),
        {"type": "email", "key": "email", "label": "电子邮箱 E-mail", "input": True, "validate": {"required": True, "maxLength": 120}},
    ]),
    panel("items", "申请许可项目 Licence items", [
        select("licenceCategory", "许可类别 Licence category", CATEGORIES),
        {"type": "selectboxes", "key": "licenceItems", "label": "许可项目 Licence items", "input": True, "validate": {"required": True}, "values": [{"label": l, "value": v} for v, l in ITEMS]},
        area("itemScope", "参数、范围及代表产品 Parameters, scope and typical products", required=False, maxLength=1000),
    ]),
    panel("history", "近几年工作情况 Recent work", [area("workHistory", "近几年工作情况 Work of recent years")]),
    panel("staff", "作业人员情况 Staff", [grid("staff", "作业人员 Staff", [text("name", "姓名 Name", maxLength=40), text("position", "岗位 Position", maxLength=60), text("certificateNo", "证书编号 Certificate no.", required=False, maxLength=60)])]),
    panel("equipment", "生产设备状况 Production equipment", [grid("equipment", "生产设备 Equipment", [text("name", "设备名称 Name", maxLength=80), text("model", "型号规格 Model", maxLength=80), number("quantity", "数量 Quantity", 1, 10000)])]),
    panel("instruments", "检验与试验仪器设备 Test instruments", [grid("instruments", "仪器设备 Instruments", [text("name", "仪器名称 Name", maxLength=80), text("model", "型号规格 Model", maxLength=80), date("calibratedUntil", "检定有效期 Calibrated until")])]),
    panel("subcontracting", "分包、外协情况 Subcontracting", [area("subcontracting", "分包、外协情况（无则填“无”）Subcontracting (\"无\" if none)", maxLength=1000)]),
    panel("declaration", "申请人声明与签署 Declaration", [
        {"type": "htmlelement", "key": "declarationText", "input": False, "tag": "p", "content": "在此，我声明本单位的成立符合中华人民共和国的有关规定，没有对办理许可具有影响的法律诉讼等司法纠纷，没有涉及特种设备违法违规行为和涉嫌特种设备事故责任。取得许可后，严格执行有关规定，保证产品质量，接受监督管理。"},
        text("declarantName", "法定代表人 Legal representative signing", maxLength=40),
        text("declarantTitle", "职务 Title", maxLength=40),
        date("declarationDate", "日期 Date"),
        checkbox("declarationAgreed", "本人（法定代表人）确认以上声明 I, the legal representative, make this declaration"),
    ]),
]

write("production-licence", "特种设备生产单位许可申请书 Special-equipment production licence application", WIZARD, display='wizard')

# the parts and fields a formal reviewer may flag (a part flags every field in it)
flaggable = []
for p in WIZARD:
    flaggable.append((p["key"], "【整页 Part】" + p["title"]))
    for c in p["components"]:
        if c.get("input"):
            flaggable.append((c["key"], "　" + c["label"]))

write("production-licence-formal-review", "形式审查 Formal review", [
    radio("decision", "审查结论 Decision", [("accept", "受理 Accept"), ("correct", "补齐补正 Ask for supplement/correction"), ("reject", "不予受理 Refuse")]),
    when(grid("corrections", "需补正的部分与字段 Parts and fields to correct", [select("field", "部分或字段 Part or field", flaggable), text("reason", "原因 Reason", maxLength=300)]), "decision", "correct"),
    when(area("reason", "不予受理原因 Reason for refusal", maxLength=500), "decision", "reject"),
    SUBMIT,
])
write("production-licence-supplement", "补齐补正 Supplement and correct the application", [
    area("supplementNote", "补正说明 Note on the corrections", required=False, maxLength=1000),
    SUBMIT,
])
write("production-licence-dates-propose", "拟定鉴定评审日期 Propose appraisal dates", [
    date("appraisalFrom", "鉴定评审开始 Appraisal from"),
    date("appraisalTo", "鉴定评审结束 Appraisal to"),
    area("note", "说明 Note", required=False, maxLength=500),
    SUBMIT,
])
write("production-licence-dates-confirm", "确认鉴定评审日期 Confirm appraisal dates", [
    checkbox("confirmed", "我单位确认上述鉴定评审日期 We confirm the appraisal dates"),
    area("remark", "备注 Remark", required=False, maxLength=500),
    SUBMIT,
])
write("production-licence-dates-opinion", "鉴定评审机构意见 Appraisal agency's opinion on the dates", [
    radio("decision", "机构意见 Opinion", [("accept", "确认 Accept"), ("return", "退回 Return")]),
    when(area("reason", "退回原因 Reason for returning", maxLength=500), "decision", "return"),
    SUBMIT,
])
write("production-licence-appraisal", "鉴定评审 Appraisal", [
    radio("conclusion", "鉴定评审结论 Conclusion", [("meets", "符合条件 Meets the conditions"), ("fails", "不符合条件 Does not meet the conditions")]),
    area("reportSummary", "评审报告摘要 Report summary", maxLength=2000),
    SUBMIT,
])
QUESTIONS = [
    "一、评审人员在评审过程中，是否存在接受申请单位补贴、索取礼品、报销个人票据、参加付费娱乐活动等行为 Did the reviewers accept or ask for any benefit?",
    "二、评审人员在评审过程中，是否存在未严格执行许可规则、态度生硬、有意刁难申请单位的行为 Did the reviewers not follow the rules, or treat you unfairly?",
    "三、评审过程中是否有其他影响评审公正性的问题 Was anything else unfair in the appraisal?",
    "四、对评审组的工作是否满意 Are you satisfied with the review team's work?",
]
fb = [{"type": "htmlelement", "key": "feedbackNote", "input": False, "tag": "p", "content": "此表仅审批人员可见，各单位应对表格的真实性负责，如实反映评审真实情况。 Only the approving authority sees this form."}]
for i, q in enumerate(QUESTIONS, 1):
    fb.append(radio(f"q{i}", q, [("yes", "有/是 Yes"), ("no", "没有/否 No")]))
    fb.append(area(f"q{i}Explain", f"具体说明 Explanation ({i})", maxLength=1000))
fb.append(SUBMIT)
write("production-licence-feedback", "鉴定评审反馈表 Review feedback form", fb)
write("production-licence-decision", "许可决定 Licence decision", [
    radio("decision", "审批结论 Decision", [("approve", "准予许可 Grant"), ("reject", "不予许可 Refuse")]),
    when(area("reason", "不予许可原因 Reason for refusal", maxLength=500), "decision", "reject"),
    SUBMIT,
])

INSPECTOR_ITEMS = [("Y-GL", "Y-GL 锅炉检验员 Boiler inspector"), ("Y-RQ", "Y-RQ 压力容器检验员 Pressure vessel inspector"), ("Y-GD", "Y-GD 压力管道检验员 Pressure piping inspector"), ("Y-QP", "Y-QP 气瓶检验员 Gas cylinder inspector"), ("Y-DT", "Y-DT 电梯检验员 Lift inspector"), ("Y-QZ", "Y-QZ 起重机械检验员 Crane inspector"), ("S-QZ", "S-QZ 起重机械安全监控检测员 Crane monitoring tester"), ("S-DT", "S-DT 电梯检测员 Lift tester")]
write("inspector-qualification", "特种设备检验、检测人员资格认定申请 Inspector qualification application", [
    text("name", "姓名 Name", maxLength=40),
    text("idNumber", "证件号码 ID number", maxLength=18, validate={"pattern": "[0-9]{17}[0-9X]", "customMessage": "应为 18 位身份证号 / 18-character ID number"}),
    text("mobile", "移动电话 Mobile", maxLength=11, validate={"pattern": "1[3-9][0-9]{9}", "customMessage": "请输入 11 位手机号 / Enter an 11-digit mobile number"}),
    {"type": "email", "key": "email", "label": "电子邮箱 E-mail", "input": True, "validate": {"required": True, "maxLength": 120}},
    select("education", "学历 Education", [("secondary", "中专/高中 Secondary"), ("college", "大专 College"), ("bachelor", "本科 Bachelor"), ("master", "硕士 Master"), ("doctor", "博士 Doctorate")]),
    text("major", "专业 Major", maxLength=60),
    number("workYears", "工作年限 Years of work", 0, 60),
    radio("category", "申请类别 Category", [("obtain", "取证 Obtain"), ("renew-exam", "考试换证 Renew by exam"), ("renew-review", "审核换证 Renew by review"), ("change", "变更 Change")]),
    select("itemCode", "项目代号 Item code", INSPECTOR_ITEMS),
    when(text("certificateNo", "原证书编号 Current certificate no.", maxLength=60), "category", "obtain", show=False),
    when(area("changeDetails", "变更内容 What changes", maxLength=500), "category", "change"),
    file("photo", "照片 Photo (jpg/png ≤ 5 MB)", pattern=".jpg,.jpeg,.png"),
    file("attachments", "证明文件 Supporting documents (资格申请表等)", multiple=True),
    checkbox("declaration", "本人承诺所填信息真实、准确 I declare the information true and accurate"),
    SUBMIT,
])
write("inspector-qualification-accept", "受理 Accept the application", [
    radio("decision", "受理意见 Decision", [("accept", "受理 Accept"), ("reject", "不予受理 Refuse")]),
    when(area("reason", "不予受理原因 Reason for refusal", maxLength=500), "decision", "reject"),
    SUBMIT,
])
write("inspector-qualification-review", "审核 Review", [
    radio("decision", "审核结论 Decision", [("approve", "准予认定 Approve"), ("reject", "不予认定 Refuse")]),
    when(area("reason", "不予认定原因 Reason for refusal", maxLength=500), "decision", "reject"),
    SUBMIT,
])
