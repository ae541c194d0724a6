// User-facing text never lives in code: domain results carry an i18n key plus its parameters,
// and the card or chat layer renders them in the reader's language.

/** An i18n key ("approvals.skip.vmNotRunning") and the values for its placeholders. */
export interface MessageRef {
  key: string;
  params?: Record<string, string | number>;
}

export function message(key: string, params?: Record<string, string | number>): MessageRef {
  return params ? { key, params } : { key };
}
