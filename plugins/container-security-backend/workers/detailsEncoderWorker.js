// The worker thread of AlertDetailsEncoder (src/falco/ingest/detailsEncoder.ts): compresses
// batches of alert details off the ingest's event loop. Plain CommonJS outside src/ so it
// runs as it is, in development and from the published package (listed in `files`);
// what it compresses with (version, dictionary, options) comes from the codec via
// workerData, so the blobs are exactly what compressDetailsJson makes.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');

const options = {
  ...workerData.options,
  dictionary: Buffer.from(workerData.dictionary),
};

parentPort.on('message', ({ id, texts }) => {
  try {
    const parts = texts.map(text => zlib.deflateRawSync(text, options));
    const lengths = parts.map(part => part.length + 1);
    // One transferable buffer for the whole batch: no copy on the way back.
    const out = Buffer.allocUnsafeSlow(lengths.reduce((a, b) => a + b, 0));
    let offset = 0;
    for (const part of parts) {
      out[offset] = workerData.version;
      part.copy(out, offset + 1);
      offset += part.length + 1;
    }
    parentPort.postMessage({ id, buffer: out.buffer, lengths }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
