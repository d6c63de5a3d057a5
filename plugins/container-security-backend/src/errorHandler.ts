// Old path kept until falco/ingest/ and bench/ import `./http/errorHandler`.
export * from './http/errorHandler';
