/**
 * The page's one stylesheet, served as a file (`/assets/web-<hash>.css`) so the Content-Security-Policy
 * can forbid inline styles; the hash in its name lets browsers cache it for good. Phone first: one
 * column, nothing wider than the screen (long addresses wrap anywhere). Level colours pass WCAG AA
 * contrast with their text, and the level is always written out too, never colour alone.
 */
import { createHash } from 'node:crypto';

export const STYLESHEET = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #d0d0d0; --bg: #fafafa; --card: #fff; --accent: #0b57d0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #e8710a; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header.site, main, footer.site { max-width: 46rem; margin: 0 auto; padding: 0 1rem; overflow-wrap: anywhere; }
header.site { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1rem; padding-top: 1rem; }
header.site a.brand { font-weight: 700; font-size: 1.25rem; color: var(--ink); text-decoration: none; }
header.site nav { margin-left: auto; display: flex; gap: 1rem; flex-wrap: wrap; }
h1 { font-size: 1.4rem; margin: 1rem 0 .5rem; }
h2 { font-size: 1.15rem; margin: 0; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
form.check label { display: block; font-weight: 600; margin-bottom: .25rem; }
textarea, input[type=text], select { width: 100%; font: inherit; padding: .5rem; border: 1px solid #767676; border-radius: 6px; background: #fff; color: var(--ink); }
textarea { min-height: 5.5rem; resize: vertical; }
button, .button { font: inherit; font-weight: 600; padding: .55rem 1.25rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; margin-top: .5rem; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: var(--accent); }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
.results { margin: 1.5rem 0; display: grid; gap: 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 8px solid var(--level, #767676); border-radius: 8px; padding: 1rem; min-width: 0; }
.card.error { --level: #b3261e; }
.level { display: inline-block; font-weight: 700; letter-spacing: .03em; padding: .1rem .5rem; border-radius: 4px; background: var(--level-bg); color: var(--level-ink); }
.level-none { --level: #767676; --level-bg: #ececec; --level-ink: #1a1a1a; }
.level-low { --level: #1e7d32; --level-bg: #d9f2dc; --level-ink: #0d4a1a; }
.level-medium { --level: #b26a00; --level-bg: #ffecc2; --level-ink: #5c3700; }
.level-high { --level: #c62828; --level-bg: #fde0de; --level-ink: #7f1010; }
.level-severe { --level: #5b0f0f; --level-bg: #5b0f0f; --level-ink: #fff; }
.card-head { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; }
.score { font-weight: 600; }
.address { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; word-break: break-all; }
.card .address.full { display: block; margin: .5rem 0; padding: .4rem .5rem; background: #f1f3f4; border-radius: 4px; }
.chain { color: var(--muted); }
ul.reasons { margin: .5rem 0; padding-left: 1.25rem; }
ul.reasons li { margin: .25rem 0; overflow-wrap: anywhere; }
.source { color: var(--muted); font-size: .9rem; }
.advice { font-weight: 600; margin: .5rem 0 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table.categories { border-collapse: collapse; margin: .25rem 0; }
table.categories th, table.categories td { text-align: left; padding: .1rem .75rem .1rem 0; font-weight: normal; }
table.categories td { font-weight: 600; }
.lookalike { border: 1px dashed var(--line); border-radius: 6px; padding: .5rem; margin: .5rem 0; }
.lookalike p { margin: 0 0 .25rem; }
.lookalike .pair { display: grid; grid-template-columns: 1fr; gap: .25rem; }
@media (min-width: 40rem) { .lookalike .pair { grid-template-columns: 1fr 1fr; } }
.lookalike .side { min-width: 0; }
.lookalike .side span.who { display: block; color: var(--muted); font-size: .85rem; }
mark { background: #ffd54f; color: #000; text-decoration: underline; font-weight: 700; }
ol.reports { padding-left: 1.25rem; }
ol.reports li { margin: .5rem 0; }
.note { white-space: pre-wrap; overflow-wrap: anywhere; }
.notice { background: #fff8e1; border: 1px solid #b26a00; border-radius: 6px; padding: .5rem .75rem; }
.flash { background: #e8f5e9; border: 1px solid #1e7d32; border-radius: 6px; padding: .5rem .75rem; }
footer.site { color: var(--muted); font-size: .85rem; padding-bottom: 2rem; }
table.queue { width: 100%; border-collapse: collapse; }
table.queue th, table.queue td { text-align: left; vertical-align: top; padding: .4rem .25rem; border-bottom: 1px solid var(--line); }
form.inline { display: inline; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
svg.trace { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
svg.trace text { font-family: "DejaVu Sans Mono", "Liberation Mono", ui-monospace, Menlo, Consolas, monospace; }
figure.diagram { margin: 1.5rem 0; }
figure.diagram figcaption { color: var(--muted); font-size: .9rem; margin-top: .25rem; }
.trace-form label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.trace-form .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.trace-form select { width: auto; max-width: 100%; flex: 0 1 auto; }
.trace-form button { margin-top: 0; }
ul.disputes { margin: .25rem 0 .5rem; padding-left: 1.25rem; }
ol.hits { padding-left: 1.25rem; }
ol.hits li { margin: .5rem 0; overflow-wrap: anywhere; }
.hit-kind { font-weight: 700; text-transform: uppercase; font-size: .8rem; letter-spacing: .03em; }
`;

/** The stylesheet's path, named by its content: a new version is a new URL, so it can be cached forever. */
export const STYLESHEET_PATH = `/assets/web-${createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12)}.css`;
