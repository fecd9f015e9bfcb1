/**
 * What a route wants in the request's log line (action, ids, outcome), kept beside the request
 * until the response is sent; the server logs one line per request from it.
 */
export interface RequestNote {
  readonly action?: string;
  readonly sellerId?: string;
  readonly ids?: Readonly<Record<string, string>>;
  /** `Success` or the error code answered. */
  readonly outcome: string;
}

const notes = new WeakMap<object, RequestNote>();

export const noteRequest = (request: object, note: RequestNote): void => {
  notes.set(request, note);
};

export const noteOf = (request: object): RequestNote | undefined => notes.get(request);

/** Whether the request's logger writes debug lines (the detail of a request, secrets redacted). */
export const logsDebug = (request: { readonly log: { readonly level: string } }): boolean => request.log.level === 'debug' || request.log.level === 'trace';
