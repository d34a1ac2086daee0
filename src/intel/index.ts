/**
 * Intel importers: the OFAC SDN list (legacy sdn.xml, sdn_advanced.xml, SDN_ADVANCED.ZIP) and
 * public scam / allow lists (MEW JSON, plain text, Forta / EtherScamDB CSV), turned into
 * `ListEntry` batches for `ListStore.replaceList`, plus a scheduled refresher from URLs, and the
 * bundled snapshot in `data/` (its loader, and the builder behind `npm run data:build`).
 */
export type { BundledList, BundledLoadResult } from './bundled.js';
export { BUNDLED_DATA_DIR, loadBundledLists, readBundledLists, snapshotReplaces } from './bundled.js';
export { IntelFileError } from './errors.js';
export type { ImportProgress, ListImportOptions, ListImportResult, OfacImportResult } from './import.js';
export { importList, importOfac, OFAC_SOURCE } from './import.js';
export type {
  InvalidRow,
  ListFileReader,
  ListFileStats,
  ListFormat,
  ReadListFileOptions,
} from './list-file.js';
export { LIST_BATCH_SIZE, MAX_JSON_BYTES, readListFile } from './list-file.js';
export type { OfacFormat, OfacSdnReader, OfacSdnSummary } from './ofac.js';
export { OFAC_BATCH_SIZE, readOfacSdn } from './ofac.js';
export type { IntelRefresher, IntelRefresherOptions, RefreshEvent, RefreshFeed } from './refresh.js';
export { createIntelRefresher } from './refresh.js';
export { buildSnapshot, type SnapshotBuildResult, UNNAMED_ENTITY } from './snapshot-build.js';
