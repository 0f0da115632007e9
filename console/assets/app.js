// flurry console: renders the four panels from /api/<panel>. Charts are
// plain SVG drawn here; there is no library and no build step.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const SEVERITIES = ["critical", "high", "medium", "low", "info"];
const SEV_COLOR = { info: "#8c959f", low: "#3b82f6", medium: "#e3a008", high: "#f97316", critical: "#cf222e" };
const HOUR = 3600 * 1000, DAY = 24 * HOUR;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function fetchJSON(path) {
  const r = await fetch(path, { credentials: "same-origin" });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status + ": " + (await r.text()));
  return r.json();
}

// Results by id, as rows of objects keyed by column name.
function byID(panel) {
  const m = {};
  for (const r of panel.results) m[r.id] = r;
  return m;
}
function objects(r) {
  if (!r) return [];
  return r.rows.map(row => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
}
function num(v) { return typeof v === "number" ? v : Number(v || 0); }
function fmtNum(v) { return typeof v === "number" ? v.toLocaleString("en-US") : v; }
function fmtBytes(n) {
  n = num(n);
  const u = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + " " + u[i];
}
// Times arrive as "YYYY-MM-DD HH:MM:SS" in UTC.
function utc(s) { return s ? Date.parse(String(s).replace(" ", "T") + "Z") : NaN; }

function sevBadge(s) { return el("span", { class: "sev sev-" + s, text: s }); }

// A result: title, note or error, the rendered content, and its SQL.
function resultBlock(r, content) {
  return el("div", { class: "result", id: "r-" + r.id.replace(/[^A-Za-z0-9_-]/g, "_") },
    el("h3", { text: r.title }),
    r.error ? el("div", { class: "error", text: r.error }) : null,
    r.note ? el("div", { class: "note", text: r.note }) : null,
    content,
    r.sql ? el("details", { class: "sql" }, el("summary", { text: "SQL (paste into a Snowsight worksheet)" }), el("pre", { text: r.sql })) : null);
}

// A plain table of a result. key names the column whose value identifies a row.
function table(r, opts = {}) {
  const cols = opts.columns || r.columns;
  const idx = cols.map(c => r.columns.indexOf(c));
  const key = opts.key !== undefined ? r.columns.indexOf(opts.key) : 0;
  const tbody = el("tbody");
  for (const row of r.rows) {
    const tr = el("tr", { "data-key": key >= 0 ? row[key] : null });
    cols.forEach((c, j) => {
      const v = row[idx[j]];
      const td = el("td", { "data-col": c, class: typeof v === "number" ? "num" : null });
      if (opts.cell && opts.cell(c, v, td)) { tr.append(td); return; }
      if (v === null || v === undefined) td.textContent = "";
      else if (typeof v === "number") td.textContent = String(v);
      else if (String(v).length > 80) td.append(el("span", { class: "trunc", title: String(v), text: String(v) }));
      else {
        td.textContent = String(v);
        if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(v)) td.className = "nowrap";
        if (/^(STATE|STATUS|EXECUTION_STATE)$/.test(c)) td.className = "state-" + String(v).split(" ")[0];
      }
      tr.append(td);
    });
    tbody.append(tr);
  }
  if (!r.rows.length) tbody.append(el("tr", {}, el("td", { colspan: cols.length, class: "muted", text: r.error ? "" : "no rows" })));
  return el("div", { class: "tablewrap" },
    el("table", { id: opts.id || "t-" + r.id.replace(/[^A-Za-z0-9_-]/g, "_") },
      el("thead", {}, el("tr", {}, cols.map(c => el("th", { text: c.toLowerCase() })))), tbody));
}

// Heatmap: one row per source, one cell per hour of the window. An hour
// without rows is drawn pale red: a source gone quiet shows at a glance.
function heatmap(r, sources, days) {
  const end = Math.floor(Date.now() / HOUR) * HOUR, start = end - days * DAY;
  const hours = Math.round((end - start) / HOUR) + 1;
  const counts = {};
  let max = 1;
  for (const o of objects(r)) {
    const t = utc(o.HOUR);
    (counts[o.SOURCE] ||= {})[t] = num(o.ROW_COUNT);
    max = Math.max(max, num(o.ROW_COUNT));
  }
  const cell = 7, labelW = 120, top = 16, rowH = 18;
  const w = labelW + hours * cell + 70, h = top + sources.length * rowH + 16;
  const s = svg("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, id: "volume-heatmap", role: "img" });
  for (let d = 0; d <= days; d++) {
    const x = labelW + d * 24 * cell;
    s.append(svg("line", { x1: x, x2: x, y1: top - 4, y2: h - 14, class: "axis" }));
    const day = new Date(start + d * DAY);
    s.append(svg("text", { x: x + 2, y: 11 }, day.toISOString().slice(5, 10)));
  }
  sources.forEach((src, i) => {
    const y = top + i * rowH;
    const total = Object.values(counts[src] || {}).reduce((a, b) => a + b, 0);
    const first = Math.min(...Object.keys(counts[src] || {}).map(Number));
    let quiet = 0;
    const g = svg("g", { "data-source": src, "data-total": total });
    g.append(svg("text", { x: 0, y: y + 12 }, src));
    for (let k = 0; k < hours; k++) {
      const t = start + k * HOUR, n = (counts[src] || {})[t] || 0;
      const x = labelW + k * cell;
      if (n === 0) {
        // Before a source's first row it was not there yet; after, an
        // hour without rows is a source gone quiet.
        const before = !(t > first);
        if (!before) quiet++;
        g.append(svg("rect", { x, y: y + 2, width: cell - 1, height: rowH - 5, class: before ? "nodata" : "quiet" },
          svg("title", {}, `${src} ${new Date(t).toISOString().slice(0, 13)}:00Z: no rows` + (before ? " (before its first row)" : ""))));
        continue;
      }
      const a = 0.25 + 0.75 * Math.log(1 + n) / Math.log(1 + max);
      g.append(svg("rect", { x, y: y + 2, width: cell - 1, height: rowH - 5, fill: "#1f6feb", "fill-opacity": a.toFixed(2) },
        svg("title", {}, `${src} ${new Date(t).toISOString().slice(0, 13)}:00Z: ${n} rows`)));
    }
    g.setAttribute("data-quiet-hours", quiet);
    g.append(svg("text", { x: labelW + hours * cell + 6, y: y + 12 }, quiet ? `${quiet} quiet h` : ""));
    s.append(g);
  });
  s.append(svg("text", { x: labelW, y: h - 2 }, "UTC days; each cell is an hour of event time"));
  return el("div", {}, el("div", { class: "tablewrap" }, s),
    el("div", { class: "legend" }, el("span", {}, el("i", { class: "swatch-busy" }), "rows (darker: more)"),
      el("span", {}, el("i", { class: "swatch-quiet" }), "quiet: no rows that hour"), el("span", {}, el("i", { class: "swatch-nodata" }), "before the source's first row")));
}

// Horizontal bars: label -> value.
function bars(items, id, fmt = fmtNum) {
  const max = Math.max(1, ...items.map(i => i.value));
  const rowH = 20, labelW = 190, barW = 360, w = labelW + barW + 110, h = items.length * rowH + 4;
  const s = svg("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, id, role: "img" });
  items.forEach((it, i) => {
    const y = i * rowH;
    const g = svg("g", { "data-label": it.label, "data-value": it.value });
    g.append(svg("text", { x: 0, y: y + 14 }, it.label));
    g.append(svg("rect", { x: labelW, y: y + 3, height: rowH - 6, width: Math.max(1, barW * it.value / max), fill: it.color || "#1f6feb", rx: 2 }));
    g.append(svg("text", { x: labelW + barW * it.value / max + 6, y: y + 14 }, fmt(it.value)));
    s.append(g);
  });
  return s;
}

// Stacked bars per day by severity.
function severityChart(r, days) {
  const end = Math.floor(Date.now() / DAY) * DAY, start = end - (days - 1) * DAY;
  const per = {};
  let max = 1;
  for (const o of objects(r)) {
    const d = utc(o.DAY);
    (per[d] ||= {})[o.SEVERITY] = num(o.NEW_FINDINGS);
  }
  for (const v of Object.values(per)) max = Math.max(max, Object.values(v).reduce((a, b) => a + b, 0));
  const colW = 56, h = 150, top = 16, base = h - 24, w = 40 + days * colW;
  const s = svg("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, id: "findings-chart", role: "img" });
  s.append(svg("line", { x1: 30, x2: w, y1: base, y2: base, class: "axis" }));
  s.append(svg("text", { x: 0, y: base }, "0"));
  for (let i = 0; i < days; i++) {
    const d = start + i * DAY, x = 36 + i * colW;
    let y = base;
    const day = per[d] || {};
    const total = Object.values(day).reduce((a, b) => a + b, 0);
    const g = svg("g", { "data-day": new Date(d).toISOString().slice(0, 10), "data-total": total });
    for (const sev of [...SEVERITIES].reverse()) {
      const n = day[sev] || 0;
      if (!n) continue;
      const bh = (base - top) * n / max;
      y -= bh;
      g.append(svg("rect", { x, y, width: colW - 14, height: bh, fill: SEV_COLOR[sev], "data-severity": sev, "data-count": n },
        svg("title", {}, `${new Date(d).toISOString().slice(0, 10)}: ${n} ${sev}`)));
    }
    if (total) g.append(svg("text", { x: x + 2, y: y - 3 }, String(total)));
    g.append(svg("text", { x, y: h - 8 }, new Date(d).toISOString().slice(5, 10)));
    s.append(g);
  }
  return el("div", {}, s, el("div", { class: "legend" },
    SEVERITIES.map(sv => { const i = el("i"); i.style.background = SEV_COLOR[sv]; return el("span", {}, i, sv); })));
}

function card(label, big, extra, id) {
  return el("div", { class: "card", id }, el("div", { class: "label", text: label }), el("div", { class: "big", text: big }), extra ? el("div", { class: "muted" }, extra) : null);
}

// ---- panels ----

function renderIngestion(p, info) {
  const R = byID(p);
  const body = el("div", { class: "body" });
  const sources = [...new Set(objects(R.volume).map(o => o.SOURCE))];
  const declared = (R.volume && R.volume.sql.match(/select '([^']+)' as source/g) || []).map(m => m.match(/'([^']+)'/)[1]);
  body.append(resultBlock(R.volume, heatmap(R.volume, declared.length ? declared : sources, info.window_days)));
  const tables = objects(R.tables).filter(o => o.TABLE_TYPE !== "VIEW");
  body.append(resultBlock(R.tables, el("div", { class: "grid2" }, bars(tables.map(o => ({ label: o.TABLE_NAME, value: num(o.ROW_COUNT) })), "rows-chart"), table(R.tables, { key: "TABLE_NAME" }))));
  body.append(el("div", {},
    resultBlock(R.copy_summary, table(R.copy_summary, { key: "TABLE_NAME", cell: (c, v, td) => {
      if (c === "BYTES_LOADED" && v !== null) { td.textContent = fmtBytes(v); td.title = String(v); return true; }
      if ((c === "FILES_FAILED" || c === "FILES_PARTIALLY_LOADED") && num(v) > 0) { td.textContent = String(v); td.className = "num state-error"; return true; }
      return false;
    } }))));
  body.append(resultBlock(R.pipe_status, table(R.pipe_status, { key: "PIPE_NAME" })));
  body.append(resultBlock(R.rejected, table(R.rejected, { key: "FILE_NAME" })));
  body.append(el("div", { class: "grid2" },
    resultBlock(R.pipe_usage, table(R.pipe_usage, { key: "PIPE" })),
    el("div", {}, resultBlock(R.tasks, table(R.tasks, { key: "name".toUpperCase(), columns: R.tasks.columns.filter(c => ["NAME", "STATE", "SCHEDULE", "WAREHOUSE", "CONDITION"].includes(c)) })),
      resultBlock(R.task_history, table(R.task_history, { key: "NAME" })))));
  return { body, cards: [
    card("rows in the lake", fmtNum(tables.reduce((a, o) => a + num(o.ROW_COUNT), 0)), `${tables.length} tables, ${declared.length} sources`, "card-rows"),
    card("files loaded / partly / failed (COPY_HISTORY)", ["FILES_LOADED", "FILES_PARTIALLY_LOADED", "FILES_FAILED"].map(c =>
      objects(R.copy_summary).reduce((a, o) => a + num(o[c]), 0)).join(" / "), `${objects(R.pipe_status).length} pipes`, "card-files"),
  ] };
}

function renderFindings(p, info) {
  const R = byID(p);
  const f = R.findings;
  const rows = objects(f);
  const dets = Object.fromEntries((p.detections || []).map(d => [d.id, d]));
  const body = el("div", { class: "body" });
  body.append(resultBlock(R.findings_over_time, severityChart(R.findings_over_time, info.window_days)));

  const detSel = el("select", { id: "filter-detection" }, el("option", { value: "", text: "all detections" }),
    [...new Set(rows.map(o => o.DETECTION_ID))].sort().map(d => el("option", { value: d, text: d })));
  const sevSel = el("select", { id: "filter-severity" }, el("option", { value: "", text: "all severities" }),
    SEVERITIES.map(s => el("option", { value: s, text: s })));
  const keyIn = el("input", { id: "filter-key", type: "search", placeholder: "key contains…", size: 24 });
  const shown = el("span", { id: "findings-shown", class: "muted" });
  const detail = el("div", { id: "finding-detail" }, el("span", { class: "muted", text: "Click a finding for its row, its detection and the flurry sql that shows it." }));
  const tbody = el("tbody");
  const trs = rows.map(o => {
    o.KEY_TEXT = keyText(o.KEY_JSON, dets[o.DETECTION_ID]);
    const tr = el("tr", { class: "clickable", "data-detection": o.DETECTION_ID, "data-severity": o.SEVERITY, "data-key": o.KEY_TEXT, "data-keyjson": o.KEY_JSON, "data-hash": o.KEY_HASH },
      el("td", {}, sevBadge(o.SEVERITY)), el("td", { text: o.DETECTION_ID }), el("td", {}, el("span", { class: "trunc", title: o.KEY_TEXT, text: o.KEY_TEXT })),
      el("td", { class: "nowrap", text: o.FIRST_SEEN }), el("td", { class: "nowrap", text: o.LAST_SEEN }));
    tr.addEventListener("click", () => {
      trs.forEach(t => t.classList.remove("selected"));
      tr.classList.add("selected");
      showFinding(detail, o, dets[o.DETECTION_ID]);
    });
    tbody.append(tr);
    return tr;
  });
  function apply() {
    const d = detSel.value, s = sevSel.value, k = keyIn.value.trim().toLowerCase();
    let n = 0;
    trs.forEach(tr => {
      const ok = (!d || tr.dataset.detection === d) && (!s || tr.dataset.severity === s) && (!k || tr.dataset.key.toLowerCase().includes(k));
      tr.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = `${n} of ${trs.length} findings`;
  }
  detSel.addEventListener("change", apply);
  sevSel.addEventListener("change", apply);
  keyIn.addEventListener("input", apply);
  apply();
  const tbl = el("div", { class: "tablewrap" }, el("table", { id: "findings-table" },
    el("thead", {}, el("tr", {}, ["severity", "detection", "key", "first seen", "last seen"].map(c => el("th", { text: c })))), tbody));
  body.append(resultBlock(f, el("div", {},
    el("div", { class: "filters" }, el("label", { text: "Filter:" }), detSel, sevSel, keyIn, shown),
    el("div", { class: "grid2" }, tbl, detail))));

  const bySev = {};
  rows.forEach(o => bySev[o.SEVERITY] = (bySev[o.SEVERITY] || 0) + 1);
  return { body, cards: [card("open findings", String(rows.length),
    el("span", {}, SEVERITIES.filter(s => bySev[s]).map(s => el("span", {}, sevBadge(s), " " + bySev[s] + "  "))), "card-findings")] };
}

// keyText names a finding's key values by the detection's key columns:
// DETECTION_STATE keeps them as a JSON array in that order.
function keyText(keyJSON, det) {
  let vals;
  try { vals = JSON.parse(keyJSON); } catch (e) { return keyJSON; }
  if (!Array.isArray(vals) || !det || !det.key || det.key.length !== vals.length) return keyJSON;
  return det.key.map((c, i) => c.toLowerCase() + "=" + (typeof vals[i] === "string" ? vals[i] : JSON.stringify(vals[i]))).join(", ");
}

function showFinding(box, o, det) {
  let pretty = o.ROW_JSON || "";
  try { pretty = JSON.stringify(JSON.parse(o.ROW_JSON), null, 2); } catch (e) { /* shown as stored */ }
  box.replaceChildren(
    el("h3", {}, sevBadge(o.SEVERITY), " ", det ? det.title : o.DETECTION_ID),
    el("dl", {},
      el("dt", { text: "detection" }), el("dd", { text: o.DETECTION_ID }),
      el("dt", { text: "key" }), el("dd", { text: o.KEY_TEXT }),
      el("dt", { text: "first seen" }), el("dd", { text: o.FIRST_SEEN }),
      el("dt", { text: "last seen" }), el("dd", { text: o.LAST_SEEN }),
      el("dt", { text: "last alerted" }), el("dd", { text: o.LAST_ALERTED || "" })),
    el("div", { class: "muted", text: "The row the detection returned:" }), el("pre", { id: "finding-row", text: pretty }),
    el("div", { class: "muted", text: "Reproduce:" }), el("pre", { id: "finding-reproduce", text: o.REPRODUCE || "" }),
    det ? el("details", { class: "sql" }, el("summary", { text: "the detection's SQL (" + det.path + ")" }), el("pre", { text: det.sql })) : null);
}

function renderDetections(p) {
  const R = byID(p);
  const body = el("div", { class: "body" });
  body.append(resultBlock(R.last_runs, table(R.last_runs, { key: "DETECTION_ID", cell: (c, v, td) => {
    if (c === "DURATION_MS" && v !== null) { td.textContent = (num(v) / 1000).toFixed(2) + " s"; td.title = v + " ms"; return true; }
    return false;
  } })));
  body.append(resultBlock(R.run_history, table(R.run_history, { key: "RUN_ID" })));
  const last = objects(R.last_runs);
  const failed = last.filter(o => o.STATUS !== "ok").length;
  return { body, cards: [card("detections (latest run)", `${last.length - failed} ok / ${failed} failed`, `${objects(R.run_history).length} runs`, "card-detections")] };
}

function renderMigrations(p) {
  const body = el("div", { class: "body" });
  const parts = [];
  for (const r of p.results) {
    if (r.id.startsWith("status:")) {
      body.append(resultBlock(r, table(r, { key: "SCRIPT" })));
      const set = r.id.slice(7), c = (p.summary || {})[set] || {};
      parts.push(el("div", { text: set + ": " + (Object.entries(c).map(([k, v]) => `${v} ${k}`).join(", ") || "pending unknown") }));
    } else {
      const d = el("details", {}, el("summary", { text: r.title }), resultBlock(r, table(r, { key: "SCRIPT" })));
      body.append(d);
    }
  }
  const c = el("div", { class: "card", id: "card-migrations" }, el("div", { class: "label", text: "migrations (as flurry migrate status)" }), el("div", { class: "mid" }, parts));
  return { body, cards: [c] };
}

// ---- page ----

async function load() {
  const status = document.getElementById("status");
  document.body.dataset.ready = "0";
  status.textContent = "loading…";
  const t0 = performance.now();
  try {
    const info = await fetchJSON("/api/info");
    document.getElementById("target").textContent = info.target + " · lake " + info.database + " · state " + info.state_schema;
    const cards = [];
    const renderers = { ingestion: renderIngestion, findings: renderFindings, detections: renderDetections, migrations: renderMigrations };
    for (const name of Object.keys(renderers)) {
      const sec = document.getElementById(name);
      try {
        const p = await fetchJSON("/api/" + name);
        const out = renderers[name](p, info);
        sec.querySelector(".body").replaceWith(out.body);
        cards.push(...out.cards);
      } catch (e) {
        sec.querySelector(".body").replaceWith(el("div", { class: "body" }, el("div", { class: "result" }, el("div", { class: "error", text: String(e) }))));
      }
    }
    document.getElementById("overview").replaceChildren(...cards);
    status.textContent = "updated " + new Date().toISOString().slice(0, 19).replace("T", " ") + "Z in " + ((performance.now() - t0) / 1000).toFixed(1) + " s";
  } catch (e) {
    status.textContent = String(e);
  }
  document.body.dataset.ready = "1";
}

document.getElementById("refresh").addEventListener("click", load);
load();
