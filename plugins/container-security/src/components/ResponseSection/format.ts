import {
  ResponderAction,
  ResponderTarget,
} from '@containersec/plugin-container-security-common';
import { DateTime } from 'luxon';

/** An ISO time in the viewer's zone, to the second. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const time = DateTime.fromISO(iso);
  return time.isValid
    ? time.toLocaleString(DateTime.DATETIME_SHORT_WITH_SECONDS)
    : iso;
}

/** How far away an ISO time is, in words ("in 3 hours", "5 minutes ago"). */
export function relativeTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toRelative() ?? undefined : undefined;
}

/** A duration in milliseconds for people: "850 ms", "2.4 s", "3 min 5 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/** The workload an action targets on one line. */
export function formatTarget(target: ResponderTarget): string {
  const parts = [
    target.cluster,
    target.namespace,
    target.kind && target.name ? `${target.kind}/${target.name}` : target.name,
    target.pod ? `pod ${target.pod}` : undefined,
    target.accessKeyId
      ? `key ${target.accessKeyId}${
          target.userName ? ` (${target.userName})` : ''
        }`
      : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' / ') : '—';
}

/** Which rule, or which person, asked for an action. */
export function formatRequester(action: ResponderAction): string {
  if (action.ruleName) return `rule ${action.ruleName}`;
  return action.requestedBy;
}

/** Any JSON-ish value as indented text. */
export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/**
 * The one-line message a function returned, when its payload carries one
 * (`{ "message": … }`, the example handlers' shape), or a string payload.
 */
export function resultMessage(action: ResponderAction): string | undefined {
  const payload = action.result?.payload;
  if (typeof payload === 'string') return payload;
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const message = (payload as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  return undefined;
}

/** Status words for people. */
export const STATUS_LABELS: Record<ResponderAction['status'], string> = {
  'dry-run': 'Dry run',
  'pending-approval': 'Pending approval',
  rejected: 'Rejected',
  expired: 'Expired',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  suppressed: 'Suppressed',
};

/** A whole number of seconds for people: "4 h", "10 min", "90 s", "1 h 30 min". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''];
  const text = parts.filter(Boolean).join(' ');
  return text || '0 s';
}
