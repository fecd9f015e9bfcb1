/** Who may call the MWS endpoint: AWSAccessKeyId → secret key → SellerId entries. */
export interface Credential {
  readonly accessKeyId: string;
  readonly secretKey: string;
  readonly sellerId: string;
}

export class CredentialStore {
  private readonly byKey = new Map<string, Credential>();

  constructor(entries: readonly Credential[]) {
    for (const entry of entries) this.byKey.set(entry.accessKeyId, entry);
  }

  get(accessKeyId: string): Credential | undefined {
    return this.byKey.get(accessKeyId);
  }

  all(): readonly Credential[] {
    return [...this.byKey.values()];
  }
}
