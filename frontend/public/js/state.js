// What the dashboard knows about the counts, kept apart from the page so it can be tested in Node.
// Server counts only ever grow: a value older than one already shown is ignored, so a count on
// screen never goes down, whatever order snapshots, pushes and polls arrive in.

export const ACTIONS = ['click', 'hover'];

/** The server's counts per action and color, with the version each was last seen at. */
export class ServerCounts {
  constructor() {
    this.palette = [];
    this.amounts = { click: new Map(), hover: new Map() };
    this.versions = { click: new Map(), hover: new Map() };
  }

  amount(action, color) {
    return this.amounts[action].get(color) ?? 0;
  }

  total(action) {
    let sum = 0;
    for (const value of this.amounts[action].values()) sum += value;
    return sum;
  }

  /**
   * A `snapshot` frame of /v1/live, or the body of GET /v1/counts (no per-counter versions).
   * Returns the counters that went up, with how much.
   */
  applyCounts(counts, versions) {
    const colors = new Set(this.palette);
    for (const action of ACTIONS) Object.keys(counts?.[action] ?? {}).forEach((color) => colors.add(color));
    this.palette = [...colors].sort();
    const changes = [];
    for (const action of ACTIONS) {
      for (const color of this.palette) {
        const change = this.apply(action, color, counts?.[action]?.[color] ?? 0, versions?.[action]?.[color]);
        if (change) changes.push(change);
      }
    }
    return changes;
  }

  /** One counter's value; `version` may be absent (polling), then the larger amount wins. */
  apply(action, color, amount, version) {
    if (!ACTIONS.includes(action) || !Number.isFinite(amount)) return null;
    const shownVersion = this.versions[action].get(color);
    const shownAmount = this.amount(action, color);
    if (!this.palette.includes(color)) this.palette = [...this.palette, color].sort();
    if (version !== undefined && shownVersion !== undefined && version <= shownVersion) return null;
    if (amount < shownAmount) return null;
    if (version !== undefined) this.versions[action].set(color, version);
    this.amounts[action].set(color, amount);
    return amount > shownAmount ? { action, color, amount, delta: amount - shownAmount } : null;
  }
}

/**
 * Optimistic mode's own events, drawn before the server counted them. Each remembers the value
 * it should make its counter reach; it is settled once the server's count gets there, or when the
 * event was refused, or `patienceMs` after the server accepted it (it should have been counted by
 * then). Events still on their way (the tracker retries them) are never given up. What is shown
 * is the larger of the server's count and what the page's own unsettled events promise.
 */
export class PendingEvents {
  constructor(patienceMs = 30000) {
    this.patienceMs = patienceMs;
    this.events = new Map(); // id → {action, color, expected, acceptedAt}
  }

  get size() {
    return this.events.size;
  }

  shown(server, action, color) {
    let value = server.amount(action, color);
    for (const event of this.events.values()) {
      if (event.action === action && event.color === color && event.expected > value) value = event.expected;
    }
    return value;
  }

  add(server, { id, action, color }) {
    this.events.set(id, { action, color, expected: this.shown(server, action, color) + 1, acceptedAt: null });
  }

  /** The server took these events (a 202): from now on they should show up in its counts. */
  accepted(ids, now = Date.now()) {
    for (const id of ids) {
      const event = this.events.get(id);
      if (event) event.acceptedAt = now;
    }
  }

  /** Events the server refused: their counters fall back; returns the counters that changed. */
  refuse(ids) {
    const touched = [];
    for (const id of ids) {
      const event = this.events.get(id);
      if (!event) continue;
      this.events.delete(id);
      // the ones drawn after it promised one more than they will get
      for (const later of this.events.values()) {
        if (later.action === event.action && later.color === event.color && later.expected > event.expected) {
          later.expected -= 1;
        }
      }
      touched.push({ action: event.action, color: event.color });
    }
    return touched;
  }

  /** Drops the events the server's counts have caught up with, or accepted too long ago; true if any. */
  settle(server, now = Date.now()) {
    const before = this.events.size;
    for (const [id, event] of this.events) {
      const counted = server.amount(event.action, event.color) >= event.expected;
      const overdue = event.acceptedAt !== null && now - event.acceptedAt > this.patienceMs;
      if (counted || overdue) this.events.delete(id);
    }
    return this.events.size !== before;
  }
}
