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
  people: { path: '/people', getHref: (unitId?: number) => `/people${unitId ? `?unitId=${unitId}` : ''}` },
  audit: { path: '/audit', getHref: () => '/audit' },
  todo: { path: '/todo', getHref: () => '/todo' },
  unitSettings: { path: '/settings/unit', getHref: () => '/settings/unit' },
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
  noticeDocx: {
    getHref: (inspectionId: number, kind: 'notice' | 'report', version?: number) =>
      `/api/v1/inspections/${inspectionId}/documents/${kind}/docx${version ? `?version=${version}` : ''}`,
  },
} as const;
