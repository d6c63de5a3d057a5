import zlib from 'node:zlib';

/**
 * The bulky part of an alert (output line, output_fields, unknown top-level fields) is
 * stored as one compressed blob so a typical alert stays well under 1 KB on disk:
 * PostgreSQL only compresses values of rows larger than about 2 KB, which Falco alerts
 * rarely are. Format: one version byte, then raw DEFLATE of the JSON with a preset
 * dictionary of strings common in Falco events.
 *
 * Version 1's dictionary must never change once alerts are stored with it; a better
 * dictionary gets a new version byte and both stay readable.
 */
const DICTIONARY_V1 = Buffer.from(
  [
    'ka.auth.decision ka.auth.reason ka.target.subresource ka.uri.param[command] ka.response.code',
    'ka.target.namespace ka.target.resource ka.target.name ka.user.name ka.user.groups ka.verb ka.uri',
    'proc.aname[2] proc.aname[3] proc.aname[4] proc.pid proc.ppid proc.cwd fd.name evt.res evt.source',
    'group.gid group.name evt.hostname k8s.pod.labels container.image.digest proc.exepath',
    '"container.image.tag":"latest",',
    '"evt.arg.flags":"EXE_WRITABLE|EXE_LOWER_LAYER",',
    'k8s_pod_name=k8s_ns_name=container_image_repository=container_image_tag=container_name=',
    'evt_type=execve user=root user_uid=0 user_loginuid=-1 process= proc_exepath=/usr/bin/ parent=containerd-shim command= terminal=',
    'Sensitive file opened for reading by non-trusted program | file=/etc/shadow gparent= ggparent=<NA> gggparent=<NA>',
    'Unexpected connection to K8s API Server from container (command=',
    'A shell was spawned in a container with an attached terminal (user=root user_loginuid=-1 k8s.ns=',
    ' k8s.pod= container= shell=sh parent=runc cmdline= terminal=34816 container_id= image=docker.io/library/',
    '"user.uid":0,"user.loginuid":-1,"user.name":"root",',
    '"proc.tty":34816,"proc.cmdline":"sh -c ","proc.name":"sh","proc.pname":"runc",',
    '"evt.type":"openat","fd.name":"/etc/',
    '"container.name":"',
    '"container.image.repository":"docker.io/library/',
    '"k8s.ns.name":"default","k8s.pod.name":"',
    '"container.id":"',
    '{"o":"',
    '","f":{"evt.time":',
    '},"x":{}}',
    '},"x":{"uuid":"',
  ].join(''),
);

const VERSION_1 = 1;

/** The decoded blob. */
export interface AlertDetails {
  output: string;
  outputFields: Record<string, unknown>;
  extraFields: Record<string, unknown>;
}

// A small window and memory level make each call cheap to set up (events are small).
const DEFLATE_OPTIONS = { level: 4, windowBits: 12, memLevel: 6 };
const DEFLATE_WITH_DICTIONARY = {
  ...DEFLATE_OPTIONS,
  dictionary: DICTIONARY_V1,
};

/**
 * How a details blob is compressed, for encoders that run elsewhere (a worker thread):
 * the version byte, the preset dictionary and the zlib options.
 */
export const DETAILS_COMPRESSION = {
  version: VERSION_1,
  dictionary: DICTIONARY_V1,
  options: DEFLATE_OPTIONS,
};

// Texts already made, by details object: the spool writes the same text the database
// write compresses later, and objects are not changed once parsed.
const texts = new WeakMap<AlertDetails, string>();

/** The JSON text a details blob compresses (made once per details object). */
export function detailsJson(details: AlertDetails): string {
  let text = texts.get(details);
  if (text === undefined) {
    text = makeDetailsJson(details);
    texts.set(details, text);
  }
  return text;
}

/** Details from the object of a {@link detailsJson} text. */
export function detailsFromJson(parsed: {
  o: string;
  f: Record<string, unknown>;
  x: Record<string, unknown>;
}): AlertDetails {
  return { output: parsed.o, outputFields: parsed.f, extraFields: parsed.x };
}

function makeDetailsJson(details: AlertDetails): string {
  // Short keys. The fields keep Falco's order: moving evt.time first to match the
  // dictionary's last string saved one byte per alert and cost two copies of the map.
  return JSON.stringify({
    o: details.output,
    f: details.outputFields,
    x: details.extraFields,
  });
}

/** Compresses the text of {@link detailsJson} into a `details` column value. */
export function compressDetailsJson(json: string): Buffer {
  const compressed = zlib.deflateRawSync(json, DEFLATE_WITH_DICTIONARY);
  const out = Buffer.allocUnsafe(compressed.length + 1);
  out[0] = VERSION_1;
  compressed.copy(out, 1);
  return out;
}

/** Compresses an alert's details for the `details` column. */
export function encodeAlertDetails(details: AlertDetails): Buffer {
  return compressDetailsJson(detailsJson(details));
}

/** Reads a `details` column value written by {@link encodeAlertDetails}. */
export function decodeAlertDetails(value: Buffer | Uint8Array): AlertDetails {
  const buffer = Buffer.isBuffer(value) ? value : Buffer.from(value);
  if (buffer[0] !== VERSION_1) {
    throw new Error(`Unknown alert details format ${buffer[0]}`);
  }
  const json = zlib
    .inflateRawSync(buffer.subarray(1), { dictionary: DICTIONARY_V1 })
    .toString('utf8');
  // Stored JSON never holds unsafe integers (the parser turned them into strings).
  return detailsFromJson(JSON.parse(json));
}
