import { IncomingMessage } from 'node:http';
import { FalcoSender } from './authenticate';
import { FalcoIngestConfig } from './config';
import { FalcoIngestService } from './FalcoIngestService';
import {
  FalcoBatch,
  FalcoIngestAnswer,
  handleFalcoBody,
  parseContextOf,
} from './handleFalcoBody';
import { readFalcoBody } from './readFalcoBody';

/**
 * Reads, parses and stores a webhook request's events: NDJSON is parsed line by line
 * while it arrives (a batch refused for its invalid events stops being read at the
 * 101st), any other body once it is whole. Shared by the Backstage route and the
 * dedicated listener, so both answer the same.
 */
export async function receiveFalcoBody(
  req: IncomingMessage,
  options: {
    sender: FalcoSender;
    config: FalcoIngestConfig;
    ingest: FalcoIngestService;
  },
): Promise<FalcoIngestAnswer> {
  const { sender, config, ingest } = options;
  const batch = new FalcoBatch(parseContextOf(sender, config));
  const body = await readFalcoBody(req, config, (text, line) =>
    batch.addLine(text, line),
  );
  if (body.kind === 'lines') return batch.submitTo(ingest);
  return handleFalcoBody({
    body: body.text,
    contentType: req.headers['content-type'],
    sender,
    config,
    ingest,
  });
}
