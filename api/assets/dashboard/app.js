// The built-in dashboard: views of one page, each drawn from POST /graphql (the API that
// external dashboards use; what a caller may see is what the API answers), kept current by
// the `trendsRefreshed` subscription on /graphql/ws. No framework, no build step.
"use strict";

const DEFAULT_CODES = ["knowledge_quality_pct", "success_pct", "ort_mean", "ort_pass_pct", "teachers_trained_5y_pct"];
const HEADLINE = ["knowledge_quality_pct", "success_pct", "average_mark", "sou_pct", "quality_index"];
const SECTIONS = {
  olympiads: ["olympiad_score", "olympiad_prizes_per_100_pupils"],
  ort: ["ort_mean", "ort_pass_pct", "ort_participants", "ort_gold_certificates", "ort_median", "ort_max"],
  staff: ["teachers_total", "teachers_higher_ed_pct", "teachers_trained_5y_pct", "training_hours_per_teacher", "teachers_awarded_pct", "teachers_trained_5y_register_pct"],
  conditions: ["enrolment", "pupils_per_teacher", "capacity_utilisation_pct", "pupils_per_computer", "textbook_provision_pct"],
};
const OLYMPIAD_LEVELS = ["school", "zonal", "district", "oblast", "republic", "international"];
const MAX_COMPARED = 6;

const app = {
  lang: localStorage.getItem("sapat.lang") || "ky",
  token: sessionStorage.getItem("sapat.token") || "",
  catalog: new Map(),
  catalogLang: null,
  regions: null,
  status: null,
  sort: { key: null, dir: 1 },
  league: null,
  selected: new Set(),
};

const t = (key, vars) => translate(app.lang, key, vars);
const $ = (sel, root = document) => root.querySelector(sel);

// ---------- the API ----------

class ApiError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code;
  }
}

/// One GraphQL request; answers `{ data, errors }`. A refusal of the whole request (401,
/// 400, 503 …) throws an ApiError with the API's own message and code.
async function gql(query, variables = {}) {
  const headers = { "content-type": "application/json", "accept-language": app.lang };
  if (app.token) headers.authorization = "Bearer " + app.token;
  let res;
  try {
    res = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (e) {
    throw new ApiError([{ message: String(e), extensions: { code: "NETWORK" } }]);
  }
  let body;
  try { body = await res.json(); } catch { body = { errors: [{ message: res.status + " " + res.statusText }] }; }
  if (!body.data && body.errors) throw new ApiError(body.errors);
  return { data: body.data || {}, errors: body.errors || [] };
}

/// The errors of `errors` whose path starts at `path` (e.g. ["school", "staff"]).
function errorsAt(errors, ...path) {
  return errors.filter((e) => path.every((p, i) => e.path && e.path[i] === p));
}

// ---------- formatting ----------

function decimals(unit) {
  return { COUNT: 0, SCORE: 1, MARK: 2, RATIO: 2, INDEX: 1, PERCENT: 1, PERCENTAGE_POINTS: 1 }[unit] ?? 1;
}
function unitSuffix(unit) {
  return { PERCENT: " %", PERCENTAGE_POINTS: " pp" }[unit] || "";
}
function num(v, unit, signed) {
  if (v == null || !Number.isFinite(v)) return "–";
  const d = decimals(unit);
  const f = new Intl.NumberFormat(LOCALES[app.lang], { minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: signed ? "exceptZero" : "auto" });
  return f.format(v);
}
function withUnit(v, unit, signed) {
  return v == null ? "–" : num(v, unit, signed) + unitSuffix(unit);
}
/// A gap or change: percentages in percentage points.
function diff(v, unit) {
  if (v == null) return "–";
  return num(v, unit, true) + (unit === "PERCENT" || unit === "PERCENTAGE_POINTS" ? " pp" : "");
}
function date(iso) {
  if (!iso) return "–";
  return new Intl.DateTimeFormat(LOCALES[app.lang], { dateStyle: DATE_STYLE[app.lang], timeStyle: "short" }).format(new Date(iso));
}
function yearLabel(y) {
  return `${y}-${y + 1}`;
}
function arrow(dir, higherIsBetter) {
  if (!dir || dir === "INSUFFICIENT") return `<span class="dir" title="${esc(t("INSUFFICIENT"))}">·</span>`;
  const sym = { UP: "▲", DOWN: "▼", FLAT: "▬" }[dir];
  const good = dir === "FLAT" ? "flat" : (dir === "UP") === higherIsBetter ? "good" : "bad";
  return `<span class="dir ${good}" title="${esc(t(dir))}"><span aria-hidden="true">${sym}</span><span class="sr">${esc(t(dir))}</span></span>`;
}
function flagBadges(flags) {
  return (flags || []).map((f) => `<abbr class="flag" title="${esc(f)}">${esc(f.slice(0, 2))}</abbr>`).join("");
}
function def(code) {
  return app.catalog.get(code) || { code, name: code, unit: "RATIO", method: "COUNT", higherIsBetter: true };
}

// ---------- shared data ----------

async function loadCatalog() {
  if (app.catalogLang === app.lang) return;
  const { data } = await gql(`{ indicatorCatalog { code name unit method higherIsBetter aggregation } regions { id code name districts { id code name } } }`);
  app.catalog = new Map(data.indicatorCatalog.map((i) => [i.code, i]));
  app.regions = data.regions;
  app.catalogLang = app.lang;
}

const FRESHNESS = `generationId publishedAt computedAt lastRunStatus lastRunFinishedAt firstYear lastYear provisionalYears years { year yearLabel provisional schools expected }`;

async function loadStatus() {
  const { data } = await gql(`{ trendStatus { served { ${FRESHNESS} } } }`);
  app.status = data.trendStatus.served;
  drawFreshness();
}

function drawFreshness() {
  const s = app.status;
  const el = $("#freshness");
  if (!s || s.generationId == null) {
    el.textContent = t("noGeneration");
    el.dataset.generation = "";
    return;
  }
  el.dataset.generation = s.generationId;
  el.innerHTML = `<strong>${esc(t("generation", { id: s.generationId }))}</strong>, ${esc(t("computedAt", { date: date(s.computedAt) }))}; ${esc(t("lastRun", { status: s.lastRunStatus ? t(s.lastRunStatus) + " " + date(s.lastRunFinishedAt) : "–" }))}`;
}

function years() {
  return (app.status?.years || []).map((y) => y.year);
}
function isProvisional(year) {
  return (app.status?.provisionalYears || []).includes(year);
}

// ---------- routing ----------

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || "district", id: parts[1] || null, params: new URLSearchParams(query || "") };
}
function go(view, id, params) {
  const q = params && [...params].length ? "?" + params.toString() : "";
  location.hash = "#/" + view + (id ? "/" + encodeURIComponent(id) : "") + q;
}

async function render() {
  const r = route();
  document.documentElement.lang = app.lang;
  document.querySelectorAll("nav a[data-view]").forEach((a) => a.setAttribute("aria-current", a.dataset.view === r.view ? "page" : "false"));
  const view = $("#view");
  view.setAttribute("aria-busy", "true");
  try {
    await loadCatalog();
    if (!app.status) await loadStatus();
    if (r.view === "school" && r.id) await schoolView(r.id);
    else if (r.view === "compare") await compareView(r.params);
    else if (r.view === "area") await areaView(r.id, r.params);
    else await districtView(r.id, r.params);
  } catch (e) {
    view.innerHTML = errorBox(e);
  } finally {
    view.setAttribute("aria-busy", "false");
    performance.mark("sapat:rendered:" + r.view);
  }
}

function errorBox(e) {
  const code = e.code ? ` <code>${esc(e.code)}</code>` : "";
  const cls = e.code === "FORBIDDEN" || e.code === "UNAUTHENTICATED" ? "refused" : "error";
  const head = cls === "refused" ? t("refused") : t("error");
  return `<div class="${cls}" role="alert"><strong>${esc(head)}</strong>${code}<p>${esc(e.message)}</p></div>`;
}
function refusedBox(errors) {
  const e = errors[0];
  const code = e.extensions?.code || "";
  return `<div class="refused" role="alert"><strong>${esc(t("refused"))}</strong> <code>${esc(code)}</code><p>${esc(t("refusedHint"))} ${esc(e.message)}</p>${app.token ? "" : `<p>${esc(t("signInToSee"))}</p>`}</div>`;
}

// ---------- district view ----------

async function districtView(districtCode, params) {
  if (!districtCode) {
    // The first district that has schools (the demo's, on a demo install).
    const { data } = await gql(`{ schools(first: 1, orderBy: CODE) { edges { node { district { code } } } } }`);
    districtCode = data.schools.edges[0]?.node.district.code || app.regions[0]?.districts[0]?.code;
    if (!districtCode) { $("#view").innerHTML = `<p>${esc(t("noData"))}</p>`; return; }
  }
  const ys = years().filter((y) => !isProvisional(y));
  const year = Number(params.get("year")) || app.status?.lastYear || ys[ys.length - 1];
  const codes = (params.get("codes") || DEFAULT_CODES.join(",")).split(",").filter((c) => app.catalog.has(c));
  const peer = params.get("peer") || "";
  const region = app.regions.find((r) => r.districts.some((d) => d.code === districtCode)) || app.regions[0];
  const district = region.districts.find((d) => d.code === districtCode) || region.districts[0];

  const q = `query($d: ID!, $y: Int!, $c: [String!]) {
    districtComparison(districtId: $d, year: $y, codes: $c) { provisional yearLabel
      district { id code name }
      schools { school { id code name } peerGroup { sizeBand language }
        cells { code value source flags rankDistrict countDistrict gapToDistrict peerMedian direction } }
      aggregates { level place { code name } cells { code value flags coverage { schools expected share } } } }
    alerts(districtId: $d, year: $y, codes: $c) { alerts { school { id name } code kind value reference difference severity } } }`;
  const { data } = await gql(q, { d: district.code, y: year, c: codes });
  const cmp = data.districtComparison;
  app.league = { cmp, codes, district, region, year, peer, alerts: data.alerts.alerts, spark: new Map() };
  drawDistrict();
  // The first indicator's five-year sparklines: aligned series, 20 schools a request part.
  const ids = cmp.schools.map((r) => r.school.id);
  if (ids.length && codes.length) {
    const chunks = [];
    for (let i = 0; i < ids.length; i += 20) chunks.push(ids.slice(i, i + 20));
    const parts = chunks.map((c, i) => `c${i}: compareSchools(schoolIds: ${JSON.stringify(c)}, codes: $c) { years schools { school { id } series { values } } }`);
    const { data: sd } = await gql(`query($c: [String!]!) { ${parts.join("\n")} }`, { c: [codes[0]] });
    for (const part of Object.values(sd)) {
      for (const s of part?.schools || []) app.league.spark.set(s.school.id, part.years.map((y, i) => ({ year: y, value: s.series[0].values[i] })));
    }
    if (app.league?.cmp === cmp) drawLeagueTable();
  }
}

function drawDistrict() {
  const { cmp, codes, district, region, year, peer } = app.league;
  const ys = years();
  const regionOptions = app.regions.map((r) => `<option value="${esc(r.code)}"${r.code === region.code ? " selected" : ""}>${esc(r.name)}</option>`).join("");
  const districtOptions = region.districts.map((d) => `<option value="${esc(d.code)}"${d.code === district.code ? " selected" : ""}>${esc(d.name)}</option>`).join("");
  const yearOptions = ys.map((y) => `<option value="${y}"${y === year ? " selected" : ""}>${yearLabel(y)}${isProvisional(y) ? " (" + esc(t("provisional")) + ")" : ""}</option>`).join("");
  const byMethod = new Map();
  for (const i of app.catalog.values()) { if (!byMethod.has(i.method)) byMethod.set(i.method, []); byMethod.get(i.method).push(i); }
  const indicatorBoxes = [...byMethod].map(([m, list]) => `<fieldset><legend>${esc(t(m))}</legend>${list.map((i) => `<label><input type="checkbox" name="code" value="${esc(i.code)}"${codes.includes(i.code) ? " checked" : ""}> ${esc(i.name)}</label>`).join("")}</fieldset>`).join("");
  const bands = [...new Set(cmp.schools.map((r) => r.peerGroup.sizeBand).filter(Boolean))].sort();
  const langs = [...new Set(cmp.schools.map((r) => r.peerGroup.language).filter(Boolean))].sort();
  const peerOptions = [`<option value="">${esc(t("allPeers"))}</option>`]
    .concat(bands.flatMap((b) => langs.map((l) => `${b}|${l}`)).map((v) => `<option value="${esc(v)}"${v === peer ? " selected" : ""}>${esc(v.replace("|", " · "))}</option>`)).join("");

  $("#view").innerHTML = `
    <h1>${esc(cmp.district.name)} <small>${esc(region.name)} · ${esc(cmp.yearLabel)}</small></h1>
    <form id="district-form" class="controls" aria-label="${esc(t("navDistrict"))}">
      <label>${esc(t("region"))} <select id="region">${regionOptions}</select></label>
      <label>${esc(t("district"))} <select id="district">${districtOptions}</select></label>
      <label>${esc(t("year"))} <select id="year">${yearOptions}</select></label>
      <label>${esc(t("peerGroup"))} <select id="peer">${peerOptions}</select></label>
      <details class="codes"><summary>${esc(t("indicators"))} (${codes.length})</summary><p class="note">${esc(t("methodNote"))}</p><div id="codes">${indicatorBoxes}</div></details>
      <span class="report" id="district-reports">${app.token ? "" : esc(t("signInForReports"))}</span>
    </form>
    ${cmp.provisional ? `<p class="note provisional">${esc(t("provisionalYear"))}</p>` : ""}
    <section aria-labelledby="figures-h"><h2 id="figures-h">${esc(t("figures"))}</h2><div class="scroll">${figuresTable()}</div></section>
    <section aria-labelledby="league-h"><h2 id="league-h">${esc(t("leagueTable"))}</h2>
      <p class="note"><button type="button" id="compare-selected" disabled>${esc(t("compareSelected"))}</button> ${esc(t("compareHint"))}</p>
      <div class="scroll" id="league"></div></section>
    <section aria-labelledby="alerts-h"><h2 id="alerts-h">${esc(t("alerts"))}</h2>${alertsList()}</section>`;
  drawLeagueTable();
  if (app.token && cmp.schools.length) districtReports(cmp.schools[0].school.id, year, codes);
  const form = $("#district-form");
  const params = () => {
    const p = new URLSearchParams();
    p.set("year", $("#year").value);
    const chosen = [...form.querySelectorAll("input[name=code]:checked")].map((i) => i.value);
    if (chosen.length) p.set("codes", chosen.join(","));
    if ($("#peer").value) p.set("peer", $("#peer").value);
    return p;
  };
  $("#region").addEventListener("change", (e) => {
    const r = app.regions.find((x) => x.code === e.target.value);
    if (r?.districts[0]) go("district", r.districts[0].code, params());
  });
  $("#district").addEventListener("change", (e) => go("district", e.target.value, params()));
  $("#year").addEventListener("change", () => go("district", district.code, params()));
  $("#codes").addEventListener("change", () => go("district", district.code, params()));
  $("#peer").addEventListener("change", () => {
    app.league.peer = $("#peer").value;
    history.replaceState(null, "", "#/district/" + encodeURIComponent(district.code) + "?" + params().toString());
    drawLeagueTable();
  });
  $("#compare-selected").addEventListener("click", () => {
    const p = new URLSearchParams();
    p.set("ids", [...app.selected].join(","));
    p.set("codes", codes.join(","));
    go("compare", null, p);
  });
}

function figuresTable() {
  const { cmp, codes } = app.league;
  const head = codes.map((c) => `<th scope="col">${esc(def(c).name)}</th>`).join("");
  const label = { DISTRICT: t("districtFigure"), REGION: t("regionFigure"), COUNTRY: t("countryFigure") };
  const rows = cmp.aggregates.map((a) => `<tr data-level="${a.level}"><th scope="row">${esc(label[a.level])}${a.place ? `<br><small>${esc(a.place.name)}</small>` : ""}</th>${a.cells.map((c) => {
    const d = def(c.code);
    const cov = c.coverage ? `<br><small class="cov">${esc(t("schoolsOf", { m: c.coverage.schools, n: c.coverage.expected }))}</small>` : "";
    return `<td>${esc(withUnit(c.value, d.unit))}${flagBadges(c.flags)}${cov}</td>`;
  }).join("")}</tr>`).join("");
  return `<table class="figures"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function sortValue(row, key) {
  if (key === "school") return row.school.name;
  const c = row.cells.find((c) => c.code === key);
  return c?.value ?? null;
}

function drawLeagueTable() {
  const L = app.league;
  const { cmp, codes } = L;
  let rows = cmp.schools;
  if (L.peer) {
    const [band, lang] = L.peer.split("|");
    rows = rows.filter((r) => r.peerGroup.sizeBand === band && r.peerGroup.language === lang);
  }
  const { key, dir } = app.sort;
  if (key && (key === "school" || codes.includes(key))) {
    rows = [...rows].sort((a, b) => {
      const x = sortValue(a, key), y = sortValue(b, key);
      if (x == null && y == null) return 0;
      if (x == null) return 1; // missing last, whichever the direction
      if (y == null) return -1;
      return (typeof x === "string" ? x.localeCompare(y, LOCALES[app.lang]) : x - y) * dir;
    });
  }
  const sortAttr = (k) => (key === k ? ` aria-sort="${dir > 0 ? "ascending" : "descending"}"` : "");
  const sortButton = (k, label) => `<button type="button" class="sort" data-sort="${esc(k)}" title="${esc(t("sortBy", { col: label }))}">${esc(label)}<span aria-hidden="true">${key === k ? (dir > 0 ? " ↑" : " ↓") : " ↕"}</span></button>`;
  const first = def(codes[0]);
  const head = `<tr><th scope="col" class="pick"><span class="sr">${esc(t("navCompare"))}</span></th><th scope="col">${esc(t("rank"))}</th><th scope="col"${sortAttr("school")}>${sortButton("school", t("school"))}</th>
    <th scope="col">${esc(t("trend"))}<br><small>${esc(first.name)}</small></th>
    ${codes.map((c) => `<th scope="col"${sortAttr(c)} data-code="${esc(c)}">${sortButton(c, def(c).name)}<br><small>${esc(t(def(c).method))}${unitSuffix(def(c).unit)}</small></th><th scope="col" class="gap">${esc(t("gap"))}</th>`).join("")}</tr>`;
  const body = rows.map((r) => {
    const c0 = r.cells[0];
    const rank = c0?.rankDistrict != null ? `${c0.rankDistrict}<small>/${c0.countDistrict}</small>` : "–";
    const spark = L.spark.get(r.school.id);
    const cells = r.cells.map((c) => {
      const d = def(c.code);
      const reported = c.source === "REPORTED" ? ` <small class="src" title="${esc(t("reported"))}">r</small>` : "";
      return `<td class="num" data-code="${esc(c.code)}" data-value="${c.value ?? ""}">${esc(withUnit(c.value, d.unit))}${reported} ${arrow(c.direction, d.higherIsBetter)}${flagBadges(c.flags)}</td><td class="num gap">${esc(diff(c.gapToDistrict, d.unit))}</td>`;
    }).join("");
    return `<tr data-school="${esc(r.school.id)}"><td class="pick"><input type="checkbox" aria-label="${esc(t("navCompare"))}: ${esc(r.school.name)}" value="${esc(r.school.id)}"${app.selected.has(r.school.id) ? " checked" : ""}></td><td class="num">${rank}</td>
      <th scope="row"><a class="school-link" href="#/school/${encodeURIComponent(r.school.id)}">${esc(r.school.name)}</a><br><small>${esc(r.school.code)} · ${esc([r.peerGroup.sizeBand, r.peerGroup.language].filter(Boolean).join(" · "))}</small></th>
      <td>${spark ? sparkline(spark) : ""}</td>${cells}</tr>`;
  }).join("");
  $("#league").innerHTML = `<table class="league"><thead>${head}</thead><tbody>${body || `<tr><td colspan="${4 + codes.length * 2}">${esc(t("noData"))}</td></tr>`}</tbody></table>`;
  $("#league").querySelectorAll("button.sort").forEach((b) => b.addEventListener("click", () => {
    const k = b.dataset.sort;
    const higher = k === "school" ? false : def(k).higherIsBetter;
    // First click: best first (descending when higher is better); again: the other way.
    app.sort = app.sort.key === k ? { key: k, dir: -app.sort.dir } : { key: k, dir: higher ? -1 : 1 };
    drawLeagueTable();
    $(`#league button.sort[data-sort="${CSS.escape(k)}"]`)?.focus();
  }));
  $("#league").querySelectorAll("input[type=checkbox]").forEach((box) => box.addEventListener("change", () => {
    if (box.checked && app.selected.size >= MAX_COMPARED) { box.checked = false; alert(t("tooMany")); return; }
    box.checked ? app.selected.add(box.value) : app.selected.delete(box.value);
    $("#compare-selected").disabled = app.selected.size < 1;
  }));
  const cs = $("#compare-selected");
  if (cs) cs.disabled = app.selected.size < 1;
  // For measuring: when the league table (and later its sparklines) first appeared.
  performance.mark(L.spark.size ? "sapat:sparklines" : "sapat:league");
}

function alertsList() {
  return `<div id="alerts">${alertItems()}</div>`;
}
function alertItems() {
  const list = app.league.alerts || [];
  if (!list.length) return `<p>${esc(t("noAlerts"))}</p>`;
  return `<ul class="alerts">${list.map((a) => {
    const d = def(a.code);
    return `<li class="alert ${a.kind}"><a href="#/school/${encodeURIComponent(a.school.id)}">${esc(a.school.name)}</a>: <strong>${esc(d.name)}</strong> ${esc(t(a.kind))}: ${esc(withUnit(a.value, d.unit))} (${esc(withUnit(a.reference, d.unit))}, ${esc(diff(a.difference, d.unit))})</li>`;
  }).join("")}</ul>`;
}

// ---------- school view ----------

const POINT = "year yearLabel value source flags provisional";

async function schoolView(id) {
  const { data } = await gql(`query($id: ID!) { school(id: $id) { id code name schoolTypeLabel { name } languages { name }
      district { id code name region { id code name } }
      indicators { series { code points { ${POINT} } } }
      trends { trends { code points firstYear firstValue lastYear lastValue delta slope direction } } } }`, { id });
  const school = data.school;
  const series = new Map(school.indicators.series.map((s) => [s.code, s.points]));
  const trends = new Map(school.trends.trends.map((x) => [x.code, x]));
  const codes = [...series.keys()];
  const ys = years();
  // The reference lines: the district, region and country; peer medians for the headline.
  const complete = ys.filter((y) => !isProvisional(y));
  const peerCodes = HEADLINE.concat(["ort_mean", "ort_pass_pct"]).filter((c) => series.has(c));
  const peerParts = peerCodes.length ? complete.map((y) => `p${y}: districtComparison(districtId: $d, year: ${y}, codes: $p) { schools { school { id } cells { code peerMedian } } }`).join("\n") : "";
  const refQ = `query($d: ID!, $r: ID!, $c: [String!]${peerParts ? ", $p: [String!]" : ""}) {
    d: district(id: $d) { name indicators(codes: $c) { series { code points { year value provisional } } } }
    r: region(id: $r) { name indicators(codes: $c) { series { code points { year value provisional } } } }
    c: country { name indicators(codes: $c) { series { code points { year value provisional } } } }
    ${peerParts} }`;
  const vars = { d: school.district.code, r: school.district.region.code, c: codes };
  if (peerParts) vars.p = peerCodes;
  const refs = codes.length ? (await gql(refQ, vars)).data : {};
  const ref = (key, code) => refs[key]?.indicators.series.find((s) => s.code === code)?.points || [];
  const peers = new Map();
  for (const y of complete) {
    const row = refs["p" + y]?.schools.find((r) => r.school.id === school.id);
    for (const c of row?.cells || []) {
      if (!peers.has(c.code)) peers.set(c.code, []);
      peers.get(c.code).push({ year: y, value: c.peerMedian });
    }
  }
  // The reported tier: refused per field for callers who may not see it.
  const tierQ = `query($id: ID!) { school(id: $id) {
      latestStaff { academicYear teachersTotal withHigherEd trainedLast5Y }
      latestInfrastructure { academicYear classrooms computers libraries }
      trainings { academicYear programmeNameKy programmeNameRu hours participants provider { name } }
      ortSummaries { academicYear testLanguage participants meanScore medianScore passPct goldCertificates }
      accreditations { accreditationType { name } decisionYear decision { name } certificateNo validUntil } } }`;
  let tier = { data: {}, errors: [] };
  try { tier = await gql(tierQ, { id }); } catch (e) { tier = { data: {}, errors: e.errors || [] }; }
  const reported = tier.data.school || {};
  const refusal = (field) => {
    const errs = errorsAt(tier.errors, "school", field);
    return errs.length ? refusedBox(errs) : null;
  };

  const chart = (code) => {
    const d = def(code);
    const pts = series.get(code) || [];
    // An area's figure of a count is its schools' sum: not a line to set a school against.
    const areas = d.aggregation === "SUM" ? [] : [
      { key: "district", label: t("lineDistrict") + ": " + (refs.d?.name || ""), colour: PALETTE.district, points: ref("d", code) },
      { key: "region", label: t("lineRegion") + ": " + (refs.r?.name || ""), colour: PALETTE.region, points: ref("r", code), dash: "8 3" },
      { key: "country", label: t("lineCountry"), colour: PALETTE.country, points: ref("c", code), dash: "3 3" },
    ];
    const lines = [{ key: "school", label: t("lineSchool"), colour: PALETTE.school, main: true, points: pts }, ...areas];
    if (peers.has(code)) lines.push({ key: "peers", label: t("linePeers"), colour: PALETTE.peers, points: peers.get(code), dash: "1 3" });
    const fmt = (v) => num(v, d.unit);
    const svg = lineChart(ys, lines.filter((l) => l.points.length), fmt, d.name);
    const rowsHtml = lines.filter((l) => l.points.length).map((l) => `<tr data-series="${l.key}"><th scope="row">${esc(l.label)}</th>${ys.map((y) => {
      const p = l.points.find((p) => p.year === y);
      const note = p?.value != null && (p.source === "REPORTED" ? "*" : "") + (p.provisional ? "†" : "");
      return `<td class="v" data-value="${p?.value ?? ""}">${p?.value != null ? esc(fmt(p.value)) + (note ? `<small>${note}</small>` : "") : "–"}</td>`;
    }).join("")}</tr>`).join("");
    const tr = trends.get(code);
    return `<figure class="card" data-code="${esc(code)}"><figcaption><strong>${esc(d.name)}</strong> <small>${esc(t("method"))}: ${esc(t(d.method))}${unitSuffix(d.unit)}</small></figcaption>
      ${svg}${legendHtml(lines.filter((l) => l.points.length))}
      <p class="words">${esc(trendWords(tr, d))}</p>
      <details><summary>${esc(t("valuesTable"))}</summary><table class="values"><thead><tr><th></th>${ys.map((y) => `<th scope="col">${yearLabel(y)}</th>`).join("")}</tr></thead><tbody>${rowsHtml}</tbody></table><p class="note">* ${esc(t("reported"))}; † ${esc(t("provisional"))}</p></details></figure>`;
  };
  const charts = (list) => list.filter((c) => (series.get(c) || []).some((p) => p.value != null)).map(chart).join("");
  const used = new Set([...HEADLINE, ...SECTIONS.ort, ...SECTIONS.staff, ...SECTIONS.conditions, ...SECTIONS.olympiads, ...OLYMPIAD_LEVELS.map((l) => "olympiad_prizes_" + l)]);
  const others = codes.filter((c) => !used.has(c));

  // Olympiad prizes by level, stacked.
  const levels = OLYMPIAD_LEVELS.map((l) => ({ code: "olympiad_prizes_" + l, label: def("olympiad_prizes_" + l).name, values: ys.map((y) => (series.get("olympiad_prizes_" + l) || []).find((p) => p.year === y)?.value ?? null) })).filter((l) => l.values.some((v) => v != null));
  const olympiads = levels.length ? `<figure class="card"><figcaption><strong>${esc(t("olympiads"))}</strong></figcaption>${stackedBars(ys, levels, (v) => num(v, "COUNT"), t("olympiads"))}${swatchLegend(levels.map((l) => l.label))}
    <details><summary>${esc(t("valuesTable"))}</summary><table class="values"><thead><tr><th></th>${ys.map((y) => `<th scope="col">${yearLabel(y)}</th>`).join("")}</tr></thead><tbody>${levels.map((l) => `<tr><th scope="row">${esc(l.label)}</th>${l.values.map((v) => `<td class="v">${v == null ? "–" : esc(num(v, "COUNT"))}</td>`).join("")}</tr>`).join("")}</tbody></table></details></figure>` : "";

  const staffText = reported.latestStaff ? `<p>${esc(t("latestStaff", { year: yearLabel(reported.latestStaff.academicYear), n: reported.latestStaff.teachersTotal, h: reported.latestStaff.withHigherEd ?? "–", t: reported.latestStaff.trainedLast5Y ?? "–" }))}</p>` : "";
  const trainings = (reported.trainings || []).length ? `<ul class="plain">${reported.trainings.map((x) => `<li>${yearLabel(x.academicYear)}: ${esc(app.lang === "ru" && x.programmeNameRu ? x.programmeNameRu : x.programmeNameKy)} (${esc(x.provider.name)}${x.hours ? ", " + x.hours + " h" : ""}; ${x.participants})</li>`).join("")}</ul>` : "";
  const infra = reported.latestInfrastructure ? `<p>${esc(t("latestInfra", { year: yearLabel(reported.latestInfrastructure.academicYear), c: reported.latestInfrastructure.classrooms ?? "–", pc: reported.latestInfrastructure.computers ?? "–", l: reported.latestInfrastructure.libraries ?? "–" }))}</p>` : "";
  const ortRows = (reported.ortSummaries || []).map((o) => `<tr><td>${yearLabel(o.academicYear)}</td><td>${esc(o.testLanguage)}</td><td class="num">${o.participants}</td><td class="num">${esc(num(o.meanScore, "SCORE"))}</td><td class="num">${esc(num(o.medianScore, "SCORE"))}</td><td class="num">${esc(withUnit(o.passPct, "PERCENT"))}</td><td class="num">${o.goldCertificates ?? "–"}</td></tr>`).join("");
  const ortTable = ortRows ? `<div class="scroll"><table class="values"><thead><tr><th>${esc(t("year"))}</th><th>${esc(t("lang"))}</th><th>N</th><th>${esc(def("ort_mean").name)}</th><th>${esc(def("ort_median").name)}</th><th>${esc(def("ort_pass_pct").name)}</th><th>${esc(def("ort_gold_certificates").name)}</th></tr></thead><tbody>${ortRows}</tbody></table></div>` : "";
  const accr = reported.accreditations ? (reported.accreditations.length ? `<ul class="plain">${reported.accreditations.map((a) => `<li><strong>${esc(a.accreditationType.name)}</strong>, ${a.decisionYear}: ${esc(a.decision.name)}${a.certificateNo ? `; ${esc(t("certificate"))} ${esc(a.certificateNo)}` : ""}${a.validUntil ? `; ${esc(t("validUntil", { date: new Intl.DateTimeFormat(LOCALES[app.lang], { dateStyle: DATE_STYLE[app.lang] === "short" ? "short" : "long" }).format(new Date(a.validUntil)) }))}` : ""}</li>`).join("")}</ul>` : `<p>${esc(t("noData"))}</p>`) : "";

  const refusedOr = (field, html) => refusal(field) || html;
  $("#view").innerHTML = `
    <p class="crumbs"><a href="#/area/${encodeURIComponent(school.district.region.code)}">${esc(school.district.region.name)}</a> › <a href="#/district/${encodeURIComponent(school.district.code)}">${esc(school.district.name)}</a></p>
    <h1 id="school-name">${esc(school.name)} <small>${esc(school.code)}</small></h1>
    <p>${esc(school.schoolTypeLabel.name)} · ${esc(school.languages.map((l) => l.name).join(", "))}</p>
    <p class="reports" id="school-reports">${esc(t("schoolReports"))}: ${app.token ? "…" : esc(t("signInForReports"))}</p>
    <p class="note legend-note">${esc(t("legend"))}. ${esc(t("methodNote"))}</p>
    <div class="grid">${charts(HEADLINE) || `<p>${esc(t("noData"))}</p>`}</div>
    <section><h2>${esc(t("olympiads"))}</h2><div class="grid">${olympiads || `<p>${esc(t("noData"))}</p>`}${charts(SECTIONS.olympiads)}</div></section>
    <section><h2>${esc(t("ort"))}</h2><div class="grid">${charts(SECTIONS.ort)}</div>${refusedOr("ortSummaries", ortTable)}</section>
    <section><h2>${esc(t("staff"))}</h2><div class="grid">${charts(SECTIONS.staff)}</div>${refusedOr("latestStaff", staffText)}${refusal("latestStaff") ? "" : trainings}</section>
    <section><h2>${esc(t("conditions"))}</h2><div class="grid">${charts(SECTIONS.conditions)}</div>${refusedOr("latestInfrastructure", infra)}</section>
    <section id="accreditation"><h2>${esc(t("accreditation"))}</h2>${refusedOr("accreditations", accr)}</section>
    ${others.length ? `<section><h2>${esc(t("otherIndicators"))}</h2><div class="grid">${charts(others)}</div></section>` : ""}`;
  if (app.token) schoolReports(school.id, complete[complete.length - 1]);
}

// ---------- report downloads ----------

/// Links to report files, grouped by report: "PDF · XLSX" per language. Only signed-in
/// callers ask for them (`School.reports` and `District.reports` need a scope); a refusal
/// is shown as the API gave it.
function reportLinks(links, extra = "") {
  const kinds = [...new Set(links.map((l) => l.kind))];
  return kinds.map((k) => `<span class="report-kind">${esc(t("report_" + k))}: ${links.filter((l) => l.kind === k).map((l) =>
    `<a href="${esc(l.url + extra)}" data-report="${esc(l.url + extra)}" download>${esc(l.format.toUpperCase())} (${esc(l.lang)})</a>`).join(" · ")}</span>`).join(" ");
}

async function schoolReports(id, year) {
  const el = $("#school-reports");
  const { data, errors } = await gql(`query($id: ID!, $y: Int!) { school(id: $id) { reports(year: $y) { kind format lang url } } }`, { id, y: year });
  if (!el) return;
  const links = data.school?.reports;
  el.innerHTML = `${esc(t("schoolReports"))} (${esc(yearLabel(year))}): ` + (links ? reportLinks(links) : refusedBox(errors));
}

/// `District.reports` is on the district of the directory (a school's `district`); the league
/// table's first school names it.
async function districtReports(schoolId, year, codes) {
  const el = $("#district-reports");
  const { data, errors } = await gql(`query($id: ID!, $y: Int!) { school(id: $id) { district { reports(year: $y) { kind format lang url } } } }`, { id: schoolId, y: year });
  if (!el) return;
  const links = data.school?.district?.reports;
  el.innerHTML = links ? reportLinks(links, "&indicators=" + encodeURIComponent(codes.join(","))) : refusedBox(errors);
}

/// A report link is fetched with the bearer token (a plain link cannot send it) and saved
/// under the name the server gives; a refusal shows the server's message.
document.addEventListener("click", async (e) => {
  const a = e.target.closest("a[data-report]");
  if (!a) return;
  e.preventDefault();
  const status = $("#report-status") || Object.assign(document.createElement("p"), { id: "report-status", className: "note" });
  status.setAttribute("role", "status");
  a.closest(".report, .reports").after(status);
  status.textContent = t("downloading");
  try {
    const res = await fetch(a.dataset.report, { headers: { authorization: "Bearer " + app.token, "accept-language": app.lang } });
    if (!res.ok) {
      let msg = res.status + " " + res.statusText;
      try { msg = (await res.json()).errors[0].message; } catch { /* not JSON */ }
      status.textContent = t("downloadFailed") + ": " + msg;
      return;
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") || "")?.[1] || "report";
    const url = URL.createObjectURL(await res.blob());
    const save = Object.assign(document.createElement("a"), { href: url, download: name });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.textContent = t("downloaded", { name });
  } catch (err) {
    status.textContent = t("downloadFailed") + ": " + err;
  }
});

function trendWords(tr, d) {
  if (!tr || tr.points < 2 || tr.firstValue == null) return t("trendFew", { n: tr?.points ?? 0 });
  return t("trendWords", {
    first: withUnit(tr.firstValue, d.unit), y1: yearLabel(tr.firstYear),
    last: withUnit(tr.lastValue, d.unit), y2: yearLabel(tr.lastYear),
    delta: num(tr.delta, d.unit, true), unit: d.unit === "PERCENT" ? "pp" : "",
    slope: diff(tr.slope, d.unit), dir: t(tr.direction),
  }).replace(" ,", ",");
}

// ---------- compare ----------

async function compareView(params) {
  const ids = (params.get("ids") || "").split(",").filter(Boolean).slice(0, MAX_COMPARED);
  const codes = (params.get("codes") || DEFAULT_CODES.join(",")).split(",").filter((c) => app.catalog.has(c));
  let body = "";
  if (ids.length) {
    const { data } = await gql(`query($s: [ID!]!, $c: [String!]!) { compareSchools(schoolIds: $s, codes: $c) { years
        schools { school { id code name } series { code values points { source provisional } } } } }`, { s: ids, c: codes });
    const cmp = data.compareSchools;
    body = codes.map((code) => {
      const d = def(code);
      const lines = cmp.schools.map((s, k) => {
        const se = s.series.find((x) => x.code === code);
        return { key: s.school.id, label: s.school.name, colour: SERIES_COLOURS[k % SERIES_COLOURS.length], main: true, dash: ["", "6 2", "2 2", "8 3 2 3", "1 2", "4 4"][k % 6],
          points: cmp.years.map((y, i) => ({ year: y, value: se?.values[i] ?? null, source: se?.points[i]?.source, provisional: se?.points[i]?.provisional })) };
      });
      const fmt = (v) => num(v, d.unit);
      return `<figure class="card" data-code="${esc(code)}"><figcaption><strong>${esc(d.name)}</strong> <small>${esc(t(d.method))}${unitSuffix(d.unit)}</small></figcaption>${lineChart(cmp.years, lines, fmt, d.name)}${legendHtml(lines)}
        <details><summary>${esc(t("valuesTable"))}</summary><table class="values"><thead><tr><th></th>${cmp.years.map((y) => `<th scope="col">${yearLabel(y)}</th>`).join("")}</tr></thead><tbody>${lines.map((l) => `<tr><th scope="row">${esc(l.label)}</th>${l.points.map((p) => `<td class="v">${p.value == null ? "–" : esc(fmt(p.value))}</td>`).join("")}</tr>`).join("")}</tbody></table></details></figure>`;
    }).join("");
    body = `<ul class="chips">${cmp.schools.map((s) => `<li>${esc(s.school.name)} <button type="button" class="remove" data-id="${esc(s.school.id)}" aria-label="${esc(t("remove"))}: ${esc(s.school.name)}">×</button></li>`).join("")}</ul><div class="grid two">${body}</div>`;
  }
  $("#view").innerHTML = `<h1>${esc(t("compareTitle"))}</h1>
    <form id="compare-form" class="controls"><label>${esc(t("addSchool"))} <input id="add-code" autocomplete="off"></label> <button type="submit">${esc(t("add"))}</button></form>${body}`;
  const next = (list) => { const p = new URLSearchParams(); p.set("ids", list.join(",")); p.set("codes", codes.join(",")); go("compare", null, p); };
  $("#compare-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const code = $("#add-code").value.trim();
    if (!code) return;
    if (ids.length >= MAX_COMPARED) { alert(t("tooMany")); return; }
    next(ids.concat([code]));
  });
  document.querySelectorAll("button.remove").forEach((b) => b.addEventListener("click", () => next(ids.filter((i) => i !== b.dataset.id))));
}

// ---------- region / country ----------

async function areaView(scope, params) {
  const ys = years().filter((y) => !isProvisional(y));
  const year = Number(params.get("year")) || app.status?.lastYear || ys[ys.length - 1];
  const code = app.catalog.has(params.get("code")) ? params.get("code") : DEFAULT_CODES[0];
  const region = app.regions.find((r) => r.code === scope);
  const districts = region ? region.districts : app.regions.flatMap((r) => r.districts.map((d) => ({ ...d, region: r })));
  const part = (alias, field, id) => `${alias}: ${field}(id: ${JSON.stringify(id)}) { indicators(codes: [$c], fromYear: $y, toYear: $y) { series { points { value flags coverage { schools expected } } } } }`;
  const parts = districts.map((d, i) => part("d" + i, "district", d.code));
  if (!region) app.regions.forEach((r, i) => parts.push(part("r" + i, "region", r.code)));
  const { data } = await gql(`query($c: String!, $y: Int!) { ${parts.join("\n")} }`, { c: code, y: year });
  const d = def(code);
  const point = (alias) => data[alias]?.indicators.series[0]?.points[0] || null;
  const ranked = (items) => {
    const rows = items.map((x) => ({ ...x, p: point(x.alias) }));
    rows.sort((a, b) => (a.p?.value == null) - (b.p?.value == null) || (d.higherIsBetter ? (b.p?.value ?? 0) - (a.p?.value ?? 0) : (a.p?.value ?? 0) - (b.p?.value ?? 0)));
    let rank = 0;
    return rows.map((r) => ({ ...r, rank: r.p?.value == null ? null : ++rank }));
  };
  const table = (rows, link) => `<table class="league area"><thead><tr><th scope="col">${esc(t("rank"))}</th><th scope="col">${esc(t("district"))}</th><th scope="col">${esc(d.name)}${unitSuffix(d.unit)}</th><th scope="col">${esc(t("coverage"))}</th></tr></thead><tbody>${rows.map((r) => `<tr><td class="num">${r.rank ?? "–"}</td><th scope="row"><a href="${link(r)}">${esc(r.name)}</a>${r.region ? `<br><small>${esc(r.region.name)}</small>` : ""}</th><td class="num">${esc(withUnit(r.p?.value, d.unit))}${flagBadges(r.p?.flags)}</td><td>${r.p?.coverage ? esc(t("schoolsOf", { m: r.p.coverage.schools, n: r.p.coverage.expected })) : "–"}</td></tr>`).join("")}</tbody></table>`;
  const dRows = ranked(districts.map((x, i) => ({ alias: "d" + i, name: x.name, code: x.code, region: region ? null : x.region })));
  const rRows = region ? [] : ranked(app.regions.map((r, i) => ({ alias: "r" + i, name: r.name, code: r.code })));
  const scopeOptions = [`<option value="country">${esc(t("scopeCountry"))}</option>`].concat(app.regions.map((r) => `<option value="${esc(r.code)}"${region?.code === r.code ? " selected" : ""}>${esc(r.name)}</option>`)).join("");
  const codeOptions = [...app.catalog.values()].map((i) => `<option value="${esc(i.code)}"${i.code === code ? " selected" : ""}>${esc(i.name)} (${esc(t(i.method))})</option>`).join("");
  const yearOptions = ys.map((y) => `<option value="${y}"${y === year ? " selected" : ""}>${yearLabel(y)}</option>`).join("");
  $("#view").innerHTML = `<h1>${esc(t("areaView"))} <small>${esc(region ? region.name : t("scopeCountry"))} · ${yearLabel(year)}</small></h1>
    <form id="area-form" class="controls"><label>${esc(t("region"))} <select id="scope">${scopeOptions}</select></label>
      <label>${esc(t("indicators"))} <select id="code">${codeOptions}</select></label>
      <label>${esc(t("year"))} <select id="year">${yearOptions}</select></label></form>
    ${rRows.length ? `<section><h2>${esc(t("regionsRanked"))}</h2><div class="scroll">${table(rRows, (r) => "#/area/" + encodeURIComponent(r.code) + "?code=" + code + "&year=" + year).replace(esc(t("district")), esc(t("region")))}</div></section>` : ""}
    <section><h2>${esc(t("districtsRanked"))}</h2><div class="scroll">${table(dRows, (r) => "#/district/" + encodeURIComponent(r.code) + "?year=" + year + "&codes=" + code)}</div></section>`;
  const change = () => { const p = new URLSearchParams(); p.set("code", $("#code").value); p.set("year", $("#year").value); go("area", $("#scope").value, p); };
  $("#area-form").addEventListener("change", change);
}

// ---------- freshness: the subscription ----------

/// Listens to `trendsRefreshed` (graphql-transport-ws); on a new generation the status and
/// the current view are reloaded. Reconnects with a growing pause; a socket the server
/// refuses leaves the page as it is (it still reads fresh data on every view change).
function subscribe(delay = 1000) {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql/ws";
  let ws;
  try { ws = new WebSocket(url, "graphql-transport-ws"); } catch { return; }
  ws.onopen = () => ws.send(JSON.stringify({ type: "connection_init", payload: {} }));
  ws.onmessage = async (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === "connection_ack") {
      delay = 1000;
      ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: `subscription { trendsRefreshed { ${FRESHNESS} } }` } }));
      window.sapatLive = true;
    } else if (msg.type === "ping") {
      ws.send(JSON.stringify({ type: "pong" }));
    } else if (msg.type === "next" && msg.payload?.data?.trendsRefreshed) {
      const fresh = msg.payload.data.trendsRefreshed;
      const changed = fresh.generationId !== app.status?.generationId;
      app.status = fresh;
      drawFreshness();
      if (changed) {
        await render();
        const n = $("#notice");
        n.textContent = t("refreshedNotice", { id: fresh.generationId });
        n.hidden = false;
      }
    }
  };
  ws.onclose = () => (window.sapatLive = false, setTimeout(() => subscribe(Math.min(delay * 2, 60000)), delay));
}

// ---------- chrome: language, sign-in ----------

function drawChrome() {
  document.title = t("title");
  $("#brand").textContent = t("title");
  document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
  $("#lang").value = app.lang;
  $("#who").textContent = app.token ? t("signedInAs", { role: "API" }) : t("anonymous");
  $("#signin-form").hidden = !!app.token;
  $("#signout").hidden = !app.token;
  drawFreshness();
}

function start() {
  $("#lang").addEventListener("change", async (e) => {
    app.lang = e.target.value;
    localStorage.setItem("sapat.lang", app.lang);
    drawChrome();
    await render();
  });
  $("#signin-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const token = $("#token").value.trim();
    if (!token) return;
    app.token = token;
    sessionStorage.setItem("sapat.token", token);
    $("#token").value = "";
    drawChrome();
    await render();
  });
  $("#signout").addEventListener("click", async () => {
    app.token = "";
    sessionStorage.removeItem("sapat.token");
    drawChrome();
    await render();
  });
  $("#print").addEventListener("click", () => window.print());
  window.addEventListener("hashchange", () => { $("#notice").hidden = true; render(); });
  drawChrome();
  render();
  subscribe();
}

document.addEventListener("DOMContentLoaded", start);
