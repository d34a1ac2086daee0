/**
 * Intel importers: the OFAC SDN list (legacy sdn.xml, sdn_advanced.xml, SDN_ADVANCED.ZIP) and
 * public scam / allow lists (MEW JSON, plain text, Forta / EtherScamDB CSV), turned into
 * `ListEntry` batches for `ListStore.replaceList`, plus an optional scheduled refresher from URLs.
 */
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
