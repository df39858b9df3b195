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
  audit: { path: '/audit', getHref: () => '/audit' },
  evidence: { getHref: (id: number) => `/api/v1/evidence/${id}` },
} as const;
