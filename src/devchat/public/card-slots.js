/* global AdaptiveCards, HTMLElement */
// Cards on the page, with Universal Actions as Teams does them (bot-framework.md §5):
// - Action.Execute -> an adaptiveCard/action invoke; a card in the answer replaces the card for
//   this user only (their "view"), a message answer is shown under the card;
// - refresh -> the same invoke with trigger "automatic" for the users refresh.userIds names;
// - Action.Submit -> a message whose value is the button's data.
// The page owns the messages; this owns what is inside a card's slot and each user's views.

export const cardContentType = "application/vnd.microsoft.card.adaptive";

/** The Adaptive Card attachments of an activity. */
export function cardsOf(activity) {
  return (Array.isArray(activity.attachments) ? activity.attachments : []).filter((a) => a.contentType === cardContentType && a.content);
}

/**
 * host: { user() -> current demo user, hostConfig -> AdaptiveCards.HostConfig, say(key, params),
 * send(request) -> the bot's { status, body }, slotOf(messageId) -> the first card slot element }.
 */
export function createCardSlots(host) {
  /** `${aadObjectId}|${messageId}` -> the card this user sees instead of the message's own. */
  const views = new Map();
  const viewKey = (messageId) => `${host.user().aadObjectId}|${messageId}`;

  function setNotice(slot, text, isError) {
    const notice = slot.querySelector(".card-notice");
    notice.textContent = text ?? "";
    notice.classList.toggle("error", Boolean(isError));
  }

  function setBusy(slot, busy, text) {
    slot.classList.toggle("busy", busy);
    slot.setAttribute("aria-busy", String(busy));
    if (busy) setNotice(slot, text, false);
  }

  function draw(slot, activity, json, isUserView) {
    const cardHost = slot.querySelector(".card-host");
    const label = slot.querySelector(".card-label");
    label.textContent = isUserView ? host.say("chat.userView", { name: host.user().name }) : "";
    label.hidden = !isUserView;
    cardHost.dataset.view = isUserView ? "user" : "base";
    cardHost.classList.toggle("full-width", json?.msteams?.width === "Full");
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = host.hostConfig;
    card.onExecuteAction = (action) => void runAction(slot, activity, action);
    let rendered;
    try {
      card.parse(json);
      rendered = card.render();
    } catch (error) {
      console.error("card could not be rendered", error);
    }
    cardHost.replaceChildren();
    if (rendered instanceof HTMLElement) cardHost.append(rendered);
    else cardHost.textContent = json?.fallbackText ?? activity.summary ?? "";
  }

  /** The bot's answer to an invoke (ACD universal-action-model, bot-framework.md §5.2). */
  function applyInvokeResult(slot, activity, result) {
    const body = result.body ?? {};
    if (result.status >= 400 && !body.type) {
      setNotice(slot, host.say("errors.cardAction", { message: `HTTP ${result.status}` }), true);
    } else if (body.type === cardContentType && body.value) {
      views.set(viewKey(activity.id), body.value);
      draw(slot, activity, body.value, true);
      setNotice(slot, "", false);
    } else if (body.type === "application/vnd.microsoft.activity.message") {
      setNotice(slot, String(body.value ?? ""), false);
    } else if (typeof body.type === "string" && body.type.startsWith("application/vnd.microsoft.error")) {
      setNotice(slot, host.say("errors.cardAction", { message: body.value?.message ?? body.type }), true);
    } else {
      setNotice(slot, "", false);
    }
  }

  async function invoke(slot, activity, action, trigger) {
    const user = host.user();
    setBusy(slot, true, trigger === "automatic" ? host.say("chat.refreshing", { name: user.name }) : host.say("chat.working"));
    try {
      const result = await host.send({
        kind: "invoke",
        replyToId: activity.id,
        trigger,
        action: { verb: action.verb ?? "", data: action.data ?? {}, id: action.id ?? "", title: action.title ?? "" },
      });
      // Someone else took the seat meanwhile, or the message was redrawn (an update): a stale answer.
      if (host.user() !== user || !slot.isConnected) return;
      setBusy(slot, false);
      applyInvokeResult(slot, activity, result);
    } catch (error) {
      setBusy(slot, false);
      setNotice(slot, host.say("errors.cardAction", { message: error.message }), true);
    }
  }

  function submittedData(action) {
    const data = action.data;
    return data && typeof data === "object" && !Array.isArray(data) ? data : { value: data };
  }

  async function runAction(slot, activity, action) {
    const type = action.getJsonTypeName();
    if (type === "Action.Execute") {
      // action.data is the card's data with the input values merged in, as Teams sends it.
      await invoke(slot, activity, { verb: action.verb, data: submittedData(action), id: action.id, title: action.title }, "manual");
    } else if (type === "Action.Submit") {
      setBusy(slot, true, host.say("chat.working"));
      try {
        const result = await host.send({ kind: "submit", replyToId: activity.id, value: submittedData(action) });
        setBusy(slot, false);
        const failed = result.status >= 400;
        setNotice(slot, failed ? host.say("errors.botStatus", { status: result.status }) : "", failed);
      } catch (error) {
        setBusy(slot, false);
        setNotice(slot, host.say("errors.unreachable", { message: error.message }), true);
      }
    } else if (type === "Action.OpenUrl" && /^https?:\/\//i.test(action.url ?? "")) {
      window.open(action.url, "_blank", "noopener,noreferrer");
    }
  }

  return {
    /** A slot for one card of a message: the current user's view of it if they have one, else the card. */
    build(activity, baseCard, index) {
      const slot = document.createElement("div");
      slot.className = "card-slot";
      slot.dataset.index = String(index);
      const cardHost = document.createElement("div");
      cardHost.className = "card-host";
      cardHost.dataset.testid = "card";
      const label = document.createElement("div");
      label.className = "card-label";
      const notice = document.createElement("div");
      notice.className = "card-notice";
      slot.append(label, cardHost, notice);
      // Only a message's first card can be replaced by an invoke: the answer names no attachment.
      const view = index === 0 ? views.get(viewKey(activity.id)) : undefined;
      draw(slot, activity, view ?? baseCard, Boolean(view));
      return slot;
    },

    /** The bot updated the message: every user's view of it is gone (TD User-Specific-Views). */
    forget(messageId) {
      for (const key of [...views.keys()]) if (key.endsWith(`|${messageId}`)) views.delete(key);
    },

    /**
     * Card refresh: a card with refresh.action asks every user refresh.userIds names (Teams MRIs;
     * absent = everyone, [] = nobody automatically) for their own view, whenever it is shown.
     */
    refresh(activity) {
      const [attachment] = cardsOf(activity);
      const refresh = attachment?.content.refresh;
      const action = refresh?.action;
      if (!action || action.type !== "Action.Execute") return;
      if (Array.isArray(refresh.userIds) && !refresh.userIds.includes(host.user().id)) return;
      const slot = host.slotOf(activity.id);
      if (slot) void invoke(slot, activity, { verb: action.verb, data: action.data ?? {}, id: action.id, title: action.title }, "automatic");
    },
  };
}
