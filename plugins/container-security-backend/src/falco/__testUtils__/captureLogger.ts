import { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that keeps every line (message and metadata) for assertions. */
export function captureLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, meta?: Error | object) =>
    lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  const logger = {
    lines,
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}
