// SVG charts drawn from the API's numbers: sparklines, line charts with the reference lines,
// stacked bars. Colours are the Okabe–Ito palette (told apart with colour-blindness too);
// every chart also gets its values as a table from the caller (a text alternative).
"use strict";

const PALETTE = {
  school: "#0b4f9c", district: "#d55e00", region: "#007a5a", country: "#555555",
  peers: "#a0457a",
};
const SERIES_COLOURS = ["#0b4f9c", "#d55e00", "#007a5a", "#a0457a", "#8a6d00", "#555555"];
const LEVEL_COLOURS = ["#9ecae1", "#4292c6", "#08519c", "#e6a532", "#d55e00", "#7a2b00"];

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/// Scales for `values` over `years` into a box of width × height with padding.
function scales(years, values, box) {
  const nums = values.filter((v) => v != null && Number.isFinite(v));
  let lo = Math.min(...nums), hi = Math.max(...nums);
  if (!nums.length) { lo = 0; hi = 1; }
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.1;
  // Counts, shares and scores are never negative: the axis does not go below zero for them.
  lo = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
  hi += pad;
  const x0 = box.left, x1 = box.width - box.right;
  const y0 = box.height - box.bottom, y1 = box.top;
  const n = Math.max(years.length - 1, 1);
  const x = (year) => x0 + ((years.indexOf(year)) / n) * (x1 - x0);
  const y = (v) => y0 - ((v - lo) / (hi - lo)) * (y0 - y1);
  return { x, y, lo, hi, x0, x1, y0, y1 };
}

/// The path of consecutive points; a gap (null) breaks the line, a missing year is never 0.
function segments(points, x, y) {
  const out = [];
  let run = [];
  for (const p of points) {
    if (p.value == null) { if (run.length) out.push(run); run = []; continue; }
    run.push(p);
  }
  if (run.length) out.push(run);
  return out.map((r) => r.map((p, i) => (i ? "L" : "M") + x(p.year).toFixed(1) + " " + y(p.value).toFixed(1)).join(" "));
}

/// A five-year sparkline (decorative: the row's value and direction say it in text).
function sparkline(points) {
  const years = points.map((p) => p.year);
  const box = { width: 80, height: 22, left: 3, right: 3, top: 3, bottom: 3 };
  const s = scales(years, points.map((p) => p.value), box);
  const d = segments(points, s.x, s.y).join(" ");
  const last = [...points].reverse().find((p) => p.value != null);
  const dot = last ? `<circle cx="${s.x(last.year).toFixed(1)}" cy="${s.y(last.value).toFixed(1)}" r="2.2" fill="${PALETTE.school}"/>` : "";
  return `<svg class="spark" viewBox="0 0 80 22" width="80" height="22" aria-hidden="true" focusable="false"><path d="${d}" fill="none" stroke="${PALETTE.school}" stroke-width="1.5"/>${dot}</svg>`;
}

/// A line chart: `lines` = [{ key, label, colour, dash, points: [{ year, value, source,
/// provisional }] }]; the first line is the subject, drawn over the others with its markers.
function lineChart(years, lines, fmt, title) {
  const box = { width: 560, height: 210, left: 48, right: 30, top: 12, bottom: 26 };
  const all = lines.flatMap((l) => l.points.map((p) => p.value));
  const s = scales(years, all, box);
  let svg = `<svg class="chart" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="${esc(title)}">`;
  // Grid: four value lines and the years.
  for (let i = 0; i <= 3; i++) {
    const v = s.lo + ((s.hi - s.lo) * i) / 3;
    const yy = s.y(v).toFixed(1);
    svg += `<line x1="${s.x0}" x2="${s.x1}" y1="${yy}" y2="${yy}" stroke="#d0d0d0" stroke-width="1"/>`;
    svg += `<text x="${s.x0 - 6}" y="${yy}" dy="4" text-anchor="end" class="tick">${esc(fmt(v))}</text>`;
  }
  for (const year of years) {
    svg += `<text x="${s.x(year).toFixed(1)}" y="${box.height - 8}" text-anchor="middle" class="tick">${year}–${String((year + 1) % 100).padStart(2, "0")}</text>`;
  }
  for (const line of [...lines].reverse()) {
    const firm = line.points.filter((p) => !p.provisional);
    for (const d of segments(firm, s.x, s.y)) {
      svg += `<path d="${d}" fill="none" stroke="${line.colour}" stroke-width="${line.main ? 2.5 : 1.6}"${line.dash ? ` stroke-dasharray="${line.dash}"` : ""}/>`;
    }
    // A provisional year joins its line dashed.
    const lastFirm = [...firm].reverse().find((p) => p.value != null);
    for (const p of line.points.filter((p) => p.provisional && p.value != null)) {
      if (lastFirm) svg += `<path d="M${s.x(lastFirm.year).toFixed(1)} ${s.y(lastFirm.value).toFixed(1)} L${s.x(p.year).toFixed(1)} ${s.y(p.value).toFixed(1)}" fill="none" stroke="${line.colour}" stroke-width="1.6" stroke-dasharray="6 4"/>`;
    }
    if (!line.main) continue;
    for (const p of line.points) {
      if (p.value == null) continue;
      const hollow = p.source === "REPORTED" || p.provisional;
      svg += `<circle class="${hollow ? "hollow" : "solid"}" cx="${s.x(p.year).toFixed(1)}" cy="${s.y(p.value).toFixed(1)}" r="4" fill="${hollow ? "#ffffff" : line.colour}" stroke="${line.colour}" stroke-width="2"><title>${esc(p.yearLabel || p.year)}: ${esc(fmt(p.value))}</title></circle>`;
    }
  }
  return svg + "</svg>";
}

/// Stacked bars per year: `levels` = [{ label, values: [per year] }] (null = not reported).
function stackedBars(years, levels, fmt, title) {
  const box = { width: 560, height: 200, left: 36, right: 16, top: 10, bottom: 26 };
  const totals = years.map((_, i) => levels.reduce((a, l) => a + (l.values[i] ?? 0), 0));
  const hi = Math.max(1, ...totals);
  const band = (box.width - box.left - box.right) / years.length;
  const y = (v) => box.height - box.bottom - (v / hi) * (box.height - box.top - box.bottom);
  let svg = `<svg class="chart" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="${esc(title)}">`;
  for (let i = 0; i <= 2; i++) {
    const v = (hi * i) / 2;
    svg += `<line x1="${box.left}" x2="${box.width - box.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d0d0d0"/>`;
    svg += `<text x="${box.left - 5}" y="${y(v).toFixed(1)}" dy="4" text-anchor="end" class="tick">${esc(fmt(v))}</text>`;
  }
  years.forEach((year, i) => {
    let base = 0;
    const x = box.left + i * band + band * 0.2;
    levels.forEach((l, k) => {
      const v = l.values[i];
      if (!v) return;
      svg += `<rect x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${(band * 0.6).toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${LEVEL_COLOURS[k % LEVEL_COLOURS.length]}"><title>${esc(l.label)}: ${esc(fmt(v))}</title></rect>`;
      base += v;
    });
    svg += `<text x="${(x + band * 0.3).toFixed(1)}" y="${box.height - 8}" text-anchor="middle" class="tick">${year}–${String((year + 1) % 100).padStart(2, "0")}</text>`;
  });
  return svg + "</svg>";
}

function legendHtml(items) {
  return `<ul class="legend">${items.map((i) => `<li><svg width="26" height="10" aria-hidden="true"><line x1="1" x2="25" y1="5" y2="5" stroke="${i.colour}" stroke-width="${i.main ? 2.5 : 2}"${i.dash ? ` stroke-dasharray="${i.dash}"` : ""}/></svg>${esc(i.label)}</li>`).join("")}</ul>`;
}

function swatchLegend(items) {
  return `<ul class="legend">${items.map((i, k) => `<li><span class="swatch" data-colour="${k}"></span>${esc(i)}</li>`).join("")}</ul>`;
}
