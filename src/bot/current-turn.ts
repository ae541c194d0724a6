import { AsyncLocalStorage } from "node:async_hooks";
import type { TurnContext } from "botbuilder";

// The TurnContext of the turn being handled, for ports whose interface carries no context (the
// GroupResolver asks the Bot Connector through it). Same mechanism as the log's correlation ID.
const turns = new AsyncLocalStorage<TurnContext>();

/** Marks the rest of the current async flow (a turn and the work it starts) as running in this turn. */
export function enterTurn(context: TurnContext): void {
  turns.enterWith(context);
}

/** The context of the turn this code runs in; undefined outside a turn (timers, sweeps, another process). */
export function currentTurn(): TurnContext | undefined {
  return turns.getStore();
}
