import { CustomErrorBase } from '@backstage/errors';

/**
 * A request larger than a limit allows (bytes, events, documents): answered 413 with
 * a message naming the limit.
 *
 * @public
 */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
}

/**
 * A request body in a media type or content encoding the route does not take:
 * answered 415 naming what was sent and what is accepted.
 *
 * @public
 */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
}
