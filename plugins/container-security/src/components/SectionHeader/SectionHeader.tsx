import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** Props of {@link SectionHeader}. */
export interface SectionHeaderProps {
  title: string;
  description?: string;
  /** Actions shown at the right, such as a Rescan button. */
  children?: ReactNode;
}

/**
 * The heading of one section of the Security tab. Unlike core-components'
 * ContentHeader it leaves the document title alone: with one react-helmet title per
 * section, a tab's several sections competed for document.title, and every change of
 * it re-rendered the app (the notifications sidebar item watches the title).
 */
export function SectionHeader(props: SectionHeaderProps) {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      justifyContent="space-between"
      mb={2}
    >
      <Box>
        <Typography variant="h5" component="h2">
          {props.title}
        </Typography>
        {props.description && (
          // On the page background the secondary text colour falls below AA contrast.
          <Typography variant="body2">{props.description}</Typography>
        )}
      </Box>
      {props.children && <Box>{props.children}</Box>}
    </Box>
  );
}
