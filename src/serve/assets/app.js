// pressdex web page: a thin client of the JSON API (see the README, Web interface).
//
// Safety rule: text that comes from a release is only ever put into the page as text
// (createElement + text nodes); no string is ever parsed as HTML. Highlights are byte ranges
// (UTF-8, end exclusive) applied by splitting the text into text nodes and <mark> elements.
"use strict";

const PAGE_SIZE = 10;
/** The deepest offset the API serves (its MAX_OFFSET). */
const MAX_OFFSET = 10000;
/** Releases per request of a mentions timeline ("Show older mentions" asks for the next ones). */
const TIMELINE_PAGE = 50;
const enc = new TextEncoder();

/** Bidi embedding, override and isolate controls: release text must not reorder the page. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const clean = (text) => String(text).replace(BIDI_CONTROLS, "");
const dec = new TextDecoder();

const $ = (id) => document.getElementById(id);

/** Builds an element: h("a", {href: "/", class: "x", onclick: f}, "text", child, ...). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(clean(c)));
  }
  return el;
}

/** Splits `text` by byte spans [{start, end, ...}] into [{text, start, span}] pieces (`start`:
 * the piece's first byte in `text`). */
function byteSlices(text, spans) {
  const bytes = enc.encode(text);
  const out = [];
  let pos = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const s of sorted) {
    if (s.start < pos || s.end > bytes.length || s.end <= s.start) continue;
    if (s.start > pos) out.push({ text: dec.decode(bytes.subarray(pos, s.start)), start: pos });
    out.push({ text: dec.decode(bytes.subarray(s.start, s.end)), start: s.start, span: s });
    pos = s.end;
  }
  if (pos < bytes.length) out.push({ text: dec.decode(bytes.subarray(pos)), start: pos });
  return out;
}

/** Text with <mark>s on the given byte ranges. */
function marked(text, spans, makeMark) {
  return byteSlices(text, spans).map((p) =>
    p.span ? (makeMark ? makeMark(p) : h("mark", {}, p.text)) : document.createTextNode(clean(p.text)));
}

/** A piece of a body that starts at byte `base`, with the query's matches in it marked. */
function withMatches(text, base, matches) {
  const len = enc.encode(text).length;
  const inside = matches
    .filter((m) => m.end > base && m.start < base + len)
    .map((m) => ({ start: Math.max(m.start, base) - base, end: Math.min(m.end, base + len) - base }));
  if (!inside.length) return [document.createTextNode(clean(text))];
  return marked(text, inside, (p) => h("mark", { class: "hit" }, p.text));
}

/** What to call a release without a title: its first line (a headline too long to be taken
 * as the title), else its file name. */
function titleOf(title, start, path) {
  if (title) return title;
  const line = (start || "").trim().split("\n")[0].trim();
  if (line) return line.length > 300 ? `${line.slice(0, 300)}…` : line;
  return path.split("/").pop() || path;
}

// ---------------------------------------------------------------- state in the URL

/** The page state, read from the address bar. */
function readState() {
  const u = new URLSearchParams(location.search);
  return {
    q: u.get("q") || "",
    person: u.getAll("person"),
    org: u.getAll("org"),
    since: u.get("since") || "",
    until: u.get("until") || "",
    sort: u.get("sort") || "relevance",
    page: Math.max(1, parseInt(u.get("page") || "1", 10) || 1),
    release: u.get("release") || "",
    mentions: u.get("mentions") || "",
    kind: u.get("kind") || "",
  };
}

function stateQuery(s) {
  const u = new URLSearchParams();
  if (s.release) u.set("release", s.release);
  if (s.mentions) {
    u.set("mentions", s.mentions);
    if (s.kind) u.set("kind", s.kind);
  }
  if (s.q) u.set("q", s.q);
  for (const p of s.person || []) u.append("person", p);
  for (const o of s.org || []) u.append("org", o);
  if (s.since) u.set("since", s.since);
  if (s.until) u.set("until", s.until);
  if (s.sort && s.sort !== "relevance") u.set("sort", s.sort);
  if (s.page && s.page > 1) u.set("page", s.page);
  const qs = u.toString();
  return qs ? "?" + qs : location.pathname;
}

/** A search state from the current one: filters kept, views closed, page 1. */
function searchState(change) {
  const s = readState();
  return { ...s, release: "", mentions: "", kind: "", page: 1, ...change };
}

const here = () => location.search || location.pathname;

function go(s) {
  const url = stateQuery(s);
  // Each entry remembers the one it came from, so "Back to results" can go back in history.
  if (url !== here()) history.pushState({ from: here() }, "", url);
  render();
  window.scrollTo(0, 0);
}

/** A "back" link: Back in history when that is where it leads, else a new entry. */
function backLink(s, text) {
  return h("a", {
    class: "back", id: "back", href: stateQuery(s),
    onclick: (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      if (history.state && history.state.from === stateQuery(s)) history.back();
      else go(s);
    },
  }, text);
}

/** A link that navigates inside the page (ctrl-click and middle-click still open a tab). */
function link(s, attrs, ...children) {
  return h("a", {
    ...attrs,
    href: stateQuery(s),
    onclick: (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go(s);
    },
  }, ...children);
}

// A timeline covers every year (its sidebar narrows it to one).
const personState = (name) => ({ ...searchState({}), mentions: name, kind: "person", since: "", until: "" });
const orgState = (name) => ({ ...searchState({}), mentions: name, kind: "org", since: "", until: "" });
const releaseState = (path) => ({ ...readState(), mentions: "", kind: "", release: path });

// ---------------------------------------------------------------- API

/** Aborted when the next view starts rendering, so a slow answer never lands on a new view. */
let renderCtl = new AbortController();

/** GET /api/<endpoint>; resolves to the JSON body, rejects with {status, error}. */
async function api(endpoint, params) {
  const ctl = renderCtl;
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x !== "" && x !== null && x !== undefined) u.append(k, x);
    }
  }
  const res = await fetch(`/api/${endpoint}?${u}`, { signal: ctl.signal });
  let body;
  try {
    body = await res.json();
  } catch {
    body = { error: `${res.status} ${res.statusText}` };
  }
  if (!res.ok) throw { status: res.status, error: body.error || res.statusText, parameter: body.parameter };
  return body;
}

/** Whether the server records identity corrections (`pressdex serve --allow-edits`). */
let editsAllowed = false;

/** POST /api/identity: records a correction; rejects with {status, error}. */
async function postIdentity(edit) {
  const res = await fetch("/api/identity", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(edit),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    body = { error: `${res.status} ${res.statusText}` };
  }
  if (!res.ok) throw { status: res.status, error: body.error || res.statusText };
  return body;
}

/** Hides a person or organization, or merges it into another name, then shows the result. */
async function editIdentity(action, kind, name) {
  const what = kind === "person" ? "person" : "organization";
  let edit;
  if (action === "hide") {
    if (!window.confirm(`Hide the ${what} "${name}" from every release?`)) return;
    edit = { action: "hide", kind, names: [name] };
  } else {
    const into = window.prompt(`Merge the ${what} "${name}" into which name? (as the list shows it)`, "");
    if (!into || !into.trim()) return;
    edit = { action: "merge", kind, names: [name], into: into.trim() };
  }
  edit.why = "from the web page";
  try {
    await postIdentity(edit);
  } catch (err) {
    window.alert(`Not recorded: ${err.error}`);
    return;
  }
  facetCache = { key: null, generation: null, data: null };
  render();
}

// ---------------------------------------------------------------- rendering

let renderId = 0;

async function render() {
  const s = readState();
  const id = ++renderId;
  matchKeys = null;
  renderCtl.abort();
  renderCtl = new AbortController();
  $("q").value = s.q;
  $("sort").value = s.sort;
  document.body.classList.add("loading");
  try {
    if (s.release) await renderRelease(s, id);
    else if (s.mentions) await renderMentions(s, id);
    else await renderSearch(s, id);
  } catch (err) {
    if (err && err.name === "AbortError") return;
    if (id !== renderId) return;
    showError(err);
    if (!s.release && !s.mentions) {
      // Not the facets of another search: the filters and the date form, to correct the dates.
      facetCache = { key: null, generation: null, data: null };
      setSidebar(filtersPanel(s), yearsPanel(s, []));
    }
  } finally {
    if (id === renderId) document.body.classList.remove("loading");
  }
}

function showError(err) {
  const msg = (err && err.error) || String(err);
  $("view").replaceChildren(h("div", { class: "error", role: "alert" },
    h("strong", {}, err && err.status === 404 ? "Not found" : "Cannot show this"),
    h("p", {}, msg),
    link(searchState({ person: [], org: [], since: "", until: "", q: "" }), { class: "button" }, "Start over")));
}

function setView(...children) {
  $("view").replaceChildren(...children.flat());
}

function setSidebar(...children) {
  $("sidebar").replaceChildren(...children.flat());
}

const fmtCount = (n) => Number(n).toLocaleString("en");
const plural = (n, one, many) => `${fmtCount(n)} ${n === 1 ? one : many}`;

// ----- search view

/** The last facets answer, reused while only the page or the order changes and the index
 * stays at the same generation (a `pressdex index` commit changes it). */
let facetCache = { key: null, generation: null, data: null };

const hasFilters = (s) => s.person.length > 0 || s.org.length > 0 || !!s.since || !!s.until;

async function renderSearch(s, id) {
  document.body.dataset.view = "search";
  const filters = { q: s.q, person: s.person, org: s.org, since: s.since, until: s.until };
  const key = JSON.stringify(filters);
  const askFacets = () => api("facets", { ...filters, facet_limit: 12 }).catch((error) => ({ error }));
  // Facets (people, organizations, years) take longer than the hits on a large index: ask for
  // both at once, show the hits as soon as they come, and the facets when they are ready.
  const cached = facetCache.key === key;
  let facets = cached ? Promise.resolve(facetCache.data) : askFacets();
  // A page past the deepest offset the API serves is not asked for: its total is.
  const past = (s.page - 1) * PAGE_SIZE > MAX_OFFSET;
  const data = await api("search", {
    ...filters, sort: s.sort, limit: past ? 1 : PAGE_SIZE, offset: past ? 0 : (s.page - 1) * PAGE_SIZE,
  });
  if (id !== renderId) return;
  const stale = cached && facetCache.generation !== data.generation;
  if (stale) facets = askFacets();
  document.title = s.q ? `${clean(s.q)} — pressdex` : "pressdex";
  if (!cached || stale) {
    setSidebar(filtersPanel(s), h("section", { class: "panel pending" }, h("p", { class: "muted small" }, "Counting people, organizations and years…")));
  }
  facets.then((f) => {
    if (id !== renderId || !f) return;
    if (f.error) {
      setSidebar(filtersPanel(s), yearsPanel(s, []));
      return;
    }
    facetCache = { key, generation: f.generation, data: f };
    setSidebar(filtersPanel(s), yearsPanel(s, f.years || [], f.months || []),
      facetPanel("People", "person", s, f.facets.people),
      facetPanel("Organizations", "org", s, f.facets.orgs));
  });

  const pages = Math.max(1, Math.min(Math.ceil(data.total / PAGE_SIZE), Math.floor(MAX_OFFSET / PAGE_SIZE) + 1));
  const pastEnd = data.total > 0 && (past || s.page > pages || !data.hits.length);
  const status = h("div", { class: "status", id: "status" },
    h("span", { id: "total", dataset: { total: data.total } }, plural(data.total, "release", "releases")),
    data.total > PAGE_SIZE && !pastEnd ? ` · page ${s.page} of ${fmtCount(pages)}` : "",
    h("span", { class: "muted" }, ` · ${data.elapsed_ms.toFixed(1)} ms`));
  const rewrites = (data.rewrites || []).map((r) => h("p", { class: "note" },
    `${r.term} matched `, h("em", {}, r.matched.join(", ") || "nothing"),
    r.matched_total > r.matched.length ? ` and ${r.matched_total - r.matched.length} more` : ""));

  let body;
  if (data.total === 0) {
    body = h("div", { class: "empty", id: "empty" },
      h("p", {}, "No release matches."),
      data.suggestions && data.suggestions.length
        ? h("p", {}, "Try ", data.suggestions.map((sg, i) => [i ? ", " : "",
          link(searchState({ q: sg.query }), {}, sg.query), ` (${fmtCount(sg.total)})`]))
        : h("p", { class: "muted" }, hasFilters(s)
          ? "Remove a filter or widen the dates."
          : "Check the spelling, or try other or fewer words."));
  } else if (pastEnd) {
    body = h("div", { class: "empty", id: "past-end" },
      h("p", {}, `There is no page ${fmtCount(s.page)}: the ${plural(data.total, "release", "releases")} fill ${plural(pages, "page", "pages")}.`),
      link({ ...s, page: pages }, { class: "button", id: "last-page" }, `Go to page ${fmtCount(pages)}`));
  } else {
    body = h("ol", { class: "results", id: "results", start: data.offset + 1 },
      data.hits.map((hit) => resultCard(hit, s)));
  }
  setView(status, rewrites, body, pastEnd ? [] : pager(s, pages));
}

function resultCard(hit, s) {
  const frags = hit.fragments.map((f) => h("p", { class: "fragment" },
    f.offset > 0 ? "… " : "", marked(f.text, f.highlights), " …"));
  const people = hit.people.slice(0, 6).map((p) =>
    link(personState(p), { class: "chip person", title: `${p}: mentions timeline` }, p));
  const orgs = hit.orgs.slice(0, 4).map((o) =>
    link(searchState({ org: addUnique(s.org, o) }), { class: "chip org", title: `Only releases mentioning ${o}` }, o));
  const first = hit.fragments.find((f) => f.offset === 0);
  return h("li", { class: "result" },
    h("div", { class: "meta" },
      h("time", {}, hit.date || "undated"),
      h("span", { class: "path" }, hit.path)),
    h("h3", {}, link(releaseState(hit.path), { class: "title" }, titleOf(hit.title, first && first.text, hit.path))),
    frags,
    h("div", { class: "chips" }, people, orgs,
      hit.people.length + hit.orgs.length > people.length + orgs.length
        ? h("span", { class: "more" }, `+${hit.people.length + hit.orgs.length - people.length - orgs.length}`)
        : ""));
}

/** A small clock (the "timeline" link), drawn as SVG: no icon font to load. */
function clockIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  const circle = document.createElementNS(ns, "circle");
  for (const [k, v] of [["cx", 8], ["cy", 8], ["r", 6.5]]) circle.setAttribute(k, v);
  const hands = document.createElementNS(ns, "path");
  hands.setAttribute("d", "M8 4.2V8l2.6 1.6");
  for (const el of [circle, hands]) {
    el.setAttribute("fill", "none");
    el.setAttribute("stroke", "currentColor");
    el.setAttribute("stroke-width", "1.6");
    el.setAttribute("stroke-linecap", "round");
    svg.append(el);
  }
  return svg;
}

const addUnique = (list, v) => (list.includes(v) ? list : [...list, v]);

function pager(s, pages) {
  if (pages <= 1) return [];
  return h("nav", { class: "pager", "aria-label": "Pages" },
    s.page > 1 ? link({ ...s, page: s.page - 1 }, { class: "button", rel: "prev" }, "← Previous") : h("span"),
    h("span", { class: "muted" }, `${s.page} / ${fmtCount(pages)}`),
    s.page < pages ? link({ ...s, page: s.page + 1 }, { class: "button", rel: "next" }, "Next →") : h("span"));
}

function filtersPanel(s) {
  const chips = [
    ...s.person.map((p) => ["person", p, { person: s.person.filter((x) => x !== p) }]),
    ...s.org.map((o) => ["org", o, { org: s.org.filter((x) => x !== o) }]),
  ];
  if (s.since || s.until) chips.push(["date", `${s.since || "…"} – ${s.until || "…"}`, { since: "", until: "" }]);
  if (!chips.length) return [];
  return h("section", { class: "panel filters", id: "active-filters" },
    h("h2", {}, "Filters"),
    h("div", { class: "chips" }, chips.map(([kind, label, change]) =>
      link(searchState(change), { class: `chip removable ${kind}`, title: "Remove this filter" }, label, h("span", { class: "x", "aria-hidden": "true" }, "×")))),
    chips.length > 1 ? link(searchState({ person: [], org: [], since: "", until: "" }), { class: "clear" }, "Clear all") : "");
}

function inRange(year, s) {
  const lo = s.since ? parseInt(s.since.slice(0, 4), 10) : -Infinity;
  const hi = s.until ? parseInt(s.until.slice(0, 4), 10) : Infinity;
  return year >= lo && year <= hi;
}

/** The month (`YYYY-MM`) a since (`end` false) or until (`end` true) value starts or ends in:
 * a year `2017` starts in 2017-01 and ends in 2017-12. */
function monthOf(value, end) {
  return /^\d{4}$/.test(value) ? `${value}-${end ? "12" : "01"}` : value.slice(0, 7);
}

function monthInRange(month, s) {
  return (!s.since || month >= monthOf(s.since, false)) && (!s.until || month <= monthOf(s.until, true));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Jun 2017" for "2017-06". */
const monthName = (m) => `${MONTHS[parseInt(m.slice(5, 7), 10) - 1] || m.slice(5, 7)} ${m.slice(0, 4)}`;

/** A bar chart: one link per bar [{label, releases, on, pick, data}], `pick` the state change
 * its click makes; heights relative to the largest count. */
function barChart(id, bars, first, last) {
  const max = Math.max(...bars.map((b) => b.releases));
  const links = bars.map((b) => {
    const label = `${b.label}: ${plural(b.releases, "release", "releases")}`;
    return link(searchState(b.pick), {
      class: `bar${b.on ? "" : " off"}`, title: label, "aria-label": label, dataset: b.data,
    }, h("span", { class: "fill", dataset: { h: b.releases } }));
  });
  const chart = h("div", { class: `chart${bars.length > 40 ? " dense" : ""}`, id }, links);
  // Heights via CSSOM (inline style attributes are blocked by the page's CSP).
  links.forEach((l, i) => {
    l.firstChild.style.height = `${bars[i].releases ? Math.max(6, (100 * bars[i].releases) / max) : 0}%`;
  });
  return [chart, h("div", { class: "axis" }, h("span", {}, first), h("span", {}, last))];
}

/** The releases per year, or per month when the server sends months (a range of at most two
 * years); a click on a bar keeps that year or month, a click on the one kept removes it. */
function yearsPanel(s, years, months) {
  const panel = h("section", { class: "panel" }, h("h2", {}, "Published"));
  if (months && months.length) {
    const single = s.since && s.since === s.until && /^\d{4}-\d{2}$/.test(s.since);
    const bars = months.map((m) => ({
      label: monthName(m.month),
      releases: m.releases,
      on: monthInRange(m.month, s),
      pick: single && s.since === m.month ? { since: "", until: "" } : { since: m.month, until: m.month },
      data: { month: m.month },
    }));
    append(panel, barChart("month-chart", bars, monthName(months[0].month), monthName(months[months.length - 1].month)));
  } else if (years.length) {
    // Every year between the first and the last, so gaps show; when a stray year (a release
    // dated 1901 among 2009–2018) would stretch the chart into bars too thin to see, only the
    // years that have releases.
    const byYear = new Map(years.map((y) => [y.year, y.releases]));
    const first = years[0].year;
    const last = years[years.length - 1].year;
    let all = [];
    if (last - first < Math.max(40, years.length)) {
      for (let y = first; y <= last; y++) all.push({ year: y, releases: byYear.get(y) || 0 });
    } else {
      all = years.map((y) => ({ year: y.year, releases: y.releases }));
    }
    const single = s.since && s.since === s.until && /^\d{4}$/.test(s.since);
    const bars = all.map((y) => ({
      label: String(y.year),
      releases: y.releases,
      on: inRange(y.year, s),
      pick: single && s.since === String(y.year) ? { since: "", until: "" } : { since: String(y.year), until: String(y.year) },
      data: { year: y.year },
    }));
    append(panel, barChart("year-chart", bars, first, last));
  }
  const firstYear = years.length ? String(years[0].year) : "YYYY";
  const lastYear = years.length ? String(years[years.length - 1].year) : "YYYY";
  const since = h("input", { id: "since", value: s.since, placeholder: firstYear, title: "Since: YYYY, YYYY-MM or YYYY-MM-DD", "aria-label": "Since", inputmode: "numeric", size: 10 });
  const until = h("input", { id: "until", value: s.until, placeholder: lastYear, title: "Until: YYYY, YYYY-MM or YYYY-MM-DD", "aria-label": "Until", inputmode: "numeric", size: 10 });
  const form = h("form", {
    class: "dates", id: "dates",
    onsubmit: (e) => {
      e.preventDefault();
      go(searchState({ since: since.value.trim(), until: until.value.trim() }));
    },
  }, since, h("span", { class: "muted" }, "to"), until, h("button", { type: "submit", class: "small" }, "Apply"));
  return append(panel, [form]);
}

function facetPanel(title, kind, s, rows) {
  const selected = kind === "person" ? s.person : s.org;
  const panel = h("section", { class: "panel" }, h("h2", {}, title));
  if (!rows.length) return append(panel, [h("p", { class: "muted small" }, "None found.")]);
  const max = Math.max(...rows.map((r) => r.releases));
  const list = h("ul", { class: `facet ${kind}`, id: `${kind}-facet` }, rows.map((r) => {
    const on = selected.includes(r.name);
    const change = kind === "person"
      ? { person: on ? s.person.filter((x) => x !== r.name) : addUnique(s.person, r.name) }
      : { org: on ? s.org.filter((x) => x !== r.name) : addUnique(s.org, r.name) };
    const meter = h("span", { class: "meter" });
    meter.style.width = `${(100 * r.releases) / max}%`;
    return h("li", { class: on ? "on" : "" },
      link(searchState(change), { class: "facet-item", title: on ? "Remove this filter" : `Only releases mentioning ${r.name}`, dataset: { name: r.name } },
        meter, h("span", { class: "name" }, r.name), h("span", { class: "count" }, fmtCount(r.releases))),
      link(kind === "person" ? personState(r.name) : orgState(r.name), { class: "timeline-link", title: `${r.name}: mentions timeline`, "aria-label": `${r.name}: mentions timeline` }, clockIcon()),
      editsAllowed && [
        h("button", { type: "button", class: "edit merge", title: `Merge ${r.name} into another name`, "aria-label": `Merge ${r.name} into another name`, dataset: { name: r.name }, onclick: () => editIdentity("merge", kind, r.name) }, "\u21c4"),
        h("button", { type: "button", class: "edit hide", title: `Hide ${r.name}`, "aria-label": `Hide ${r.name}`, dataset: { name: r.name }, onclick: () => editIdentity("hide", kind, r.name) }, "\u00d7"),
      ]);
  }));
  return append(panel, [list]);
}

// ----- release view

/** The release, with the matches of the search it was opened from (when it has a query). */
async function fetchRelease(s) {
  if (!s.q) return api("release", { path: s.release });
  try {
    return await api("release", { path: s.release, q: s.q, person: s.person, org: s.org });
  } catch (err) {
    // A query the API refuses (a URL edited by hand): the release without its matches.
    if (err && err.parameter && err.parameter !== "path") return api("release", { path: s.release });
    throw err;
  }
}

/** The "Original page" link of a release whose HTML named its address: only an absolute
 * http(s) URL (the server keeps no other), opened in a new tab without a referrer or an
 * `opener` handle. */
function originalLink(url) {
  if (typeof url !== "string") return "";
  let u;
  try {
    u = new URL(url);
  } catch {
    return "";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "";
  return h("a", {
    class: "original", id: "original-link", href: u.href, target: "_blank",
    rel: "noopener noreferrer nofollow", title: clean(u.href),
  }, "Original page ↗");
}

async function renderRelease(s, id) {
  document.body.dataset.view = "release";
  const r = await fetchRelease(s);
  if (id !== renderId) return;
  const title = titleOf(r.title, r.body, r.path);
  document.title = `${clean(title)} — pressdex`;
  const spans = [
    ...r.people.flatMap((e) => e.mentions.map((m) => ({ ...m, kind: "person", name: e.name }))),
    ...r.orgs.flatMap((e) => e.mentions.map((m) => ({ ...m, kind: "org", name: e.name }))),
  ];
  const matches = r.matches || [];
  const body = h("div", { class: "body", id: "release-body" }, byteSlices(r.body, spans).map((p) =>
    p.span
      ? link(p.span.kind === "person" ? personState(p.span.name) : orgState(p.span.name),
        { class: `mention ${p.span.kind}`, title: `${p.span.name} (${p.span.kind === "person" ? "person" : "organization"}): mentions timeline` },
        h("mark", {}, withMatches(p.text, p.start, matches)))
      : withMatches(p.text, p.start, matches)));
  const hits = [...body.querySelectorAll("mark.hit")];
  setView(h("article", { class: "release", id: "release" },
    backLink({ ...s, release: "" }, "← Back to results"),
    h("div", { class: "meta" }, h("time", {}, r.date || "undated"),
      r.date_source ? h("span", { class: "muted" }, `date from ${r.date_source}`) : "",
      h("span", { class: "path" }, r.path),
      originalLink(r.url)),
    h("h1", { id: "release-title" }, title),
    h("p", { class: "legend" },
      h("span", { class: "mention person" }, h("mark", {}, "person")), " ",
      h("span", { class: "mention org" }, h("mark", {}, "organization")),
      h("span", { class: "muted" }, ` · ${plural(spans.length, "mention", "mentions")} highlighted`)),
    s.q ? matchBar(s.q, hits) : "",
    body));
  const list = (title, kind, ents) => h("section", { class: "panel" }, h("h2", {}, title),
    ents.length
      ? h("ul", { class: `facet ${kind}` }, ents.map((e) => h("li", {},
        link(kind === "person" ? personState(e.name) : orgState(e.name), { class: "facet-item", title: "Mentions timeline" },
          h("span", { class: `dot ${kind}` }), h("span", { class: "name" }, e.name),
          h("span", { class: "count", title: "mentions in this release" }, fmtCount(e.mentions.length))))))
      : h("p", { class: "muted small" }, "None found."));
  setSidebar(list("People", "person", r.people), list("Organizations", "org", r.orgs));
}

/** "3 of 12 matches for …" with Previous and Next (also the keys p and n). */
function matchBar(q, hits) {
  if (!hits.length) {
    return h("p", { class: "matchbar", id: "match-nav" }, h("span", { id: "match-count" }, `No match of “${q}” in this release's text`));
  }
  let at = -1;
  const count = h("span", { id: "match-count" }, `${plural(hits.length, "match", "matches")} of “${q}”`);
  const show = (i) => {
    if (at >= 0) hits[at].classList.remove("current");
    at = (i + hits.length) % hits.length;
    hits[at].classList.add("current");
    hits[at].scrollIntoView({ block: "center" });
    count.textContent = `${fmtCount(at + 1)} of ${plural(hits.length, "match", "matches")} of “${clean(q)}”`;
  };
  matchKeys = (key) => show(key === "n" ? at + 1 : at - 1);
  return h("div", { class: "matchbar", id: "match-nav" }, count,
    h("button", { type: "button", class: "small", id: "match-prev", title: "Previous match (p)", onclick: () => show(at - 1) }, "↑ Previous"),
    h("button", { type: "button", class: "small", id: "match-next", title: "Next match (n)", onclick: () => show(at + 1) }, "↓ Next"));
}

/** What the keys n and p do on a release with matches. */
let matchKeys = null;

// ----- mentions timeline

async function renderMentions(s, id) {
  document.body.dataset.view = "mentions";
  const ask = { name: s.mentions, kind: s.kind, since: s.since, until: s.until, limit: TIMELINE_PAGE };
  const m = await api("mentions", ask);
  if (id !== renderId) return;
  document.title = `${clean(s.mentions)} — pressdex`;
  // `matched` comes most releases first: the first is the identity the name stands for.
  const who = m.matched[0];
  const back = backLink(searchState({}), "← Back to search");
  if (!who) {
    setView(h("div", { class: "timeline" }, back, h("h1", {}, s.mentions),
      h("p", {}, "No releases mention this name."),
      m.suggestions.length ? h("p", {}, "Did you mean ", m.suggestions.map((e, i) => [i ? ", " : "",
        link({ ...s, mentions: e.name, kind: e.kind }, {}, e.name)]), "?") : ""));
    setSidebar([]);
    return;
  }
  const kind = who.kind;
  // Releases per year over every release that names them (not only the ones loaded), and the
  // aliases and roles the mentions summary leaves out.
  const [counts, full] = await Promise.all([
    // `years` leaves the dates out: every year stays in the sidebar when one is picked.
    api("facets", { [kind]: who.name, since: s.since, until: s.until, facet_limit: 1 }).then((f) => f.years).catch(() => null),
    who.aliases.length || who.roles.length ? null
      : api(kind === "person" ? "people" : "orgs", { [kind]: who.name, limit: 50 })
        .then((l) => l.entities.find((e) => e.name === who.name)).catch(() => null),
  ]);
  if (id !== renderId) return;
  if (full) Object.assign(who, { aliases: full.aliases, roles: full.roles });
  const perYear = new Map((counts || []).map((c) => [String(c.year), c.releases]));

  const timeline = { releases: mergeByRelease(m.releases), next: TIMELINE_PAGE };
  const list = h("div", { id: "timeline-years" });
  const more = h("p", { class: "more-mentions" });
  const draw = () => {
    const byYear = new Map();
    for (const r of timeline.releases) {
      const y = r.date ? r.date.slice(0, 4) : "undated";
      if (!byYear.has(y)) byYear.set(y, []);
      byYear.get(y).push(r);
    }
    list.replaceChildren(...[...byYear.entries()].map(([year, rels]) => yearSection(year, rels, who, perYear.get(year))));
    const shown = timeline.releases.length;
    more.replaceChildren(m.total > shown && timeline.next < m.total && timeline.next <= MAX_OFFSET
      ? h("button", { type: "button", id: "older", onclick: older }, `Show older mentions (${fmtCount(shown)} of ${plural(m.total, "release", "releases")} shown)`)
      : "");
  };
  const older = async (e) => {
    e.target.disabled = true;
    try {
      const page = await api("mentions", { ...ask, offset: timeline.next });
      if (id !== renderId) return;
      const seen = new Set(timeline.releases.map((r) => r.path));
      timeline.releases.push(...mergeByRelease(page.releases).filter((r) => !seen.has(r.path)));
      timeline.next += TIMELINE_PAGE;
      draw();
    } catch (err) {
      if (err && err.name === "AbortError") return;
      more.replaceChildren(h("span", { class: "muted" }, `Cannot load older mentions: ${(err && err.error) || err}`));
    }
  };
  draw();
  setView(h("div", { class: "timeline", id: "timeline" },
    back,
    h("h1", {}, h("span", { class: `dot ${kind}` }), who.name),
    h("p", { class: "lead" },
      `${kind === "person" ? "Person" : "Organization"} · mentioned in ${plural(m.total, "release", "releases")}`,
      who.first ? ` · ${who.first} – ${who.last}` : "",
      s.since || s.until ? ` · ${s.since || "…"} to ${s.until || "…"}` : ""),
    who.roles.length ? h("p", {}, h("span", { class: "label" }, "Roles "), who.roles.join(" · ")) : "",
    who.aliases.length ? h("p", {}, h("span", { class: "label" }, "Also written "), who.aliases.join(" · ")) : "",
    m.matched.length > 1 ? h("p", { class: "note", id: "also-matched" }, `“${s.mentions}” also matches `,
      m.matched.slice(1, 6).map((e, i) => [i ? ", " : "", link({ ...s, mentions: e.name, kind: e.kind }, {}, e.name), ` (${plural(e.releases, "release", "releases")})`]),
      "; their mentions are listed too.") : "",
    link(searchState({ [kind]: [who.name] }), { class: "button" }, `Search releases mentioning ${who.name} →`),
    list, more));
  setSidebar(yearCountsPanel(s, counts));
}

/** One entry per release: the rows of its name variants merged, mentions in text order. */
function mergeByRelease(rows) {
  const out = new Map();
  for (const r of rows) {
    const have = out.get(r.path);
    if (!have) {
      out.set(r.path, { ...r, entities: [r.entity], roles: [...r.roles], mentions: [...r.mentions] });
      continue;
    }
    if (!have.entities.includes(r.entity)) have.entities.push(r.entity);
    for (const role of r.roles) if (!have.roles.includes(role)) have.roles.push(role);
    have.mentions.push(...r.mentions);
    have.mentions.sort((a, b) => a.start - b.start);
  }
  return [...out.values()];
}

/** Releases per year over all of them; a click shows that year's mentions. */
function yearCountsPanel(s, counts) {
  const panel = h("section", { class: "panel", id: "mention-years" }, h("h2", {}, "Releases per year"));
  if (!counts || !counts.length) return append(panel, [h("p", { class: "muted small" }, counts ? "No dated release." : "Not available.")]);
  const max = Math.max(...counts.map((c) => c.releases));
  const one = s.since && s.since === s.until;
  return append(panel, [h("ul", { class: "facet" }, counts.map((c) => {
    const meter = h("span", { class: "meter" });
    meter.style.width = `${(100 * c.releases) / max}%`;
    const on = one && s.since === String(c.year);
    const to = on ? { ...s, since: "", until: "" } : { ...s, since: String(c.year), until: String(c.year) };
    return h("li", { class: on ? "on" : "" }, link(to, { class: "facet-item", title: on ? "Every year" : `Only ${c.year}`, dataset: { year: c.year } },
      meter, h("span", { class: "name" }, c.year), h("span", { class: "count" }, fmtCount(c.releases))));
  })), one ? link({ ...s, since: "", until: "" }, { class: "clear" }, "Every year") : ""]);
}

function yearSection(year, rels, who, all) {
  const event = (r) => h("li", {},
    h("div", { class: "meta" }, h("time", {}, r.date || "undated"),
      r.entities.some((e) => e !== who.name) ? h("span", { class: "muted" }, `as ${r.entities.join(", ")}`) : "",
      r.roles.length ? h("span", { class: "muted" }, r.roles.join(", ")) : ""),
    h("h3", {}, link(releaseState(r.path), { class: "title" }, titleOf(r.title, "", r.path))),
    r.mentions.slice(0, 3).map((k) => h("p", { class: "kwic" }, marked(k.sentence, [k.highlight]))),
    r.mentions.length > 3 ? h("p", { class: "muted small" }, `+ ${r.mentions.length - 3} more mentions`) : "");
  const count = all && all > rels.length ? `${fmtCount(rels.length)} of ${plural(all, "release", "releases")} shown` : plural(rels.length, "release", "releases");
  return h("section", { class: "year", dataset: { year } },
    h("h2", {}, year, h("span", { class: "muted" }, ` · ${count}`)),
    h("ol", { class: "events" }, rels.map(event)));
}

// ---------------------------------------------------------------- wiring

async function loadInfo() {
  try {
    const res = await fetch("/api/info");
    const info = await res.json();
    $("info").textContent = `${fmtCount(info.releases)} releases`;
    editsAllowed = info.edits === true;
    $("info").title = `index ${info.index} · pressdex ${info.version}`;
  } catch {
    /* the header note is optional */
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    go(searchState({ q: $("q").value.trim(), sort: $("sort").value }));
  });
  $("sort").addEventListener("change", () => {
    go(searchState({ q: $("q").value.trim(), sort: $("sort").value }));
  });
  $("home").addEventListener("click", (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey) return;
    e.preventDefault();
    history.pushState(null, "", "/");
    render();
  });
  window.addEventListener("popstate", render);
  document.addEventListener("keydown", (e) => {
    const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
    if (e.key === "/" && !typing) {
      e.preventDefault();
      $("q").focus();
    } else if ((e.key === "n" || e.key === "p") && !typing && !e.ctrlKey && !e.metaKey && !e.altKey
      && matchKeys && document.body.dataset.view === "release") {
      matchKeys(e.key);
    }
  });
  // The sidebar's edit buttons depend on the server's answer: render after it.
  loadInfo().finally(render);
});
