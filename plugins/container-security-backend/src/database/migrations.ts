// Old path kept until falco/ingest/ and bench/ import `../migrations/openDatabase`.
export * from '../migrations/openDatabase';
