// The extraction page: sends the text to POST /v1/extract and draws the answer — the text with its
// spans marked, a timeline (SVG) and a table. Offsets in the answer are code points; JavaScript
// strings are UTF-16, so every offset goes through a code point → UTF-16 index map.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE_SIZE = 8;
  const state = { answer: null, text: "", published: "", loaded: null, sort: { key: "position", dir: 1 } };
  let typeOrder = []; // the service's event types (GET /v1/info) fix each type's colour

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    return node;
  }

  function colour(type) {
    let index = typeOrder.indexOf(type);
    if (index < 0) {
      typeOrder.push(type);
      index = typeOrder.length - 1;
    }
    return "c" + (index % PALETTE_SIZE);
  }

  // --- offsets -------------------------------------------------------------------------------

  /** units[i] is the UTF-16 index of code point i; units[n] the string's length. */
  function codeUnitIndex(text) {
    const units = [0];
    let unit = 0;
    for (const ch of text) {
      unit += ch.length;
      units.push(unit);
    }
    return units;
  }

  /** Every span of the answer once (same kind, same offsets), with what refers to it. */
  function collectSpans(answer, text) {
    const units = codeUnitIndex(text);
    const spans = [];
    const byKey = new Map();
    const problems = [];
    function add(kind, span, ref) {
      if (!span || typeof span.start !== "number" || typeof span.end !== "number") return null;
      if (span.start < 0 || span.end > units.length - 1 || span.start >= span.end) {
        problems.push(`${kind} ${span.start}–${span.end} is outside the text`);
        return null;
      }
      const key = `${kind}:${span.start}:${span.end}`;
      let entry = byKey.get(key);
      if (!entry) {
        const start = units[span.start];
        const end = units[span.end];
        entry = { id: "s" + spans.length, kind, start, end, cp: [span.start, span.end], refs: [] };
        if (typeof span.text === "string" && text.slice(start, end) !== span.text) {
          problems.push(`${kind} ${span.start}–${span.end}: "${span.text}" is not the text there`);
        }
        byKey.set(key, entry);
        spans.push(entry);
      }
      entry.refs.push(ref);
      return entry;
    }
    for (const event of answer.events || []) {
      event.spanIds = [];
      for (const mention of event.mentions || []) add("trigger", mention.trigger, { event, mention });
      const linked = [
        ...(event.actors || []).map((actor) => add("actor", actor, { event, actor })),
        event.date ? add("date", event.date, { event, date: event.date }) : null,
        event.location ? add("place", event.location, { event, place: event.location }) : null,
      ];
      event.spanIds = linked.filter(Boolean).map((span) => span.id);
    }
    for (const timex of answer.dates || []) add("date", timex, { timex });
    for (const place of answer.places || []) {
      for (const span of Array.isArray(place.mentions) ? place.mentions : [place]) add("place", span, { place });
    }
    return { spans, problems };
  }

  // --- the marked text -----------------------------------------------------------------------

  /** Overlaps: trigger marks are kept whole (one <mark> per distinct trigger span; a trigger that
   * overlaps an earlier one is drawn as an inner span instead). Everything else is cut at every
   * span boundary into segments, each carrying the spans that cover it. */
  function renderText(text, spans) {
    const byStart = (a, b) => a.start - b.start || b.end - a.end;
    const triggers = [];
    let lastEnd = -1;
    for (const span of spans.filter((s) => s.kind === "trigger").sort(byStart)) {
      if (span.start >= lastEnd) {
        triggers.push(span);
        lastEnd = span.end;
      } else span.kind = "trigger-overlap";
    }
    const inner = spans.filter((s) => s.kind !== "trigger").sort(byStart);
    const cuts = new Set([0, text.length]);
    for (const span of [...triggers, ...inner]) cuts.add(span.start).add(span.end);
    const points = [...cuts].sort((a, b) => a - b);
    const lastPiece = new Map(); // span id → its last segment element (it carries the role label)
    const root = document.createDocumentFragment();
    let active = [];
    let next = 0;
    let t = 0;
    let mark = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const [from, to] = [points[i], points[i + 1]];
      while (next < inner.length && inner[next].start <= from) active.push(inner[next++]);
      active = active.filter((s) => s.end > from);
      while (t < triggers.length && triggers[t].end <= from) t++;
      const trigger = t < triggers.length && triggers[t].start <= from ? triggers[t] : null;
      if (trigger && (!mark || mark.dataset.spans !== trigger.id)) {
        mark = triggerMark(trigger, text);
        root.append(mark);
      } else if (!trigger) mark = null;
      const piece = text.slice(from, to);
      const parent = mark || root;
      if (!active.length) {
        parent.append(piece);
        continue;
      }
      const kinds = [...new Set(active.map((s) => s.kind))];
      const segment = el("span", { class: "seg " + kinds.join(" "), "data-spans": active.map((s) => s.id).join(" ") }, piece);
      parent.append(segment);
      for (const span of active) lastPiece.set(span.id, segment);
    }
    for (const span of inner) {
      const roles = [...new Set(span.refs.filter((r) => r.actor).map((r) => r.actor.role))];
      const piece = lastPiece.get(span.id);
      if (roles.length && piece) piece.dataset.role = [piece.dataset.role, ...roles].filter(Boolean).join(" / ");
    }
    return root;
  }

  function triggerMark(span, text) {
    const types = [...new Set(span.refs.map((r) => r.event.type))];
    const mark = el("mark", {
      class: "trigger " + types.map(colour).join(" "),
      tabindex: "0",
      "data-spans": span.id,
      "data-start": span.cp[0],
      "data-end": span.cp[1],
      "data-events": span.refs.map((r) => r.event.id).join(" "),
      "aria-describedby": "tooltip",
    });
    mark.setAttribute("aria-label", `${text.slice(span.start, span.end)}: ${types.join(", ")} event`);
    return mark;
  }

  // --- tooltips -----------------------------------------------------------------------------

  function describe(label, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", {}, el("dt", { text: label }), el("dd", { text: String(value) }));
  }

  /** The plain fields of an object, one level of nesting flattened (e.g. a place's geo fields). */
  function extras(object, skip) {
    const out = [];
    for (const [key, value] of Object.entries(object || {})) {
      if (skip.includes(key) || value === null || Array.isArray(value)) continue;
      if (typeof value !== "object") out.push(`${key} ${value}`);
      else for (const [inner, v] of Object.entries(value)) if (v !== null && typeof v !== "object") out.push(`${key}.${inner} ${v}`);
    }
    return out.join(", ");
  }

  function placeText(place) {
    const more = extras(place, ["text", "start", "end", "name"]);
    return place.name + (more ? ` (${more})` : "");
  }

  function eventCard(event, mention) {
    const date = event.date;
    const actors = (event.actors || []).map((a) => `${a.name} — ${a.role}`).join("; ");
    const modality = event.modality + (event.modality_cue ? ` (“${event.modality_cue.text}”)` : "");
    const rows = [
      describe("actors", actors || "none found"),
      describe("date", date ? `${date.value} (${date.type}, ${date.source}${date.text ? `, “${date.text}”` : ""})` : "none"),
      describe("place", event.location ? placeText(event.location) : "none"),
      describe("modality", modality),
      describe("confidence", event.confidence),
      describe("rule", mention && mention.rule !== event.rule ? `${mention.rule} (event: ${event.rule})` : event.rule),
      describe("format", event.format),
    ].filter(Boolean);
    return el(
      "section",
      { class: "card" },
      el("h3", { class: colour(event.type) }, `${event.id} · ${event.type} · ${event.subtype} · CAMEO ${event.cameo}`),
      el("dl", {}, ...rows),
    );
  }

  function refCard(ref) {
    if (ref.mention) return eventCard(ref.event, ref.mention);
    let line;
    if (ref.actor) line = `actor: ${ref.actor.name} — ${ref.actor.role} of ${ref.event.id} (${ref.event.type}); ${extras(ref.actor, ["text", "start", "end", "name", "role"])}`;
    else if (ref.date) line = `date of ${ref.event.id}: ${ref.date.value}`;
    else if (ref.timex) line = `time expression: ${ref.timex.value} (${ref.timex.type})${ref.timex.anchor ? `, resolved against ${ref.timex.anchor}` : ""}`;
    else if (ref.place && ref.event) line = `place of ${ref.event.id}: ${placeText(ref.place)}`;
    else line = `place: ${placeText(ref.place)}`;
    return el("p", { class: "ref" }, line);
  }

  function showTooltip(target) {
    const ids = [];
    for (let node = target; node && node !== $("marked"); node = node.parentElement) {
      if (node.dataset.spans) ids.unshift(...node.dataset.spans.split(" ")); // the trigger first
    }
    const spans = ids.map((id) => state.spans[Number(id.slice(1))]).filter(Boolean);
    if (!spans.length) return;
    const tooltip = $("tooltip");
    tooltip.replaceChildren(...spans.flatMap((span) => span.refs.map(refCard)));
    tooltip.hidden = false;
    highlightLinked(spans);
    const box = target.getBoundingClientRect();
    const width = Math.min(420, document.documentElement.clientWidth - 16);
    tooltip.style.maxWidth = width + "px";
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - tooltip.offsetWidth - 8));
    const below = box.bottom + 6;
    const top = below + tooltip.offsetHeight < window.innerHeight || box.top < tooltip.offsetHeight + 6
      ? below : box.top - tooltip.offsetHeight - 6;
    tooltip.style.left = left + window.scrollX + "px";
    tooltip.style.top = top + window.scrollY + "px";
  }

  function highlightLinked(spans) {
    for (const node of document.querySelectorAll(".linked")) node.classList.remove("linked");
    for (const span of spans) {
      for (const ref of span.refs) {
        if (!ref.mention) continue;
        for (const id of ref.event.spanIds) {
          for (const node of document.querySelectorAll(`[data-spans~="${id}"]`)) node.classList.add("linked");
        }
      }
    }
  }

  function hideTooltip() {
    $("tooltip").hidden = true;
    for (const node of document.querySelectorAll(".linked")) node.classList.remove("linked");
  }

  // --- timeline -----------------------------------------------------------------------------

  const DAY = 86400000;

  /** A TIMEX3 calendar value as [start, end) in UTC milliseconds and its granularity, or null. */
  function dateRange(value) {
    let m;
    if ((m = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(value))) {
      const start = Date.UTC(+m[1], +m[2] - 1, +m[3]);
      return { start, end: start + DAY, unit: "day" };
    }
    if ((m = /^(\d{4})-W(\d{2})$/.exec(value))) {
      const jan4 = Date.UTC(+m[1], 0, 4);
      const week1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
      const start = week1 + (+m[2] - 1) * 7 * DAY;
      return { start, end: start + 7 * DAY, unit: "week" };
    }
    if ((m = /^(\d{4})-(\d{2})$/.exec(value))) {
      return { start: Date.UTC(+m[1], +m[2] - 1, 1), end: Date.UTC(+m[1], +m[2], 1), unit: "month" };
    }
    if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) {
      const q = +m[2] - 1;
      return { start: Date.UTC(+m[1], q * 3, 1), end: Date.UTC(+m[1], q * 3 + 3, 1), unit: "quarter" };
    }
    if ((m = /^(\d{4})$/.exec(value))) return { start: Date.UTC(+m[1], 0, 1), end: Date.UTC(+m[1] + 1, 0, 1), unit: "year" };
    return null;
  }

  function ticks(from, to) {
    const span = to - from;
    const out = [];
    const d = new Date(from);
    if (span <= 16 * DAY) {
      for (let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); t <= to; t += DAY) out.push([t, "day"]);
    } else if (span <= 120 * DAY) {
      let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      t += ((8 - new Date(t).getUTCDay()) % 7) * DAY; // Mondays
      for (; t <= to; t += 7 * DAY) out.push([t, "day"]);
    } else {
      const step = span <= 3 * 365 * DAY ? 1 : 12;
      for (let y = d.getUTCFullYear(), mo = d.getUTCMonth() + 1; ; mo += step) {
        const t = Date.UTC(y, mo, 1);
        if (t > to) break;
        out.push([t, step === 1 ? "month" : "year"]);
      }
    }
    return out;
  }

  function tickLabel(t, unit) {
    const iso = new Date(t).toISOString();
    return unit === "day" ? iso.slice(5, 10) : unit === "month" ? iso.slice(0, 7) : iso.slice(0, 4);
  }

  function renderTimeline() {
    const box = $("timeline");
    const answer = state.answer;
    if (!answer) return;
    const dated = answer.events
      .map((event) => ({ event, range: event.date ? dateRange(event.date.value) : null }))
      .filter((d) => d.range);
    const undated = answer.events.length - dated.length;
    $("timeline-note").textContent = dated.length
      ? `${dated.length} dated event${dated.length === 1 ? "" : "s"}` + (undated ? `; ${undated} without a calendar date not shown.` : ".") + " A bar's width is its date's granularity (day, week, month, …)."
      : "No event has a calendar date.";
    if (!dated.length) return box.replaceChildren();
    const published = state.published ? dateRange(state.published.slice(0, 10)) : null;
    let from = Math.min(...dated.map((d) => d.range.start), published ? published.start : Infinity);
    let to = Math.max(...dated.map((d) => d.range.end), published ? published.end : -Infinity);
    const pad = Math.max(DAY, (to - from) * 0.04);
    from -= pad;
    to += pad;
    const width = Math.max(280, box.clientWidth);
    const margin = 12;
    const x = (t) => margin + ((t - from) / (to - from)) * (width - 2 * margin);
    const lanes = [];
    const lane = [];
    for (const d of [...dated].sort((a, b) => a.range.start - b.range.start)) {
      const left = x(d.range.start);
      const right = Math.max(x(d.range.end), left + 8);
      let i = lanes.findIndex((end) => end + 3 <= left);
      if (i < 0) i = lanes.push(0) - 1;
      lanes[i] = right;
      lane.push([d, i, left, right - left]);
    }
    const rowHeight = 13; // events of the same day stack up: a column as tall as the day is busy
    const axisY = lanes.length * rowHeight + 22;
    const height = axisY + 28;
    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": "Timeline of the dated events" });
    chart.append(svg("line", { x1: margin, x2: width - margin, y1: axisY, y2: axisY, class: "tl-axis" }));
    let lastLabel = -Infinity;
    for (const [t, unit] of ticks(from, to)) {
      const tx = x(t);
      chart.append(svg("line", { x1: tx, x2: tx, y1: 4, y2: axisY + 4, class: "tl-grid" }));
      if (tx - lastLabel < 46 || tx > width - 20) continue;
      const label = svg("text", { x: tx + 2, y: axisY + 18, class: "tl-label" });
      label.textContent = tickLabel(t, unit);
      chart.append(label);
      lastLabel = tx;
    }
    if (published) {
      const px = x(published.start);
      chart.append(svg("line", { x1: px, x2: px, y1: 14, y2: axisY, class: "tl-published" }));
      const label = svg("text", { x: Math.min(px, width - 70), y: 11, class: "tl-label tl-published-label" });
      label.textContent = "published";
      chart.append(label);
    }
    for (const [d, i, left, w] of lane) {
      const { event, range } = d;
      const rect = svg("rect", {
        x: left, y: 18 + i * rowHeight, width: w, height: rowHeight - 3, rx: 2,
        class: `tl-event ${colour(event.type)}`, tabindex: "0", "data-event": event.id,
        role: "img", "aria-label": `${event.id} ${event.type} on ${event.date.value} (${range.unit})`,
      });
      const title = svg("title", {});
      title.textContent = `${event.id} · ${event.type} · ${event.trigger.text} · ${event.date.value} (${range.unit})`;
      rect.append(title);
      chart.append(rect);
    }
    box.replaceChildren(chart);
  }

  // --- table --------------------------------------------------------------------------------

  function sortValue(event, key) {
    if (key === "type") return event.type + "\u0000" + String(event.position).padStart(6, "0");
    if (key === "date") {
      const range = event.date ? dateRange(event.date.value) : null;
      return range ? range.start : Infinity; // undated last
    }
    if (key === "confidence") return event.confidence;
    return event.position;
  }

  function renderTable() {
    const { key, dir } = state.sort;
    const rows = [...state.answer.events].sort((a, b) => {
      const [va, vb] = [sortValue(a, key), sortValue(b, key)];
      return (va < vb ? -1 : va > vb ? 1 : a.position - b.position) * dir;
    });
    for (const th of document.querySelectorAll("#events th")) {
      const button = th.querySelector("button");
      if (button && button.dataset.sort === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    $("events").tBodies[0].replaceChildren(
      ...rows.map((event) => {
        const show = el("button", { type: "button", class: "link", "data-event": event.id }, event.trigger.text);
        return el(
          "tr", {},
          el("td", { text: event.id }),
          el("td", {}, el("span", { class: `chip ${colour(event.type)}`, text: event.type }), ` ${event.subtype} (${event.cameo})`),
          el("td", {}, show),
          el("td", { text: (event.actors || []).map((a) => `${a.name} (${a.role})`).join(", ") }),
          el("td", { text: event.date ? event.date.value : "" }),
          el("td", { text: event.location ? event.location.name : "" }),
          el("td", { text: event.modality }),
          el("td", { text: event.confidence }),
          el("td", { text: event.rule }),
        );
      }),
    );
  }

  function focusEvent(id) {
    const mark = document.querySelector(`mark.trigger[data-events~="${id}"]`);
    if (mark) {
      mark.scrollIntoView({ block: "center" });
      mark.focus();
    }
  }

  // --- the request --------------------------------------------------------------------------

  function showProblem(title, detail, problem) {
    $("problem-title").textContent = title;
    $("problem-detail").textContent = detail || "";
    const errors = problem && problem.errors ? Object.entries(problem.errors) : [];
    $("problem-errors").replaceChildren(...errors.map(([field, messages]) => el("li", {}, el("code", { text: field }), ": " + [].concat(messages).map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" "))));
    const type = problem && typeof problem.type === "string" && problem.type.startsWith("/problems#") ? problem.type : null;
    $("problem-type").hidden = !type;
    if (type) $("problem-type").href = type;
    $("problem-request").textContent = problem && problem.request_id ? `request id ${problem.request_id}` : "";
    $("problem").hidden = false;
  }

  function render(answer, text) {
    answer.events.forEach((event, i) => (event.position = i));
    state.answer = answer;
    state.text = text;
    const { spans, problems } = collectSpans(answer, text);
    state.spans = spans;
    $("marked").replaceChildren(renderText(text, spans));
    const types = [...new Set(answer.events.map((e) => e.type))];
    $("legend").replaceChildren(
      ...types.map((type) => el("li", {}, el("span", { class: `chip ${colour(type)}`, text: type }))),
      el("li", {}, el("span", { class: "seg actor", text: "actor" }), " (role after it)"),
      el("li", {}, el("span", { class: "seg date", text: "date" })),
      el("li", {}, el("span", { class: "seg place", text: "place" })),
    );
    const warnings = [...(answer.warnings || []), ...problems.map((p) => "offsets: " + p)];
    $("warnings").replaceChildren(...warnings.map((w) => el("li", { text: w })));
    $("results").hidden = false; // before the timeline: it takes the width it is given
    renderTimeline();
    renderTable();
    const mentions = answer.events.reduce((n, e) => n + (e.mentions || []).length, 0);
    $("status").textContent = `${answer.events.length} events (${mentions} mentions), ${(answer.dates || []).length} time expressions.`;
  }

  async function extract(event) {
    if (event) event.preventDefault();
    const shown = $("text").value;
    const text = state.loaded && state.loaded.shown === shown ? state.loaded.text : shown; // a file's exact text
    const published = $("published-at").value.trim();
    const body = { text };
    if (published) body.published_at = published;
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const key = $("api-key").value.trim();
    if (key) headers["X-API-Key"] = key;
    $("problem").hidden = true;
    $("extract-form").setAttribute("aria-busy", "true");
    $("extract").disabled = true;
    $("status").textContent = "Extracting…";
    try {
      const response = await fetch("/v1/extract", { method: "POST", headers, body: JSON.stringify(body) });
      let payload = null;
      try {
        payload = await response.json();
      } catch (_) {
        payload = null;
      }
      if (!response.ok || !payload || !Array.isArray(payload.events)) {
        $("results").hidden = true;
        $("status").textContent = "";
        const title = payload && payload.title ? payload.title : `HTTP ${response.status} ${response.statusText}`;
        showProblem(title, payload && payload.detail ? payload.detail : "The service answered without a problem document.", payload);
        return;
      }
      state.published = published;
      render(payload, text);
    } catch (error) {
      $("status").textContent = "";
      showProblem("The service could not be reached", String(error && error.message ? error.message : error), null);
    } finally {
      $("extract").disabled = false;
      $("extract-form").setAttribute("aria-busy", "false");
    }
  }

  function openFile() {
    const file = $("file").files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      $("text").value = reader.result;
      state.loaded = { text: reader.result, shown: $("text").value };
      $("status").textContent = `Opened ${file.name} (${[...reader.result].length} characters).`;
    };
    reader.onerror = () => showProblem("The file could not be read", String(reader.error), null);
    reader.readAsText(file, "utf-8");
  }

  function start() {
    $("extract-form").addEventListener("submit", extract);
    $("file").addEventListener("change", openFile);
    $("text").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) extract(e);
    });
    const marked = $("marked");
    marked.addEventListener("mouseover", (e) => {
      const target = e.target.closest("[data-spans]");
      if (target) showTooltip(target);
      else if (!marked.contains(document.activeElement)) hideTooltip();
    });
    marked.addEventListener("mouseleave", hideTooltip);
    marked.addEventListener("focusin", (e) => {
      if (e.target.matches("mark.trigger")) showTooltip(e.target);
    });
    marked.addEventListener("focusout", hideTooltip);
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") hideTooltip();
    });
    $("events").tHead.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-sort]");
      if (!button) return;
      const key = button.dataset.sort;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      renderTable();
    });
    $("events").tBodies[0].addEventListener("click", (e) => {
      const button = e.target.closest("button[data-event]");
      if (button) focusEvent(button.dataset.event);
    });
    const timeline = $("timeline");
    timeline.addEventListener("click", (e) => {
      const rect = e.target.closest("[data-event]");
      if (rect) focusEvent(rect.dataset.event);
    });
    timeline.addEventListener("keydown", (e) => {
      const rect = e.target.closest("[data-event]");
      if (rect && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        focusEvent(rect.dataset.event);
      }
    });
    let resizing = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(renderTimeline, 150);
    });
    fetch("/v1/info", { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((info) => {
        if (info && Array.isArray(info.event_types) && !state.answer) typeOrder = info.event_types.map((t) => t.type);
      })
      .catch(() => {});
  }

  document.addEventListener("DOMContentLoaded", start);
})();
