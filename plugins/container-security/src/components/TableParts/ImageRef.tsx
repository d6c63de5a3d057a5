import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import FileCopyOutlinedIcon from '@material-ui/icons/FileCopyOutlined';
import { useState } from 'react';
import { shortenImageRef } from './shortenImageRef';

/**
 * An image reference shortened for a table cell, the full value on hover and a button
 * that copies it.
 */
export function ImageRef(props: { image: string }) {
  const { image } = props;
  const [copied, setCopied] = useState(false);
  const short = shortenImageRef(image);
  const copy = () => {
    window.navigator.clipboard?.writeText(image).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <span
      style={{
        whiteSpace: 'nowrap',
        display: 'inline-flex',
        alignItems: 'center',
      }}
      data-testid="image-ref"
    >
      <Tooltip title={image}>
        <code aria-label={image} data-full={image}>
          {short}
        </code>
      </Tooltip>
      <Tooltip title={copied ? 'Copied' : 'Copy the full reference'}>
        <IconButton
          size="small"
          aria-label={`Copy ${image}`}
          onClick={copy}
          onBlur={() => setCopied(false)}
        >
          <FileCopyOutlinedIcon fontSize="inherit" />
        </IconButton>
      </Tooltip>
    </span>
  );
}
