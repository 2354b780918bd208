import { act, renderHook } from '@testing-library/react';
import { useListPage } from './listPage';

const conn = (endCursor: string) => ({ edges: [1, 2], totalCount: 10, totalCountExact: true, pageInfo: { hasNextPage: true, endCursor } });

describe('useListPage', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies typed filters once typing stops, others at once, and pages from the start after each change', () => {
    const { result, rerender } = renderHook(({ partnerId }) => useListPage({ search: '', status: null as string | null }, { pageSize: 2, debounce: ['search'], extra: { partnerId } }), {
      initialProps: { partnerId: null as string | null },
    });
    expect(result.current.variables).toEqual({ first: 2, after: null });
    expect(result.current.filtering).toBe(false);

    act(() => result.current.pager(conn('c1')).onNext());
    expect(result.current.variables.after).toBe('c1');
    expect(result.current.pager(conn('c2')).from).toBe(3);

    act(() => result.current.set('search', 'ada'));
    expect(result.current.values.search).toBe('ada');
    expect(result.current.applied.search).toBe('');
    expect(result.current.variables.after).toBe('c1');
    act(() => vi.advanceTimersByTime(300));
    expect(result.current.applied.search).toBe('ada');
    expect(result.current.variables.after).toBeNull();
    expect(result.current.filtering).toBe(true);

    act(() => result.current.pager(conn('c1')).onNext());
    act(() => result.current.set('status', 'active'));
    expect(result.current.applied.status).toBe('active');
    expect(result.current.variables.after).toBeNull();

    act(() => result.current.pager(conn('c1')).onNext());
    rerender({ partnerId: '7' });
    expect(result.current.applied).toEqual({ search: 'ada', status: 'active', partnerId: '7' });
    expect(result.current.variables.after).toBeNull();
  });

  it('pages from the start after a new order, which is no filter, and says each time it starts again', () => {
    const restarts = vi.fn();
    const { result, rerender } = renderHook(({ order }) => useListPage({ search: '' }, { pageSize: 2, order, onRestart: restarts }), {
      initialProps: { order: null as { field: string } | null },
    });
    expect(restarts).toHaveBeenCalledTimes(1);
    act(() => result.current.pager(conn('c1')).onNext());
    expect(result.current.variables.after).toBe('c1');
    expect(restarts).toHaveBeenCalledTimes(1);

    rerender({ order: { field: 'NAME' } });
    expect(result.current.variables.after).toBeNull();
    expect(result.current.filtering).toBe(false);
    expect(restarts).toHaveBeenCalledTimes(2);
    rerender({ order: { field: 'NAME' } });
    expect(restarts).toHaveBeenCalledTimes(2);
  });

  it('draws the pager from a connection', () => {
    const { result } = renderHook(() => useListPage({}, { pageSize: 2 }));
    expect(result.current.pager({ ...conn('x'), totalCountExact: false })).toMatchObject({ from: 1, count: 2, total: 10, exact: false, hasNext: true });
  });
});
