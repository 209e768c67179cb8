// The memory backend's figures: the day's tickets counted by clerk, group and hour with the
// nearest-rank median and p90 (the back office's own rules are tested in its crate: this only
// gives the console's page something true to draw in component tests).
import type { Figures, Ticket, TicketFigures } from './types';

const nearest = (v: number[], p: number) => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil((p * s.length) / 100)) - 1] ?? null;
};

function row(key: string, label: string, ts: Ticket[]): TicketFigures {
  const secs = (a: string | null, b: string | null) => (a && b ? Math.max(0, Math.floor((Date.parse(b) - Date.parse(a)) / 1000)) : null);
  const waits = ts.map((t) => secs(t.issued_at, t.called_at)).filter((n): n is number => n !== null);
  const handles = ts.filter((t) => t.state === 'finished').map((t) => secs(t.started_at, t.ended_at)).filter((n): n is number => n !== null);
  return {
    key,
    label,
    issued: ts.length,
    served: ts.filter((t) => t.state === 'finished').length,
    no_shows: ts.filter((t) => t.state === 'no_show').length,
    wait_p50: nearest(waits, 50),
    wait_p90: nearest(waits, 90),
    handle_p50: nearest(handles, 50),
    handle_p90: nearest(handles, 90),
  };
}

function by<K extends string>(ts: Ticket[], key: (t: Ticket) => K | null): Map<K, Ticket[]> {
  const m = new Map<K, Ticket[]>();
  for (const t of ts) {
    const k = key(t);
    if (k !== null) m.set(k, [...(m.get(k) ?? []), t]);
  }
  return m;
}

export function memoryFigures(tickets: Ticket[], from: string, to: string, names: (id: string) => string): Figures {
  const hour = (t: Ticket) => String((new Date(t.issued_at).getUTCHours() + 8) % 24).padStart(2, '0');
  return {
    from,
    to,
    generated_at: new Date().toISOString(),
    total: row('all', '', tickets),
    per_clerk: [...by(tickets, (t) => t.clerk_id)].map(([id, ts]) => row(id, names(id), ts)),
    per_group: [...by(tickets, (t) => t.group)].map(([code, ts]) => row(code, ts[0]?.group_name ?? code, ts)),
    per_hour: [...by(tickets, hour)].sort(([a], [b]) => a.localeCompare(b)).map(([h, ts]) => row(h, `${h}:00`, ts)),
    per_item: [],
    ratings: [],
  };
}
