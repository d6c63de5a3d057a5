import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';

/** The HTTP status of the `@backstage/errors` error names the plugin throws. */
export const STATUS_BY_ERROR_NAME: Readonly<Record<string, number>> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotModifiedError: 304,
  PayloadTooLargeError: 413,
  UnsupportedMediaTypeError: 415,
};

// The URL-secret ingest route's secret segment, wherever the router is mounted.
const URL_SECRET = /(\/falco\/events\/[^/?]+\/)[^/?]+/;

/** `url` with a Falco source secret in its path replaced by `***`. */
export function redactUrlSecret(url: string): string {
  return url.replace(URL_SECRET, '$1***');
}

/**
 * Status and message of an error Express or body-parser raised before a route ran:
 * they carry an HTTP status, and `type` (body-parser) or `expose` (http-errors, such as
 * a path segment with a malformed % escape, or a body that does not match its
 * Content-Encoding).
 */
function clientErrorOf(
  error: any,
): { status: number; name: string; message: string } | undefined {
  const status = error?.status ?? error?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) {
    return undefined;
  }
  if (error.name === 'URIError') {
    return {
      status,
      name: 'InputError',
      message: 'The URL path has a malformed percent-encoding (%)',
    };
  }
  if (typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return {
      status,
      name: 'InputError',
      message: `Request body does not match its Content-Encoding: ${error.message}`,
    };
  }
  if (!error.type && !error.expose) return undefined;
  const byType: Record<string, [string, string]> = {
    'entity.parse.failed': [
      'InputError',
      `Request body is not valid JSON: ${error.message}`,
    ],
    'entity.too.large': [
      'PayloadTooLargeError',
      `Request body is larger than the limit of ${error.limit} bytes`,
    ],
    'encoding.unsupported': ['UnsupportedMediaTypeError', error.message],
    'charset.unsupported': ['UnsupportedMediaTypeError', error.message],
  };
  const [name, message] = byType[error.type] ?? ['InputError', error.message];
  return { status, name, message };
}

/**
 * Answers errors in Backstage's error body shape, without stack traces in any mode,
 * and with a generic message for anything unexpected (which is logged instead).
 */
export function createErrorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let status: number | undefined = STATUS_BY_ERROR_NAME[error?.name];
    let message: string = error?.message ?? 'Unknown error';
    let name: string = error?.name ?? 'Error';
    // Before the name table: body-parser names its 413 PayloadTooLargeError too.
    const clientError = clientErrorOf(error);
    if (clientError) ({ status, name, message } = clientError);
    if (!status) {
      status = 500;
      logger.error('request failed', {
        method: req.method,
        path: redactUrlSecret(req.path),
        error: String(error?.stack ?? error),
      });
      name = 'Error';
      message = 'Internal error; see the backend log';
    }
    res.status(status).json({
      error: { name, message },
      request: { method: req.method, url: redactUrlSecret(req.originalUrl) },
      response: { statusCode: status },
    });
  };
}
