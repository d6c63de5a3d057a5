import { alertApiRef } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { useNotify } from './useNotify';

describe('useNotify', () => {
  it('posts through the toast API where the app provides it', () => {
    const toast = { post: jest.fn().mockReturnValue({ close: jest.fn() }) };
    const alert = { post: jest.fn(), alert$: jest.fn() };
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [toastApiRef, toast],
          [alertApiRef, alert],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useNotify(), { wrapper });
    result.current({ title: 'Rescan started', status: 'info' });
    expect(toast.post).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Rescan started', status: 'info' }),
    );
    expect(alert.post).not.toHaveBeenCalled();
  });

  it('falls back to the alert API in a legacy app without a toast API', () => {
    const alert = { post: jest.fn(), alert$: jest.fn() };
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[alertApiRef, alert]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useNotify(), { wrapper });
    result.current({
      title: 'Rescan failed',
      description: 'timeout',
      status: 'danger',
    });
    expect(alert.post).toHaveBeenCalledWith({
      message: 'Rescan failed: timeout',
      severity: 'error',
      display: 'transient',
    });
  });
});
