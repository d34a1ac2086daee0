/**
 * What a moderation use case asks the adapter's platform to do in the middle of its work. The core
 * decides when; the adapter performs it and says what happened, in the platform's own words.
 */

/** A delete the platform did, or refused (already gone, missing right) with its reason for the log. */
export type DeleteResult = { deleted: true } | { deleted: false; refusal: string };
