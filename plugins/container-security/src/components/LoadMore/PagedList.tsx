import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ReactNode } from 'react';
import { LoadMore, LoadMoreProps } from './LoadMore';

/** Props of {@link PagedList}: the state of `useKeysetPages` and what to show of it. */
interface PagedListProps {
  list: Omit<LoadMoreProps, 'noun' | 'which'> & {
    loading: boolean;
    error?: Error;
    items: unknown[];
  };
  /** What the list holds, plural, for its {@link LoadMore} footer. */
  noun: string;
  /** Shown when the list has no rows. */
  empty: ReactNode;
  /** The rows. */
  children: ReactNode;
}

/**
 * A paged list: progress while its first page loads, its error, `empty` when it has no
 * rows, otherwise the rows above the button for the next page.
 */
export function PagedList(props: PagedListProps) {
  const { list } = props;
  if (list.loading) return <Progress />;
  if (list.error) return <ResponseErrorPanel error={list.error} />;
  if (list.items.length === 0) return <>{props.empty}</>;
  return (
    <>
      {props.children}
      <LoadMore {...list} noun={props.noun} />
    </>
  );
}
