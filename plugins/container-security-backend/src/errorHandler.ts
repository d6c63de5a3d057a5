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
};

/**
 * Answers errors in Backstage's error body shape, without stack traces in any mode,
 * and with a generic message for anything unexpected (which is logged instead).
 */
export function createErrorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let status: number | undefined = STATUS_BY_ERROR_NAME[error?.name];
    let message: string = error?.message ?? 'Unknown error';
    let name: string = error?.name ?? 'Error';
    // body-parser marks its own errors with an HTTP status and a type
    if (!status && typeof error?.status === 'number' && error.type) {
      status = error.status;
      name = 'InputError';
      message =
        error.type === 'entity.parse.failed'
          ? `Request body is not valid JSON: ${error.message}`
          : error.message;
    }
    if (!status) {
      status = 500;
      logger.error('request failed', {
        method: req.method,
        path: req.path,
        error: String(error?.stack ?? error),
      });
      name = 'Error';
      message = 'Internal error; see the backend log';
    }
    res.status(status).json({
      error: { name, message },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
}
