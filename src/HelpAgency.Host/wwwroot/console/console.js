// 帮办代办工作台: shared helpers of the console pages (no build step, no framework).
"use strict";

/** Makes an element; text children are set as text, never as HTML. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The antiforgery token every state-changing request sends; read from /api/admin/me. */
let csrfToken = "";

/**
 * Calls the admin API; a lost session goes back to sign-in, other errors throw with the server's message (the error
 * also carries the answer's status and body, for a page that offers a way on from a refusal).
 */
async function api(path, options) {
  const response = await fetch(path, Object.assign({ headers: { "Accept": "application/json" } }, options));
  if (response.status === 401) {
    location.href = "/auth/signin?returnUrl=" + encodeURIComponent(location.pathname + location.search);
    throw new Error("请先登录");
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.error || ("请求失败：" + response.status)), { status: response.status, body });
  return body;
}

async function post(path, body) {
  if (!csrfToken) csrfToken = (await api("/api/admin/me")).csrf;
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-TOKEN": csrfToken },
    body: JSON.stringify(body || {}),
  });
}

// Every time the console shows is China time (UTC+8), wherever the browser is.
const chinaTime = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false,
});

const fmt = {
  day(value) {
    if (!value) return "—";
    const text = String(value);
    return text.length <= 10 ? text : fmt.time(text).slice(0, 10);
  },
  time(value) {
    if (!value) return "—";
    return chinaTime.format(new Date(value)).replace("T", " ");
  },
};

/** Draws the top bar: pages for the role, who is signed in, sign-out. Resolves to the signed-in user. */
async function consoleHeader(here) {
  const me = await api("/api/admin/me");
  csrfToken = me.csrf;
  const links = me.role === "supervisor"
    ? [["index.html", "总览"], ["cases.html", "案件列表"], ["mine.html", "我的视图"], ["intake.html", "录入申请"]]
    : [["mine.html", "我的案件"], ["cases.html", "案件列表"], ["intake.html", "录入申请"]];
  const bar = el("header", { class: "bar" },
    el("span", { class: "title" }, "帮办代办工作台"),
    el("nav", {}, links.map(([href, text]) => el("a", { href, class: href === here ? "here" : null }, text))),
    el("span", { class: "muted", id: "who" }, `${me.name}（${me.role === "supervisor" ? "督导人员" : "帮办专员"}）`),
    el("form", { method: "post", action: "/auth/signout" },
      el("input", { type: "hidden", name: "__RequestVerificationToken", value: me.csrf }),
      el("button", { class: "plain", type: "submit" }, "退出")));
  document.body.prepend(bar);
  return me;
}

function showError(where, error) {
  where.replaceChildren(el("p", { class: "error" }, error.message || String(error)));
}

/** A horizontal bar chart as inline SVG: rows of [label, value, optional marker value, optional link]. */
function barChart(rows, options) {
  const o = Object.assign({ unit: "", width: 520, label: 120, markerTitle: "" }, options);
  const ns = "http://www.w3.org/2000/svg";
  const rowHeight = 26;
  const max = Math.max(1, ...rows.map((r) => Math.max(r[1], r[2] || 0)));
  const plot = o.width - o.label - 60;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("viewBox", `0 0 ${o.width} ${Math.max(rowHeight, rows.length * rowHeight) + 6}`);
  svg.setAttribute("role", "img");
  const make = (tag, attrs, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  rows.forEach(([label, value, marker, href], i) => {
    const y = i * rowHeight + 4;
    const group = make("g", {});
    const name = make("text", { x: o.label - 6, y: y + 15, "text-anchor": "end" }, label.length > 9 ? label.slice(0, 9) + "…" : label);
    name.append(make("title", {}, label));
    group.append(name);
    group.append(make("rect", { x: o.label, y, width: Math.max(1, (value / max) * plot), height: rowHeight - 8, rx: 3, fill: marker && value > marker ? "#c2410c" : "#1a6fd1" }));
    if (marker) {
      const x = o.label + (marker / max) * plot;
      const line = make("line", { x1: x, x2: x, y1: y - 2, y2: y + rowHeight - 6, stroke: "#1f2933", "stroke-width": 2, "stroke-dasharray": "3 2" });
      line.append(make("title", {}, `${o.markerTitle}${marker}${o.unit}`));
      group.append(line);
    }
    group.append(make("text", { x: o.label + (value / max) * plot + 6, y: y + 15 }, `${value}${o.unit}`));
    if (href) {
      const link = make("a", { href });
      link.append(group);
      svg.append(link);
    } else {
      svg.append(group);
    }
  });
  return svg;
}
