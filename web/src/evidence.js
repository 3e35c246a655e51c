// The event view: the evidence sentence with actor, trigger, recipient, place and attribution
// highlighted, and the record's fields beside it. Offsets in the record index the article; the
// sentence's own start turns them into positions inside the sentence.
import { append, clear, el, names } from "./dom.js";

// Painted in this order, so a later role wins where spans overlap (a trigger inside an
// attribution clause stays a trigger).
const ROLES = ["attribution", "place", "recipient", "actor", "trigger"];

/** Spans of one event by role, as [role, start, end] in article offsets. */
export function roleSpans(event) {
  const spans = [];
  const add = (role, span) => {
    if (span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.end > span.start) {
      spans.push([role, span.start, span.end]);
    }
  };
  add("attribution", event.attribution);
  add("place", event.location);
  (event.recipient || []).forEach((e) => add("recipient", e));
  (event.actor || []).forEach((e) => add("actor", e));
  add("trigger", event.trigger);
  return spans;
}

/** Runs of [role|null, text] covering the sentence. */
export function highlightRuns(sentence, sentenceStart, spans) {
  const roleAt = new Array(sentence.length).fill(null);
  for (const role of ROLES) {
    for (const [r, start, end] of spans) {
      if (r !== role) continue;
      const from = Math.max(0, start - sentenceStart);
      const to = Math.min(sentence.length, end - sentenceStart);
      for (let i = from; i < to; i++) roleAt[i] = role;
    }
  }
  const runs = [];
  let i = 0;
  while (i < sentence.length) {
    let j = i + 1;
    while (j < sentence.length && roleAt[j] === roleAt[i]) j++;
    runs.push([roleAt[i], sentence.slice(i, j)]);
    i = j;
  }
  return runs;
}

function evidenceNode(event) {
  const ev = event.evidence || { sentence: "", start: 0 };
  const p = el("p", { class: "evidence", "data-testid": "evidence" });
  for (const [role, text] of highlightRuns(ev.sentence, ev.start, roleSpans(event))) {
    if (role) append(p, el("mark", { class: `hl hl-${role}`, "data-role": role, title: role }, text));
    else append(p, text);
  }
  return p;
}

function row(label, value) {
  if (value === undefined || value === null || value === "") return null;
  return el("tr", {}, el("th", {}, label), el("td", {}, value));
}

const KIND_ROLE = { trigger: "trigger", actor: "actor", recipient: "recipient", location: "place", attribution: "attribution" };

/** The whole article with every span its events were read from highlighted (GET /api/articles/{id}). */
export function articleNode(article) {
  const spans = (article.spans || [])
    .filter((sp) => KIND_ROLE[sp.kind])
    .map((sp) => [KIND_ROLE[sp.kind], sp.start, sp.end]);
  const body = el("div", { class: "article-text", "data-testid": "article-text" });
  for (const [role, text] of highlightRuns(article.text, 0, spans)) {
    if (role) append(body, el("mark", { class: `hl hl-${role}`, "data-role": role }, text));
    else append(body, text);
  }
  const meta = [article.outlet, article.published, article.url].filter(Boolean).join(" · ");
  return el(
    "div",
    { class: "article" },
    el("h3", {}, article.title || article.id),
    meta ? el("p", { class: "hint" }, meta) : null,
    article.duplicate_of ? el("p", { class: "hint" }, `A ${article.duplicate_kind} copy of ${article.duplicate_of}`) : null,
    body,
  );
}

/** Render GET /api/events/{id}: the representative mention's evidence and fields, then other reports. */
export function renderEvent(container, detail, openArticle) {
  clear(container);
  const summary = detail.event;
  const mentions = detail.mentions || [];
  const rep = mentions.find((m) => m.id === summary.representative_mention) || mentions[0];
  if (!rep) {
    append(container, el("p", { class: "hint" }, "This event has no stored mention."));
    return;
  }
  const event = rep.record;
  const legend = el(
    "p",
    { class: "legend" },
    ROLES.slice().reverse().map((r) => el("span", { class: `hl hl-${r}` }, r)),
  );
  const loc = event.location;
  const att = event.attribution;
  const quantities = Object.entries(event.quantities || {})
    .filter(([, v]) => v !== null && typeof v !== "object")
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const table = el(
    "table",
    { class: "fields" },
    row("Category", `${event.event_type}${event.mode ? ` (${event.mode})` : ""} · quad ${event.quad_code}`),
    row("Actor", names(event.actor)),
    row("Recipient", names(event.recipient)),
    row("Status", `${event.status}${event.status_cue ? ` — “${event.status_cue}”` : ""}`),
    row("Attribution", att ? `${att.text}${att.cue ? ` (${att.cue})` : ""}` : "the article itself"),
    row("Place", loc ? `${loc.name}${loc.country ? `, ${loc.country}` : ""} (${loc.precision})` : null),
    row("Date", event.date ? `${event.date} (${event.date_precision})${event.date_text ? ` — “${event.date_text}”` : ""}` : null),
    row("Quantities", quantities),
    row("Confidence", typeof event.confidence === "number" ? event.confidence.toFixed(2) : null),
    row("Source", [rep.outlet, rep.title].filter(Boolean).join(" — ") || null),
    row("Article", rep.article_id),
    row("Reports", `${summary.num_mentions} mention(s) in ${summary.num_articles} article(s)`),
    row("Event id", summary.id),
  );
  const button = el("button", { type: "button", class: "open-article", onclick: () => openArticle(rep.article_id) }, "Show the whole article");
  append(container, [evidenceNode(event), legend, table, button]);
  const others = mentions.filter((m) => m !== rep);
  if (others.length) {
    append(container, el("h3", {}, `Other reports (${others.length})`));
    for (const m of others) {
      append(container, el("div", { class: "other" }, el("small", {}, [m.outlet, m.title].filter(Boolean).join(" — ")), evidenceNode(m.record)));
    }
  }
}
