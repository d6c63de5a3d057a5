// Old path kept until falco/ingest/ imports `../../http/httpErrors`.
export * from '../http/httpErrors';
