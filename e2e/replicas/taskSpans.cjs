// Preloaded into each backend instance of the replicas test (NODE_OPTIONS=--require):
// Backstage's scheduler wraps every task run in an OpenTelemetry span named
// `task <id>`; this tracer provider records those span starts, with the instance name,
// to a file, so the test can tell which instance ran which task when. It records
// nothing else and changes no behaviour (the spans it hands out are non-recording).
const fs = require('node:fs');
const { trace, INVALID_SPAN_CONTEXT } = require('@opentelemetry/api');

const file = process.env.CS_TASK_SPAN_FILE;
const instance = process.env.CS_INSTANCE;

function record(name) {
  if (file && typeof name === 'string' && name.startsWith('task ')) {
    fs.appendFileSync(
      file,
      `${JSON.stringify({ instance, task: name.slice(5), at: Date.now() })}\n`,
    );
  }
}

const span = () => trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const tracer = {
  startSpan(name) {
    record(name);
    return span();
  },
  startActiveSpan(name, ...args) {
    record(name);
    return args[args.length - 1](span());
  },
};
trace.setGlobalTracerProvider({ getTracer: () => tracer });
