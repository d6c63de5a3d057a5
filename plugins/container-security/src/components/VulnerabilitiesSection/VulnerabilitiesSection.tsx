import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  EntityVulnerabilitiesResponse,
  ImageVulnerability,
  ImageVulnerabilityReport,
  VULNERABILITY_SEVERITIES,
  VulnerabilityCounts,
  VulnerabilitySeverity,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import { useState } from 'react';
import { useEntityVulnerabilities } from '../../hooks/useEntityVulnerabilities';
import { SectionHeader } from '../SectionHeader';
import { ImageRef, useTableStyles } from '../TableParts';
import { useSecurityPalette } from '../../theme';

const useStyles = makeStyles(theme => ({
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  summary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  row: {
    '& > *': { borderBottom: 'unset' },
  },
  breakable: {
    wordBreak: 'break-all',
  },
  detailsCell: {
    paddingTop: 0,
    paddingBottom: 0,
  },
  details: {
    margin: theme.spacing(1, 0, 2, 0),
  },
}));

/**
 * The URL when it is an absolute http(s) URL, otherwise undefined, so that only
 * those become links (never `javascript:`, `data:` or relative ones).
 */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? parsed.href
      : undefined;
  } catch {
    return undefined;
  }
}

/** An ISO timestamp as `YYYY-MM-DD HH:MM UTC`; anything unparseable as given. */
function formatTimestamp(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const sumCounts = (counts: VulnerabilityCounts) =>
  VULNERABILITY_SEVERITIES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A small chip naming a vulnerability severity in its colour. */
function VulnerabilitySeverityChip(props: { severity: VulnerabilitySeverity }) {
  const palette = useSecurityPalette();
  const color = palette.severity[props.severity];
  return (
    <Chip
      size="small"
      label={props.severity}
      style={color ? palette.chip(color) : undefined}
    />
  );
}

/** Vulnerability counts by severity, one chip each, most severe first. */
export function VulnerabilityCountChips(props: {
  counts: VulnerabilityCounts;
  testIdPrefix?: string;
}) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  const prefix = props.testIdPrefix ?? 'vulnerability-count';
  return (
    <div className={classes.chips}>
      {VULNERABILITY_SEVERITIES.map(severity => {
        const count = props.counts[severity] ?? 0;
        return (
          <Chip
            key={severity}
            size="small"
            data-testid={`${prefix}-${severity}`}
            variant={count > 0 ? 'default' : 'outlined'}
            label={`${count} ${severity}`}
            style={
              count > 0 ? palette.chip(palette.severity[severity]) : undefined
            }
          />
        );
      })}
    </div>
  );
}

/** A vulnerability id, as a link only when its URL is http(s). */
function VulnerabilityId(props: { vulnerability: ImageVulnerability }) {
  const href = safeHttpUrl(props.vulnerability.url);
  if (!href) return <>{props.vulnerability.id}</>;
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer">
      {props.vulnerability.id}
    </Link>
  );
}

function versionLabel(v: ImageVulnerability): string {
  const installed = v.installedVersion || '?';
  return v.fixedVersion
    ? `${installed} → ${v.fixedVersion}`
    : `${installed} (no fix)`;
}

/** The most severe vulnerabilities of one image's report. */
function ReportDetails(props: { report: ImageVulnerabilityReport }) {
  const classes = useStyles();
  const { report } = props;
  const total = sumCounts(report.counts);
  if (report.vulnerabilities.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.details}
      >
        No vulnerabilities listed for this image.
      </Typography>
    );
  }
  return (
    <div className={classes.details} data-testid="image-vulnerabilities">
      <Typography variant="subtitle2" gutterBottom>
        {report.vulnerabilities.length < total
          ? `The ${report.vulnerabilities.length} most severe of ${total} vulnerabilities`
          : `${report.vulnerabilities.length} vulnerabilities`}
      </Typography>
      <Table size="small" aria-label="Vulnerabilities of the image">
        <TableHead>
          <TableRow>
            <TableCell>ID</TableCell>
            <TableCell>Severity</TableCell>
            <TableCell>Package</TableCell>
            <TableCell>Installed → fixed</TableCell>
            <TableCell>Title</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.vulnerabilities.map((v, i) => (
            <TableRow
              key={`${v.id}/${v.packageName}/${i}`}
              data-testid="vulnerability"
            >
              <TableCell className={classes.breakable}>
                <VulnerabilityId vulnerability={v} />
              </TableCell>
              <TableCell>
                <VulnerabilitySeverityChip severity={v.severity} />
              </TableCell>
              <TableCell className={classes.breakable}>
                {v.packageName}
              </TableCell>
              <TableCell className={classes.breakable}>
                {versionLabel(v)}
              </TableCell>
              <TableCell>{v.title ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

type ImageEntry = EntityVulnerabilitiesResponse['images'][number];

/** Columns of the image table: expander, image, workloads, source, severities, fixable, scanned at. */
const COLUMN_COUNT = 4 + VULNERABILITY_SEVERITIES.length + 2;

/** One image: its summary row and, once expanded, its top vulnerabilities. */
function ImageRow(props: { entry: ImageEntry }) {
  const classes = useStyles();
  const tables = useTableStyles();
  const [open, setOpen] = useState(false);
  const { image, workloads, report } = props.entry;
  return (
    <TableBody data-testid="image-row" data-image={image}>
      <TableRow className={classes.row}>
        <TableCell padding="checkbox">
          {report ? (
            <IconButton
              size="small"
              aria-label={`${
                open ? 'Hide' : 'Show'
              } vulnerabilities of ${image}`}
              aria-expanded={open}
              onClick={() => setOpen(o => !o)}
            >
              {open ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
            </IconButton>
          ) : null}
        </TableCell>
        <TableCell>
          <ImageRef image={image} />
        </TableCell>
        <TableCell className={classes.breakable}>
          {workloads.length > 0 ? (
            workloads.map(w => <div key={w}>{w}</div>)
          ) : (
            <Typography variant="body2" color="textSecondary">
              None
            </Typography>
          )}
        </TableCell>
        {report ? (
          <>
            <TableCell>{report.source}</TableCell>
            {VULNERABILITY_SEVERITIES.map(s => (
              <TableCell
                key={s}
                className={tables.numeric}
                data-testid={`image-count-${s}`}
              >
                {report.counts[s] ?? 0}
              </TableCell>
            ))}
            <TableCell className={tables.numeric} data-testid="image-fixable">
              {report.fixable}
            </TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {report.scannedAt ? formatTimestamp(report.scannedAt) : '—'}
            </TableCell>
          </>
        ) : (
          <TableCell colSpan={COLUMN_COUNT - 3} data-testid="image-not-scanned">
            <Typography variant="body2" color="textSecondary">
              Not scanned
            </Typography>
          </TableCell>
        )}
      </TableRow>
      {report ? (
        <TableRow>
          <TableCell className={classes.detailsCell} colSpan={COLUMN_COUNT}>
            <Collapse in={open} timeout="auto">
              <ReportDetails report={report} />
            </Collapse>
          </TableCell>
        </TableRow>
      ) : null}
    </TableBody>
  );
}

/** Totals, fixable count and the table of images of a vulnerabilities answer. */
export function VulnerabilitiesView(props: {
  vulnerabilities: EntityVulnerabilitiesResponse;
}) {
  const classes = useStyles();
  const tables = useTableStyles();
  const { totals, fixable, images } = props.vulnerabilities;
  if (images.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No images found"
        description="None of this entity's workloads runs a container image yet."
      />
    );
  }
  const scanned = images.filter(i => i.report).length;
  return (
    <>
      {scanned === 0 ? (
        // Zero counts would read as "clean" when nothing was looked at.
        <div className={classes.summary} data-testid="vulnerability-totals">
          <Chip
            variant="outlined"
            label="Not scanned"
            data-testid="vulnerability-unscanned"
          />
          <Typography variant="body2" data-testid="vulnerability-scanned">
            {`None of the ${images.length} images has a scan report yet, so nothing is known about their vulnerabilities.`}
          </Typography>
        </div>
      ) : (
        <div className={classes.summary} data-testid="vulnerability-totals">
          <VulnerabilityCountChips counts={totals} />
          <Typography variant="body2" data-testid="vulnerability-fixable">
            {`${fixable} fixable`}
          </Typography>
          <Typography variant="body2" data-testid="vulnerability-scanned">
            {scanned < images.length
              ? `${scanned} of ${
                  images.length
                } images scanned: these counts leave out the ${
                  images.length - scanned
                } not scanned`
              : `${scanned} of ${images.length} images scanned`}
          </Typography>
        </div>
      )}
      <TableContainer component={Paper} className={tables.container}>
        <Table
          size="small"
          aria-label="Images and their vulnerabilities"
          className={tables.table}
        >
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Image</TableCell>
              <TableCell>Workloads</TableCell>
              <TableCell>Source</TableCell>
              {VULNERABILITY_SEVERITIES.map(s => (
                <TableCell key={s} className={tables.numeric}>
                  {capitalize(s)}
                </TableCell>
              ))}
              <TableCell className={tables.numeric}>Fixable</TableCell>
              <TableCell>Scanned at</TableCell>
            </TableRow>
          </TableHead>
          {images.map(entry => (
            <ImageRow key={entry.image} entry={entry} />
          ))}
        </Table>
      </TableContainer>
    </>
  );
}

/**
 * The Vulnerabilities part of the Security tab: totals by severity, and the images the
 * entity's workloads run with the most severe known vulnerabilities of each. All
 * backend text is rendered as text; only http(s) advisory URLs become links.
 */
export function VulnerabilitiesSection() {
  const { value, loading, error } = useEntityVulnerabilities();
  let body: JSX.Element | null;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value) body = null;
  else body = <VulnerabilitiesView vulnerabilities={value} />;
  return (
    <section aria-label="Vulnerabilities" data-testid="vulnerabilities-section">
      <SectionHeader
        title="Vulnerabilities"
        description="Known vulnerabilities of the container images this entity's workloads run"
      />
      <Box>{body}</Box>
    </section>
  );
}
