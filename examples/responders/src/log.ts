/** Where a handler writes what it does: one line per step, fields as JSON. */
export type ResponderLog = (message: string, fields?: object) => void;

/**
 * In Lambda, standard output is the log (CloudWatch Logs), so the default writes there
 * as one JSON line per entry, which Logs Insights can query.
 */
export const consoleLog: ResponderLog = (message, fields) => {
  // eslint-disable-next-line no-console -- the Lambda runtime's log is stdout
  console.log(JSON.stringify({ message, ...fields }));
};
