/**
 * Supervision orders (督办单): list, issue, one order, reply (multipart with evidence),
 * review, and the problems an order may be about (a page of the unit's ledger).
 */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, upload, type UploadProgress } from '../../../lib/api';
import type {
  LedgerPage,
  Order,
  OrderIssueBody,
  OrderReplyFields,
  OrderReviewBody,
  OrdersPage,
  OrderStatus,
  ProblemDetail,
} from '../../../lib/domain';

export interface OrdersFilter {
  unitId?: number;
  status?: OrderStatus;
  page: number;
  pageSize: number;
}

export function useOrders(f: OrdersFilter) {
  return useQuery({
    queryKey: ['orders', 'list', f],
    queryFn: ({ signal }) => api.get<OrdersPage>('/orders', { query: { ...f }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: number) {
  return useQuery({ queryKey: ['orders', id], queryFn: ({ signal }) => api.get<Order>(`/orders/${id}`, { signal }) });
}

/** An order changes lights, to-dos and the inbox of others: everything that shows them is asked again. */
function afterChange(qc: QueryClient, o: Order) {
  qc.setQueryData(['orders', o.id], o);
  return Promise.all(
    [['orders', 'list'], ['problems'], ['ledger'], ['todo'], ['notifications']].map((queryKey) => qc.invalidateQueries({ queryKey })),
  );
}

export function useIssueOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, body }: { unitId: number; body: OrderIssueBody }) => api.post<Order>(`/units/${unitId}/orders`, body),
    onSuccess: (o) => afterChange(qc, o),
  });
}

export interface ReplyInput {
  fields: OrderReplyFields;
  files: File[];
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

/** POST /orders/:id/reply — multipart: text, file (repeatable). */
export function useReplyOrder(orderId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ fields, files, onProgress, signal }: ReplyInput) => {
      const form = new FormData();
      form.append('text', fields.text);
      for (const f of files) form.append('file', f, f.name);
      return upload<Order>(`/orders/${orderId}/reply`, form, { onProgress, signal });
    },
    onSuccess: (o) => afterChange(qc, o),
  });
}

export function useReviewOrder(orderId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OrderReviewBody) => api.post<Order>(`/orders/${orderId}/review`, body),
    onSuccess: (o) => afterChange(qc, o),
  });
}

/** Open leaf problems of a unit matching a search, for the order's problem picker. */
export function useUnitProblems(unitId: number | undefined, q: string) {
  return useQuery({
    queryKey: ['orders', 'pick', unitId, q],
    queryFn: ({ signal }) => api.get<LedgerPage>('/ledger', { query: { unitId, q: q || undefined, pageSize: 50 }, signal }),
    enabled: unitId !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** The problems an order is opened on (from a problem's page): their rows, whatever page of the ledger they are on. */
export function useProblemsById(ids: number[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['problems', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<ProblemDetail>(`/problems/${id}`, { signal }),
    })),
  });
}

export const orderDocxHref = (id: number) => `/api/v1/orders/${id}/docx`;
export const orderEvidenceHref = (id: number) => `/api/v1/order-evidence/${id}`;
