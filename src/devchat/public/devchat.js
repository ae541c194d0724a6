/* global AdaptiveCards, EventSource, localStorage, location, URLSearchParams */
// The dev chat page: plays the Teams client. It shows what the dev chat connector received from the
// bot (Server-Sent Events), renders cards with the official adaptivecards package and the Teams host
// config (card-slots.js), and reports what the user does to /devchat/send, which posts Teams
// activities to the bot. An update from the bot replaces a message for everyone.
import { cardsOf, createCardSlots } from "./card-slots.js";
import { renderMarkdown, escapeHtml } from "./render-markdown.js";

const byId = (id) => document.getElementById(id);

const state = {
  config: undefined,
  user: undefined,
  locale: "en-US",
  scope: "personal",
  source: undefined,
  /** message id -> { activity, element } of what the conversation holds, in order. */
  messages: new Map(),
  /** The card slots and each user's views of cards (card-slots.js). */
  cards: undefined,
  pendingSends: 0,
};

// ---------- words ----------

function stringsFor(locale) {
  const strings = state.config.strings;
  return strings[locale.slice(0, 2)] ?? strings.en;
}

function say(key, params = {}) {
  const template = stringsFor(state.locale)[key] ?? state.config.strings.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

function applyStrings() {
  document.documentElement.lang = state.locale.slice(0, 2);
  document.title = say("page.title");
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = say(element.dataset.i18n);
  const input = byId("compose-input");
  input.placeholder = say("compose.placeholder");
  input.setAttribute("aria-label", say("compose.placeholder"));
  byId("compose-hint").textContent = state.scope === "channel" ? say("compose.channelHint", { bot: `@${state.config.bot.name}` }) : "";
  byId("typing-text").textContent = say("chat.working");
  renderHeader();
  renderEmptyState();
  for (const entry of state.messages.values()) {
    const edited = entry.element.querySelector(".edited");
    if (edited) edited.textContent = say("chat.updated");
  }
}

// ---------- settings: URL (?user=&locale=&scope=) over localStorage over defaults ----------

function restoreSettings() {
  const params = new URLSearchParams(location.search);
  const users = state.config.users;
  const wantedUser = params.get("user") ?? localStorage.getItem("devchat.user") ?? "";
  state.user =
    users.find((u) => u.aadObjectId === wantedUser || u.id === wantedUser || u.name.toLowerCase().startsWith(wantedUser.toLowerCase() || "\u0000")) ??
    users[0];
  const wantedLocale = params.get("locale") ?? localStorage.getItem("devchat.locale");
  state.locale = state.config.locales.find((l) => l.tag === wantedLocale)?.tag ?? state.config.locales[0].tag;
  const wantedScope = params.get("scope") ?? localStorage.getItem("devchat.scope");
  state.scope = wantedScope === "channel" ? "channel" : "personal";
}

function saveSettings() {
  localStorage.setItem("devchat.user", state.user.aadObjectId);
  localStorage.setItem("devchat.locale", state.locale);
  localStorage.setItem("devchat.scope", state.scope);
}

// ---------- controls ----------

function initials(name) {
  return name
    .replace(/\(.*?\)/g, "")
    .trim()
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

/** A stable colour per person, like Teams' avatars. */
function avatarColor(id) {
  const palette = ["#c4314b", "#0078d4", "#498205", "#8764b8", "#ca5010", "#038387", "#8e562e"];
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}

function paintAvatar(element, person) {
  element.textContent = initials(person.name);
  element.style.backgroundColor = avatarColor(person.aadObjectId ?? person.id ?? person.name);
}

function buildControls() {
  const select = byId("user-select");
  for (const user of state.config.users) {
    const option = document.createElement("option");
    option.value = user.aadObjectId;
    option.textContent = user.name;
    select.append(option);
  }
  select.addEventListener("change", () => {
    state.user = state.config.users.find((u) => u.aadObjectId === select.value) ?? state.user;
    saveSettings();
    renderIdentity();
    applyStrings();
    // Another person opens the chat: their own 1:1 conversation, and the cards refresh for them.
    connect();
  });

  const locales = byId("locale-switch");
  for (const locale of state.config.locales) {
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "radio");
    button.dataset.locale = locale.tag;
    button.textContent = locale.label;
    button.addEventListener("click", () => {
      state.locale = locale.tag;
      saveSettings();
      renderSwitches();
      applyStrings();
    });
    locales.append(button);
  }

  for (const button of byId("scope-switch").querySelectorAll("button")) {
    button.addEventListener("click", () => {
      if (state.scope === button.dataset.scope) return;
      state.scope = button.dataset.scope;
      saveSettings();
      renderSwitches();
      applyStrings();
      connect();
    });
  }

  byId("compose-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId("compose-input");
    const text = input.value.trim();
    if (text.length === 0) return;
    input.value = "";
    void sendMessage(text);
  });
}

function renderIdentity() {
  byId("user-select").value = state.user.aadObjectId;
  byId("user-object-id").textContent = state.user.aadObjectId;
  paintAvatar(byId("user-avatar"), state.user);
}

function renderSwitches() {
  for (const button of byId("locale-switch").querySelectorAll("button")) {
    button.setAttribute("aria-checked", String(button.dataset.locale === state.locale));
  }
  for (const button of byId("scope-switch").querySelectorAll("button")) {
    button.setAttribute("aria-checked", String(button.dataset.scope === state.scope));
  }
}

function renderHeader() {
  const { bot, team, channel } = state.config;
  byId("chat-title").textContent = state.scope === "channel" ? `${team.name} › ${channel.name}` : bot.name;
}

function renderEmptyState() {
  const empty = byId("empty");
  empty.hidden = state.messages.size > 0;
  const { bot, team, channel } = state.config;
  byId("empty-text").textContent =
    state.scope === "channel" ? say("chat.emptyChannel", { team: team.name, channel: channel.name }) : say("chat.emptyPersonal", { bot: bot.name });
  const suggestions = byId("suggestions");
  if (suggestions.childElementCount === 0) {
    for (const command of ["help", "status vm-web-01", "drift rg-prod", "troubleshoot vm-db-01", "upgrade rg-prod/vm-web-02", "approvals"]) {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.textContent = command;
      chip.addEventListener("click", () => void sendMessage(command));
      suggestions.append(chip);
    }
  }
}

function showBanner(text) {
  const banner = byId("banner");
  banner.textContent = text ?? "";
  banner.hidden = !text;
}

// ---------- talking to the dev chat server ----------

async function send(request) {
  const response = await fetch("/devchat/send", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: state.user.aadObjectId, locale: state.locale, ...request }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

function setTyping(delta) {
  state.pendingSends = Math.max(0, state.pendingSends + delta);
  byId("typing").hidden = state.pendingSends === 0;
  if (state.pendingSends > 0) scrollToEnd();
}

async function sendMessage(text) {
  setTyping(1);
  try {
    const result = await send({ kind: "message", scope: state.scope, text });
    if (result.status >= 400) appendNotice(say("errors.botStatus", { status: result.status }), true);
  } catch (error) {
    appendNotice(say("errors.unreachable", { message: error.message }), true);
  } finally {
    setTyping(-1);
  }
}

// ---------- the conversation ----------

function conversationKey() {
  return state.scope === "channel" ? state.config.channel.id : state.user.personalConversationId;
}

function connect() {
  state.source?.close();
  const key = conversationKey();
  const source = new EventSource(`/devchat/events?conversation=${encodeURIComponent(key)}`);
  state.source = source;
  source.addEventListener("history", (event) => {
    const { activities } = JSON.parse(event.data);
    showBanner(undefined);
    clearMessages();
    for (const activity of activities) addActivity(activity);
    renderEmptyState();
    document.body.dataset.conversation = key;
    document.body.dataset.ready = "true";
    // A conversation the bot has never seen: Teams tells the bot it was installed (bot-framework.md §4.3).
    if (activities.length === 0) void send({ kind: "install", scope: state.scope }).catch(() => {});
  });
  source.addEventListener("activity", (event) => {
    addActivity(JSON.parse(event.data).activity);
    renderEmptyState();
  });
  source.addEventListener("update", (event) => updateActivity(JSON.parse(event.data).activity));
  source.addEventListener("delete", (event) => removeActivity(JSON.parse(event.data).id));
  source.addEventListener("error", () => {
    if (state.source === source) showBanner(say("errors.disconnected"));
  });
}

function clearMessages() {
  state.messages.clear();
  byId("messages").replaceChildren();
}

function isFromBot(activity) {
  return typeof activity.from?.id === "string" && activity.from.id.startsWith("28:");
}

function formatTime(timestamp) {
  const date = new Date(timestamp ?? Date.now());
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString(state.locale, { hour: "2-digit", minute: "2-digit" });
}

/** A user's text as Teams shows it: <at>name</at> becomes a highlighted mention, the rest is plain text. */
function renderUserText(container, text) {
  const parts = text.split(/(<at>[^<]*<\/at>)/);
  for (const part of parts) {
    const mention = /^<at>([^<]*)<\/at>$/.exec(part);
    if (mention) {
      const span = document.createElement("span");
      span.className = "mention";
      span.textContent = `@${mention[1]}`;
      container.append(span);
    } else if (part) {
      container.append(document.createTextNode(part));
    }
  }
}

function buildMessageElement(activity) {
  const fromBot = isFromBot(activity);
  const mine = !fromBot && activity.from?.aadObjectId === state.user.aadObjectId;
  const item = document.createElement("li");
  item.className = `message ${fromBot ? "from-bot" : mine ? "from-me" : "from-other"}`;
  item.dataset.messageId = activity.id;
  item.dataset.testid = "message";

  if (!mine) {
    const avatar = document.createElement("span");
    avatar.className = `avatar ${fromBot ? "bot-avatar" : ""}`;
    if (fromBot) avatar.textContent = "ex";
    else paintAvatar(avatar, activity.from ?? { name: "?" });
    item.append(avatar);
  }

  const main = document.createElement("div");
  main.className = "message-main";
  const meta = document.createElement("div");
  meta.className = "message-meta";
  const author = document.createElement("span");
  author.className = "author";
  author.textContent = mine ? "" : (activity.from?.name ?? "");
  const time = document.createElement("time");
  time.textContent = formatTime(activity.timestamp);
  meta.append(author, time);
  if (activity.edited) {
    const edited = document.createElement("span");
    edited.className = "edited";
    edited.textContent = say("chat.updated");
    meta.append(edited);
  }
  main.append(meta);

  const body = document.createElement("div");
  body.className = "message-body";
  const cards = cardsOf(activity);
  if (typeof activity.text === "string" && activity.text.length > 0) {
    const text = document.createElement("div");
    text.className = "text";
    if (fromBot) text.innerHTML = renderMarkdown(activity.text);
    else renderUserText(text, activity.text);
    body.append(text);
  }
  cards.forEach((attachment, index) => body.append(state.cards.build(activity, attachment.content, index)));
  main.append(body);
  item.append(main);
  return item;
}

/** Messages worth showing: text or cards (a submit's value-only message, typing, ... are not). */
function isVisible(activity) {
  return activity.type === "message" && ((typeof activity.text === "string" && activity.text.length > 0) || cardsOf(activity).length > 0);
}

function addActivity(activity) {
  if (!isVisible(activity) || state.messages.has(activity.id)) return;
  const element = buildMessageElement(activity);
  state.messages.set(activity.id, { activity, element });
  byId("messages").append(element);
  scrollToEnd();
  state.cards.refresh(activity);
}

function updateActivity(activity) {
  const entry = state.messages.get(activity.id);
  if (!entry) return addActivity(activity);
  // An update changes the message for everyone: per-user views of the old card are gone.
  state.cards.forget(activity.id);
  const updated = { ...activity, edited: true };
  const element = buildMessageElement(updated);
  entry.element.replaceWith(element);
  state.messages.set(activity.id, { activity: updated, element });
  // TD User-Specific-Views: an update re-triggers refresh for the users the card names.
  state.cards.refresh(updated);
}

function removeActivity(id) {
  const entry = state.messages.get(id);
  if (!entry) return;
  entry.element.remove();
  state.messages.delete(id);
  renderEmptyState();
}

function appendNotice(text, isError) {
  const item = document.createElement("li");
  item.className = `notice ${isError ? "error" : ""}`;
  item.textContent = text;
  byId("messages").append(item);
  scrollToEnd();
}

function scrollToEnd() {
  const scroller = byId("scroller");
  scroller.scrollTop = scroller.scrollHeight;
}

// ---------- start ----------

async function start() {
  const [config, hostConfig] = await Promise.all([
    fetch("/devchat/config").then((r) => r.json()),
    fetch("/devchat/teams-host-config.json").then((r) => r.json()),
  ]);
  state.config = config;
  state.cards = createCardSlots({
    user: () => state.user,
    hostConfig: new AdaptiveCards.HostConfig(hostConfig),
    say,
    send,
    slotOf: (messageId) => state.messages.get(messageId)?.element.querySelector('.card-slot[data-index="0"]'),
  });
  // Teams renders its Markdown subset in TextBlocks; the SDK leaves that to the host.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = renderMarkdown(text);
    result.didProcess = true;
  };
  restoreSettings();
  buildControls();
  renderIdentity();
  renderSwitches();
  applyStrings();
  connect();
}

start().catch((error) => {
  document.body.innerHTML = `<pre class="fatal">${escapeHtml(String(error?.stack ?? error))}</pre>`;
});
