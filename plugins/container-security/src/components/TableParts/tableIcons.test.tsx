import { Table } from '@backstage/core-components';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { tableIcons } from './tableIcons';

// The path of Material UI's ArrowDownward icon.
const ARROW_DOWNWARD =
  'M20 12l-1.41-1.41L13 16.17V4h-2v12.17l-5.58-5.59L4 12l8 8 8-8z';

describe('tableIcons', () => {
  it('shows an ascending column with an arrow that points up, as its rows go', async () => {
    await renderInTestApp(
      <Table<{ name: string; score: number }>
        icons={tableIcons}
        options={{ paging: false, search: false }}
        columns={[
          { title: 'Name', field: 'name' },
          {
            title: 'Score',
            field: 'score',
            type: 'numeric',
            defaultSort: 'asc',
          },
        ]}
        data={[
          { name: 'b', score: 90 },
          { name: 'a', score: 10 },
          { name: 'c', score: 50 },
        ]}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual(['a10', 'c50', 'b90']);
    const arrow = screen
      .getAllByTestId('sort-arrow')
      .find(a => a.parentElement?.className.includes('active'));
    expect(arrow).toBeDefined();
    // TableSortLabel turns the icon half round for ascending: a downward arrow points up.
    expect(arrow!.getAttribute('class')).toContain('iconDirectionAsc');
    expect(arrow!.querySelector('path')?.getAttribute('d')).toBe(
      ARROW_DOWNWARD,
    );
  });
});
