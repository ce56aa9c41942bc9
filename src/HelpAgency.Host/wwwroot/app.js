// The local chat page: talk as any user, and watch what is pushed to that user arrive in the inbox.
"use strict";

const $ = (id) => document.getElementById(id);
// csrf is set when the host lets only a signed-in staff member chat, as themselves.
const state = { user: "", after: 0, timer: 0, polling: false, csrf: "" };

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Enough markdown for the bot's replies: headings, bold, lists and line breaks, after escaping everything.
function renderMarkdown(text) {
  return escapeHtml(text)
    .split("\n")
    .map((line) => line
      .replace(/^#{1,6}\s*(.*)$/, "<strong>$1</strong>")
      .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
      .replace(/^\s*[-*]\s+(.*)$/, "• $1")
      .replace(/&lt;font color=&quot;(\w+)&quot;&gt;(.*?)&lt;\/font&gt;/g, '<span class="$1">$2</span>'))
    .join("<br>");
}

function renderContent(type, content) {
  const node = document.createElement("div");
  if (type === "card") {
    node.className = "card";
    node.innerHTML = `<h3>${escapeHtml(content.title || "")}</h3><div>${renderMarkdown(content.text || "")}</div>`;
    const buttons = document.createElement("div");
    buttons.className = "buttons";
    for (const b of content.buttons || []) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.text;
      button.addEventListener("click", () => send({ event: "template_card_event", key: b.key, taskId: content.task_id ?? content.taskId }, b.text));
      buttons.appendChild(button);
    }
    node.appendChild(buttons);
  } else if (type === "markdown") {
    node.innerHTML = renderMarkdown(content.text || "");
  } else {
    node.textContent = content.text || "";
  }
  return node;
}

function addMessage(who, node) {
  const bubble = document.createElement("div");
  bubble.className = `msg ${who}`;
  bubble.appendChild(node);
  $("log").appendChild(bubble);
  bubble.scrollIntoView({ block: "end" });
}

function addText(who, text) {
  const node = document.createElement("div");
  node.textContent = text;
  addMessage(who, node);
}

async function send(body, echo) {
  if (echo) addText("user", echo);
  try {
    const response = await fetch("api/chat", {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, state.csrf ? { "X-CSRF-TOKEN": state.csrf } : {}),
      body: JSON.stringify({ user: state.user, ...body }),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      addText("error", data.error || `请求失败（${response.status}）`);
      return;
    }
    for (const reply of data.replies || []) addMessage("bot", renderContent(reply.type, reply));
    pollInbox();
  } catch {
    addText("error", "网络连接失败，请稍后再试。");
  }
}

async function pollInbox() {
  if (state.polling || !state.user) return;
  state.polling = true;
  const user = state.user;
  try {
    const response = await fetch(`api/inbox/${encodeURIComponent(user)}?after=${state.after}`);
    if (!response.ok || user !== state.user) return;
    const data = await response.json();
    for (const m of data.messages) {
      state.after = Math.max(state.after, m.id);
      const item = document.createElement("li");
      item.innerHTML = `<time>${escapeHtml(new Date(m.time).toLocaleString("zh-CN"))}</time>`;
      item.appendChild(renderContent(m.type, m.content));
      $("inbox").appendChild(item);
      item.scrollIntoView({ block: "end" });
    }
    $("inbox-count").textContent = String($("inbox").children.length);
    $("status").textContent = "";
  } catch {
    $("status").textContent = "暂时无法获取推送消息，正在重试…";
  } finally {
    state.polling = false;
  }
}

function switchUser(user) {
  user = user.trim();
  if (!user || user === state.user) return;
  state.user = user;
  state.after = 0;
  $("user").value = user;
  $("log").replaceChildren();
  $("inbox").replaceChildren();
  $("inbox-count").textContent = "0";
  history.replaceState(null, "", `?user=${encodeURIComponent(user)}`);
  send({ event: "enter_agent" });
}

$("who").addEventListener("submit", (e) => { e.preventDefault(); switchUser($("user").value); });
document.querySelectorAll("[data-user]").forEach((b) => b.addEventListener("click", () => switchUser(b.dataset.user)));
$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  send({ text }, text);
});

async function start() {
  const response = await fetch("api/chat/session").catch(() => null);
  const session = response && response.ok ? await response.json() : { anyUser: true };
  if (!session.anyUser) {
    // Signed in as a staff member: the page speaks as them and cannot switch.
    state.csrf = session.csrf;
    $("user").readOnly = true;
    document.querySelectorAll("#who button").forEach((b) => { b.hidden = true; });
    switchUser(session.user);
  } else {
    switchUser(new URLSearchParams(location.search).get("user") || $("user").value);
  }
  state.timer = setInterval(pollInbox, 1500);
}

start();
