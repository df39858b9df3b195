/** Every URL of the web client, in one table (routes and links both read it). */
export const paths = {
  home: { path: '/', getHref: () => '/' },
  login: {
    path: '/login',
    getHref: (redirectTo?: string | null) =>
      `/login${redirectTo && redirectTo !== '/login' ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`,
  },
  ledger: { path: '/ledger', getHref: (search = '') => `/ledger${search ? `?${search.replace(/^\?/, '')}` : ''}` },
  problem: { path: '/problems/:id', getHref: (id: number | string) => `/problems/${id}` },
  dashboard: { path: '/dashboard', getHref: (inspectionId?: number) => `/dashboard${inspectionId ? `?inspectionId=${inspectionId}` : ''}` },
  import: { path: '/import', getHref: () => '/import' },
  rounds: { path: '/rounds', getHref: () => '/rounds' },
  round: { path: '/rounds/:id', getHref: (id: number | string, tab?: 'tree' | 'plan') => `/rounds/${id}${tab ? `?tab=${tab}` : ''}` },
  audit: { path: '/audit', getHref: () => '/audit' },
  todo: { path: '/todo', getHref: () => '/todo' },
  // the inspection office's view (issue 10)
  office: {
    path: '/office',
    getHref: (q: { kind?: string; year?: number } = {}) => {
      const sp = new URLSearchParams();
      if (q.kind) sp.set('kind', q.kind);
      if (q.year) sp.set('year', String(q.year));
      const s = sp.toString();
      return `/office${s ? `?${s}` : ''}`;
    },
  },
  officeUnit: { path: '/office/units/:id', getHref: (id: number | string) => `/office/units/${id}` },
  recurrences: { path: '/office/rounds/:id/recurrences', getHref: (id: number | string) => `/office/rounds/${id}/recurrences` },
  evaluation: { path: '/evaluation/:id', getHref: (id: number | string) => `/evaluation/${id}` },
  lookbacks: {
    path: '/lookbacks',
    getHref: (inspectionId?: number) => `/lookbacks${inspectionId ? `?inspectionId=${inspectionId}` : ''}`,
  },
  lookback: { path: '/lookbacks/:id', getHref: (id: number | string) => `/lookbacks/${id}` },
  evaluationDocx: { getHref: (inspectionId: number) => `/api/v1/inspections/${inspectionId}/evaluation/docx` },
  evaluationsXlsx: { getHref: (year: number) => `/api/v1/office/evaluations/xlsx?year=${year}` },
  lookbackEvidence: { getHref: (id: number) => `/api/v1/lookback-evidence/${id}` },
  unitSettings: { path: '/settings/unit', getHref: () => '/settings/unit' },
  // a unit's departments and leaders, kept by its 整改办 (issue 7 point 19)
  people: { path: '/settings/people', getHref: () => '/settings/people' },
  registers: {
    path: '/registers',
    getHref: (inspectionId?: number, tab?: string) =>
      `/registers${inspectionId ? `?inspectionId=${inspectionId}${tab ? `&tab=${tab}` : ''}` : ''}`,
  },
  registerFile: { getHref: (id: number) => `/api/v1/registers/files/${id}` },
  evidence: { getHref: (id: number) => `/api/v1/evidence/${id}` },
  notices: {
    path: '/notices',
    getHref: (inspectionId?: number, kind?: 'notice' | 'report') =>
      `/notices${inspectionId ? `?inspectionId=${inspectionId}${kind ? `&kind=${kind}` : ''}` : ''}`,
  },
  noticePrint: {
    path: '/notices/print',
    getHref: (inspectionId: number, kind: 'notice' | 'report', version?: number) =>
      `/notices/print?inspectionId=${inspectionId}&kind=${kind}${version ? `&version=${version}` : ''}`,
  },
  // ——— trust (issue 13): one's account, the step after sign-in, the administrators' pages ———
  account: { path: '/account', getHref: () => '/account' },
  accountStep: { path: '/account/step', getHref: () => '/account/step' },
  adminUsers: { path: '/admin/users', getHref: () => '/admin/users' },
  adminSecurity: { path: '/admin/security', getHref: () => '/admin/security' },
  // ——— supervision (issue 9); the server writes these paths into messages' deep links ———
  inbox: { path: '/inbox', getHref: () => '/inbox' },
  orders: {
    path: '/supervision/orders',
    /** With `issue`: the issue form opens on those problems of that unit (from a problem's page). */
    getHref: (issue?: { unitId: number; problemIds: number[] }) =>
      `/supervision/orders${issue ? `?unitId=${issue.unitId}&issue=${issue.problemIds.join(',')}` : ''}`,
  },
  order: { path: '/supervision/orders/:id', getHref: (id: number | string) => `/supervision/orders/${id}` },
  lightRules: { path: '/settings/light-rules', getHref: () => '/settings/light-rules' },
  channels: { path: '/settings/channels', getHref: () => '/settings/channels' },
  dispatch: {
    path: '/dispatch',
    getHref: (q?: { unitId?: number; kind?: 'weekly' | 'monthly'; date?: string }) => {
      const sp = new URLSearchParams();
      if (q?.unitId) sp.set('unitId', String(q.unitId));
      if (q?.kind) sp.set('kind', q.kind);
      if (q?.date) sp.set('date', q.date);
      const s = sp.toString();
      return `/dispatch${s ? `?${s}` : ''}`;
    },
  },
  noticeDocx: {
    getHref: (inspectionId: number, kind: 'notice' | 'report', version?: number) =>
      `/api/v1/inspections/${inspectionId}/documents/${kind}/docx${version ? `?version=${version}` : ''}`,
  },
  feedback: { path: '/feedback', getHref: () => '/feedback' },
  publications: {
    path: '/publications',
    getHref: (inspectionId?: number) => `/publications${inspectionId ? `?inspectionId=${inspectionId}` : ''}`,
  },
  ledgerXlsx: { getHref: (inspectionId: number) => `/api/v1/inspections/${inspectionId}/ledger.xlsx` },
} as const;
