// A digest from its source: stream the scope through the accumulator, then render the card. What the
// scheduler calls for each due run; the source decides where the facts come from.
import type { CardReply } from "../commands/types.js";
import { createDigestAccumulator, type DigestLimits } from "./accumulate-digest.js";
import { buildDigestCard, type VersionSource } from "./build-digest-card.js";
import type { DigestSnapshot } from "./digest-snapshot.js";
import type { DigestSource } from "./digest-source.js";
import type { Subscription } from "./subscription.js";

export interface DigestRequest {
  subscription: Subscription;
  /** The snapshot of the last digest posted for this subscription; undefined for the first one. */
  previous: DigestSnapshot | undefined;
  scheduledAt: Date;
  late: boolean;
}

export interface DigestResult {
  reply: CardReply;
  /** Stored after the card was posted, for the next digest to compare against. */
  snapshot: DigestSnapshot;
}

export type BuildDigest = (request: DigestRequest) => Promise<DigestResult>;

export interface DigestBuilderOptions {
  source: DigestSource;
  /** instanceView for FleetReader (default); model for a Resource Graph scan. */
  versionSource?: VersionSource;
  limits?: DigestLimits;
}

export function createDigestBuilder(options: DigestBuilderOptions): BuildDigest {
  return async ({ subscription, previous, scheduledAt, late }) => {
    const accumulator = createDigestAccumulator(previous, options.limits);
    for await (const item of options.source(subscription.scope)) accumulator.add(item);
    const aggregate = accumulator.finish(scheduledAt);
    const reply = buildDigestCard(subscription.locale, {
      scope: subscription.scope,
      schedule: subscription.schedule,
      aggregate,
      scheduledAt,
      late,
      versionSource: options.versionSource ?? "instanceView",
    });
    return { reply, snapshot: aggregate.snapshot };
  };
}
