-- Telegram tenure is when the bot first saw a member in a chat (member_sightings, 0009), which
-- started empty: every member of an existing group counted as new and their reports waited for
-- review. A member who reported in a chat before was there at least since their first report.
-- An anonymous admin reports as the group itself (reporter = community): nobody to time.
INSERT INTO "member_sightings" ("chat", "member", "first_seen")
SELECT "community", "reporter", min("created_at")
FROM "reports"
WHERE "community" LIKE 'telegram:%' AND "reporter" LIKE 'telegram:%' AND "reporter" <> "community"
GROUP BY "community", "reporter"
ON CONFLICT ("chat", "member") DO UPDATE
SET "first_seen" = least("member_sightings"."first_seen", excluded."first_seen");
