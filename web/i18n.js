/* UI texts: zh-CN first, English second. Form labels carry both languages already. */
window.I18N = {
  zh: {
    brand: '行政审批服务平台', logout: '退出', login: '登录', loginTitle: '用户登录', account: '帐号', password: '密码',
    home: '首页', inbox: '待办任务', myTasks: '我的任务', myCases: '我的申请', todo: '待办', done: '已办',
    newQualification: '新增资质', number: '编号', process: '事项', status: '状态', submitted: '提交时间', reason: '原因',
    due: '期限', assignee: '办理人', applicant: '申请人', unit: '单位', actions: '操作', claim: '认领', open: '办理', view: '查看',
    overdue: '已超期', daysLeft: '剩余 {n} 个工作日', dueToday: '今日到期', noDue: '无期限', none: '暂无数据', all: '全部', me: '我的',
    unassigned: '未认领', search: '搜索编号或申请人', overdueOnly: '只看超期', group: '分组', saveDraft: '保存草稿', draftSaved: '草稿已保存',
    submittedOk: '已提交', caseTitle: '申请详情', progress: '办理进度', history: '办理记录', attachments: '附件', decision: '审核意见',
    live: '实时更新', taskDone: '任务已办结', claimed: '已认领', more: '加载更多', lang: 'English',
    s_submitted: '已提交', s_in_review: '审核中', s_approved: '已通过', s_rejected: '已驳回',
  },
  en: {
    brand: 'Regulatory e-services', logout: 'Sign out', login: 'Sign in', loginTitle: 'Sign in', account: 'Login', password: 'Password',
    home: 'Home', inbox: 'Inbox', myTasks: 'My tasks', myCases: 'My cases', todo: 'To do', done: 'Done',
    newQualification: 'Add qualification', number: 'Number', process: 'Service', status: 'Status', submitted: 'Submitted', reason: 'Reason',
    due: 'Due', assignee: 'Assignee', applicant: 'Applicant', unit: 'Unit', actions: 'Actions', claim: 'Claim', open: 'Open', view: 'View',
    overdue: 'Overdue', daysLeft: '{n} working days left', dueToday: 'Due today', noDue: 'No due date', none: 'Nothing here', all: 'All', me: 'Mine',
    unassigned: 'Unclaimed', search: 'Search number or applicant', overdueOnly: 'Overdue only', group: 'Group', saveDraft: 'Save draft', draftSaved: 'Draft saved',
    submittedOk: 'Submitted', caseTitle: 'Case', progress: 'Progress', history: 'History', attachments: 'Attachments', decision: 'Decision',
    live: 'Live', taskDone: 'Task completed', claimed: 'Claimed', more: 'Load more', lang: '中文',
    s_submitted: 'Submitted', s_in_review: 'In review', s_approved: 'Approved', s_rejected: 'Rejected',
  },
};
