// Preloaded into each backend instance of the replicas test (NODE_OPTIONS=--require):
// Backstage's scheduler wraps every task run in an OpenTelemetry span named
// `task <id>`; this tracer provider records when those spans start and end, with the instance name,
// to a file, so the test can tell which instance ran which task when. It records
// nothing else and changes no behaviour (the spans it hands out are non-recording).
const fs = require('node:fs');
const { trace, INVALID_SPAN_CONTEXT } = require('@opentelemetry/api');

const file = process.env.CS_TASK_SPAN_FILE;
const instance = process.env.CS_INSTANCE;

let runs = 0;

/** Appends a run's start (and later its end) with the instance and a run id. */
function record(name, event, run) {
  if (file && typeof name === 'string' && name.startsWith('task ')) {
    fs.appendFileSync(
      file,
      `${JSON.stringify({
        instance,
        run,
        event,
        task: name.slice(5),
        at: Date.now(),
      })}\n`,
    );
  }
}

const span = () => trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const tracer = {
  startSpan() {
    return span();
  },
  startActiveSpan(name, ...args) {
    const run = `${instance}-${++runs}`;
    record(name, 'start', run);
    const result = args[args.length - 1](span());
    if (result && typeof result.then === 'function') {
      return result.finally(() => record(name, 'end', run));
    }
    record(name, 'end', run);
    return result;
  },
};
trace.setGlobalTracerProvider({ getTracer: () => tracer });
