import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { SectionHeader } from './SectionHeader';

describe('SectionHeader', () => {
  it('shows the title as a heading with its description and actions', async () => {
    await renderInTestApp(
      <SectionHeader title="Posture" description="How it measures up">
        <button type="button">Rescan</button>
      </SectionHeader>,
    );
    expect(
      screen.getByRole('heading', { level: 2, name: 'Posture' }),
    ).toBeInTheDocument();
    expect(screen.getByText('How it measures up')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Rescan' })).toBeInTheDocument();
  });

  it('leaves the document title to the page', async () => {
    document.title = 'cart-service | Portal';
    await renderInTestApp(<SectionHeader title="Vulnerabilities" />);
    // react-helmet (which ContentHeader uses) writes the title on the next frame.
    await new Promise(resolve => requestAnimationFrame(() => resolve(null)));
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(document.title).toBe('cart-service | Portal');
  });
});
