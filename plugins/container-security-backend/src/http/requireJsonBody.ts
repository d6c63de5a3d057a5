import express from 'express';
import { UnsupportedMediaTypeError } from './httpErrors';

/**
 * Refuses a request body that is not JSON with 415 naming what was sent and what the
 * route takes (`shape`, e.g. `{ "policy": "…" }`). Without it the JSON parser skips
 * such a body and the route reports its members as missing instead.
 */
export function requireJsonBody(shape: string): express.RequestHandler {
  return (req, _res, next) => {
    if (req.is('application/json') === false) {
      throw new UnsupportedMediaTypeError(
        `Content-Type must be application/json with ${shape}, not ${req.get(
          'content-type',
        )}`,
      );
    }
    next();
  };
}
