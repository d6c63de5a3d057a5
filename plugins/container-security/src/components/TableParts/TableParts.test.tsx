import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ExpandableText } from './ExpandableText';
import { ImageRef } from './ImageRef';
import { shortenImageRef } from './shortenImageRef';

describe('shortenImageRef', () => {
  it('drops the registry path and cuts a digest to 12 characters', () => {
    expect(
      shortenImageRef(
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/cart@sha256:0123456789abcdef0123456789abcdef',
      ),
    ).toBe('…/cart@sha256:0123456789ab…');
  });

  it('keeps a tag and a bare name', () => {
    expect(shortenImageRef('ghcr.io/acme/payments-api:1.4.2')).toBe(
      '…/payments-api:1.4.2',
    );
    expect(shortenImageRef('nginx')).toBe('nginx');
  });
});

describe('ImageRef', () => {
  it('shows the short form, keeps the full one for hover and copies it', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.assign(window.navigator, { clipboard: { writeText } });
    const full = `registry.example.com/team/app@sha256:${'a'.repeat(64)}`;
    await renderInTestApp(<ImageRef image={full} />);
    expect(screen.getByText('…/app@sha256:aaaaaaaaaaaa…')).toHaveAttribute(
      'data-full',
      full,
    );
    await userEvent.click(screen.getByRole('button', { name: `Copy ${full}` }));
    expect(writeText).toHaveBeenCalledWith(full);
    expect(await screen.findByTitle('Copied')).toBeInTheDocument();
  });
});

describe('ExpandableText', () => {
  it('is one line with the full value as title until opened', async () => {
    const ua =
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023 '.repeat(3);
    await renderInTestApp(<ExpandableText text={ua} />);
    const button = screen.getByRole('button');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveAttribute('title', ua);
    fireEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(button).not.toHaveAttribute('title');
  });
});
